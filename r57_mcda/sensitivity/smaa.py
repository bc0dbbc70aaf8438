"""SMAA-2 statistics of Monte Carlo rankings: acceptability, central weights, the result type.

Lahdelma, R. & Salminen, P. (2001). SMAA-2: Stochastic multicriteria acceptability analysis
for group decision making. Operations Research 49(3), 444-454.

- Rank acceptability index ``b_i^r``: the share of draws in which technology ``i`` has rank
  ``r``. Ranks are competition ranks: technologies tied in a draw share the best rank of the
  tie and the draw counts at that shared rank. Each technology has one rank per draw, so every
  row of the acceptability matrix sums to 1; a column sums to 1 only over draws without ties
  (a tie for rank 1 counts twice in column 1 and leaves column 2 empty): ``tied_draws`` says
  how many draws had a tie.
- Central weight vector of ``i``: the mean weight vector over the draws where ``i`` ranks
  first (a shared first place counts for each tied technology).
- Confidence factor of ``i``: the probability that ``i`` ranks first when its central weight
  vector is used, under the score uncertainty (1 or 0 when scores are certain).
- Top-k probability: the share of draws with rank <= k (a tie at rank k keeps all of its
  members in the top k); the 5-95 % rank interval runs from the smallest rank whose
  cumulative acceptability reaches 5 % to the smallest that reaches 95 %.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from r57_mcda.i18n import Message
from r57_mcda.plain import plain

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


#: Central weights are summed in fixed point (units of 2^-32) so that the sums, hence the
#: results, are exactly the same however the draws are chunked; float sums would depend on
#: the order of additions in the last bits.
FIXED_POINT = 2.0**32


class RankTally:
    """Accumulates the ranks of Monte Carlo draws chunk by chunk (the only mutable helper)."""

    def __init__(self, technologies: int, criteria: int) -> None:
        self.counts = np.zeros((technologies, technologies), dtype=np.int64)
        self.first_weights = np.zeros((technologies, criteria), dtype=np.int64)
        self.first_counts = np.zeros(technologies, dtype=np.int64)
        self.draws = 0
        self.tied_draws = 0

    def add(self, ranks: IntArray, weights: FloatArray) -> None:
        """Count a chunk: ``ranks`` draws x technologies, ``weights`` draws x criteria."""
        n = self.counts.shape[0]
        cells = np.arange(n) * n + (ranks - 1)
        self.counts += np.bincount(cells.ravel(), minlength=n * n).reshape(n, n)
        first = ranks == 1
        # Integer-valued floats below 2^53 add exactly in any order (chunks are far smaller
        # than 2^21 draws), so the product is exact and converts to int64 without loss.
        fixed = np.round(weights * FIXED_POINT)
        self.first_weights += (first.T.astype(np.float64) @ fixed).astype(np.int64)
        self.first_counts += first.sum(axis=0)
        # Competition ranks sum to n(n+1)/2 exactly when no one shares a rank.
        self.tied_draws += int((ranks.sum(axis=1) < n * (n + 1) // 2).sum())
        self.draws += len(ranks)

    def central_weights(self) -> FloatArray:
        """Mean weight vector over the draws where each technology ranks first (NaN: never)."""
        out = np.full(self.first_weights.shape, np.nan)
        seen = self.first_counts > 0
        out[seen] = self.first_weights[seen] / FIXED_POINT / self.first_counts[seen, None]
        return out


def rank_quantile(counts: IntArray, percent: int) -> IntArray:
    """Per row, the smallest rank whose cumulative count reaches ``percent`` % of the total."""
    cumulative = counts.cumsum(axis=1)
    # Integer arithmetic: no float rounding at the boundary.
    reached = cumulative * 100 >= percent * cumulative[:, -1:]
    return np.asarray(reached.argmax(axis=1) + 1, dtype=np.int64)


@dataclass(frozen=True, eq=False)
class MonteCarloResult:
    """Rank acceptability and SMAA-2 statistics of a Monte Carlo run (see the module docstring).

    ``acceptability`` is technologies x ranks (columns 1..n); ``central_weights`` is
    technologies x criteria over every criterion of the matrix (0 for a criterion no draw
    weighted; a NaN row for a technology that never ranked first, whose ``confidence`` is NaN
    too). ``evaluated`` counts the draws that were ranked: ``draws`` minus those of bootstrap
    resamples that could not be ranked (``skipped_resamples``; e.g. a cell nobody in the
    resample scored) and the ``failed_draws`` whose weights the method is undefined at
    (CoCoSo); ``failure`` names the first of those weight vectors and why.
    """

    method: str
    technologies: tuple[str, ...]
    criteria: tuple[str, ...]
    draws: int
    evaluated: int
    seed: int
    top_k: int
    acceptability: pd.DataFrame
    top_k_probability: pd.Series
    mean_rank: pd.Series
    rank_interval: pd.DataFrame
    central_weights: pd.DataFrame
    confidence: pd.Series
    tied_draws: int
    weight_model: Mapping[str, Any] | None = None
    bootstrap: Mapping[str, Any] | None = None
    skipped_resamples: int = 0
    params: Mapping[str, Any] = field(default_factory=dict)
    failed_draws: int = 0
    failure: Message | None = None

    @property
    def failed_share(self) -> float:
        """The share of the draws at whose weights the method was undefined."""
        return self.failed_draws / self.draws if self.draws else 0.0

    def table(self) -> pd.DataFrame:
        """Per technology: P(first), P(top k), mean rank, 5-95 % ranks, confidence; by mean rank."""
        frame = pd.DataFrame(
            {
                "p_first": self.acceptability[1],
                "p_top_k": self.top_k_probability,
                "mean_rank": self.mean_rank,
                "rank_5": self.rank_interval["rank_5"],
                "rank_95": self.rank_interval["rank_95"],
                "confidence": self.confidence,
            }
        )
        return frame.sort_values("mean_rank", kind="stable")

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready plain data; acceptability as a list per technology (rank 1 first)."""
        return {
            "method": self.method,
            "params": plain(dict(self.params)),
            "seed": self.seed,
            "draws": self.draws,
            "evaluated": self.evaluated,
            "top_k": self.top_k,
            "weight_model": plain(self.weight_model),
            "bootstrap": plain(self.bootstrap),
            "skipped_resamples": self.skipped_resamples,
            "failed_draws": self.failed_draws,
            "failure": None
            if self.failure is None
            else {"code": self.failure.code, "message": self.failure.text()},
            "tied_draws": self.tied_draws,
            "technologies": [
                {
                    "technology": tech,
                    "acceptability": plain(self.acceptability.loc[tech].to_numpy()),
                    "p_top_k": plain(self.top_k_probability[tech]),
                    "mean_rank": plain(self.mean_rank[tech]),
                    "rank_5": plain(self.rank_interval.loc[tech, "rank_5"]),
                    "rank_95": plain(self.rank_interval.loc[tech, "rank_95"]),
                    "central_weights": plain(self.central_weights.loc[tech]),
                    "confidence": plain(self.confidence[tech]),
                }
                for tech in self.technologies
            ],
        }


