"""Batch kernels of the scikit-criteria-backed methods: EDAS, CODAS, MABAC, WASPAS, CoCoSo,
MOORA, SPOTIS and (in :mod:`r57_mcda.ranking.kernels_electre`) ELECTRE II.

Each kernel reproduces the formulas of scikit-criteria 0.10 (``skcriteria/agg/<method>.py``)
on the matrix :func:`r57_mcda.ranking.external.method_input` hands it, vectorised over many
weight vectors ``W`` (draws x criteria, rows summing to 1). The pre-processing does not depend
on the weights, so :func:`external_terms` runs it once:

- ``moora`` (ratio MOORA): ``score = W (N o)^T`` with ``N`` the vector-normalised matrix and
  ``o`` = +1 / -1 per benefit / cost criterion.
- ``edas``: the positive and negative distances from the average, ``PDA`` and ``NDA``, are
  weight-free; ``SP = W PDA^T``, ``SN = W NDA^T``, each scaled by its row's maximum (1e-5 when
  that is 0); ``score = (SP / max SP + 1 - SN / max SN) / 2``. (scikit-criteria's shift of the
  averages when one is 0 never applies: EDAS takes values >= 0 and refuses an all-zero column.)
- ``mabac``: the border approximation area of a criterion is ``w_j G_j`` with ``G_j`` the
  geometric mean of ``x_ij + 1``, so ``score = W (X + 1 - G)^T``.
- ``waspas``: ``lambda W R^T + (1 - lambda) 10^(W log10(R)^T)`` on the ratio-scaled ``R``.
- ``codas``: the weighted matrix ``w_j r_ij``, its distances to the negative-ideal solution
  (Euclidean ``E`` and taxicab ``T``) and the relative assessment
  ``sum_k (E_i - E_k) + psi_ik (T_i - T_k)`` with ``psi_ik = [|E_i - E_k| >= tau]``, computed
  elementwise in the order scikit-criteria uses, so that the threshold compares the same floats.
- ``cocoso``: the weighted sum ``W X^T`` and the weighted power sum ``sum_j x_ij^w_j`` over the
  criteria that carry weight (a criterion of weight 0 is dropped, as :func:`~r57_mcda.ranking.rank`
  drops it, rather than adding ``x^0 = 1``), then ``k_a``, ``k_b``, ``k_c`` and the score.
  CoCoSo divides by the smallest of both sums, 0 when a technology is the worst (0 after
  min-max) on every criterion that carries weight: such a draw is *undefined* and its scores
  are NaN (:func:`cocoso_undefined` says which technologies caused it).
- ``spotis``: the distances ``|x_ij - isp_j| / (hi_j - lo_j)`` to the ideal point of the bounds
  (declared scale, else observed range) are weight-free: ``score = W D^T`` (lower is better).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import numpy.typing as npt

from r57_mcda.ranking.external import method_input, resolve_params
from r57_mcda.ranking.kernels_electre import electre_scores, electre_terms
from r57_mcda.ranking.normalise import cost_mask, scale_bounds
from r57_mcda.ranking.prepare import Prepared
from r57_mcda.ranking.registry import MethodInfo

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

#: The scikit-criteria-backed methods with a batch kernel.
EXTERNAL_KERNELS: tuple[str, ...] = (
    "edas",
    "codas",
    "mabac",
    "waspas",
    "cocoso",
    "moora",
    "spotis",
    "electre2",
)

#: scikit-criteria's guards against division by zero in EDAS (``_any_zeroes``,
#: ``_normalize_sum_pda_nda``).
EDAS_SHIFT = 1e-5
EDAS_ZERO = -1e-6


def _frozen(array: npt.ArrayLike) -> FloatArray:
    out = np.array(array, dtype=np.float64)
    out.setflags(write=False)
    return out


def _edas_distances(values: FloatArray, objectives: FloatArray) -> tuple[Any, Any]:
    """scikit-criteria's ``_distance_from_avg`` (every average is positive here)."""
    average = values.mean(axis=0)
    divisor = np.where(average == 0, EDAS_ZERO, average)
    diff = values - average
    above, below = np.maximum(0, diff), np.maximum(0, -diff)
    benefit = objectives == 1
    pda = np.where(benefit, above, below) / divisor
    nda = np.where(benefit, below, above) / divisor
    return pda, nda


def external_terms(
    info: MethodInfo, prepared: Prepared, merged: Mapping[str, Any]
) -> tuple[tuple[FloatArray, ...], dict[str, Any]]:
    """The weight-free arrays of ``info``'s kernel and its resolved parameters.

    ``prepared`` holds every criterion with a positive (unit) weight; ``merged`` the method's
    parameters over its defaults. Terms are technologies x criteria unless noted.
    """
    params = resolve_params(info, merged)
    x = method_input(info, prepared).to_numpy(dtype=float)
    cost = cost_mask(prepared.matrix.columns, prepared.criteria)
    objectives = np.where(cost, -1.0, 1.0)
    if info.id == "moora":
        return (_frozen(x * objectives),), params
    if info.id == "edas":
        return tuple(_frozen(a) for a in _edas_distances(x, objectives)), params
    if info.id == "mabac":
        geometric = np.prod(x + 1.0, axis=0) ** (1.0 / len(x))
        return (_frozen(x + 1.0 - geometric),), params
    if info.id == "waspas":
        return (_frozen(x), _frozen(np.log10(x))), params
    if info.id == "spotis":
        bounds = scale_bounds(prepared.matrix, prepared.criteria, declared=True).to_numpy()
        lo, hi = bounds[:, 0], bounds[:, 1]
        isp = np.where(cost, lo, hi)
        return (_frozen(np.abs((x - isp) / (hi - lo))),), params
    if info.id == "electre2":
        return electre_terms(x), params
    # codas (ratio-scaled) and cocoso (min-max on the tie grid) take the scaled matrix itself.
    return (_frozen(x),), params


