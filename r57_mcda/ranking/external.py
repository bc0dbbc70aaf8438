"""The methods backed by scikit-criteria: their parameters, pre-processing and results.

The call itself goes through :mod:`r57_mcda.skcriteria_adapter`, the one module that imports
scikit-criteria (lazily: its import takes about 2 s).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from r57_mcda import skcriteria_adapter
from r57_mcda.errors import MethodError
from r57_mcda.i18n import Message, msg
from r57_mcda.ranking.normalise import (
    cost_mask,
    minmax_values,
    ratio_values,
    scale_bounds,
    vector_normalise,
)
from r57_mcda.ranking.prepare import MethodOutcome, Prepared, real_number, unit_interval
from r57_mcda.ranking.registry import MethodInfo
from r57_mcda.ranking.ties import tie_keys

#: CODAS's own advice on tau (Keshavarz Ghorabaee et al. 2016); outside it we add a note.
CODAS_TAU_RANGE = (0.01, 0.05)


def resolve_params(info: MethodInfo, merged: Mapping[str, Any]) -> dict[str, Any]:
    """Check the values of a scikit-criteria-backed method's parameters.

    Raises
    ------
    MethodError
        A parameter is not a number, or out of its range (lambda in [0, 1], tau > 0, ELECTRE
        II thresholds ``1 >= p0 >= p1 >= p2 >= 0`` and ``1 >= q0 >= q1 >= 0``).
    """
    if info.id in ("waspas", "cocoso"):
        return {"lambda_value": unit_interval(info, "lambda_value", merged["lambda_value"])}
    if info.id == "codas":
        tau = real_number(info, "tau", merged["tau"])
        if tau <= 0:
            raise MethodError("rank_codas_tau_positive", method=info.phrase, tau=tau)
        return {"tau": tau}
    if info.id == "electre2":
        values = {k: unit_interval(info, k, merged[k]) for k in ("p0", "p1", "p2", "q0", "q1")}
        if not values["p0"] >= values["p1"] >= values["p2"]:
            raise MethodError("rank_electre_p_order", method=info.phrase, **values)
        if not values["q0"] >= values["q1"]:
            raise MethodError("rank_electre_q_order", method=info.phrase, **values)
        return values
    return {}


def method_input(info: MethodInfo, prepared: Prepared) -> pd.DataFrame:
    """The matrix handed to scikit-criteria after ``info``'s published pre-processing.

    Ratio and min-max scaling already turn cost criteria into benefit ones; vector
    normalisation (MOORA) and the raw values (EDAS, SPOTIS) keep each criterion's direction.
    For ELECTRE II and CoCoSo each column is then put on the project's tie grid (12 significant
    digits of its largest magnitude, :func:`~r57_mcda.ranking.ties.tie_keys`). Float noise of the
    scaling (``0.1 / 10`` is not exactly ``1 / 100``; a score one ulp above the worst gives
    ``2e-16`` instead of 0) would otherwise flip ELECTRE II's concordance threshold comparisons
    at exact ties, and CoCoSo's power ``r ** w`` turns ``2e-16`` into ``6e-6`` for ``w = 1/3``:
    rescaling a criterion would change the ranking of scale-invariant methods.
    """
    if info.normalisation == "vector":
        values = vector_normalise(prepared.matrix)
    elif info.normalisation == "minmax":
        values = minmax_values(prepared.matrix, prepared.criteria)
    elif info.normalisation == "ratio":
        values = ratio_values(prepared.matrix, prepared.criteria)
    else:
        return prepared.matrix.copy()
    if info.id not in ("electre2", "cocoso"):
        return values
    return values.apply(lambda column: pd.Series(tie_keys(column), index=column.index))


def _objectives(info: MethodInfo, prepared: Prepared) -> np.ndarray:
    if info.normalisation in ("minmax", "ratio"):
        return np.ones(len(prepared.matrix.columns), dtype=int)
    return np.where(cost_mask(prepared.matrix.columns, prepared.criteria), -1, 1)


def _check_cocoso(data: pd.DataFrame) -> None:
    # CoCoSo divides by the smallest weighted sum, which is 0 for a technology that is the
    # worst on every criterion (its values are on the tie grid: see method_input).
    worst = data.index[(data.to_numpy() == 0).all(axis=1)]
    if len(worst):
        raise MethodError("rank_cocoso_undefined", names=", ".join(map(repr, worst)))


def run_skcriteria(
    info: MethodInfo, prepared: Prepared, params: Mapping[str, Any]
) -> MethodOutcome:
    """Run a scikit-criteria-backed method on validated inputs.

    Raises
    ------
    MethodError
        scikit-criteria refused the input (its ``ValueError`` is chained as the cause).
    """
    data = method_input(info, prepared)
    if info.id == "cocoso":
        _check_cocoso(data)
    notes: list[Message] = []
    bounds = (
        scale_bounds(prepared.matrix, prepared.criteria, declared=True).to_numpy(dtype=float)
        if info.id == "spotis"
        else None
    )
    try:
        result = skcriteria_adapter.evaluate(
            info.id,
            data.to_numpy(dtype=float),
            _objectives(info, prepared).tolist(),
            prepared.weights.to_numpy(dtype=float),
            params=params,
            bounds=bounds,
        )
    except KeyError as exc:
        raise MethodError("rank_not_skcriteria", method=info.phrase) from exc
    except (ValueError, ZeroDivisionError, FloatingPointError) as exc:
        raise MethodError("rank_skcriteria_failed", method=info.phrase, reason=str(exc)) from exc
    if info.id == "codas" and not CODAS_TAU_RANGE[0] <= params["tau"] <= CODAS_TAU_RANGE[1]:
        low, high = CODAS_TAU_RANGE
        notes.append(msg("rank_note_codas_tau", tau=params["tau"], low=low, high=high))
    return _outcome(info, prepared, result, notes)


def _outcome(
    info: MethodInfo,
    prepared: Prepared,
    result: skcriteria_adapter.Evaluation,
    notes: list[Message],
) -> MethodOutcome:
    index = prepared.matrix.index
    columns = prepared.matrix.columns

    def by_tech(values: Any, name: str) -> pd.Series:
        return pd.Series(np.asarray(values, dtype=float), index=index.copy(), name=name)

    def by_criterion(values: Any, name: str) -> pd.Series:
        return pd.Series(np.asarray(values, dtype=float), index=columns.copy(), name=name)

    extra = result.extra
    extras: dict[str, Any] = {}
    if info.id == "electre2":
        scores = by_tech(result.rank, "score")
        extras["ranking_direct"] = by_tech(extra["ranking_direct"], "ranking_direct")
        extras["ranking_inverted"] = by_tech(extra["ranking_inverted"], "ranking_inverted")
        extras["average_rank"] = by_tech(extra["score"], "average_rank")
        return MethodOutcome(scores, extras, tuple(notes))
    scores = by_tech(extra["score"], "score")
    if info.id == "waspas":
        extras["wsm_part"] = by_tech(extra["wsm_scores"], "wsm_part")
        extras["wpm_part"] = by_tech(np.power(10.0, extra["log10_wpm_scores"]), "wpm_part")
    elif info.id == "cocoso":
        for key in ("k_a", "k_b", "k_c"):
            extras[key] = by_tech(extra[key], key)
    elif info.id == "mabac":
        extras["border_approximation_area"] = by_criterion(
            extra["border_approximation_area"], "border_approximation_area"
        )
    elif info.id == "spotis":
        bounds = np.asarray(extra["bounds"], dtype=float)
        extras["bounds"] = pd.DataFrame(
            {"lo": bounds[:, 0], "hi": bounds[:, 1]}, index=columns.copy()
        )
        extras["ideal_point"] = by_criterion(extra["isp"], "ideal_point")
    return MethodOutcome(scores, extras, tuple(notes))
