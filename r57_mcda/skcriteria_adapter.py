"""The one module that imports scikit-criteria: its aggregation methods, weighters and check.

scikit-criteria is imported inside each function, never at module level: its import takes about
2 s (most of it seaborn and matplotlib), so the CLI and the app pay for it only when a method,
a weighting or the rank-reversal check actually needs it. Arguments and results are plain numpy
arrays, mappings and callables; what the numbers mean is decided by the callers
(:mod:`r57_mcda.ranking.external`, :mod:`r57_mcda.weighting.entropy_critic`,
:mod:`r57_mcda.sensitivity.reversal`). Errors scikit-criteria raises are left to the callers,
which translate them into the project's exceptions with their own context.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

#: The scikit-criteria aggregation classes by method id (module, class name).
METHODS: dict[str, tuple[str, str]] = {
    "moora": ("skcriteria.agg.moora", "RatioMOORA"),
    "electre2": ("skcriteria.agg.electre", "ELECTRE2"),
    "waspas": ("skcriteria.agg.waspas", "WASPAS"),
    "edas": ("skcriteria.agg.edas", "EDAS"),
    "cocoso": ("skcriteria.agg.cocoso", "CoCoSo"),
    "mabac": ("skcriteria.agg.mabac", "MABAC"),
    "codas": ("skcriteria.agg.codas", "CODAS"),
    "spotis": ("skcriteria.agg.spotis", "SPOTIS"),
}

_CRITIC_MIN_WARNING = "Although CRITIC can operate with minimization objectives"
_CODAS_TAU_WARNING = "It is suggested to set tau"
_SET_INDEX_INPLACE = "The inplace keyword in DataFrame.set_index is deprecated"


@dataclass(frozen=True)
class Evaluation:
    """What a scikit-criteria method returned: its ranks and its ``extra`` values by name."""

    rank: np.ndarray
    extra: Mapping[str, Any]


@dataclass(frozen=True)
class InvariantTrial:
    """One trial of the rank-invariance check: the worsened alternative and the dense ranks."""

    mutated: str
    iteration: int
    ranks: np.ndarray


@dataclass(frozen=True)
class InvariantCheck:
    """The trials of scikit-criteria's ``RankInvariantChecker`` and its two summary metrics."""

    trials: tuple[InvariantTrial, ...]
    optimal_preservation_rate: float
    rank_displacement: float


def _decision_matrix(
    matrix: np.ndarray,
    objectives: Sequence[Any],
    weights: np.ndarray | None,
    alternatives: Sequence[str] | None = None,
    criteria: Sequence[str] | None = None,
) -> Any:
    import skcriteria

    m, n = matrix.shape
    return skcriteria.mkdm(
        matrix=np.asarray(matrix, dtype=float),
        objectives=list(objectives),
        weights=None if weights is None else np.asarray(weights, dtype=float),
        alternatives=list(alternatives) if alternatives else [f"A{i}" for i in range(m)],
        criteria=list(criteria) if criteria else [f"C{j}" for j in range(n)],
    )


def evaluate(
    method: str,
    matrix: np.ndarray,
    objectives: Sequence[int],
    weights: np.ndarray,
    *,
    params: Mapping[str, Any],
    bounds: np.ndarray | None = None,
) -> Evaluation:
    """Run one scikit-criteria aggregation method without any validation.

    Parameters
    ----------
    method
        A key of :data:`METHODS`.
    matrix
        Alternatives x criteria, already pre-processed as the method's caller requires.
    objectives
        ``1`` (maximise) or ``-1`` (minimise) per criterion.
    weights
        One weight per criterion.
    params
        Keyword arguments of the method's constructor.
    bounds
        SPOTIS's per-criterion ``[lo, hi]`` bounds (criteria x 2); ignored by other methods.

    Raises
    ------
    KeyError
        ``method`` is not backed by scikit-criteria.
    ValueError, ZeroDivisionError, FloatingPointError
        scikit-criteria refused the input.
    """
    import importlib

    module, name = METHODS[method]
    cls = getattr(importlib.import_module(module), name)
    instance = cls(**params)
    dm = _decision_matrix(matrix, objectives, weights)
    with warnings.catch_warnings():
        # Examined: CODAS only advises tau in [0.01, 0.05]; the caller reports it as a note.
        warnings.filterwarnings("ignore", message=_CODAS_TAU_WARNING, category=UserWarning)
        if method == "spotis":
            result = instance.evaluate(dm, bounds=np.asarray(bounds, dtype=float))
        else:
            result = instance.evaluate(dm)
    return Evaluation(rank=np.asarray(result.rank_), extra=dict(result.e_.items()))


