"""Per-criterion contributions to each technology's score (WSM, TOPSIS, PROMETHEE II)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from r57_mcda.errors import MethodError
from r57_mcda.models import CriteriaSet, Ranking
from r57_mcda.ranking import (
    method_info,
    minmax_values,
    rank,
    ratio_values,
    scale_bounds,
    topsis_parts,
    vector_normalise,
    wsm_values,
)
from r57_mcda.ranking.normalise import cost_mask
from r57_mcda.ranking.prepare import Prepared, validate_inputs
from r57_mcda.ranking.registry import Normalisation

FloatArray = npt.NDArray[np.float64]


BoolArray = npt.NDArray[np.bool_]


ContributionKind = Literal["points", "distance_share", "net_flow"]


#: Methods whose score splits into per-criterion parts (see :func:`contributions`).
ADDITIVE_METHODS: tuple[str, ...] = ("wsm", "topsis", "promethee2")


_NOTES: Mapping[str, tuple[ContributionKind, str, str]] = {
    "wsm": (
        "points",
        "Points each criterion adds to the WSM score: 100 x weight x 0-1 value. Each row adds "
        "up to the technology's score.",
        "Số điểm mỗi tiêu chí đóng góp vào điểm WSM: 100 x trọng số x giá trị 0-1. Tổng mỗi "
        "dòng bằng điểm của công nghệ.",
    ),
    "topsis": (
        "distance_share",
        "Share of each criterion in the squared weighted distance to the ideal (values) and to "
        "the anti-ideal (anti_ideal); each row adds up to 1. A large share of the distance to "
        "the ideal is where the technology falls short; a large share of the distance to the "
        "anti-ideal is where it stands out. Undefined (empty) for a technology at that point.",
        "Tỉ trọng của mỗi tiêu chí trong bình phương khoảng cách có trọng số tới phương án lý "
        "tưởng (values) và tới phương án kém nhất (anti_ideal); tổng mỗi dòng bằng 1. Tỉ trọng "
        "lớn trong khoảng cách tới lý tưởng là chỗ công nghệ còn thiếu hụt; tỉ trọng lớn trong "
        "khoảng cách tới phương án kém nhất là chỗ công nghệ nổi trội. Không xác định (để trống) "
        "khi công nghệ trùng với điểm đó.",
    ),
    "promethee2": (
        "net_flow",
        "Each criterion's part of the net outranking flow: weight x the criterion's own net "
        "flow. Each row adds up to the technology's net flow.",
        "Phần của mỗi tiêu chí trong dòng trội thuần: trọng số x dòng trội thuần riêng của tiêu "
        "chí. Tổng mỗi dòng bằng dòng trội thuần của công nghệ.",
    ),
}


# DataFrame fields make == ambiguous, so these results compare by identity.
@dataclass(frozen=True, eq=False)
class Contributions:
    """Per-criterion parts of each technology's score under one method.

    ``values`` is technologies x criteria (every matrix column; criteria with weight 0 count
    0). ``totals`` is what each row adds up to: the WSM score (0-100 points), 1 for TOPSIS
    shares, the PROMETHEE II net flow. ``anti_ideal`` holds TOPSIS's shares of the distance to
    the anti-ideal (``None`` for the other methods). ``note`` / ``note_vi`` say how to read it.
    """

    method: str
    kind: ContributionKind
    values: pd.DataFrame
    totals: pd.Series
    note: str
    note_vi: str
    anti_ideal: pd.DataFrame | None = None


def contributions(
    matrix: pd.DataFrame,
    weights: pd.Series,
    criteria: CriteriaSet,
    *,
    method: str,
    params: Mapping[str, Any] | None = None,
) -> Contributions:
    """Split each technology's score into per-criterion parts.

    - ``wsm``: ``100 * w_j * v_ij`` points (``v`` the 0-1 values); rows add up to the score.
    - ``topsis``: criterion j's share of the squared weighted distances,
      ``(w_j (r_ij - r*_j))^2 / d+_i^2`` to the ideal (``values``) and the same to the
      anti-ideal (``anti_ideal``); rows add up to 1, NaN where the distance is 0.
    - ``promethee2``: ``w_j * phi_j(i)``, the weighted single-criterion net flows; rows add up
      to the net flow.

    Raises
    ------
    MethodError
        For any other method (their scores do not split by criterion; use
        :func:`compare_pair`), or when the method cannot run on these inputs.
    InputError
        When the matrix or weights are invalid.
    """
    method_id = method_info(method).id
    if method_id not in ADDITIVE_METHODS:
        raise MethodError(f"no additive explanation for {method_id}; use compare_pair")
    ranking, prepared = ranked(matrix, weights, criteria, method=method_id, params=params)
    kind, note, note_vi = _NOTES[method_id]
    if method_id == "topsis":
        parts = topsis_parts(prepared.matrix, prepared.weights, prepared.criteria)
        to_ideal = _shares((parts.weighted - parts.ideal) ** 2, matrix.columns)
        to_anti = _shares((parts.weighted - parts.anti_ideal) ** 2, matrix.columns)
        totals = to_ideal.sum(axis=1, min_count=1).rename("total")
        return Contributions(method_id, kind, to_ideal, totals, note, note_vi, to_anti)
    values = additive_parts(ranking, matrix.columns)
    return Contributions(method_id, kind, values, ranking.scores.rename("total"), note, note_vi)


def ranked(
    matrix: pd.DataFrame,
    weights: pd.Series,
    criteria: CriteriaSet,
    *,
    method: str,
    params: Mapping[str, Any] | None,
) -> tuple[Ranking, Prepared]:
    ranking = rank(matrix, weights, criteria, method=method, params=params)
    # rank has validated these already, so this second pass cannot raise.
    return ranking, validate_inputs(matrix, weights, criteria)


def validated_matrix(matrix: pd.DataFrame, prepared: Prepared) -> pd.DataFrame:
    """Every column as float, the weighted ones exactly as the method saw them (clipped)."""
    full = matrix.astype(float)
    full[list(prepared.matrix.columns)] = prepared.matrix
    return full


def additive_parts(ranking: Ranking, columns: pd.Index) -> pd.DataFrame:
    """WSM points or PROMETHEE II weighted criterion flows, for every column."""
    if ranking.method == "wsm":
        parts = ranking.extras["contributions"]
    else:
        flows = ranking.extras["criterion_flows"]
        parts = flows * ranking.weights.reindex(flows.columns).to_numpy()
    return parts.reindex(columns=columns, fill_value=0.0)


def _shares(squares: pd.DataFrame, columns: pd.Index) -> pd.DataFrame:
    """Each column's share of its row's total; every column of a zero-total row NaN."""
    totals = squares.sum(axis=1)
    frame = squares.reindex(columns=columns, fill_value=0.0)
    defined = (totals > 0).to_numpy()
    values = frame.to_numpy()
    shares = np.full_like(values, np.nan)
    shares[defined] = values[defined] / totals.to_numpy()[defined, None]
    return pd.DataFrame(shares, index=frame.index.copy(), columns=frame.columns.copy())


def usable_columns(
    full: pd.DataFrame, criteria: CriteriaSet, normalisation: Normalisation
) -> BoolArray:
    """Columns the normalisation is defined for (only zero-weight ones can fail: rank checks)."""
    x = full.to_numpy()
    if normalisation == "ratio":
        return np.asarray((x > 0).all(axis=0))
    if normalisation == "vector":
        return np.asarray((x != 0).any(axis=0))
    bounds = scale_bounds(full, criteria, declared=normalisation in ("value_scale", "bounds"))
    return np.asarray((bounds["hi"] > bounds["lo"]).to_numpy())


def oriented_values(
    full: pd.DataFrame, criteria: CriteriaSet, normalisation: Normalisation
) -> pd.DataFrame:
    """The method's normalised values, higher = better; 0 in columns it is undefined for.

    Those columns have weight 0 and equal values in every pair's gap, so 0 changes nothing.
    """
    part = full.loc[:, usable_columns(full, criteria, normalisation)]
    if normalisation == "ratio":
        values = ratio_values(part, criteria)
    elif normalisation == "vector":
        values = vector_normalise(part) * np.where(cost_mask(part.columns, criteria), -1.0, 1.0)
    elif normalisation in ("value_scale", "bounds"):
        values = wsm_values(part, criteria)
    else:
        # Observed-range scaling: VIKOR's shortfall, EDAS and the min-max methods.
        values = minmax_values(part, criteria)
    return values.reindex(columns=full.columns, fill_value=0.0)
