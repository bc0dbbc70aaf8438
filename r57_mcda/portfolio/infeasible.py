"""Why no portfolio meets every constraint: the constraints that, relaxed, make it feasible.

Each constraint (each must and must-not, requirement, exclusion set, group minimum, maximum
and share, resource, the budget) is relaxed alone; those whose relaxation makes the problem
feasible explain it. When none does, pairs are tried (if there are at most
:data:`PAIR_LIMIT` constraints); when no pair does either, whole families (every constraint of
one kind) are relaxed, and the families involved are reported.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from itertools import combinations
from typing import Any

import numpy as np

from r57_mcda.i18n import Message, msg
from r57_mcda.i18n.phrases import Phrases
from r57_mcda.portfolio.model import (
    Constraint,
    ConstraintKind,
    build_model,
    constraint_list,
    solve,
)
from r57_mcda.portfolio.problem import PortfolioProblem

#: Pairs of constraints are tried only up to this many constraints (at most 435 solves).
PAIR_LIMIT = 30


@dataclass(frozen=True)
class Infeasibility:
    """The explanation of an infeasible problem.

    ``singles``: each of these alone, relaxed, makes the problem feasible. ``pairs``: tried when
    no single constraint explains it. ``families``: when neither does, the kinds of constraint
    whose relaxation (all of that kind) makes it feasible, else every kind in the problem.
    """

    singles: tuple[Constraint, ...]
    pairs: tuple[tuple[Constraint, Constraint], ...] = ()
    families: tuple[ConstraintKind, ...] = ()

    def message(self) -> Message:
        """The explanation in words (both languages)."""
        if self.singles:
            items = Phrases.of([c.message() for c in self.singles])
            return msg("pf_infeasible_single", n=len(self.singles), constraints=items)
        if self.pairs:
            pairs = Phrases.of(
                [
                    msg("pf_infeasible_pair_item", a=a.message(), b=b.message())
                    for a, b in self.pairs
                ]
            )
            return msg("pf_infeasible_pair", n=len(self.pairs), pairs=pairs)
        kinds = Phrases.of([msg(f"pf_family_{k}") for k in self.families], separator=", ")
        return msg("pf_infeasible_families", families=kinds)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: single, pairs, families (keys and kinds) and the message in en and vi."""
        message = self.message()
        return {
            "single": [c.key for c in self.singles],
            "pairs": [[a.key, b.key] for a, b in self.pairs],
            "families": list(self.families),
            "message": message.text("en"),
            "message_vi": message.text("vi"),
        }


def _feasible(problem: PortfolioProblem, relaxed: Collection[str]) -> bool:
    model = build_model(problem, relaxed=relaxed)
    return solve(model, np.zeros(model.n)) is not None


def explain_infeasible(problem: PortfolioProblem) -> Infeasibility:
    """Explain why ``problem`` has no feasible portfolio (see the module docstring).

    Raises
    ------
    MethodError
        A solver failure.
    """
    items = constraint_list(problem)
    singles = tuple(c for c in items if _feasible(problem, {c.key}))
    if singles:
        return Infeasibility(singles)
    if len(items) <= PAIR_LIMIT:
        pairs = tuple(
            (a, b) for a, b in combinations(items, 2) if _feasible(problem, {a.key, b.key})
        )
        if pairs:
            return Infeasibility((), pairs)
    kinds = tuple(dict.fromkeys(c.kind for c in items))
    families = tuple(k for k in kinds if _feasible(problem, {c.key for c in items if c.kind == k}))
    return Infeasibility((), (), families or kinds)
