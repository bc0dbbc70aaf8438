"""Validation of a ranking's inputs and parameters, done once before any method runs."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from r57_mcda.errors import InputError, MethodError, Problem
from r57_mcda.i18n import Message
from r57_mcda.i18n.phrases import Listing, listing
from r57_mcda.models import CriteriaSet
from r57_mcda.ranking.normalise import scale_bounds
from r57_mcda.ranking.registry import MethodInfo

#: How far (as a share of the scale's width) a value may stray outside its declared scale
#: before it is an error: aggregation in floating point can overshoot by a few ulps.
SCALE_TOLERANCE = 1e-9


@dataclass(frozen=True)
class Prepared:
    """Validated inputs of one ranking.

    ``matrix`` and ``weights`` hold only the criteria with a positive weight (a zero weight
    removes the criterion's influence, so it is dropped before any method sees it);
    ``all_weights`` keeps every matrix column, normalised to sum 1. Values within
    :data:`SCALE_TOLERANCE` outside a declared scale are clipped onto it.
    """

    matrix: pd.DataFrame
    weights: pd.Series
    all_weights: pd.Series
    criteria: CriteriaSet
    dropped: tuple[str, ...]


@dataclass(frozen=True)
class MethodOutcome:
    """What one method run returns before ranking: native scores, extras, notes.

    Each note is a :class:`~r57_mcda.i18n.Message` for the reader, rendered by the front end.
    """

    scores: pd.Series
    extras: Mapping[str, Any] = field(default_factory=dict)
    notes: tuple[Message, ...] = ()


def _cells(matrix: pd.DataFrame, mask: np.ndarray) -> Listing:
    rows, cols = np.nonzero(mask)
    return listing((matrix.index[r], matrix.columns[c]) for r, c in zip(rows, cols, strict=True))


def _quoted(items: Iterable[Any]) -> str:
    return ", ".join(map(repr, items))


def _matrix_problems(matrix: pd.DataFrame, criteria: CriteriaSet) -> list[Problem]:
    problems: list[Problem] = []
    if matrix.index.has_duplicates:
        dupes = sorted({str(t) for t in matrix.index[matrix.index.duplicated()]})
        problems.append(Problem("rank_duplicate_technologies", params={"ids": ", ".join(dupes)}))
    if matrix.columns.has_duplicates:
        dupes = sorted({str(c) for c in matrix.columns[matrix.columns.duplicated()]})
        problems.append(Problem("rank_duplicate_criteria", params={"ids": ", ".join(dupes)}))
        return problems
    if len(matrix.columns) == 0:
        problems.append(Problem("rank_no_criteria"))
    for column in matrix.columns:
        if column not in criteria:
            problems.append(
                Problem(
                    "rank_column_not_criterion",
                    column=str(column),
                    params={"column": str(column), "criteria_set": criteria.id},
                )
            )
        dtype = matrix[column].dtype
        if pd.api.types.is_bool_dtype(dtype) or not pd.api.types.is_numeric_dtype(dtype):
            problems.append(Problem("rank_values_not_numbers", column=str(column)))
    if problems:
        return problems
    values = matrix.to_numpy(dtype=float)
    for column_pos, column in enumerate(matrix.columns):
        bad = ~np.isfinite(values[:, column_pos])
        if bad.any():
            problems.append(
                Problem(
                    "rank_values_missing",
                    column=str(column),
                    params={"technologies": listing(matrix.index[bad])},
                )
            )
            continue
        scale = criteria[column].scale
        if scale is None:
            continue
        lo, hi = float(scale[0]), float(scale[1])
        if not lo < hi:
            problems.append(
                Problem("rank_scale_empty", column=str(column), params={"lo": lo, "hi": hi})
            )
            continue
        slack = SCALE_TOLERANCE * (hi - lo)
        outside = (values[:, column_pos] < lo - slack) | (values[:, column_pos] > hi + slack)
        if outside.any():
            problems.append(
                Problem(
                    "rank_values_outside_scale",
                    column=str(column),
                    params={"lo": lo, "hi": hi, "technologies": listing(matrix.index[outside])},
                )
            )
    return problems


def _weight_problems(weights: pd.Series, columns: pd.Index) -> list[Problem]:
    problems: list[Problem] = []
    if weights.index.has_duplicates:
        return [Problem("rank_weights_duplicate")]
    missing = [c for c in columns if c not in weights.index]
    extra = [c for c in weights.index if c not in columns]
    if missing:
        problems.append(Problem("rank_weight_missing", params={"criteria": _quoted(missing)}))
    if extra:
        problems.append(Problem("rank_weights_extra", params={"criteria": _quoted(extra)}))
    if problems:
        return problems
    try:
        values = weights.reindex(columns).to_numpy(dtype=float)
    except (TypeError, ValueError):
        return [Problem("rank_weights_not_numbers")]
    for column, value in zip(columns, values, strict=True):
        if not math.isfinite(value):
            problems.append(Problem("rank_weight_not_finite", column=str(column)))
        elif value < 0:
            problems.append(
                Problem("rank_weight_negative", column=str(column), params={"value": float(value)})
            )
    if not problems and not (values > 0).any():
        problems.append(Problem("rank_weights_all_zero"))
    return problems


def validate_inputs(matrix: pd.DataFrame, weights: pd.Series, criteria: CriteriaSet) -> Prepared:
    """Check the decision matrix and weights, then drop zero-weight criteria.

    Raises
    ------
    InputError
        With every problem found: duplicated ids, unknown criteria, non-numeric, missing or
        infinite cells, values outside a declared scale, weights that do not match the
        columns, negative weights, all-zero weights.
    """
    problems = _matrix_problems(matrix, criteria)
    problems += _weight_problems(weights, matrix.columns)
    if problems:
        raise InputError(problems)
    values = matrix.astype(float)
    bounds = scale_bounds(values, criteria, declared=True)
    declared = [c for c in values.columns if criteria[c].scale is not None]
    if declared:
        values[declared] = values[declared].clip(
            lower=bounds.loc[declared, "lo"], upper=bounds.loc[declared, "hi"], axis=1
        )
    raw = weights.reindex(matrix.columns).astype(float)
    all_weights = (raw / raw.sum()).rename("weight")
    used = [c for c in matrix.columns if all_weights[c] > 0]
    return Prepared(
        matrix=values[used],
        weights=all_weights[used],
        all_weights=all_weights,
        criteria=criteria.subset(used),
        dropped=tuple(str(c) for c in matrix.columns if all_weights[c] == 0),
    )


def check_method_inputs(prepared: Prepared, info: MethodInfo) -> None:
    """Check what ``info``'s method needs of the data beyond :func:`validate_inputs`.

    Raises
    ------
    MethodError
        Too few technologies, nothing to rank (all criteria constant), non-positive or
        negative cells where the method takes ratios or averages, and a constant (or all-zero)
        column where the method would divide by its range (or norm).
    """
    matrix = prepared.matrix
    n = len(matrix.index)
    if n < info.min_technologies:
        raise MethodError(
            "rank_too_few_technologies",
            method=info.phrase,
            minimum=info.min_technologies,
            given=n,
        )
    values = matrix.to_numpy()
    constant = np.all(values == values[0], axis=0)
    if constant.all():
        raise MethodError("rank_nothing_to_rank")
    if info.requires_positive and (values <= 0).any():
        raise MethodError(
            "rank_needs_positive", method=info.phrase, cells=_cells(matrix, values <= 0)
        )
    if info.requires_non_negative and (values < 0).any():
        raise MethodError(
            "rank_needs_non_negative", method=info.phrase, cells=_cells(matrix, values < 0)
        )
    if info.normalisation in ("vector", "average"):
        zero = [str(c) for c, z in zip(matrix.columns, (values == 0).all(axis=0), strict=True) if z]
        if zero:
            code = "rank_zero_norm" if info.normalisation == "vector" else "rank_zero_average"
            raise MethodError(code, method=info.phrase, criteria=_quoted(zero))
    if info.normalisation in ("minmax", "value_scale", "bounds"):
        ranged = info.normalisation == "minmax"
        flat = [
            str(c)
            for c, k in zip(matrix.columns, constant, strict=True)
            if k and (ranged or prepared.criteria[c].scale is None)
        ]
        if flat:
            code = "rank_zero_range" if ranged else "rank_zero_range_undeclared"
            raise MethodError(code, method=info.phrase, criteria=_quoted(flat))


def check_param_names(info: MethodInfo, params: Mapping[str, Any] | None) -> dict[str, Any]:
    """``params`` merged over ``info.defaults``; unknown names raise ``MethodError``."""
    given = dict(params or {})
    unknown = sorted(str(k) for k in given if k not in info.defaults)
    if unknown:
        if not info.defaults:
            raise MethodError(
                "rank_unknown_params_none", names=_quoted(unknown), method=info.phrase
            )
        raise MethodError(
            "rank_unknown_params",
            names=_quoted(unknown),
            method=info.phrase,
            valid=", ".join(info.defaults),
        )
    return {**info.defaults, **given}


def unit_interval(info: MethodInfo, name: str, value: Any) -> float:
    """``value`` as a float in [0, 1], or ``MethodError`` naming the parameter."""
    number = real_number(info, name, value)
    if not 0.0 <= number <= 1.0:
        raise MethodError("rank_param_unit_interval", method=info.phrase, name=name, value=value)
    return number


def real_number(info: MethodInfo, name: str, value: Any) -> float:
    """``value`` as a finite float (bools refused), or ``MethodError`` naming the parameter."""
    if isinstance(value, bool) or not isinstance(value, int | float | np.number):
        raise MethodError("rank_param_not_number", method=info.phrase, name=name, value=repr(value))
    number = float(value)
    if not math.isfinite(number):
        raise MethodError("rank_param_not_finite", method=info.phrase, name=name, value=repr(value))
    return number
