"""Robustness across methods: which technologies every, some or no method puts in its top k.

A method that cannot rank these inputs (e.g. WPM with a zero score) is listed in ``failed``
with its reason and left out of the counts, rather than stopping the comparison. Top-k sets
follow competition ranks: a tie at rank k keeps every tied technology in the set.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from r57_mcda.errors import MethodError
from r57_mcda.i18n import Message
from r57_mcda.models import CriteriaSet
from r57_mcda.ranking import method_info, rank
from r57_mcda.sensitivity.engine import check_top_k


@dataclass(frozen=True)
class RobustnessResult:
    """Top-k sets per method and how many methods agree on each technology.

    ``top_sets`` maps each method that ran to its top-k technology ids (best first);
    ``counts`` maps every technology to the number of those methods that put it in their top
    k. ``in_all``, ``in_some`` and ``in_none`` partition the technologies (in input order).
    ``failed`` maps each method that could not rank the inputs to the reason, a message.
    """

    top_k: int
    technologies: tuple[str, ...]
    top_sets: Mapping[str, tuple[str, ...]]
    counts: Mapping[str, int]
    in_all: tuple[str, ...]
    in_some: tuple[str, ...]
    in_none: tuple[str, ...]
    failed: Mapping[str, Message]

    def frame(self) -> pd.DataFrame:
        """Technologies x methods (True = in that method's top k) plus the ``methods`` count."""
        frame = pd.DataFrame(
            {m: [t in top for t in self.technologies] for m, top in self.top_sets.items()},
            index=pd.Index(self.technologies, name="technology"),
        )
        frame["methods"] = [self.counts[t] for t in self.technologies]
        return frame

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready plain data."""
        return {
            "top_k": self.top_k,
            "methods": list(self.top_sets),
            "top_sets": {m: list(top) for m, top in self.top_sets.items()},
            "counts": dict(self.counts),
            "in_all": list(self.in_all),
            "in_some": list(self.in_some),
            "in_none": list(self.in_none),
            "failed": {m: str(reason) for m, reason in self.failed.items()},
        }


def top_k_across_methods(
    matrix: pd.DataFrame,
    weights: pd.Series,
    criteria: CriteriaSet,
    *,
    methods: Sequence[str],
    top_k: int = 3,
    params: Mapping[str, Mapping[str, Any]] | None = None,
) -> RobustnessResult:
    """Rank with each method and compare their top-k sets.

    Parameters
    ----------
    matrix, weights, criteria
        As for :func:`r57_mcda.ranking.rank`.
    methods
        Method ids (at least one; each checked to exist).
    top_k
        ``k`` of the top-k sets.
    params
        Parameters per method id (methods not named use their defaults).

    Raises
    ------
    MethodError
        No methods, an unknown method id, or a bad ``top_k``.
    InputError
        Invalid matrix or weights (the same for every method, so raised rather than listed).
    """
    ids = [method_info(m).id for m in dict.fromkeys(methods)]
    if not ids:
        raise MethodError("sens_no_methods")
    k = check_top_k(top_k, len(matrix.index))
    options = dict(params or {})
    top_sets: dict[str, tuple[str, ...]] = {}
    failed: dict[str, Message] = {}
    for method in ids:
        try:
            result = rank(matrix, weights, criteria, method=method, params=options.get(method))
        except MethodError as exc:
            failed[method] = exc.message
            continue
        top_sets[method] = tuple(result.top(k))
    technologies = tuple(str(t) for t in matrix.index)
    counts = {t: sum(t in top for top in top_sets.values()) for t in technologies}
    ran = len(top_sets)
    return RobustnessResult(
        top_k=k,
        technologies=technologies,
        top_sets=top_sets,
        counts=counts,
        in_all=tuple(t for t in technologies if ran and counts[t] == ran),
        in_some=tuple(t for t in technologies if 0 < counts[t] < ran),
        in_none=tuple(t for t in technologies if counts[t] == 0),
        failed=failed,
    )
