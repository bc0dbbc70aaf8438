"""Criteria weights from AHP judgments, one matrix per level of the criteria hierarchy."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal, TypeAlias

import pandas as pd

from r57_mcda.errors import InputError, MethodError, Problem
from r57_mcda.i18n import Message
from r57_mcda.models import CriteriaSet, Weights
from r57_mcda.weighting.ahp import AHPResult, ahp_priorities, combine_judgments, member_names
from r57_mcda.weighting.direct import WeightInput, as_floats, require_criteria, weights_result
from r57_mcda.weighting.hierarchy import declared_within, hierarchical_weights, top_level

#: One pairwise matrix, or one per panel member (combined by the geometric mean).
Judgments: TypeAlias = pd.DataFrame | Sequence[pd.DataFrame]


def _ahp_level(
    judgments: Judgments,
    expected: Sequence[str],
    *,
    what: Message,
    member_weights: Sequence[float] | None,
) -> tuple[dict[str, float], dict[str, Any]]:
    """AHP priorities of one level, from one matrix or a panel's matrices.

    ``what`` names the level in messages: one of the ``ahp_scope_*`` phrases.
    """
    panel = [judgments] if isinstance(judgments, pd.DataFrame) else list(judgments)
    if not panel or not all(isinstance(m, pd.DataFrame) for m in panel):
        raise InputError(Problem("ahp_expected_matrix", params={"scope": what}))
    single = isinstance(judgments, pd.DataFrame)
    names = member_names(panel)
    members: list[dict[str, Any]] = []
    if single:
        result = ahp_priorities(panel[0])
    else:
        # Combining first reports every member's problems at once.
        combined = combine_judgments(panel, weights=member_weights)
        member_results: list[AHPResult] = [ahp_priorities(m) for m in panel]
        members = [
            {"name": n, "cr": r.cr, "consistent": r.consistent}
            for n, r in zip(names, member_results, strict=True)
        ]
        result = ahp_priorities(combined)
    ids = [str(i) for i in result.priorities.index]
    problems: list[Problem] = []
    unknown = [i for i in ids if i not in expected]
    missing = [i for i in expected if i not in ids]
    if unknown:
        problems.append(
            Problem("ahp_unknown_ids", params={"scope": what, "ids": ", ".join(unknown)})
        )
    if missing:
        problems.append(
            Problem("ahp_leaves_out", params={"scope": what, "ids": ", ".join(missing)})
        )
    if problems:
        raise InputError(problems)
    details = result.as_dict()
    if not single:
        details.update(
            aggregation="AIJ: element-wise geometric mean of the members' judgments",
            members=members,
            member_weights=None if member_weights is None else [float(w) for w in member_weights],
        )
    return as_floats(result.priorities), details


def ahp_weights(
    matrices: Judgments,
    criteria: CriteriaSet,
    *,
    level: Literal["criteria", "groups"] = "criteria",
    within: Mapping[str, Judgments | WeightInput] | None = None,
    member_weights: Sequence[float] | None = None,
) -> Weights:
    """AHP weights from a pairwise comparison matrix, or a panel's matrices (AIJ).

    Parameters
    ----------
    matrices
        One pairwise matrix, or one per panel member: combined cell by cell with the geometric
        mean (weighted by ``member_weights`` if given), then the principal eigenvector.
    criteria
        The criteria set.
    level
        ``criteria``: the matrices compare all the criteria. ``groups``: they compare the top
        level (groups and ungrouped criteria, see :func:`hierarchical_weights`) and ``within``
        gives each group's internal weights.
    within
        For ``level="groups"``: per group id, a pairwise matrix (or a panel's matrices) over the
        group's criteria, or direct weights. Groups left out get equal weights within.
    member_weights
        Optional weights of the panel members, in the order of ``matrices`` (and of each
        panel given in ``within``).

    Returns
    -------
    Weights
        ``details`` holds the (combined) matrix, priorities, lambda_max, CI, RI, CR, the
        consistency flag (CR <= 0.10), the RI table's source and, for a panel, each member's CR;
        for ``groups``, the same per level plus the two-level composition.

    Raises
    ------
    InputError
        Invalid matrices (every problem), ids that do not match the criteria or groups.
    MethodError
        An unknown level, ``within`` given with ``level="criteria"``, or more than 15 items
        compared in one matrix.
    """
    require_criteria(criteria)
    if level == "criteria":
        if within is not None:
            raise MethodError("ahp_within_needs_groups")
        priorities, details = _ahp_level(
            matrices,
            criteria.ids,
            what=Message("ahp_scope_criteria"),
            member_weights=member_weights,
        )
        return weights_result(priorities, criteria, "ahp", level="criteria", **details)
    if level != "groups":
        raise MethodError("ahp_unknown_level", level=level)
    top, members = top_level(criteria)
    top_priorities, top_details = _ahp_level(
        matrices, top, what=Message("ahp_scope_groups"), member_weights=member_weights
    )
    within_values: dict[str, WeightInput] = {}
    within_ahp: dict[str, dict[str, Any]] = {}
    for g, given in (within or {}).items():
        if isinstance(given, pd.DataFrame) or (
            isinstance(given, Sequence) and not isinstance(given, str)
        ):
            ids = members.get(g, [])
            within_values[g], within_ahp[g] = _ahp_level(
                given,
                ids,
                what=Message("ahp_scope_within", {"group": g}),
                member_weights=member_weights,
            )
        else:
            within_values[g] = given
    composed = hierarchical_weights(top_priorities, within_values, criteria)
    consistent = bool(top_details["consistent"]) and all(
        bool(d["consistent"]) for d in within_ahp.values()
    )
    return weights_result(
        as_floats(composed.values),
        criteria,
        "ahp",
        level="groups",
        consistent=consistent,
        groups=top_details,
        within_ahp=within_ahp,
        composition={k: v for k, v in composed.details.items() if k != "method"},
    )


#: The scope of :func:`ahp_weights_from_judgments` that compares the top level.
TOP_SCOPE = "top"


def ahp_weights_from_judgments(
    pairwise: Mapping[str, Mapping[str, Mapping[str, float]]], criteria: CriteriaSet
) -> Weights:
    """AHP weights from pairwise matrices written as nested mappings (an AnalysisSpec's form).

    Parameters
    ----------
    pairwise
        ``{scope: {row id: {column id: a_ij}}}``. Scope ``top`` compares either every criterion
        or, in a grouped set, the groups and ungrouped criteria; any other scope is a group id
        comparing that group's criteria (a group left out keeps its declared proportions:
        :func:`declared_within`).
    criteria
        The criteria set.
    """
    if TOP_SCOPE not in pairwise:
        raise InputError(Problem("ahp_no_top_matrix", params={"scope": TOP_SCOPE}))
    tables = {
        scope: pd.DataFrame.from_dict(dict(rows), orient="index").reindex(columns=list(rows))
        for scope, rows in pairwise.items()
    }
    top = tables.pop(TOP_SCOPE)
    if set(top.index) == set(criteria.ids) and not tables:
        return ahp_weights(top, criteria, level="criteria")
    within: dict[str, Any] = {**declared_within(criteria), **tables}
    return ahp_weights(top, criteria, level="groups", within=within)
