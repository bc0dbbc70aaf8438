"""Rank-reversal check: scikit-criteria's RankInvariantChecker around the project's ranking.

The test (Wang & Triantaphyllou 2008, "Ranking irregularities when evaluating alternatives by
using some ELECTRE methods", Omega 36(1), 45-63: test criterion 1; as implemented in
``skcriteria.ranksrev.RankInvariantChecker``): replace a non-optimal technology by a worse one
(each of its scores moved towards worse by a random amount no larger than its gap to the
next-ranked technology) and rank again; the best technology should stay first. We also report
whether the order of the other technologies changed. Each non-optimal technology is worsened
``repeat`` times.

The decision-maker scikit-criteria calls is :func:`r57_mcda.ranking.rank` itself, wrapped, so
every method runs exactly the pipeline of a normal ranking (its own normalisation of the
mutated matrix, zero-weight handling, ...). A worsened score pushed outside a criterion's
declared scale is set to the end of the scale, the worst score it can have. scikit-criteria
needs dense ranks (1, 2, 2, 3); the trials are reported with the project's competition ranks.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from r57_mcda import skcriteria_adapter
from r57_mcda.errors import MethodError
from r57_mcda.i18n import DEFAULT_LANG, Message, msg
from r57_mcda.i18n.phrases import shown
from r57_mcda.models import CriteriaSet
from r57_mcda.ranking.api import rank
from r57_mcda.ranking.registry import method_info
from r57_mcda.ranking.ties import competition_ranks


@dataclass(frozen=True)
class ReversalTrial:
    """One worsened technology and what happened to the ranking.

    ``best_changed``: the set of first-ranked technologies is not the reference's.
    ``order_changed``: the order of the technologies other than ``mutated`` changed (ties
    included). ``ranks`` are competition ranks in technology order.
    """

    mutated: str
    iteration: int
    ranks: tuple[int, ...]
    best_changed: bool
    order_changed: bool

    @property
    def changed(self) -> bool:
        """The ranking changed in either way."""
        return self.best_changed or self.order_changed


@dataclass(frozen=True)
class RankReversalResult:
    """The trials of a rank-reversal check and their summary in English and Vietnamese.

    ``optimal_preservation_rate`` and ``rank_displacement`` are scikit-criteria's own metrics
    (share of trials in which the reference's best keeps rank 1, and its mean fall in rank,
    both on dense ranks).
    """

    method: str
    seed: int
    repeat: int
    technologies: tuple[str, ...]
    reference_ranks: tuple[int, ...]
    trials: tuple[ReversalTrial, ...]
    optimal_preservation_rate: float
    rank_displacement: float
    params: Mapping[str, Any] = field(default_factory=dict)

    @property
    def changed(self) -> int:
        """Trials in which the ranking changed."""
        return sum(t.changed for t in self.trials)

    @property
    def message(self) -> Message:
        """The result in plain words, as a message for the front end to render."""
        return _summary(self)

    def summary(self, lang: str = DEFAULT_LANG) -> str:
        """The result in plain words, in ``lang`` ("en" or "vi")."""
        return self.message.text(lang)

    def frame(self) -> pd.DataFrame:
        """One row per trial: mutated technology, iteration, changes, then each rank."""
        ranks = pd.DataFrame(
            [t.ranks for t in self.trials], columns=list(self.technologies), dtype="int64"
        )
        head = pd.DataFrame(
            {
                "mutated": [t.mutated for t in self.trials],
                "iteration": [t.iteration for t in self.trials],
                "best_changed": [t.best_changed for t in self.trials],
                "order_changed": [t.order_changed for t in self.trials],
            }
        )
        return pd.concat([head, ranks], axis=1)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready plain data, with both summaries."""
        return {
            "method": self.method,
            "params": {str(k): v for k, v in self.params.items()},
            "seed": self.seed,
            "repeat": self.repeat,
            "technologies": list(self.technologies),
            "reference_ranks": list(self.reference_ranks),
            "trials": [
                {
                    "mutated": t.mutated,
                    "iteration": t.iteration,
                    "ranks": list(t.ranks),
                    "best_changed": t.best_changed,
                    "order_changed": t.order_changed,
                }
                for t in self.trials
            ],
            "changed": self.changed,
            "optimal_preservation_rate": self.optimal_preservation_rate,
            "rank_displacement": self.rank_displacement,
            "summary_en": self.summary("en"),
            "summary_vi": self.summary("vi"),
        }


