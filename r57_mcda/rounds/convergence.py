"""Statistics of one Delphi round: response, spread and consensus per cell, agreement, stability.

Conventions (issue 11, item 4):

- **Answers.** The round's long score table (columns of :data:`r57_mcda.models.SCORE_COLUMNS`).
  A *score* is a finite ``score`` with an empty ``abstention``; a blank, ``NA`` or ``COI`` row
  is not a score. A *respondent* is an expert with at least one answer in the round: a score, an
  ``NA`` or a ``COI`` declaration (a blank row is no answer). ``response_rate`` is respondents
  over the experts invited.
- **Cells.** Every technology of the table (in order of first appearance) x every criterion of
  the set (in the set's order). ``n`` counts scores only. ``q1``, ``median`` and ``q3`` are the
  25th, 50th and 75th percentiles of the cell's scores by numpy's default rule ("linear",
  method 7 of Hyndman & Fan 1996); ``iqr`` is ``q3 - q1`` as the Panel page computes it
  (:func:`r57_mcda.panel.aggregation.aggregate_panel`). ``cv`` is the sample standard deviation
  (ddof 1) over the mean, None when ``n < 2`` or the mean is 0. A cell without scores has
  None for every statistic.
- **Consensus** is the Panel page's rule: IQR at most ``iqr_share`` (default
  :data:`r57_mcda.vocab.DEFAULT_IQR_SHARE`, 25 %) of the criterion's scale range, thresholds by
  :func:`r57_mcda.panel.consensus.scale_thresholds`, flags by
  :func:`r57_mcda.panel.agreement.assess_agreement`. A cell without scores is neither at
  consensus nor without it (None) and is left out of ``consensus_share``, the share of the
  scored cells at consensus.
- **Kendall's W** per criterion and ``"overall"``: the Panel page's figures
  (:func:`~r57_mcda.panel.agreement.assess_agreement`: tie-corrected W on the largest complete
  block of experts x technologies; overall W on each expert's mean score over the criteria, cost
  criteria reversed), None where W is undefined.
- **Stability** (from the second round, i.e. when the previous round's table is given): a
  *pair* is an expert who scored the same technology on the same criterion in both rounds
  (``NA``, ``COI`` or blank in either round: no pair). A cell's ``changed_share`` is the share
  of its pairs whose score differs (None without pairs); the round's ``changed_share`` is the
  changed pairs over all pairs of all cells.
- **Wilcoxon signed-rank test** per criterion on the pairs' scores (this round minus the
  previous one): :func:`scipy.stats.wilcoxon` with ``zero_method="wilcox"`` (an unchanged score,
  a zero difference, is dropped before ranking, scipy's default) and its default ``method``
  (``"auto"``), two-sided. With fewer than 2 non-zero differences the test is not run:
  ``statistic`` and ``p_value`` are None and ``note`` says why.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from r57_mcda.errors import MethodError
from r57_mcda.i18n import Message
from r57_mcda.models import CriteriaSet, Expert, Panel, Technology
from r57_mcda.panel.aggregation import aggregate_cube
from r57_mcda.panel.agreement import assess_agreement
from r57_mcda.panel.consensus import scale_thresholds
from r57_mcda.panel.cube import score_cube
from r57_mcda.vocab import DEFAULT_IQR_SHARE

#: The key of the overall W in :attr:`RoundStats.kendall_w`.
OVERALL = "overall"

#: Abstentions that still answer the round (a respondent gave at least one answer).
ANSWERING_ABSTENTIONS: frozenset[str] = frozenset({"NA", "COI"})

#: The fewest non-zero paired differences for which the Wilcoxon test is run.
MIN_WILCOXON_PAIRS = 2

_CELL = ["technology", "criterion"]
_PAIR = ["expert", "technology", "criterion"]


@dataclass(frozen=True)
class CellStats:
    """The statistics of one technology x criterion cell in one round (module docstring)."""

    technology: str
    criterion: str
    n: int
    median: float | None
    q1: float | None
    q3: float | None
    iqr: float | None
    cv: float | None
    consensus: bool | None
    changed_share: float | None

    def as_dict(self) -> dict[str, object]:
        """JSON-ready, with the issue's keys."""
        return {
            "technology": self.technology,
            "criterion": self.criterion,
            "n": self.n,
            "median": self.median,
            "q1": self.q1,
            "q3": self.q3,
            "iqr": self.iqr,
            "cv": self.cv,
            "consensus": self.consensus,
            "changed_share": self.changed_share,
        }


@dataclass(frozen=True)
class WilcoxonResult:
    """The Wilcoxon signed-rank test of one criterion between two rounds' paired scores.

    ``pairs`` counts the pairs, ``nonzero`` those whose score changed; ``statistic`` and
    ``p_value`` are None when the test was not run, and ``note`` then says why.
    """

    criterion: str
    pairs: int
    nonzero: int
    statistic: float | None
    p_value: float | None
    note: Message | None = None

    def as_dict(self, lang: str = "en") -> dict[str, object]:
        """JSON-ready; ``note`` as its text in ``lang`` (None when the test was run)."""
        return {
            "criterion": self.criterion,
            "pairs": self.pairs,
            "nonzero": self.nonzero,
            "statistic": self.statistic,
            "p_value": self.p_value,
            "note": None if self.note is None else self.note.text(lang),
        }


