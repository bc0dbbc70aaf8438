"""Per-criterion contributions to each technology's score (WSM, TOPSIS, PROMETHEE II)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from r57_mcda.errors import MethodError
from r57_mcda.i18n import Message
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


#: What each method's parts are, and the catalog entry that says how to read them.
_NOTES: Mapping[str, tuple[ContributionKind, str]] = {
    "wsm": ("points", "explain_note_wsm"),
    "topsis": ("distance_share", "explain_note_topsis"),
    "promethee2": ("net_flow", "explain_note_promethee2"),
}


# DataFrame fields make == ambiguous, so these results compare by identity.
@dataclass(frozen=True, eq=False)
class Contributions:
    """Per-criterion parts of each technology's score under one method.

    ``values`` is technologies x criteria (every matrix column; criteria with weight 0 count
    0). ``totals`` is what each row adds up to: the WSM score (0-100 points), 1 for TOPSIS
    shares, the PROMETHEE II net flow. ``anti_ideal`` holds TOPSIS's shares of the distance to
    the anti-ideal (``None`` for the other methods). ``note`` says how to read it (a message
    for the front end to render with ``note.text(lang)``).
    """

    method: str
    kind: ContributionKind
    values: pd.DataFrame
    totals: pd.Series
    note: Message
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
        raise MethodError("explain_no_additive", method=method_id)
    ranking, prepared = ranked(matrix, weights, criteria, method=method_id, params=params)
    kind, code = _NOTES[method_id]
    note = Message(code)
    if method_id == "topsis":
        parts = topsis_parts(prepared.matrix, prepared.weights, prepared.criteria)
        to_ideal = _shares((parts.weighted - parts.ideal) ** 2, matrix.columns)
        to_anti = _shares((parts.weighted - parts.anti_ideal) ** 2, matrix.columns)
        totals = to_ideal.sum(axis=1, min_count=1).rename("total")
        return Contributions(method_id, kind, to_ideal, totals, note, to_anti)
    values = additive_parts(ranking, matrix.columns)
    return Contributions(method_id, kind, values, ranking.scores.rename("total"), note)


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
