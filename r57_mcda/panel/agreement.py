"""Panel agreement: Kendall's W per criterion and overall, consensus flags, group divergence.

Conventions (README, methods section):

- **Kendall's W with tie correction.** For one criterion, each expert ranks the technologies by
  their scores (tied scores share the mean of their ranks); with ``m`` experts, ``n``
  technologies, ``R_i`` the rank sum of technology ``i`` and ``S = sum_i (R_i - m(n+1)/2)^2``,
  ``W = 12 S / (m^2 (n^3 - n) - m sum_j T_j)`` where ``T_j = sum (t^3 - t)`` over the groups of
  ``t`` tied scores of expert ``j``. ``chi2 = m (n - 1) W`` with ``n - 1`` degrees of freedom (the
  tie-corrected Friedman statistic); the p-value is its chi-square upper tail.
- **Missing scores.** W needs every expert to rank every technology. Per criterion, the largest
  complete block is sought greedily: while a missing cell remains, drop the expert or the
  technology with the highest SHARE of missing cells among those remaining (so an expert who
  scored nothing goes before a technology a few experts skipped); on equal shares the technology
  goes, keeping the judges; among equal experts (or technologies) the first in panel order goes.
  ``m``, ``n`` and the dropped ids are reported per criterion.
- W is NaN (not an error) when fewer than 2 experts or 2 technologies remain, or when every
  expert ties every technology.
- **Overall W**: W of the experts' rankings of the technologies by each expert's mean score over
  the criteria they scored, after reversing cost criteria on their declared scale
  (``lo + hi - x``; without a declared scale, on the observed range of the panel's scores for
  that criterion). Raw scores are averaged, so a criterion on a wider scale weighs more. Reported
  beside the mean of the per-criterion W values.
- **Consensus**: a cell has consensus when its IQR is at most ``iqr_threshold`` points on the
  criterion's scale (default 1.0); a cell without scores is not flagged. Front ends state the
  threshold as a share of each criterion's scale range (:func:`scale_thresholds`, default
  ``DEFAULT_IQR_SHARE`` = 25 %: 1 point on 1-5, 2 points on 1-9).
- **Stakeholder groups**: the plain mean and count of each group's scores per cell; a cell's
  divergence is the highest group mean minus the lowest, over the groups that scored it (at
  least two).
- **Reading W** (:func:`interpret_w`): Schmidt, R. C. (1997), "Managing Delphi surveys using
  nonparametric statistical techniques", Decision Sciences 28(3), 763-774.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import astuple, dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from r57_mcda.errors import InputError, MethodError, Problem
from r57_mcda.i18n import Message
from r57_mcda.models import CriteriaSet, Panel
from r57_mcda.panel.aggregation import PanelAggregate
from r57_mcda.panel.consensus import flagged_cells, thresholds_by_criterion
from r57_mcda.panel.cube import FloatArray, ScoreCube, score_cube

BoolArray = npt.NDArray[np.bool_]


#: Upper bounds of the bands of :func:`interpret_w` (Schmidt 1997); above the last, "very strong".
W_BANDS: tuple[tuple[float, str], ...] = (
    (0.1, "very weak"),
    (0.3, "weak"),
    (0.5, "moderate"),
    (0.7, "strong"),
)


KENDALL_COLUMNS: tuple[str, ...] = (
    "W",
    "chi2",
    "df",
    "p_value",
    "m",
    "n",
    "dropped_experts",
    "dropped_technologies",
)


@dataclass(frozen=True)
class KendallResult:
    """Kendall's W over one complete block of experts x technologies, and its chi-square test."""

    w: float
    chi2: float
    df: int
    p_value: float
    m: int
    n: int
    dropped_experts: tuple[str, ...] = ()
    dropped_technologies: tuple[str, ...] = ()

    def as_row(self) -> dict[str, object]:
        """The result keyed by :data:`KENDALL_COLUMNS` (fields in the same order)."""
        return dict(zip(KENDALL_COLUMNS, astuple(self), strict=True))


