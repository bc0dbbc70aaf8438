"""Rank one decision matrix under many weight vectors: batch kernel, else one rank() per row."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from r57_mcda.models import CriteriaSet, checked_top_k
from r57_mcda.ranking import method_info, rank
from r57_mcda.ranking.kernels import (
    DEFAULT_MEMORY_BUDGET,
    PreparedKernel,
    batch_ranks,
    batch_scores,
    chunk_rows,
    has_kernel,
    prepare_kernel,
)
from r57_mcda.ranking.prepare import validate_inputs

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

#: Weight vectors per chunk for methods ranked one vector at a time (a progress step).
FALLBACK_CHUNK = 50


@dataclass(frozen=True, eq=False)
class RankEngine:
    """A decision matrix ready to be ranked under batches of weight vectors.

    ``kernel`` is set for the methods with a batch kernel; the others call
    :func:`r57_mcda.ranking.rank` once per weight vector. Weight vectors follow ``criteria``.
    """

    matrix: pd.DataFrame
    criteria_set: CriteriaSet
    method: str
    params: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    kernel: PreparedKernel | None = None

    @property
    def technologies(self) -> tuple[str, ...]:
        """Technology ids, the column order of scores and ranks."""
        return tuple(str(t) for t in self.matrix.index)

    @property
    def criteria(self) -> tuple[str, ...]:
        """Criterion ids, the column order of weight vectors."""
        return tuple(str(c) for c in self.matrix.columns)

    @property
    def higher_is_better(self) -> bool:
        """How to read the scores."""
        return method_info(self.method).higher_is_better

    def chunk_rows(self, *, budget_bytes: int = DEFAULT_MEMORY_BUDGET) -> int:
        """Weight vectors per batch: from the memory budget, or a small progress step."""
        if self.kernel is None:
            return FALLBACK_CHUNK
        return chunk_rows(self.kernel, budget_bytes=budget_bytes)

    def evaluate(self, weights: npt.ArrayLike) -> tuple[FloatArray, IntArray]:
        """Scores and competition ranks (draws x technologies) for each weight row."""
        w = np.atleast_2d(np.asarray(weights, dtype=np.float64))
        if self.kernel is not None:
            scores = batch_scores(self.kernel, w)
            return scores, batch_ranks(scores, higher_is_better=self.kernel.higher_is_better)
        scores = np.empty((len(w), len(self.matrix.index)))
        ranks = np.empty((len(w), len(self.matrix.index)), dtype=np.int64)
        for row, vector in enumerate(w):
            result = rank(
                self.matrix,
                pd.Series(vector, index=self.matrix.columns),
                self.criteria_set,
                method=self.method,
                params=self.params,
            )
            scores[row] = result.scores.to_numpy(dtype=float)
            ranks[row] = result.ranks.to_numpy(dtype=np.int64)
        return scores, ranks


def rank_engine(
    matrix: pd.DataFrame,
    criteria: CriteriaSet,
    *,
    method: str = "wsm",
    params: Mapping[str, Any] | None = None,
) -> RankEngine:
    """Prepare ``matrix`` for ranking under many weight vectors with ``method``.

    Every column of ``matrix`` is checked as if weighted: leave out the criteria that no
    weight vector will weigh.

    Raises
    ------
    MethodError, InputError
        As :func:`r57_mcda.ranking.rank` would for these inputs.
    """
    info = method_info(method)
    frozen = MappingProxyType(dict(params or {}))
    if has_kernel(info.id):
        kernel = prepare_kernel(matrix, criteria, method=info.id, params=frozen)
        return RankEngine(matrix.copy(), criteria, info.id, frozen, kernel)
    # One trial run validates the inputs and parameters now rather than at the first draw.
    equal = pd.Series(1.0 / len(matrix.columns), index=matrix.columns)
    rank(matrix, equal, criteria, method=info.id, params=frozen)
    return RankEngine(matrix.copy(), criteria, info.id, frozen, None)


def normalised_weights(
    matrix: pd.DataFrame, weights: pd.Series, criteria: CriteriaSet
) -> pd.Series:
    """``weights`` checked against ``matrix``'s columns, in column order, summing to 1.

    Raises
    ------
    InputError
        Missing, extra, negative, non-finite or all-zero weights (every problem listed).
    """
    return validate_inputs(matrix, weights, criteria).all_weights.astype(float)


def check_top_k(top_k: int, n: int) -> int:
    """``top_k`` as an int, at most ``n`` (a larger k keeps everyone); ``MethodError`` if < 1."""
    return min(checked_top_k(top_k), n)
