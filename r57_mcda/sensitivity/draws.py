"""Weight-uncertainty models and seeded streams of draws that do not depend on the chunk size.

Randomness is derived from one seed through numpy's ``SeedSequence``: the generator of block
``b`` of stream ``s`` is ``default_rng(SeedSequence(seed, spawn_key=(s, b)))``, i.e. the
grandchild ``(s, b)`` that ``SeedSequence(seed).spawn`` would give. Weight draws come in fixed
blocks of :data:`BLOCK` rows (stream 0) and expert resample ``b`` from its own generator
(stream 1), so the numbers depend on the seed alone, never on how draws are chunked.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from r57_mcda.errors import MethodError
from r57_mcda.i18n.phrases import shown
from r57_mcda.vocab import DEFAULT_CONCENTRATION, DEFAULT_INTERVAL

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

#: Weight draws per generator block.
BLOCK = 4096
WEIGHT_STREAM = 0
RESAMPLE_STREAM = 1


@dataclass(frozen=True)
class UniformWeights:
    """Uniform on the simplex, Dirichlet(1, ..., 1): no preference information (SMAA).

    Every criterion of the matrix gets weight, whatever its current weight.
    """

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready description."""
        return {"model": "uniform"}


@dataclass(frozen=True)
class DirichletWeights:
    """Dirichlet centred on the current weights: ``alpha_j = concentration * w_j``.

    The mean of every draw is the current weight vector; a larger concentration draws closer
    to it (the variance of ``w_j`` is ``w_j (1 - w_j) / (concentration + 1)``). A criterion with
    weight 0 has ``alpha = 0`` and stays at 0 in every draw.
    """

    concentration: float = DEFAULT_CONCENTRATION

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready description."""
        return {"model": "dirichlet", "concentration": self.concentration}


@dataclass(frozen=True)
class IntervalWeights:
    """Each weight uniform in ``w_j (1 +/- spread)``, independently, then renormalised to sum 1.

    ``spread`` is a fraction (0.2 = plus or minus 20 %), at most 1. Renormalising can move a
    weight slightly outside its interval. A weight of 0 stays 0.
    """

    spread: float = DEFAULT_INTERVAL

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready description."""
        return {"model": "interval", "spread": self.spread}


WeightModel = UniformWeights | DirichletWeights | IntervalWeights


def check_model(model: WeightModel) -> None:
    """Raise ``MethodError`` for a model parameter out of range."""
    if isinstance(model, DirichletWeights):
        value = model.concentration
        if not isinstance(value, int | float) or not math.isfinite(value) or value <= 0:
            raise MethodError("sens_dirichlet_concentration", value=shown(value))
    elif isinstance(model, IntervalWeights):
        value = model.spread
        if not isinstance(value, int | float) or not 0.0 <= value <= 1.0:
            raise MethodError("sens_interval_spread", value=shown(value))
    elif not isinstance(model, UniformWeights):
        raise MethodError("sens_unknown_weight_model", model=repr(model))


def weighted_criteria(model: WeightModel | None, weights: FloatArray) -> npt.NDArray[np.bool_]:
    """Which criteria can receive weight under ``model`` (None: the weights are fixed)."""
    if isinstance(model, UniformWeights):
        return np.ones(len(weights), dtype=bool)
    return np.asarray(weights > 0, dtype=bool)


def draw_weights(
    model: WeightModel, weights: FloatArray, rng: np.random.Generator, size: int
) -> FloatArray:
    """``size`` weight vectors (rows summing to 1) around ``weights`` (all positive)."""
    if isinstance(model, UniformWeights):
        return rng.dirichlet(np.ones(len(weights)), size=size)
    if isinstance(model, DirichletWeights):
        # numpy switches to a beta-based construction for tiny alphas, avoiding underflow.
        return rng.dirichlet(model.concentration * weights, size=size)
    factors = 1.0 + model.spread * rng.uniform(-1.0, 1.0, size=(size, len(weights)))
    raw = weights * factors
    return np.asarray(raw / raw.sum(axis=1, keepdims=True), dtype=np.float64)


def block_rng(seed: int, stream: int, block: int) -> np.random.Generator:
    """The generator of ``block`` in ``stream`` (see the module docstring)."""
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(stream, block)))


class WeightStream:
    """Weight draws in a fixed order, handed out in chunks of any size.

    Draw ``i`` is row ``i % BLOCK`` of block ``i // BLOCK``, so a chunking never changes the
    numbers. With ``model=None`` every draw is ``weights`` itself.
    """

    def __init__(self, model: WeightModel | None, weights: FloatArray, seed: int) -> None:
        self._model = model
        self._weights = np.asarray(weights, dtype=np.float64)
        self._seed = seed
        self._block = 0
        self._buffer = np.empty((0, len(self._weights)))

    def take(self, size: int) -> FloatArray:
        """The next ``size`` draws (rows)."""
        if self._model is None:
            return np.tile(self._weights, (size, 1))
        parts = []
        while size > 0:
            if not len(self._buffer):
                rng = block_rng(self._seed, WEIGHT_STREAM, self._block)
                self._buffer = draw_weights(self._model, self._weights, rng, BLOCK)
                self._block += 1
            parts.append(self._buffer[:size])
            size -= len(parts[-1])
            self._buffer = self._buffer[len(parts[-1]) :]
        return np.concatenate(parts) if parts else np.empty((0, len(self._weights)))


def resample_experts(
    groups: npt.ArrayLike, seed: int, resample: int, *, stratified: bool
) -> IntArray:
    """Expert indices of bootstrap resample ``resample``: one draw per expert, with replacement.

    Stratified, each stakeholder group is resampled within itself and keeps its size, so that
    every group stays represented (used when groups are balanced in the aggregation).
    """
    labels = np.asarray(groups, dtype=object)
    rng = block_rng(seed, RESAMPLE_STREAM, resample)
    if not stratified:
        return np.asarray(rng.integers(0, len(labels), size=len(labels)), dtype=np.int64)
    codes, _ = pd.factorize(pd.Series(labels, dtype=object))
    parts = []
    for code in range(int(codes.max()) + 1 if len(codes) else 0):
        members = np.flatnonzero(codes == code)
        parts.append(rng.choice(members, size=len(members), replace=True))
    return np.asarray(np.concatenate(parts) if parts else np.empty(0), dtype=np.int64)
