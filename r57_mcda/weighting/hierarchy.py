"""Two-level weights: groups and the criteria within them, each level normalised on its own."""

from __future__ import annotations

from collections.abc import Mapping

from r57_mcda.errors import InputError, Problem
from r57_mcda.i18n import Message
from r57_mcda.models import CriteriaSet, Weights
from r57_mcda.weighting.direct import (
    WeightInput,
    normalise_weights,
    require_criteria,
    weights_result,
)


def top_level(criteria: CriteriaSet) -> tuple[list[str], dict[str, list[str]]]:
    """Top-level ids (groups by first appearance, ungrouped criteria) and each group's members."""
    top: list[str] = []
    members: dict[str, list[str]] = {}
    for c in criteria.criteria:
        key = c.group or c.id
        if key not in top:
            top.append(key)
        if c.group:
            members.setdefault(c.group, []).append(c.id)
    clashes = [g for g in members if g in criteria and not criteria[g].group]
    if clashes:
        raise InputError(Problem("weights_group_id_clash", params={"ids": ", ".join(clashes)}))
    return top, members


def hierarchical_weights(
    group_weights: WeightInput,
    within: Mapping[str, WeightInput],
    criteria: CriteriaSet,
) -> Weights:
    """Two-level weights: group weight times within-group weight.

    Parameters
    ----------
    group_weights
        A non-negative number per group id and per ungrouped criterion id (which stands for
        itself at the top level); normalised to sum 1.
    within
        Per group id, a non-negative number per member criterion, normalised within the group.
        A group left out gets equal weights within (recorded in ``details["within_source"]``).
        Ungrouped criteria take no entry here.
    criteria
        The criteria set; ``Criterion.group`` defines the groups.

    Raises
    ------
    InputError
        Every problem of either level (unknown/missing ids, invalid or all-zero values).
    """
    require_criteria(criteria)
    top, members = top_level(criteria)
    what = Message("weights_what_group")
    raw_top, top_norm, problems = normalise_weights(group_weights, top, what=what)
    within_norm: dict[str, dict[str, float]] = {}
    within_raw: dict[str, dict[str, float]] = {}
    source: dict[str, str] = {}
    for g in within:
        if g not in members:
            code = "weights_within_ungrouped" if g in criteria else "weights_within_not_group"
            problems.append(Problem(code, params={"group": g}))
    for g, ids in members.items():
        if g in within:
            within_what = Message("weights_what_within", {"group": g})
            raw, norm, found = normalise_weights(within[g], ids, what=within_what)
            problems.extend(found)
            within_raw[g], within_norm[g], source[g] = raw, norm, "given"
        else:
            within_norm[g], source[g] = dict.fromkeys(ids, 1.0 / len(ids)), "equal"
    if problems:
        raise InputError(problems)
    values = {
        c.id: top_norm[c.group] * within_norm[c.group][c.id] if c.group else top_norm[c.id]
        for c in criteria.criteria
    }
    return weights_result(
        values,
        criteria,
        "hierarchical",
        group_weights=top_norm,
        within=within_norm,
        within_source=source,
        ungrouped=[c.id for c in criteria.criteria if not c.group],
        inputs={"group_weights": raw_top, "within": within_raw},
    )


def declared_within(criteria: CriteriaSet) -> dict[str, dict[str, float]]:
    """Each group's criteria with their declared weights (equal when none are declared).

    The within-group weights a group-level AHP uses when no matrix compares a group's criteria:
    the criteria set's own proportions inside the group.
    """
    declared = criteria.default_weights()
    within: dict[str, dict[str, float]] = {}
    for c in criteria.criteria:
        if c.group:
            within.setdefault(c.group, {})[c.id] = float(declared[c.id])
    return within