def summarise(
    tally: RankTally,
    *,
    confidence: FloatArray,
    technologies: tuple[str, ...],
    criteria: tuple[str, ...],
    weighted: npt.NDArray[np.bool_],
    info: Mapping[str, Any],
) -> MonteCarloResult:
    """Turn a finished tally into a :class:`MonteCarloResult`.

    ``weighted`` marks the criteria (of ``criteria``) the tally's weight columns belong to;
    ``info`` carries the run's description (method, params, seed, draws, top_k, weight_model,
    bootstrap, skipped_resamples).
    """
    n = len(technologies)
    evaluated = max(tally.draws, 1)
    index = pd.Index(technologies, name="technology")
    ranks = pd.Index(range(1, n + 1), name="rank")
    share = tally.counts / evaluated
    top_k = int(info["top_k"])
    central = np.zeros((n, len(criteria)))
    central[:, weighted] = tally.central_weights()
    central[tally.first_counts == 0] = np.nan
    return MonteCarloResult(
        method=str(info["method"]),
        technologies=technologies,
        criteria=criteria,
        draws=int(info["draws"]),
        evaluated=tally.draws,
        seed=int(info["seed"]),
        top_k=top_k,
        acceptability=pd.DataFrame(share, index=index, columns=ranks),
        top_k_probability=pd.Series(share[:, :top_k].sum(axis=1), index=index, name="p_top_k"),
        mean_rank=pd.Series(share @ np.arange(1, n + 1), index=index, name="mean_rank"),
        rank_interval=pd.DataFrame(
            {"rank_5": rank_quantile(tally.counts, 5), "rank_95": rank_quantile(tally.counts, 95)},
            index=index,
        ),
        central_weights=pd.DataFrame(
            central, index=index, columns=pd.Index(criteria, name="criterion")
        ),
        confidence=pd.Series(confidence, index=index, name="confidence"),
        tied_draws=tally.tied_draws,
        weight_model=info.get("weight_model"),
        bootstrap=info.get("bootstrap"),
        skipped_resamples=int(info.get("skipped_resamples", 0)),
        params=dict(info.get("params", {})),
        failed_draws=int(info.get("failed_draws", 0)),
        failure=info.get("failure"),
    )