def external_chunk_cells(method: str, n: int, m: int) -> int:
    """Extra float64 cells one draw needs beyond the GEMM rows (for the memory budget)."""
    if method == "codas":
        return 3 * n * m + 4 * n * n
    if method == "cocoso":
        return 2 * n * m
    if method == "electre2":
        return 2 * n * n * m + 8 * n * n
    return 0


def _row_max_divisor(values: FloatArray) -> FloatArray:
    top = values.max(axis=1, keepdims=True)
    return np.where(top != 0, top, EDAS_SHIFT)


def _edas(terms: tuple[FloatArray, ...], w: FloatArray) -> FloatArray:
    pda, nda = terms
    sp, sn = w @ pda.T, w @ nda.T
    score = 0.5 * (sp / _row_max_divisor(sp) + (1.0 - sn / _row_max_divisor(sn)))
    return np.asarray(score, dtype=np.float64)


def _codas(values: FloatArray, w: FloatArray, tau: float, budget_bytes: int) -> FloatArray:
    n, m = values.shape
    out = np.empty((len(w), n))
    step = max(1, budget_bytes // (8 * external_chunk_cells("codas", n, m)))
    for start in range(0, len(w), step):
        block = w[start : start + step]
        weighted = values[None, :, :] * block[:, None, :]
        diff = weighted - weighted.min(axis=1, keepdims=True)
        euclid = np.sqrt(np.sum(diff**2, axis=2))
        taxicab = np.sum(np.abs(diff), axis=2)
        d_e = euclid[:, :, None] - euclid[:, None, :]
        d_t = taxicab[:, :, None] - taxicab[:, None, :]
        psi = (np.abs(d_e) >= tau).astype(int)
        out[start : start + step] = np.sum(d_e + psi * d_t, axis=2)
    return out


def _cocoso(values: FloatArray, w: FloatArray, lam: float, budget_bytes: int) -> FloatArray:
    n, m = values.shape
    out = np.empty((len(w), n))
    step = max(1, budget_bytes // (8 * external_chunk_cells("cocoso", n, m)))
    for start in range(0, len(w), step):
        block = w[start : start + step]
        wsm = block @ values.T
        powers = values[None, :, :] ** block[:, None, :]
        wpm = np.sum(np.where(block[:, None, :] > 0, powers, 0.0), axis=2)
        undefined = (wpm == 0).any(axis=1) | (wsm == 0).any(axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            total = wsm + wpm
            k_a = total / total.sum(axis=1, keepdims=True)
            k_b = wsm / wsm.min(axis=1, keepdims=True) + wpm / wpm.min(axis=1, keepdims=True)
            k_c = (lam * wsm + (1 - lam) * wpm) / (
                lam * wsm.max(axis=1, keepdims=True) + (1 - lam) * wpm.max(axis=1, keepdims=True)
            )
            score = (k_a * k_b * k_c) ** (1 / 3) + (k_a + k_b + k_c) * (1 / 3)
        score[undefined] = np.nan
        out[start : start + step] = score
    return out


def external_scores(
    method: str,
    terms: tuple[FloatArray, ...],
    params: Mapping[str, Any],
    w: FloatArray,
    budget_bytes: int,
) -> FloatArray:
    """Scores (draws x technologies) of ``method`` for weight rows ``w`` summing to 1.

    NaN rows are draws where the method is undefined (CoCoSo only).
    """
    if method == "moora":
        return np.asarray(w @ terms[0].T, dtype=np.float64)
    if method == "edas":
        return _edas(terms, w)
    if method in ("mabac", "spotis"):
        return np.asarray(w @ terms[0].T, dtype=np.float64)
    if method == "electre2":
        step = max(1, budget_bytes // (8 * external_chunk_cells(method, *terms[0].shape)))
        return electre_scores(terms[0], params, w, step)
    if method == "waspas":
        lam = float(params["lambda_value"])
        wsm = w @ terms[0].T
        wpm = np.power(10.0, w @ terms[1].T)
        return np.asarray(lam * wsm + (1 - lam) * wpm, dtype=np.float64)
    if method == "codas":
        return _codas(terms[0], w, float(params["tau"]), budget_bytes)
    return _cocoso(terms[0], w, float(params["lambda_value"]), budget_bytes)


def cocoso_undefined(values: FloatArray, w: npt.ArrayLike) -> BoolArray:
    """The technologies that are 0 (the worst) on every criterion weight vector ``w`` weighs."""
    weighted = np.asarray(w, dtype=float) > 0
    return np.asarray((values[:, weighted] == 0).all(axis=1), dtype=bool)
