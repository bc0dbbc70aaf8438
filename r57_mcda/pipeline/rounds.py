"""A study's convergence across its Delphi rounds: each round's statistics (r57_mcda.rounds),
its ranking under the chosen method and each technology's rank change, the reasons given in it
(anonymous, beside the previous round's quartiles), and the study's stated stopping rule applied
to them. The one computation behind ``study convergence``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import pandas as pd

from r57_mcda.errors import R57Error
from r57_mcda.io.inputs import load_inputs
from r57_mcda.pipeline.analysis import analyse, spec_for
from r57_mcda.rounds import CellStats, RoundStats, StoppingAdvice, round_stats, stopping_advice
from r57_mcda.study.answers import current_answers
from r57_mcda.study.db import Database
from r57_mcda.study.inputs import study_data
from r57_mcda.study.settings import StudyRules, study_rules
from r57_mcda.study.studies import load_study
from r57_mcda.vocab import DEFAULT_METHOD

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


@dataclass(frozen=True)
class RoundRanking:
    """One technology's place in a round: rank, score, and the change since the previous
    round (positive: moved up; None in the first round)."""

    technology: str
    rank: int
    score: float
    change: int | None


@dataclass(frozen=True)
class RoundReason:
    """A reason an expert gave in a round for their score of a cell, without who gave it; with
    the previous round's panel quartiles of the cell (None where that round has none)."""

    technology: str
    criterion: str
    score: float | None
    reason: str
    q1: float | None = None
    q3: float | None = None


@dataclass(frozen=True)
class RoundReport:
    """One round: its statistics, its ranking and the reasons given in it (not part of
    :meth:`as_dict`: the documented JSON of ``study convergence`` holds figures only)."""

    stats: RoundStats
    ranking: tuple[RoundRanking, ...]
    reasons: tuple[RoundReason, ...] = ()

    def as_dict(self, lang: str = "en") -> dict[str, Any]:
        """The documented JSON of a round (``ranking`` added to the statistics)."""
        return {
            **self.stats.as_dict(lang),
            "ranking": [
                {"technology": r.technology, "rank": r.rank, "score": r.score, "change": r.change}
                for r in self.ranking
            ],
        }


@dataclass(frozen=True)
class Convergence:
    """Every answered round of a study, and the stopping advice under the study's rules."""

    study_id: int
    method: str
    rules: StudyRules
    rounds: tuple[RoundReport, ...]
    stopping: StoppingAdvice

    def as_dict(self, lang: str = "en") -> dict[str, Any]:
        """``{"study", "method", "iqr_share", "rounds": [...], "stopping": {...}}``."""
        return {
            "study": self.study_id,
            "method": self.method,
            "iqr_share": self.rules.iqr_share,
            "rounds": [r.as_dict(lang) for r in self.rounds],
            "stopping": self.stopping.as_dict(lang),
        }


def _ranking(table: pd.DataFrame, previous: Mapping[str, int] | None) -> tuple[RoundRanking, ...]:
    return tuple(
        RoundRanking(
            str(tid),
            int(row["rank"]),
            float(row["score"]),
            None if previous is None or tid not in previous else previous[tid] - int(row["rank"]),
        )
        for tid, row in table.iterrows()
    )


def given_reasons(session: Session, study_id: int, round_no: int) -> tuple[RoundReason, ...]:
    """The reasons given in round ``round_no`` (its current answers with a reason), without
    their experts and sorted by cell, score and text (so that their order tells nothing of who
    answered when); the quartiles are left None."""
    found = [
        RoundReason(a.entry.technology, a.entry.criterion, a.entry.value, a.entry.reason.strip())
        for a in current_answers(session, study_id, round_no)
        if a.entry.reason.strip()
    ]
    return tuple(
        sorted(
            found,
            key=lambda r: (
                r.technology,
                r.criterion,
                -1.0 if r.score is None else r.score,
                r.reason,
            ),
        )
    )


def _with_quartiles(
    reasons: Sequence[RoundReason], previous: RoundStats | None
) -> tuple[RoundReason, ...]:
    cells: dict[tuple[str, str], CellStats] = {
        (c.technology, c.criterion): c for c in (previous.cells if previous is not None else ())
    }
    out = []
    for reason in reasons:
        cell = cells.get((reason.technology, reason.criterion))
        out.append(reason if cell is None else replace(reason, q1=cell.q1, q3=cell.q3))
    return tuple(out)


def study_convergence(db: Database, study_id: int, *, method: str = DEFAULT_METHOD) -> Convergence:
    """The convergence of every round of the study that has answers (see the module).

    Raises
    ------
    R57Error
        An unknown study, or a study without any answer yet.
    """
    study = load_study(db, study_id)
    rules = study_rules(study)
    reports: list[RoundReport] = []
    previous_scores: pd.DataFrame | None = None
    previous_ranks: dict[str, int] | None = None
    for info in study.rounds:
        try:
            data = study_data(db, study_id, info.number)
        except R57Error as exc:
            if exc.code == "study_no_answers":
                continue
            raise
        loaded = load_inputs(data.files)
        assert loaded.panel is not None
        scores = loaded.panel.scores
        stats = round_stats(
            scores,
            loaded.criteria,
            invited=len(study.experts),
            round_no=info.number,
            previous=previous_scores,
            iqr_share=rules.iqr_share,
        )
        table = analyse(loaded, spec_for(loaded, method=method), agreement=False).ranking.table()
        with db.read() as session:
            reasons = given_reasons(session, study_id, info.number)
        before = (
            reports[-1].stats if reports and reports[-1].stats.round == info.number - 1 else None
        )
        reports.append(
            RoundReport(stats, _ranking(table, previous_ranks), _with_quartiles(reasons, before))
        )
        previous_scores = scores
        previous_ranks = {str(t): int(r) for t, r in table["rank"].items()}
    if not reports:
        raise R57Error("study_no_answers", study=study_id, round=study.current_round.number)
    advice = stopping_advice([r.stats for r in reports], rules.stopping)
    return Convergence(study_id, method, rules, tuple(reports), advice)
