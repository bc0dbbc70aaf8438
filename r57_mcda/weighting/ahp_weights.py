"""Criteria weights from AHP judgments, one matrix per level of the criteria hierarchy."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal, TypeAlias

import pandas as pd

from r57_mcda.errors import InputError, MethodError, Problem
from r57_mcda.i18n import Message
from r57_mcda.models import CriteriaSet, Weights
from r57_mcda.weighting.ahp import (
    CR_THRESHOLD,
    AHPResult,
    ahp_priorities,
    combine_judgments,
    member_names,
)
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
    # How messages name each matrix: the file it was read from, else the judge's name.
    files = [str(m.attrs.get("file") or n) for m, n in zip(panel, names, strict=True)]
    members: list[dict[str, Any]] = []
    symmetrised: list[str] = []
    if single:
        result = ahp_priorities(panel[0])
        if result.symmetrised:
            symmetrised = [files[0]]
    else:
        # Combining first reports every member's problems at once.
        combined = combine_judgments(panel, weights=member_weights)
        member_results: list[AHPResult] = [ahp_priorities(m) for m in panel]
        members = [
            {
                "name": n,
                "file": f,
                "cr": r.cr,
                "consistent": r.consistent,
                "symmetrised": r.symmetrised,
            }
            for n, f, r in zip(names, files, member_results, strict=True)
        ]
        symmetrised = [f for f, r in zip(files, member_results, strict=True) if r.symmetrised]
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
    # The matrix's name in messages: its file (a panel's combined matrix: its judges' files).
    details["name"] = " + ".join(files)
    details["symmetrised"] = bool(symmetrised)
    details["symmetrised_matrices"] = symmetrised
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
    for scope, table in tables.items():
        table.attrs["file"] = f"weights.pairwise.{scope}"  # as the spec names it
    top = tables.pop(TOP_SCOPE)
    if set(top.index) == set(criteria.ids) and not tables:
        return ahp_weights(top, criteria, level="criteria")
    within: dict[str, Any] = {**declared_within(criteria), **tables}
    return ahp_weights(top, criteria, level="groups", within=within)


def _levels(details: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The details of every AHP matrix behind a weight result (one, or one per level)."""
    if "cr" in details:
        return [details]
    levels = [details["groups"]] if isinstance(details.get("groups"), Mapping) else []
    return levels + list(dict(details.get("within_ahp") or {}).values())


def _judges(level: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The judges of a panel's level (a panel of one is its combined matrix: none listed)."""
    members = list(level.get("members") or ())
    return members if len(members) > 1 else []


def ahp_warnings(weights: Weights) -> tuple[Problem, ...]:
    """Warnings about the AHP judgments behind ``weights`` (none for other weightings).

    Every matrix whose consistency ratio exceeds :data:`~r57_mcda.weighting.ahp.CR_THRESHOLD`
    (the combined matrix of a panel, and each judge's own) is named with its CR; every matrix
    whose rounded reciprocals (0.333 for 1/3) were made exactly reciprocal is named too.
    """
    if weights.method != "ahp":
        return ()
    problems: list[Problem] = []
    for level in _levels(weights.details):
        name = str(level.get("name", ""))
        if not level.get("consistent", True):
            params = {"matrix": name, "cr": float(level["cr"]), "threshold": CR_THRESHOLD}
            problems.append(Problem("ahp_cr_too_high", severity="warning", params=params))
        for member in _judges(level):
            if not member.get("consistent", True):
                params = {
                    "matrix": str(member.get("file") or member["name"]),
                    "cr": float(member["cr"]),
                    "threshold": CR_THRESHOLD,
                }
                problems.append(Problem("ahp_cr_too_high", severity="warning", params=params))
        for matrix in level.get("symmetrised_matrices") or ():
            problems.append(
                Problem("ahp_symmetrised", severity="warning", params={"matrix": str(matrix)})
            )
    return tuple(problems)


def consistency_rows(weights: Weights) -> list[dict[str, Any]]:
    """One row per AHP matrix behind ``weights``: name, CR, consistent, symmetrised (and one per
    judge of a panel, after the combined matrix); empty for other weightings."""
    if weights.method != "ahp":
        return []
    rows: list[dict[str, Any]] = []
    for level in _levels(weights.details):
        rows.append(
            {
                "matrix": str(level.get("name", "")),
                "cr": float(level["cr"]),
                "consistent": bool(level["consistent"]),
                "symmetrised": bool(level.get("symmetrised", False)),
            }
        )
        for member in _judges(level):
            rows.append(
                {
                    "matrix": str(member.get("file") or member["name"]),
                    "cr": float(member["cr"]),
                    "consistent": bool(member["consistent"]),
                    "symmetrised": bool(member.get("symmetrised", False)),
                }
            )
    return rows
