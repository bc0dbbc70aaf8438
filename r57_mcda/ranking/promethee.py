"""PROMETHEE II (Brans & Vincke 1985) in numpy: preference functions and outranking flows."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from r57_mcda.errors import MethodError
from r57_mcda.i18n import Message, msg
from r57_mcda.i18n.phrases import Phrases
from r57_mcda.models import CriteriaSet
from r57_mcda.ranking.normalise import cost_mask

Array = npt.NDArray[np.float64]

#: Preference functions (Brans & Vincke 1985 types I-VI) and the thresholds each one needs.
PREFERENCE_FUNCTIONS: Mapping[str, tuple[str, ...]] = {
    "usual": (),  # I: any advantage is full preference
    "ushape": ("q",),  # II: full preference beyond the indifference threshold q
    "vshape": ("p",),  # III: linear up to the preference threshold p
    "level": ("q", "p"),  # IV: half preference on (q, p], full beyond p
    "linear": ("q", "p"),  # V: linear between q and p (V-shape with indifference)
    "gaussian": ("s",),  # VI: 1 - exp(-d^2 / 2 s^2)
}
_TYPES = {
    "usual": "I",
    "ushape": "II",
    "vshape": "III",
    "level": "IV",
    "linear": "V",
    "gaussian": "VI",
}


@dataclass(frozen=True)
class PrometheeSettings:
    """A validated preference function and thresholds (``q``, ``p``, ``s``) per criterion."""

    functions: Mapping[str, str]
    thresholds: Mapping[str, Mapping[str, float]]

    def as_params(self) -> dict[str, Any]:
        """The settings as plain, JSON-ready ``functions`` and ``thresholds`` mappings."""
        return {
            "functions": dict(self.functions),
            "thresholds": {c: dict(t) for c, t in self.thresholds.items()},
        }


def _threshold_problems(criterion: str, function: str, given: Any) -> list[Message]:
    if not isinstance(given, Mapping):
        return [msg("rank_promethee_thresholds_not_mapping", criterion=criterion)]
    needed = PREFERENCE_FUNCTIONS[function]
    extra = "rank_promethee_other_thresholds" if needed else "rank_promethee_no_thresholds"
    problems = [
        msg(extra, criterion=criterion, function=function, key=repr(key), needed=", ".join(needed))
        for key in given
        if key not in needed
    ]
    problems += [
        msg("rank_promethee_missing_threshold", criterion=criterion, function=function, key=key)
        for key in needed
        if key not in given
    ]
    for key in needed:
        value = given.get(key)
        if key in given and (
            isinstance(value, bool)
            or not isinstance(value, int | float | np.number)
            or not math.isfinite(float(value))
        ):
            problems.append(
                msg("rank_promethee_threshold_not_number", criterion=criterion, key=key)
            )
    if problems:
        return problems
    q, p, s = (float(given.get(k, 0.0)) for k in ("q", "p", "s"))
    if q < 0:
        problems.append(msg("rank_promethee_q_negative", criterion=criterion, q=q))
    if "p" in needed and p <= 0:
        problems.append(msg("rank_promethee_p_not_positive", criterion=criterion, p=p))
    if "q" in needed and "p" in needed and q > p:
        problems.append(msg("rank_promethee_q_above_p", criterion=criterion, q=q, p=p))
    if "s" in needed and s <= 0:
        problems.append(msg("rank_promethee_s_not_positive", criterion=criterion, s=s))
    return problems


def promethee_settings(
    columns: Sequence[str],
    *,
    functions: Mapping[str, str] | None = None,
    thresholds: Mapping[str, Mapping[str, float]] | None = None,
) -> PrometheeSettings:
    """Validate preference functions and thresholds for the criteria ``columns``.

    Criteria not named in ``functions`` use ``usual``. Thresholds are in the criterion's own
    units.

    Raises
    ------
    MethodError
        Listing every problem: unknown criteria or functions, missing or unexpected
        thresholds, non-numeric thresholds, ``q < 0``, ``p <= 0``, ``q > p``, ``s <= 0``.
    """
    if not isinstance(functions or {}, Mapping) or not isinstance(thresholds or {}, Mapping):
        raise MethodError("rank_promethee_not_mappings")
    functions = dict(functions or {})
    thresholds = dict(thresholds or {})
    problems: list[Message] = []
    known = set(columns)
    for code, where in (
        ("rank_promethee_unknown_functions", functions),
        ("rank_promethee_unknown_thresholds", thresholds),
    ):
        unknown = sorted(str(c) for c in where if c not in known)
        if unknown:
            problems.append(msg(code, criteria=", ".join(unknown)))
    valid = ", ".join(f"{f} ({t})" for f, t in _TYPES.items())
    resolved: dict[str, str] = {}
    for column in columns:
        function = functions.get(column, "usual")
        if function not in PREFERENCE_FUNCTIONS:
            problems.append(
                msg(
                    "rank_promethee_unknown_function",
                    criterion=column,
                    function=repr(function),
                    valid=valid,
                )
            )
            continue
        resolved[column] = function
        if PREFERENCE_FUNCTIONS[function] or column in thresholds:
            problems += _threshold_problems(column, function, thresholds.get(column, {}))
    if problems:
        raise MethodError("rank_promethee_problems", problems=Phrases(tuple(problems)))
    return PrometheeSettings(
        functions=resolved,
        thresholds={
            c: {k: float(v) for k, v in thresholds[c].items()}
            for c in columns
            if c in thresholds and PREFERENCE_FUNCTIONS[resolved[c]]
        },
    )


def preference_degrees(d: Array, function: str, *, q: Array, p: Array, s: Array) -> Array:
    """Preference degrees in [0, 1] for differences ``d`` (thresholds broadcast on the last axis).

    Parameters
    ----------
    d
        Differences ``g(a) - g(b)`` oriented so that positive favours ``a``.
    function
        One of :data:`PREFERENCE_FUNCTIONS`.
    q, p, s
        Indifference, preference and Gaussian thresholds, one per criterion (last axis).
    """
    if function == "usual":
        return (d > 0).astype(float)
    if function == "ushape":
        return (d > q).astype(float)
    if function == "vshape":
        return np.clip(d / p, 0.0, 1.0)
    if function == "level":
        return np.where(d > p, 1.0, np.where(d > q, 0.5, 0.0))
    if function == "linear":
        width = p - q
        # q == p leaves no linear band: the function is then a U-shape at q.
        ramp = np.clip((d - q) / np.where(width > 0, width, 1.0), 0.0, 1.0)
        return np.where(width > 0, ramp, (d > q).astype(float))
    if function == "gaussian":
        return np.where(d > 0, 1.0 - np.exp(-(d * d) / (2.0 * s * s)), 0.0)
    raise MethodError("rank_unknown_preference_function", function=repr(function))


@dataclass(frozen=True)
class PrometheeFlows:
    """Outranking flows of PROMETHEE II.

    ``preference_index`` is ``pi(a, b) = sum_j w_j P_j(a, b)`` (rows ``a``); ``phi_plus`` and
    ``phi_minus`` are its row and column sums divided by ``n - 1``; ``phi_net`` is their
    difference. ``criterion_flows`` holds the unweighted per-criterion net flows
    ``phi_j(a) = sum_b (P_j(a, b) - P_j(b, a)) / (n - 1)``, so that
    ``phi_net = sum_j w_j phi_j``.
    """

    phi_plus: pd.Series
    phi_minus: pd.Series
    phi_net: pd.Series
    criterion_flows: pd.DataFrame
    preference_index: pd.DataFrame


def promethee_flows(
    matrix: pd.DataFrame,
    weights: pd.Series,
    criteria: CriteriaSet,
    *,
    functions: Mapping[str, str] | None = None,
    thresholds: Mapping[str, Mapping[str, float]] | None = None,
) -> PrometheeFlows:
    """Compute PROMETHEE II flows, vectorised over all pairs (an ``n x n x m`` array).

    For a cost criterion the difference is ``x_b - x_a``. Flows are divided by ``n - 1``
    (Brans & Mareschal 2005), so they lie in [-1, 1].
    """
    columns = [str(c) for c in matrix.columns]
    settings = promethee_settings(columns, functions=functions, thresholds=thresholds)
    x = matrix.to_numpy(dtype=float)
    sign = np.where(cost_mask(matrix.columns, criteria), -1.0, 1.0)
    diff = (x[:, None, :] - x[None, :, :]) * sign
    pref = np.zeros_like(diff)
    for function in PREFERENCE_FUNCTIONS:
        idx = [j for j, c in enumerate(columns) if settings.functions[c] == function]
        if not idx:
            continue
        limits = {
            key: np.array([settings.thresholds.get(columns[j], {}).get(key, 1.0) for j in idx])
            for key in ("q", "p", "s")
        }
        pref[:, :, idx] = preference_degrees(diff[:, :, idx], function, **limits)
    w = weights.reindex(matrix.columns).to_numpy(dtype=float)
    n = len(x)
    pi = pref @ w
    per_criterion = (pref.sum(axis=1) - pref.sum(axis=0)) / (n - 1)
    index = matrix.index
    phi_plus = pi.sum(axis=1) / (n - 1)
    phi_minus = pi.sum(axis=0) / (n - 1)
    return PrometheeFlows(
        phi_plus=pd.Series(phi_plus, index=index.copy(), name="phi_plus"),
        phi_minus=pd.Series(phi_minus, index=index.copy(), name="phi_minus"),
        phi_net=pd.Series(phi_plus - phi_minus, index=index.copy(), name="phi_net"),
        criterion_flows=pd.DataFrame(
            per_criterion, index=index.copy(), columns=matrix.columns.copy()
        ),
        preference_index=pd.DataFrame(pi, index=index.copy(), columns=index.copy()),
    )