@dataclass(frozen=True)
class RoundStats:
    """The statistics of one Delphi round (module docstring).

    ``kendall_w`` maps each criterion id and ``"overall"`` to W (None where undefined);
    ``changed_share`` is None and ``wilcoxon`` empty when no previous round was compared.
    ``iqr_share`` is the consensus threshold used, a share of each criterion's scale range.
    """

    round: int
    respondents: int
    invited: int
    response_rate: float
    cells: tuple[CellStats, ...]
    consensus_share: float
    kendall_w: Mapping[str, float | None]
    changed_share: float | None
    wilcoxon: tuple[WilcoxonResult, ...]
    iqr_share: float = DEFAULT_IQR_SHARE

    def as_dict(self, lang: str = "en") -> dict[str, object]:
        """JSON-ready: the issue's keys, plus the overall ``changed_share`` and ``wilcoxon``."""
        return {
            "round": self.round,
            "respondents": self.respondents,
            "response_rate": self.response_rate,
            "consensus_share": self.consensus_share,
            "kendall_w": dict(self.kendall_w),
            "cells": [cell.as_dict() for cell in self.cells],
            "changed_share": self.changed_share,
            "wilcoxon": [test.as_dict(lang) for test in self.wilcoxon],
        }


def round_stats(
    scores: pd.DataFrame,
    criteria: CriteriaSet,
    *,
    invited: int,
    round_no: int,
    previous: pd.DataFrame | None = None,
    iqr_share: float = DEFAULT_IQR_SHARE,
) -> RoundStats:
    """Compute the statistics of one Delphi round.

    Parameters
    ----------
    scores
        The round's long score table (columns of :data:`r57_mcda.models.SCORE_COLUMNS`; only
        ``expert``, ``technology``, ``criterion``, ``score`` and ``abstention`` are read).
    criteria
        The criteria set: the cells' criteria and their scales.
    invited
        How many experts were invited to the round (at least the number of respondents).
    round_no
        The round's number, 1 for the first.
    previous
        The previous round's table, for ``changed_share`` and the Wilcoxon tests; None in the
        first round.
    iqr_share
        The consensus threshold as a share of each criterion's scale range.

    Returns
    -------
    RoundStats
        Response, the cells' statistics, the share at consensus, Kendall's W and stability.

    Raises
    ------
    MethodError
        For a round number below 1, a number invited below the respondents, a negative
        ``iqr_share``, a criterion id ``"overall"`` or a round without any score.
    InputError
        For a table naming a criterion not in the set, or holding one cell of one expert twice.
    """
    if round_no < 1:
        raise MethodError("rounds_round_invalid", round=round_no)
    if OVERALL in criteria:
        raise MethodError("rounds_criterion_reserved", criterion=OVERALL)
    current = _scored(scores)
    respondents = _respondents(scores)
    if invited < max(respondents, 1):
        raise MethodError("rounds_invited_invalid", invited=invited, respondents=respondents)
    if current.empty:
        raise MethodError("rounds_no_scores", round=round_no)

    panel = _panel(scores, criteria)
    cube = score_cube(panel)
    aggregate = aggregate_cube(cube)
    thresholds = scale_thresholds(criteria, scores, iqr_share)
    agreement = assess_agreement(panel, aggregate, iqr_threshold=thresholds, top=0, cube=cube)

    pairs = None
    if previous is not None:
        score_cube(_panel(previous, criteria))  # the same checks as this round's table
        pairs = _pairs(current, _scored(previous))
    changed = _changed_by_cell(pairs)
    values = np.array(cube.values, dtype=np.float64)
    n = (~np.isnan(values)).sum(axis=0)
    # Empty cells get zeros so that numpy meets no all-NaN slice; their results are dropped.
    filled = np.where(n[None] == 0, 0.0, values)
    q1, median, q3 = np.nanquantile(filled, [0.25, 0.5, 0.75], axis=0)
    mean = np.nanmean(filled, axis=0)
    cells: list[CellStats] = []
    for i, tech in enumerate(cube.technologies):
        for j, crit in enumerate(cube.criteria):
            count = int(n[i, j])
            cells.append(
                CellStats(
                    technology=tech,
                    criterion=crit,
                    n=count,
                    median=_number(float(median[i, j]), count),
                    q1=_number(float(q1[i, j]), count),
                    q3=_number(float(q3[i, j]), count),
                    iqr=_number(float(aggregate.iqr.iat[i, j]), count),
                    cv=_cv(float(aggregate.std.iat[i, j]), float(mean[i, j]), count),
                    consensus=bool(agreement.consensus.iat[i, j]) if count else None,
                    changed_share=None if pairs is None else changed.get((tech, crit)),
                )
            )
    scored_cells = [c for c in cells if c.consensus is not None]
    kendall: dict[str, float | None] = {
        str(c): _w(float(w)) for c, w in agreement.kendall["W"].items()
    }
    kendall[OVERALL] = _w(agreement.overall_w)
    return RoundStats(
        round=round_no,
        respondents=respondents,
        invited=invited,
        response_rate=respondents / invited,
        cells=tuple(cells),
        consensus_share=sum(bool(c.consensus) for c in scored_cells) / len(scored_cells),
        kendall_w=kendall,
        changed_share=_overall_changed(pairs),
        wilcoxon=() if pairs is None else _wilcoxon_tests(pairs, criteria),
        iqr_share=float(iqr_share),
    )


