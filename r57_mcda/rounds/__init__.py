"""Delphi rounds: each round's statistics and whether the panel can stop (issue 11)."""

from r57_mcda.rounds.convergence import (
    OVERALL,
    CellStats,
    RoundStats,
    WilcoxonResult,
    round_stats,
)
from r57_mcda.rounds.stopping import StoppingAdvice, StoppingRule, stopping_advice

__all__ = [
    "OVERALL",
    "CellStats",
    "RoundStats",
    "StoppingAdvice",
    "StoppingRule",
    "WilcoxonResult",
    "round_stats",
    "stopping_advice",
]