def _decide(
    weights: pd.Series,
    criteria: CriteriaSet,
    *,
    method: str,
    params: Mapping[str, Any] | None,
) -> skcriteria_adapter.Decide:
    """``rank`` as the checker's decision maker: dense ranks and scores of a mutated matrix."""

    def decide(
        values: np.ndarray, alternatives: Sequence[str], columns: Sequence[str]
    ) -> tuple[np.ndarray, np.ndarray]:
        matrix = pd.DataFrame(values, index=list(alternatives), columns=list(columns))
        for column in matrix.columns:
            scale = criteria[column].scale
            if scale is not None:
                matrix[column] = matrix[column].clip(float(scale[0]), float(scale[1]))
        result = rank(matrix, weights, criteria, method=method, params=params)
        dense = result.ranks.rank(method="dense").astype(int).to_numpy()
        return dense, result.scores.to_numpy()

    return decide


def _competition(dense: np.ndarray) -> tuple[int, ...]:
    ranks, _ = competition_ranks(pd.Series(dense, dtype=float), higher_is_better=False)
    return tuple(int(r) for r in ranks)


def _order_changed(reference: tuple[int, ...], trial: tuple[int, ...], skip: int) -> bool:
    keep = [i for i in range(len(reference)) if i != skip]
    before = pd.Series([reference[i] for i in keep]).rank(method="min")
    after = pd.Series([trial[i] for i in keep]).rank(method="min")
    return not before.equals(after)


def rank_reversal_check(
    matrix: pd.DataFrame,
    weights: pd.Series,
    criteria: CriteriaSet,
    *,
    method: str = "wsm",
    params: Mapping[str, Any] | None = None,
    repeat: int = 1,
    seed: int = 0,
) -> RankReversalResult:
    """Worsen each non-optimal technology and see whether the ranking changes.

    Parameters
    ----------
    matrix, weights, criteria
        As for :func:`r57_mcda.ranking.rank`.
    method, params
        The ranking method and its parameters.
    repeat
        How many times each non-optimal technology is worsened (at least 1).
    seed
        Seed of the random worsening (scikit-criteria's ``random_state``).

    Raises
    ------
    MethodError
        A bad option, fewer than 3 technologies, or inputs the method cannot rank (also when a
        worsened matrix cannot be ranked; scikit-criteria's error is chained).
    InputError
        Invalid matrix or weights.
    """
    info = method_info(method)
    if isinstance(repeat, bool) or not isinstance(repeat, int) or repeat < 1:
        raise MethodError("sens_reversal_repeat", value=shown(repeat))
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise MethodError("sens_seed", value=shown(seed))
    if len(matrix.index) < 3:
        raise MethodError("sens_reversal_too_few")
    reference = rank(matrix, weights, criteria, method=info.id, params=params)
    technologies = tuple(str(t) for t in matrix.index)
    columns = [str(c) for c in matrix.columns]
    decide = _decide(reference.weights, criteria, method=info.id, params=params)
    try:
        compared = skcriteria_adapter.rank_invariant_check(
            decide,
            matrix.to_numpy(dtype=float),
            [1 if criteria[c].direction == "benefit" else -1 for c in columns],
            reference.weights.reindex(matrix.columns).to_numpy(dtype=float),
            alternatives=technologies,
            criteria=columns,
            method=info.id,
            repeat=repeat,
            seed=seed,
        )
    except ValueError as exc:
        raise MethodError("sens_reversal_failed", reason=str(exc)) from exc
    base = tuple(int(r) for r in reference.ranks)
    best = {i for i, r in enumerate(base) if r == 1}
    trials = []
    for trial in compared.trials:
        ranks = _competition(trial.ranks)
        mutated = technologies.index(trial.mutated)
        trials.append(
            ReversalTrial(
                mutated=technologies[mutated],
                iteration=trial.iteration,
                ranks=ranks,
                best_changed={i for i, r in enumerate(ranks) if r == 1} != best,
                order_changed=_order_changed(base, ranks, mutated),
            )
        )
    return RankReversalResult(
        method=info.id,
        seed=seed,
        repeat=repeat,
        technologies=technologies,
        reference_ranks=base,
        trials=tuple(trials),
        optimal_preservation_rate=compared.optimal_preservation_rate,
        rank_displacement=compared.rank_displacement,
        params=dict(reference.params),
    )


def _names(ids: list[str]) -> str:
    return ", ".join(f"'{i}'" for i in ids)


def _summary(result: RankReversalResult) -> Message:
    n = len(result.trials)
    method = method_info(result.method).phrase
    if not result.changed:
        return msg(
            "sens_reversal_unchanged", n=n, repeat=result.repeat, seed=result.seed, method=method
        )
    best = [t for t in result.trials if t.best_changed]
    counts = {
        "n": n,
        "changed": result.changed,
        "method": method,
        "best": len(best),
        "order": sum(t.order_changed for t in result.trials),
        "seed": result.seed,
    }
    if not best:
        return msg("sens_reversal_changed", **counts)
    worsened = _names(list(dict.fromkeys(t.mutated for t in best)))
    return msg("sens_reversal_changed_best", worsened=worsened, **counts)