@dataclass(frozen=True, eq=False)
class Agreement:
    """How far the panel agrees, criterion by criterion and cell by cell.

    ``kendall`` has one row per criterion (columns :data:`KENDALL_COLUMNS`); ``consensus`` is
    True where a cell's IQR is at most its criterion's threshold; ``flags`` lists the other
    cells with their spread; ``group_means`` is long (technology, criterion, group, mean, n),
    ``group_means_wide`` has one column of means per group; ``divergence`` lists the cells whose
    group means differ most, largest first.
    """

    kendall: pd.DataFrame
    overall: KendallResult
    overall_w: float
    mean_w: float
    consensus: pd.DataFrame
    flags: pd.DataFrame
    group_means: pd.DataFrame
    group_means_wide: pd.DataFrame
    divergence: pd.DataFrame
    iqr_threshold: pd.Series


def interpret_w(w: float) -> str:
    """Schmidt's (1997) reading of Kendall's W.

    Returns ``"very weak"`` (W < 0.1), ``"weak"`` (< 0.3), ``"moderate"`` (< 0.5),
    ``"strong"`` (< 0.7) or ``"very strong"``; ``"undefined"`` for NaN. The keys are for the
    translation table. Source: Schmidt, R. C. (1997), "Managing Delphi surveys using
    nonparametric statistical techniques", Decision Sciences 28(3), 763-774.
    """
    if np.isnan(w):
        return "undefined"
    for bound, label in W_BANDS:
        if w < bound:
            return label
    return "very strong"


def w_reading(w: float) -> Message:
    """Schmidt's reading of ``w`` as a message: the catalog's ``w_weak`` ("weak agreement"), ..."""
    return Message("w_" + interpret_w(w))


def kendall_w(
    ratings: npt.ArrayLike,
    *,
    experts: Sequence[str] | None = None,
    technologies: Sequence[str] | None = None,
) -> KendallResult:
    """Kendall's W with tie correction for experts' scores of technologies.

    Parameters
    ----------
    ratings
        Scores, one row per expert and one column per technology; NaN where missing (the
        complete-block rule of the module docstring then drops experts or technologies).
    experts, technologies
        Ids used to report what was dropped; positions ("0", "1", ...) by default.

    Returns
    -------
    KendallResult
        W, chi-square, degrees of freedom, p-value, the block size and what was dropped.
    """
    from scipy import stats

    scores = np.asarray(ratings, dtype=np.float64)
    if scores.ndim != 2:
        raise MethodError("panel_kendall_needs_matrix")
    expert_ids = _ids(experts, scores.shape[0])
    tech_ids = _ids(technologies, scores.shape[1])
    rows, cols = _complete_block(np.isnan(scores))
    dropped_e = tuple(e for e, keep in zip(expert_ids, rows, strict=True) if not keep)
    dropped_t = tuple(t for t, keep in zip(tech_ids, cols, strict=True) if not keep)
    block = scores[np.ix_(rows, cols)]
    m, n = block.shape
    nan = float("nan")
    if m < 2 or n < 2:
        return KendallResult(nan, nan, max(n - 1, 0), nan, m, n, dropped_e, dropped_t)

    ranks = stats.rankdata(block, axis=1)
    # Each score's tie-group size t: summing t^2 - 1 over scores gives sum(t^3 - t) over groups.
    ties = stats.rankdata(block, method="max", axis=1) - stats.rankdata(block, method="min", axis=1)
    tie_sum = float(((ties + 1) ** 2 - 1).sum())
    rank_sums = ranks.sum(axis=0)
    s = float(((rank_sums - m * (n + 1) / 2) ** 2).sum())
    denominator = m**2 * (n**3 - n) - m * tie_sum
    if denominator <= 0:
        return KendallResult(nan, nan, n - 1, nan, m, n, dropped_e, dropped_t)
    w = 12 * s / denominator
    chi2 = m * (n - 1) * w
    p_value = float(stats.chi2.sf(chi2, n - 1))
    return KendallResult(w, chi2, n - 1, p_value, m, n, dropped_e, dropped_t)


