"""Compare ranking methods: ranks side by side, rank correlations and consensus rankings."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from r57_mcda.errors import MethodError
from r57_mcda.models import CriteriaSet, Ranking
from r57_mcda.ranking import rank
from r57_mcda.ranking.ties import competition_ranks

FloatArray = npt.NDArray[np.float64]


# DataFrame fields make == ambiguous, so results compare by identity.
@dataclass(frozen=True, eq=False)
class Comparison:
    """Several rankings of the same technologies, set side by side.

    Attributes
    ----------
    methods
        The column labels, one per ranking, in the order given.
    ranks
        Competition ranks (1 = best), technologies x methods.
    kendall_tau
        Kendall's tau-b between every pair of methods (methods x methods). Tau-b corrects for
        ties in either ranking; NaN where a ranking puts every technology on one rank.
    spearman_rho
        Spearman's rho (Pearson correlation of mid-ranks, so ties take the mean of the
        positions they share) between every pair of methods; NaN as for ``kendall_tau``.
    borda
        Borda consensus: ``score`` (points, higher is better), ``rank`` and ``tied``.
    copeland
        Copeland consensus: ``score`` (pairwise wins minus losses), ``rank`` and ``tied``.
    agreement
        Mean Kendall's tau-b over the distinct pairs of methods, ignoring NaN; NaN with fewer
        than two methods or no defined pair.
    """

    methods: tuple[str, ...]
    ranks: pd.DataFrame
    kendall_tau: pd.DataFrame
    spearman_rho: pd.DataFrame
    borda: pd.DataFrame
    copeland: pd.DataFrame
    agreement: float

    def agreement_by_method(self) -> pd.Series:
        """Each method's mean Kendall's tau-b with the other methods (NaN pairs ignored)."""
        tau = self.kendall_tau.to_numpy(dtype=float, copy=True)
        np.fill_diagonal(tau, np.nan)
        means = [_nanmean(row) for row in tau]
        return pd.Series(means, index=list(self.methods), name="mean_tau", dtype=float)


def compare_methods(
    matrix: pd.DataFrame,
    weights: pd.Series,
    criteria: CriteriaSet,
    *,
    methods: Sequence[str],
    params: Mapping[str, Mapping[str, Any]] | None = None,
) -> Comparison:
    """Rank the same inputs with several methods and compare the rankings.

    Parameters
    ----------
    matrix
        Decision matrix, technologies x criterion ids.
    weights
        Criteria weights indexed by criterion id, summing to 1.
    criteria
        The criteria set (directions, scales).
    methods
        Method names understood by :func:`r57_mcda.ranking.rank`; each at most once.
    params
        Optional parameters per method name, passed to that method only.

    Returns
    -------
    Comparison
        See :func:`compare_rankings`.

    Raises
    ------
    MethodError
        When no method is given, a method is repeated, ``params`` names a method not compared,
        or a method cannot run on these inputs.
    """
    names = list(methods)
    _check_labels(names)
    extra = sorted(set(params or {}) - set(names))
    if extra:
        raise MethodError("compare_params_not_compared", methods=", ".join(extra))
    given = params or {}
    rankings = [
        rank(matrix, weights, criteria, method=name, params=given.get(name)) for name in names
    ]
    return compare_rankings(rankings, labels=names)


def compare_rankings(
    rankings: Sequence[Ranking], *, labels: Sequence[str] | None = None
) -> Comparison:
    """Compare rankings of the same technologies: correlations and consensus.

    Borda: a technology earns ``n - rank`` points from each ranking (``n`` technologies), so
    the best earns ``n - 1`` and the worst 0. Technologies tied in a ranking share the points of
    the positions they occupy equally: a tie for 2nd and 3rd of four gives each
    ``(2 + 1) / 2 = 1.5``. The points are summed over the rankings; higher is better.

    Copeland: every pair of technologies is a contest decided by majority over the rankings:
    the one ranked strictly better by more rankings scores +1 and the other -1; when as many
    rankings prefer each (ties in a ranking count for neither, so this includes pairs tied in
    every ranking) both score 0. The score is the sum over the other technologies; higher is
    better.

    Both consensus tables share tied ranks (1, 2, 2, 4) and flag them, like every ranking.

    Parameters
    ----------
    rankings
        At least one ranking; all must rank the same technologies.
    labels
        Unique column labels, one per ranking; default each ranking's ``method``.

    Returns
    -------
    Comparison
        Technologies in the order of the first ranking.

    Raises
    ------
    MethodError
        When no ranking is given, labels are missing or repeated, or the rankings cover
        different technologies.
    """
    if not rankings:
        raise MethodError("compare_no_rankings")
    names = [r.method for r in rankings] if labels is None else list(labels)
    if len(names) != len(rankings):
        raise MethodError("compare_labels_count", labels=len(names), rankings=len(rankings))
    _check_labels(names)
    ranks = _rank_table(rankings, names)
    positions = ranks.to_numpy(dtype=float)
    tau = _correlations(positions, names, _kendall_tau_b)
    return Comparison(
        methods=tuple(names),
        ranks=ranks,
        kendall_tau=tau,
        spearman_rho=_correlations(positions, names, _spearman_rho),
        borda=_consensus(_borda_points(ranks), index=ranks.index),
        copeland=_consensus(_copeland_scores(positions), index=ranks.index),
        agreement=_mean_off_diagonal(tau),
    )


def _check_labels(names: Sequence[str]) -> None:
    if not names:
        raise MethodError("compare_no_methods")
    repeated = sorted({n for n in names if list(names).count(n) > 1})
    if repeated:
        raise MethodError("compare_repeated", methods=", ".join(repeated))


def _rank_table(rankings: Sequence[Ranking], names: Sequence[str]) -> pd.DataFrame:
    technologies = list(rankings[0].ranks.index)
    expected = set(technologies)
    columns: dict[str, pd.Series] = {}
    for name, ranking in zip(names, rankings, strict=True):
        found = set(ranking.ranks.index)
        if found != expected or len(ranking.ranks) != len(technologies):
            raise MethodError(
                "compare_different_technologies",
                name=name,
                first=names[0],
                missing=str(sorted(expected - found)),
                extra=str(sorted(found - expected)),
            )
        if ranking.ranks.isna().any():
            raise MethodError("compare_unranked", name=name)
        columns[name] = ranking.ranks.reindex(technologies).astype(int)
    table = pd.DataFrame(columns, index=pd.Index(technologies, name="technology"))
    table.columns.name = "method"
    return table


def _is_constant(x: FloatArray) -> bool:
    return bool(np.unique(x).size < 2)


def _kendall_tau_b(x: FloatArray, y: FloatArray) -> float:
    from scipy import stats  # imported here: scipy.stats alone costs ~0.4 s of start-up

    return float(stats.kendalltau(x, y, variant="b").statistic)


def _spearman_rho(x: FloatArray, y: FloatArray) -> float:
    from scipy import stats

    return float(stats.spearmanr(x, y).statistic)


def _correlations(
    positions: FloatArray,
    names: Sequence[str],
    statistic: Callable[[FloatArray, FloatArray], float],
) -> pd.DataFrame:
    """Symmetric matrix of ``statistic`` between the rank columns; NaN for constant ones."""
    k = positions.shape[1]
    out = np.full((k, k), np.nan)
    for i in range(k):
        for j in range(i, k):
            x, y = positions[:, i], positions[:, j]
            # scipy warns on constant input; the coefficient is undefined there, so skip it.
            if _is_constant(x) or _is_constant(y):
                continue
            # Float noise can put a perfect correlation a hair outside [-1, 1].
            value = min(1.0, max(-1.0, statistic(x, y)))
            out[i, j] = out[j, i] = value
    return pd.DataFrame(out, index=pd.Index(names, name="method"), columns=list(names))


def _mean_off_diagonal(matrix: pd.DataFrame) -> float:
    values = matrix.to_numpy(dtype=float)
    return _nanmean(values[np.triu_indices_from(values, k=1)])


def _nanmean(values: FloatArray) -> float:
    finite = values[~np.isnan(values)]
    return float(finite.mean()) if finite.size else math.nan


def _borda_points(ranks: pd.DataFrame) -> FloatArray:
    n = len(ranks)
    # Mid-ranks give a tied group the mean of the points of the positions it occupies.
    mid = ranks.rank(axis=0, method="average").to_numpy(dtype=float)
    return np.asarray((n - mid).sum(axis=1), dtype=float)


def _copeland_scores(positions: FloatArray) -> FloatArray:
    # better[a, b] = number of rankings placing a strictly ahead of b.
    better = (positions[:, None, :] < positions[None, :, :]).sum(axis=2)
    return np.asarray(np.sign(better - better.T).sum(axis=1), dtype=np.float64)


def _consensus(scores: FloatArray, *, index: pd.Index) -> pd.DataFrame:
    score = pd.Series(scores, index=index, name="score", dtype=float)
    ranks, tied = competition_ranks(score, higher_is_better=True)
    return pd.DataFrame({"score": score, "rank": ranks, "tied": tied}, index=index)