def weigh(
    kind: Literal["entropy", "critic"], matrix: np.ndarray, maximise: Sequence[bool]
) -> np.ndarray:
    """Objective weights of ``matrix`` by scikit-criteria's ``EntropyWeighter`` or ``CRITIC``.

    ``maximise`` gives each criterion's sense (CRITIC uses it; entropy ignores it). The raw
    weights are returned as computed: 0/0 in degenerate matrices gives NaN, which the caller
    reports.
    """
    from skcriteria.preprocessing.weighters import CRITIC, EntropyWeighter

    dm = _decision_matrix(matrix, [max if up else min for up in maximise], None)
    with warnings.catch_warnings(), np.errstate(invalid="ignore", divide="ignore"):
        # Examined: CRITIC warns about minimisation objectives; reversing them is the
        # published method (Diakoulaki et al. 1995).
        warnings.filterwarnings("ignore", message=_CRITIC_MIN_WARNING, category=UserWarning)
        weighter = (
            EntropyWeighter() if kind == "entropy" else CRITIC(correlation="pearson", scale=True)
        )
        return np.asarray(weighter.transform(dm).weights, dtype=float)


#: ``decide(matrix, alternatives, criteria) -> (dense ranks, scores)`` for the checker.
Decide = Callable[[np.ndarray, Sequence[str], Sequence[str]], tuple[np.ndarray, np.ndarray]]


class _DecisionMaker:
    """A scikit-criteria decision-maker (``evaluate(dm) -> RankResult``) calling ``decide``."""

    def __init__(self, decide: Decide, method: str) -> None:
        self.decide = decide
        self.method = method

    def evaluate(self, dm: Any) -> Any:
        from skcriteria.agg import RankResult

        alternatives = [str(a) for a in dm.alternatives]
        dense, scores = self.decide(
            dm.matrix.to_numpy(dtype=float), alternatives, [str(c) for c in dm.criteria]
        )
        return RankResult(
            method=self.method,
            alternatives=np.asarray(alternatives),
            values=np.asarray(dense, dtype=int),
            extra={"scores": np.asarray(scores)},
        )


def rank_invariant_check(
    decide: Decide,
    matrix: np.ndarray,
    objectives: Sequence[int],
    weights: np.ndarray,
    *,
    alternatives: Sequence[str],
    criteria: Sequence[str],
    method: str,
    repeat: int,
    seed: int,
) -> InvariantCheck:
    """scikit-criteria's ``RankInvariantChecker`` around the ranking function ``decide``.

    Raises
    ------
    ValueError
        scikit-criteria could not run the check (for example ``decide`` failed on a worsened
        matrix).
    """
    from skcriteria.ranksrev import RankInvariantChecker

    dm = _decision_matrix(matrix, objectives, weights, alternatives, criteria)
    checker = RankInvariantChecker(_DecisionMaker(decide, method), repeat=repeat, random_state=seed)
    with warnings.catch_warnings():
        # Examined: scikit-criteria 0.10 calls DataFrame.set_index(inplace=True), which
        # pandas 3.1 deprecates; the result is unaffected.
        warnings.filterwarnings("ignore", message=_SET_INDEX_INPLACE, category=DeprecationWarning)
        compared = checker.evaluate(dm)
    trials = []
    for _, result in compared.ranks[1:]:
        info = result.e_.rank_inv_check
        trials.append(
            InvariantTrial(
                mutated=str(info.mutated),
                iteration=int(info.iteration),
                ranks=np.asarray(result.values),
            )
        )
    return InvariantCheck(
        trials=tuple(trials),
        optimal_preservation_rate=float(compared.e_.opr),
        rank_displacement=float(compared.e_.rd),
    )