def _ids(ids: Sequence[str] | None, size: int) -> list[str]:
    if ids is None:
        return [str(i) for i in range(size)]
    if len(ids) != size:
        raise MethodError("panel_ids_count", size=size, given=len(ids))
    return list(ids)


def _complete_block(missing: BoolArray) -> tuple[BoolArray, BoolArray]:
    """Rows and columns kept by the greedy complete-block rule (module docstring)."""
    rows = np.ones(missing.shape[0], dtype=bool)
    cols = np.ones(missing.shape[1], dtype=bool)
    while True:
        row_idx, col_idx = np.flatnonzero(rows), np.flatnonzero(cols)
        block = missing[np.ix_(row_idx, col_idx)]
        if not block.any():
            return rows, cols
        row_missing, col_missing = block.sum(axis=1), block.sum(axis=0)
        worst_row, worst_col = int(np.argmax(row_missing)), int(np.argmax(col_missing))
        # Compare shares row_missing / n_cols and col_missing / n_rows exactly, in integers.
        if row_missing[worst_row] * len(row_idx) > col_missing[worst_col] * len(col_idx):
            rows[row_idx[worst_row]] = False
        else:
            cols[col_idx[worst_col]] = False


def assess_agreement(
    panel: Panel,
    aggregate: PanelAggregate,
    *,
    iqr_threshold: float | pd.Series = 1.0,
    top: int | None = 10,
    cube: ScoreCube | None = None,
) -> Agreement:
    """Measure the panel's agreement.

    Parameters
    ----------
    panel
        The panel whose scores were aggregated.
    aggregate
        Its aggregate (the spread statistics of every cell come from here).
    iqr_threshold
        IQR above which a cell lacks consensus, in points of the criterion's scale: one number,
        or a Series by criterion id.
    top
        How many of the most divergent cells to list; None lists all.
    cube
        The panel's score cube if already built (saves rebuilding it).

    Raises
    ------
    InputError
        If the aggregate's technologies or criteria are not the panel's.
    MethodError
        For a negative ``top`` or threshold.
    """
    cube = score_cube(panel) if cube is None else cube
    if list(aggregate.matrix.index) != list(cube.technologies) or list(
        aggregate.matrix.columns
    ) != list(cube.criteria):
        raise InputError(Problem("panel_aggregate_mismatch"))
    if top is not None and top < 0:
        raise MethodError("panel_top_negative", top=top)
    thresholds = thresholds_by_criterion(iqr_threshold, cube.criteria)

    per_criterion = [
        kendall_w(cube.values[:, :, j], experts=cube.experts, technologies=cube.technologies)
        for j in range(len(cube.criteria))
    ]
    kendall = pd.DataFrame(
        [r.as_row() for r in per_criterion],
        index=pd.Index(cube.criteria, name="criterion"),
        columns=list(KENDALL_COLUMNS),
    )
    overall = kendall_w(
        _overall_ratings(cube, panel.criteria),
        experts=cube.experts,
        technologies=cube.technologies,
    )
    ws = np.array([r.w for r in per_criterion], dtype=np.float64)
    defined = ws[~np.isnan(ws)]
    mean_w = float(defined.mean()) if defined.size else float("nan")

    consensus = ~aggregate.iqr.gt(thresholds, axis=1)
    group_long, group_wide, divergence = _group_statistics(cube, top)
    return Agreement(
        kendall=kendall,
        overall=overall,
        overall_w=overall.w,
        mean_w=mean_w,
        consensus=consensus,
        flags=flagged_cells(aggregate, consensus, thresholds),
        group_means=group_long,
        group_means_wide=group_wide,
        divergence=divergence,
        iqr_threshold=thresholds,
    )


