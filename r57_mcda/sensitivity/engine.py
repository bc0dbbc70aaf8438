"""Rank one decision matrix under many weight vectors: batch kernel, else one rank() per row.

A method can be undefined at some weight vectors (CoCoSo when a technology is the worst on
every criterion that carries weight). :meth:`RankEngine.attempt` ranks what it can and says
which rows failed and why; :meth:`RankEngine.evaluate` insists that every row is ranked.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from r57_mcda.errors import MethodError
from r57_mcda.i18n import Message, msg
from r57_mcda.i18n.phrases import Phrases, listing
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
from r57_mcda.ranking.kernels_external import cocoso_undefined
from r57_mcda.ranking.prepare import validate_inputs

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

#: Weight vectors per chunk for methods ranked one vector at a time (a progress step).
FALLBACK_CHUNK = 50


@dataclass(frozen=True, eq=False)
class Evaluation:
    """Scores and ranks of a batch of weight rows, with the rows the method could not rank.

    ``scores`` (NaN) and ``ranks`` (0) of a failed row are placeholders; ``first`` is the first
    failed row (-1: none) and ``reason`` why it failed (a message without the weights; see
    :func:`weights_phrase`).
    """

    scores: FloatArray
    ranks: IntArray
    failed: BoolArray
    first: int = -1
    reason: Message | None = None

    @property
    def ok(self) -> BoolArray:
        """The rows that were ranked."""
        return ~self.failed


def weights_phrase(criteria: tuple[str, ...], vector: npt.ArrayLike) -> Phrases:
    """A weight vector for a message: each criterion with a positive weight and its share."""
    w = np.asarray(vector, dtype=float)
    w = w / w.sum()
    return Phrases.of(
        [
            msg("sens_weight_item", criterion=c, weight=float(x))
            for c, x in zip(criteria, w, strict=True)
            if x > 0
        ],
        separator=", ",
    )


def undefined_error(engine: RankEngine, evaluation: Evaluation, weights: FloatArray) -> Message:
    """The message naming the first weight vector of ``weights`` the engine could not rank."""
    return msg(
        "sens_undefined_at",
        method=method_info(engine.method).phrase,
        weights=weights_phrase(engine.criteria, weights[evaluation.first]),
        reason=evaluation.reason,
    )


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
        """Scores and competition ranks (draws x technologies) for each weight row.

        Raises
        ------
        MethodError
            The method is undefined at one of the rows (naming the first such weight vector).
        """
        w = np.atleast_2d(np.asarray(weights, dtype=np.float64))
        result = self.attempt(w)
        if result.failed.any():
            failure = undefined_error(self, result, w)
            raise MethodError(failure.code, **failure.params)
        return result.scores, result.ranks

    def attempt(self, weights: npt.ArrayLike) -> Evaluation:
        """Scores and ranks of every weight row the method can rank; the others marked failed."""
        w = np.atleast_2d(np.asarray(weights, dtype=np.float64))
        if self.kernel is not None:
            scores = batch_scores(self.kernel, w)
            failed = np.asarray(np.isnan(scores).any(axis=1), dtype=bool)
            safe = np.where(failed[:, None], 0.0, scores)
            ranks = batch_ranks(safe, higher_is_better=self.kernel.higher_is_better)
            ranks[failed] = 0
            if not failed.any():
                return Evaluation(scores, ranks, failed)
            row = int(np.flatnonzero(failed)[0])
            return Evaluation(scores, ranks, failed, row, self._kernel_reason(self.kernel, w[row]))
        n = len(self.matrix.index)
        scores = np.full((len(w), n), np.nan)
        ranks = np.zeros((len(w), n), dtype=np.int64)
        failed = np.zeros(len(w), dtype=bool)
        first, reason = -1, None
        for row, vector in enumerate(w):
            try:
                result = rank(
                    self.matrix,
                    pd.Series(vector, index=self.matrix.columns),
                    self.criteria_set,
                    method=self.method,
                    params=self.params,
                )
            except MethodError as exc:
                failed[row] = True
                if first < 0:
                    first, reason = row, exc.message
                continue
            scores[row] = result.scores.to_numpy(dtype=float)
            ranks[row] = result.ranks.to_numpy(dtype=np.int64)
        return Evaluation(scores, ranks, failed, first, reason)

    def _kernel_reason(self, kernel: PreparedKernel, vector: FloatArray) -> Message:
        # Only CoCoSo's kernel has undefined rows: a technology 0 on every weighted criterion.
        worst = cocoso_undefined(kernel.terms[0], vector)
        weighted = [c for c, x in zip(self.criteria, vector, strict=True) if x > 0]
        return msg(
            "sens_cocoso_worst_everywhere",
            names=listing(t for t, bad in zip(self.technologies, worst, strict=True) if bad),
            criteria=", ".join(weighted),
        )


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