def _reasons(scores: pd.DataFrame) -> pd.Series:
    if "abstention" not in scores:
        return pd.Series("", index=scores.index, dtype=object)
    return scores["abstention"].fillna("").astype(str)


def _scored(scores: pd.DataFrame) -> pd.DataFrame:
    """The rows holding a score: expert, technology, criterion (as text) and score."""
    score = pd.to_numeric(scores["score"], errors="coerce")
    keep = np.isfinite(score.to_numpy(dtype=np.float64)) & (_reasons(scores) == "").to_numpy()
    frame = scores.loc[keep, _PAIR].astype(str)
    frame["score"] = score[keep].astype(float)
    return frame.reset_index(drop=True)


def _respondents(scores: pd.DataFrame) -> int:
    """Experts with at least one answer: a score, an NA or a COI."""
    score = pd.to_numeric(scores["score"], errors="coerce").to_numpy(dtype=np.float64)
    reasons = _reasons(scores)
    answered = (np.isfinite(score) & (reasons == "").to_numpy()) | reasons.isin(
        ANSWERING_ABSTENTIONS
    ).to_numpy()
    return int(scores.loc[answered, "expert"].astype(str).nunique())


def _panel(scores: pd.DataFrame, criteria: CriteriaSet) -> Panel:
    """A panel of the experts and technologies the table names, in order of first appearance."""
    table = scores.copy()
    for column in _PAIR:
        table[column] = table[column].astype(str)
    experts = tuple(Expert(id=e, name=e) for e in dict.fromkeys(table["expert"]))
    techs = tuple(Technology(id=t, name=t) for t in dict.fromkeys(table["technology"]))
    return Panel(criteria=criteria, technologies=techs, experts=experts, scores=table)


def _pairs(current: pd.DataFrame, previous: pd.DataFrame) -> pd.DataFrame:
    """The scores given in both rounds by the same expert to the same cell."""
    return current.merge(previous, on=_PAIR, suffixes=("", "_previous"), validate="one_to_one")


def _changed_by_cell(pairs: pd.DataFrame | None) -> dict[tuple[str, str], float]:
    if pairs is None or pairs.empty:
        return {}
    changed = (pairs["score"] != pairs["score_previous"]).groupby(
        [pairs["technology"], pairs["criterion"]], sort=False
    )
    return {(str(t), str(c)): float(share) for (t, c), share in changed.mean().items()}


def _overall_changed(pairs: pd.DataFrame | None) -> float | None:
    if pairs is None or pairs.empty:
        return None
    return float((pairs["score"] != pairs["score_previous"]).mean())


def _wilcoxon_tests(pairs: pd.DataFrame, criteria: CriteriaSet) -> tuple[WilcoxonResult, ...]:
    """One signed-rank test per criterion of the set, in the set's order."""
    from scipy import stats

    results = []
    for crit in criteria.ids:
        rows = pairs.loc[pairs["criterion"] == crit]
        now = rows["score"].to_numpy(dtype=np.float64)
        before = rows["score_previous"].to_numpy(dtype=np.float64)
        nonzero = int(np.count_nonzero(now != before))
        if nonzero < MIN_WILCOXON_PAIRS:
            note = Message(
                "rounds_wilcoxon_too_few",
                {
                    "criterion": crit,
                    "pairs": len(rows),
                    "nonzero": nonzero,
                    "minimum": MIN_WILCOXON_PAIRS,
                },
            )
            results.append(WilcoxonResult(crit, len(rows), nonzero, None, None, note))
            continue
        test = stats.wilcoxon(now, before, zero_method="wilcox")
        results.append(
            WilcoxonResult(crit, len(rows), nonzero, float(test.statistic), float(test.pvalue))
        )
    return tuple(results)


def _number(value: float, count: int) -> float | None:
    return value if count else None


def _cv(std: float, mean: float, count: int) -> float | None:
    if count < 2 or mean == 0 or not np.isfinite(std):
        return None
    return std / mean


def _w(value: float) -> float | None:
    return None if np.isnan(value) else float(value)
