"""Direct and equal weights, and the checks and normalisation every weighting shares."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any, TypeAlias

import pandas as pd

from r57_mcda.errors import InputError, Problem
from r57_mcda.i18n import Message
from r57_mcda.models import CriteriaSet, Weights

WeightInput: TypeAlias = Mapping[str, float] | pd.Series


def as_floats(values: pd.Series | Mapping[str, float]) -> dict[str, float]:
    return {str(k): float(v) for k, v in dict(values).items()}


def weights_result(
    values: Mapping[str, float], criteria: CriteriaSet, method: str, **details: Any
) -> Weights:
    series = pd.Series([float(values[c]) for c in criteria.ids], index=criteria.ids, name="weight")
    return Weights(values=series, method=method, details={"method": method, **details})


def require_criteria(criteria: CriteriaSet) -> None:
    if len(criteria) == 0:
        raise InputError(Problem("weights_no_criteria"))


def normalise_weights(
    values: WeightInput, expected: Sequence[str], *, what: Message
) -> tuple[dict[str, float], dict[str, float], list[Problem]]:
    """Validate non-negative weights keyed exactly by ``expected``; return them raw and summing 1.

    ``what`` names the input in messages ("weight", "group weight", ...): one of the
    ``weights_what_*`` phrases.
    """
    problems: list[Problem] = []
    raw: dict[str, float] = {}
    items = [(str(k), v) for k, v in values.items()]
    keys = [k for k, _ in items]
    unknown = [k for k in keys if k not in expected]
    if unknown:
        problems.append(
            Problem("weights_unknown_ids", params={"what": what, "ids": ", ".join(unknown)})
        )
    missing = [k for k in expected if k not in keys]
    if missing:
        problems.append(
            Problem("weights_missing", params={"what": what, "ids": ", ".join(missing)})
        )
    for k, value in items:
        try:
            x = float(value)
        except (TypeError, ValueError):
            params = {"what": what, "id": k, "value": repr(value)}
            problems.append(Problem("weights_not_number", column=k, params=params))
            continue
        if not math.isfinite(x):
            params = {"what": what, "id": k, "value": x}
            problems.append(Problem("weights_not_finite", column=k, params=params))
        elif x < 0:
            params = {"what": what, "id": k, "value": x}
            problems.append(Problem("weights_negative", column=k, params=params))
        else:
            raw[k] = x
    total = sum(raw.get(k, 0.0) for k in expected)
    if not problems and total <= 0:
        problems.append(Problem("weights_all_zero", params={"what": what}))
    normalised = {k: raw[k] / total for k in expected} if not problems else {}
    return raw, normalised, problems


def direct_weights(values: WeightInput, criteria: CriteriaSet) -> Weights:
    """Weights given directly, normalised to sum 1.

    Parameters
    ----------
    values
        A non-negative number per criterion id, on any scale (points, percentages, ...). A 0
        removes the criterion's influence.
    criteria
        The criteria set; every criterion needs a value.

    Raises
    ------
    InputError
        Unknown or missing ids, non-numbers, NaN or infinite values, negative values, all zero.
    """
    require_criteria(criteria)
    what = Message("weights_what_weight")
    raw, normalised, problems = normalise_weights(values, criteria.ids, what=what)
    if problems:
        raise InputError(problems)
    return weights_result(normalised, criteria, "direct", inputs=raw)


def equal_weights(criteria: CriteriaSet) -> Weights:
    """The same weight ``1/n`` for each of the n criteria."""
    require_criteria(criteria)
    n = len(criteria)
    return weights_result(dict.fromkeys(criteria.ids, 1.0 / n), criteria, "equal", n=n)
