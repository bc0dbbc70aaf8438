"""Consensus per cell: IQR thresholds from each criterion's scale, and the cells flagged."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from r57_mcda.errors import MethodError
from r57_mcda.models import CriteriaSet
from r57_mcda.panel.aggregation import PanelAggregate
from r57_mcda.vocab import DEFAULT_IQR_SHARE


def thresholds_by_criterion(iqr_threshold: float | pd.Series, criteria: Sequence[str]) -> pd.Series:
    """The IQR threshold of each criterion: one number for all, or a value per criterion id."""
    if isinstance(iqr_threshold, pd.Series):
        missing = [c for c in criteria if c not in iqr_threshold.index]
        if missing:
            raise MethodError("panel_iqr_threshold_missing", criteria=", ".join(missing))
        series = iqr_threshold.reindex(list(criteria)).astype(float)
    else:
        series = pd.Series(float(iqr_threshold), index=list(criteria))
    if (series < 0).any() or series.isna().any():
        raise MethodError("panel_iqr_threshold_invalid")
    return series.rename("iqr_threshold").rename_axis("criterion")


def flagged_cells(
    aggregate: PanelAggregate, consensus: pd.DataFrame, thresholds: pd.Series
) -> pd.DataFrame:
    """The cells without consensus with their spread, largest IQR first."""
    cells = aggregate.long()
    cells["iqr_threshold"] = np.tile(thresholds.to_numpy(), len(aggregate.matrix.index))
    flagged = cells.loc[~consensus.to_numpy().ravel()]
    columns = ["technology", "criterion", "iqr", "std", "n", "min", "max", "iqr_threshold"]
    ordered = flagged.sort_values("iqr", ascending=False, kind="stable")
    return ordered[columns].reset_index(drop=True)


def scale_thresholds(
    criteria: CriteriaSet, scores: pd.DataFrame, share: float = DEFAULT_IQR_SHARE
) -> pd.Series:
    """Per-criterion IQR thresholds in points: ``share`` of each criterion's scale range.

    Parameters
    ----------
    criteria
        The criteria; a criterion's declared ``scale`` ``(lo, hi)`` gives its range ``hi - lo``.
    scores
        The long score table (columns ``criterion`` and ``score``): a criterion without a
        declared scale uses the range of its observed scores (max - min; 0 when it has fewer
        than two distinct scores).
    share
        The share of the range, 0 or more (0.25 gives 1 point on 1-5 and 2 points on 1-9).

    Returns
    -------
    pandas.Series
        Points per criterion id (in the set's order), named ``iqr_threshold``: the
        ``iqr_threshold`` that :func:`~r57_mcda.panel.agreement.assess_agreement` takes.
    """
    if not (share >= 0 and np.isfinite(share)):
        raise MethodError("panel_iqr_threshold_invalid")
    valid = scores.dropna(subset=["score"])
    observed = valid.groupby("criterion")["score"].agg(lambda s: float(s.max() - s.min()))
    points = {}
    for c in criteria.criteria:
        if c.scale is not None:
            span = float(c.scale[1]) - float(c.scale[0])
        else:
            span = float(observed.get(c.id, 0.0))
        points[c.id] = share * span
    return pd.Series(points, name="iqr_threshold", dtype=float).rename_axis("criterion")