def _overall_ratings(cube: ScoreCube, criteria: CriteriaSet) -> FloatArray:
    """Each expert's mean score per technology over criteria, cost criteria reversed."""
    values = np.array(cube.values, dtype=np.float64)
    scored = ~np.isnan(values)
    for j, criterion_id in enumerate(cube.criteria):
        criterion = criteria[criterion_id]
        column = values[:, :, j]
        if criterion.direction != "cost" or not scored[:, :, j].any():
            continue
        if criterion.scale is not None:
            low, high = criterion.scale
        else:
            observed = column[scored[:, :, j]]
            low, high = float(observed.min()), float(observed.max())
        values[:, :, j] = low + high - column
    counts = scored.sum(axis=2)
    sums = np.where(scored, values, 0.0).sum(axis=2)
    out = np.full(counts.shape, np.nan)
    np.divide(sums, counts, out=out, where=counts > 0)
    return out


def _group_statistics(
    cube: ScoreCube, top: int | None
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Group means per cell (long and wide) and the most divergent cells."""
    codes, uniques = pd.factorize(pd.Series(cube.expert_groups, dtype=object))
    groups = [str(g) for g in uniques]
    membership = np.zeros((len(groups), len(codes)))
    membership[codes, np.arange(len(codes))] = 1.0
    scored = ~np.isnan(cube.values)
    counts = np.tensordot(membership, scored.astype(np.float64), axes=1)
    sums = np.tensordot(membership, np.where(scored, cube.values, 0.0), axes=1)
    means = np.full(counts.shape, np.nan)
    np.divide(sums, counts, out=means, where=counts > 0)

    n_tech, n_crit = len(cube.technologies), len(cube.criteria)
    techs = np.asarray(cube.technologies, dtype=object)
    crits = np.asarray(cube.criteria, dtype=object)
    # Long order: technology, criterion, then group, as a reader scans the wide table.
    long = pd.DataFrame(
        {
            "technology": np.repeat(techs, n_crit * len(groups)),
            "criterion": np.tile(np.repeat(crits, len(groups)), n_tech),
            "group": np.tile(np.asarray(groups, dtype=object), n_tech * n_crit),
            "mean": means.transpose(1, 2, 0).ravel(),
            "n": counts.transpose(1, 2, 0).ravel().astype(np.int64),
        }
    )
    cell_index = pd.MultiIndex.from_arrays(
        [np.repeat(techs, n_crit), np.tile(crits, n_tech)], names=["technology", "criterion"]
    )
    wide = pd.DataFrame(
        means.reshape(len(groups), -1).T,
        index=cell_index,
        columns=pd.Index(groups, name="group"),
    )

    divergence = _divergence(means, counts, cell_index, np.asarray(groups, dtype=object))
    if top is not None:
        divergence = divergence.head(top)
    return long, wide, divergence.reset_index(drop=True)


def _divergence(
    means: FloatArray, counts: FloatArray, cells: pd.MultiIndex, groups: npt.NDArray[np.object_]
) -> pd.DataFrame:
    """Highest minus lowest group mean of each cell scored by two groups or more, largest first."""
    columns = ["divergence", "highest_group", "highest_mean", "lowest_group", "lowest_mean"]
    if len(groups) == 0:
        return pd.DataFrame(columns=["technology", "criterion", *columns])
    present = counts > 0
    highest = np.where(present, means, -np.inf)
    lowest = np.where(present, means, np.inf)
    hi_mean, lo_mean = highest.max(axis=0).ravel(), lowest.min(axis=0).ravel()
    frame = pd.DataFrame(
        {
            "technology": cells.get_level_values(0),
            "criterion": cells.get_level_values(1),
            "divergence": hi_mean - lo_mean,
            "highest_group": groups[highest.argmax(axis=0).ravel()],
            "highest_mean": hi_mean,
            "lowest_group": groups[lowest.argmin(axis=0).ravel()],
            "lowest_mean": lo_mean,
        }
    )
    divergent = (present.sum(axis=0) >= 2).ravel()
    return frame.loc[divergent].sort_values("divergence", ascending=False, kind="stable")
