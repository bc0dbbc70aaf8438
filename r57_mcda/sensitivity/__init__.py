"""Sensitivity and robustness of a ranking: weight sweeps, stability intervals, Monte Carlo
(SMAA-2) over weights and experts, and agreement across methods.

The batch kernels these use live beside the ranking methods (:mod:`r57_mcda.ranking.kernels`);
the rank-reversal check, which needs scikit-criteria, is :mod:`r57_mcda.sensitivity.reversal`.
"""

from r57_mcda.sensitivity.draws import (
    DirichletWeights,
    IntervalWeights,
    UniformWeights,
    WeightModel,
)
from r57_mcda.sensitivity.engine import RankEngine, rank_engine
from r57_mcda.sensitivity.montecarlo import ExpertBootstrap, monte_carlo
from r57_mcda.sensitivity.robustness import RobustnessResult, top_k_across_methods
from r57_mcda.sensitivity.smaa import MonteCarloResult
from r57_mcda.sensitivity.stability import StabilityInterval, StabilityResult, stability_intervals
from r57_mcda.sensitivity.sweep import (
    Breakpoint,
    CriterionSweep,
    Piece,
    SweepResult,
    sweep_weights,
)

__all__ = [
    "Breakpoint",
    "CriterionSweep",
    "DirichletWeights",
    "ExpertBootstrap",
    "IntervalWeights",
    "MonteCarloResult",
    "Piece",
    "RankEngine",
    "RobustnessResult",
    "StabilityInterval",
    "StabilityResult",
    "SweepResult",
    "UniformWeights",
    "WeightModel",
    "monte_carlo",
    "rank_engine",
    "stability_intervals",
    "sweep_weights",
    "top_k_across_methods",
]
