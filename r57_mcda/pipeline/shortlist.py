"""The shortlist a reader is shown, and the plain warning when ties make it meaningless.

The shortlist rule is the project's (:func:`r57_mcda.models.top_k`): every technology ranked
``k`` or better, so a tie across the k-th place keeps the whole tie. When ties make the list
longer than ``2 k`` (ELECTRE II once tied 39 of 40 technologies), the list no longer singles
anything out: :func:`degenerate_shortlist` says so and suggests a change of method or
parameters, and :class:`Shortlist` tells a front end where to cut the list (before the tie that
crosses the k-th place) and how many are left out. The report, the app's Ranking page and the
CLI's ranking table all use these two functions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from r57_mcda.i18n import Message
from r57_mcda.i18n.phrases import Phrases
from r57_mcda.models import Ranking

#: Methods suggested instead when ties swamp the shortlist: each gives every technology a
#: score of its own on a continuous scale.
ALTERNATIVE_METHODS: tuple[str, ...] = ("topsis", "promethee2", "wsm")


@dataclass(frozen=True)
class Shortlist:
    """The top ``k`` of a ranking (ties at the k-th place kept) and where ties swamp it.

    Attributes
    ----------
    k
        The shortlist size asked for.
    ids
        Every technology ranked ``k`` or better, best first (:meth:`Ranking.top`).
    total
        How many technologies were ranked.
    boundary_rank
        The rank of the last member of ``ids``: the tie that crosses the k-th place (0 when
        ``ids`` is empty, which never happens for a ranking of at least one technology).
    boundary_tied
        How many technologies share ``boundary_rank``.
    """

    k: int
    ids: tuple[str, ...]
    total: int
    boundary_rank: int
    boundary_tied: int

    @property
    def degenerate(self) -> bool:
        """True when ties make the list longer than twice ``k``."""
        return len(self.ids) > 2 * self.k

    @property
    def shown(self) -> tuple[str, ...]:
        """The list a reader should see: all of ``ids``, or, when degenerate, the technologies
        ranked before the tie at the boundary (possibly none)."""
        if not self.degenerate:
            return self.ids
        return self.ids[: len(self.ids) - self.boundary_tied]

    @property
    def rest(self) -> int:
        """How many members of ``ids`` are left out of :attr:`shown`."""
        return len(self.ids) - len(self.shown)


def shortlist(ranking: Ranking, k: int) -> Shortlist:
    """The shortlist of ``ranking`` for size ``k`` (see :class:`Shortlist`).

    Raises
    ------
    MethodError
        ``k`` is not a whole number of at least 1.
    """
    ids = tuple(ranking.top(k))
    ranks = ranking.ranks
    boundary = int(ranks[ids[-1]]) if ids else 0
    tied = sum(1 for tid in ids if int(ranks[tid]) == boundary)
    return Shortlist(
        k=int(k), ids=ids, total=len(ranks), boundary_rank=boundary, boundary_tied=tied
    )


def degenerate_shortlist(ranking: Ranking, k: int) -> Message | None:
    """A plain warning when ties make the top-``k`` shortlist longer than ``2 k``, else None.

    The message (``rpt_shortlist_degenerate``) gives the list's size, the tie that makes it and
    an advice: for a method whose score is a rank position (ELECTRE II), other thresholds or a
    method with a score of its own; for a method with parameters, other parameter values or
    another method; otherwise another method or a look at the identical scores.

    Raises
    ------
    MethodError
        ``k`` is not a whole number of at least 1.
    """
    from r57_mcda.ranking import method_info

    found = shortlist(ranking, k)
    if not found.degenerate:
        return None
    info = method_info(ranking.method)
    method = info.phrase
    others = Phrases.of(
        (Message(f"method_{m}_name") for m in ALTERNATIVE_METHODS if m != ranking.method),
        separator=", ",
    )
    params = _plain_params(ranking.params)
    if info.ordinal_score:
        advice = Message(
            "rpt_advice_ordinal", {"method": method, "params": params, "others": others}
        )
    elif params.items:
        advice = Message(
            "rpt_advice_params", {"method": method, "params": params, "others": others}
        )
    else:
        advice = Message("rpt_advice_method", {"others": others})
    return Message(
        "rpt_shortlist_degenerate",
        {
            "k": found.k,
            "size": len(found.ids),
            "total": found.total,
            "tied": found.boundary_tied,
            "rank": found.boundary_rank,
            "advice": advice,
        },
    )


def _plain_params(params: Mapping[str, Any]) -> Phrases:
    """``name = value`` for each numeric parameter (the ones a user can move), in order."""
    return Phrases.of(
        (
            Message("rpt_param_value", {"name": name, "value": float(value)})
            for name, value in params.items()
            if isinstance(value, int | float) and not isinstance(value, bool)
        ),
        separator="; ",
    )
