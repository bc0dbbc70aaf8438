"""Criteria weights: direct, equal, rank-based, objective, two-level and AHP, with provenance.

Every function returns :class:`~r57_mcda.models.Weights`: non-negative values indexed by
criterion id in the criteria set's order, summing to 1, and JSON-ready ``details`` saying how
they were obtained. Inputs are validated first; an :class:`~r57_mcda.errors.InputError` lists
every problem found.

Two-level weights (criteria with a ``group``): the top level holds the groups **and the
criteria without a group**, each ungrouped criterion standing for itself; a criterion's weight is
its group's weight times its weight within the group (an ungrouped criterion: its top-level
weight). Each level is normalised on its own.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any, Literal, TypeAlias

import pandas as pd

from r57_mcda.errors import InputError, MethodError, Problem
from r57_mcda.models import CriteriaSet, Weights
from r57_mcda.weighting.ahp import AHPResult, ahp_priorities, combine_judgments, member_names

RankMethod = Literal["roc", "rs", "rr"]
ObjectiveMethod = Literal["entropy", "critic"]
RANK_METHODS: tuple[RankMethod, ...] = ("roc", "rs", "rr")
OBJECTIVE_METHODS: tuple[ObjectiveMethod, ...] = ("entropy", "critic")
#: One pairwise matrix, or one per panel member (combined by the geometric mean).
Judgments: TypeAlias = pd.DataFrame | Sequence[pd.DataFrame]
WeightInput: TypeAlias = Mapping[str, float] | pd.Series


def _floats(values: pd.Series | Mapping[str, float]) -> dict[str, float]:
    return {str(k): float(v) for k, v in dict(values).items()}


def _result(
    values: Mapping[str, float], criteria: CriteriaSet, method: str, **details: Any
) -> Weights:
    series = pd.Series([float(values[c]) for c in criteria.ids], index=criteria.ids, name="weight")
    return Weights(values=series, method=method, details={"method": method, **details})


def _require_criteria(criteria: CriteriaSet) -> None:
    if len(criteria) == 0:
        raise InputError("the criteria set has no criteria")


def _normalise(
    values: WeightInput, expected: Sequence[str], *, what: str
) -> tuple[dict[str, float], dict[str, float], list[Problem]]:
    """Validate non-negative weights keyed exactly by ``expected``; return them raw and summing 1.

    ``what`` names the input in messages ("weight", "group weight", ...).
    """
    problems: list[Problem] = []
    raw: dict[str, float] = {}
    items = [(str(k), v) for k, v in values.items()]
    keys = [k for k, _ in items]
    unknown = [k for k in keys if k not in expected]
    if unknown:
        problems.append(Problem(f"unknown id(s) given a {what}: {', '.join(unknown)}"))
    missing = [k for k in expected if k not in keys]
    if missing:
        problems.append(Problem(f"no {what} given for: {', '.join(missing)}"))
    for k, value in items:
        try:
            x = float(value)
        except (TypeError, ValueError):
            problems.append(Problem(f"{what} of '{k}' is not a number: {value!r}", column=k))
            continue
        if not math.isfinite(x):
            problems.append(Problem(f"{what} of '{k}' must be a finite number, got {x}", column=k))
        elif x < 0:
            problems.append(Problem(f"{what} of '{k}' is negative ({x:g})", column=k))
        else:
            raw[k] = x
    total = sum(raw.get(k, 0.0) for k in expected)
    if not problems and total <= 0:
        problems.append(Problem(f"every {what} is 0: at least one must be positive"))
    normalised = {k: raw[k] / total for k in expected} if not problems else {}
    return raw, normalised, problems


def direct_weights(values: WeightInput, criteria: CriteriaSet) -> Weights:
    """Weights given directly, normalised to sum 1.

    Parameters
    ----------
    values
        A non-negative number per criterion id, on any scale (points, percentages, ...). A 0
        removes the criterion's influence.
    criteria
        The criteria set; every criterion needs a value.

    Raises
    ------
    InputError
        Unknown or missing ids, non-numbers, NaN or infinite values, negative values, all zero.
    """
    _require_criteria(criteria)
    raw, normalised, problems = _normalise(values, criteria.ids, what="weight")
    if problems:
        raise InputError(problems)
    return _result(normalised, criteria, "direct", inputs=raw)


def equal_weights(criteria: CriteriaSet) -> Weights:
    """The same weight ``1/n`` for each of the n criteria."""
    _require_criteria(criteria)
    n = len(criteria)
    return _result(dict.fromkeys(criteria.ids, 1.0 / n), criteria, "equal", n=n)


def rank_position_weights(n: int, method: RankMethod = "roc") -> list[float]:
    """Weights of positions 1..n (best first) from a ranking of n criteria.

    ``roc`` rank-order centroid ``w_k = (1/n) sum_{i=k..n} 1/i``, ``rs`` rank sum
    ``w_k = 2 (n + 1 - k) / (n (n + 1))``, ``rr`` rank reciprocal
    ``w_k = (1/k) / sum_i 1/i`` (Barron & Barrett 1996, "Decision quality using ranked attribute
    weights", Management Science 42(11), 1515-1523; Stillwell, Seaver & Edwards 1981).
    """
    if method == "roc":
        return [sum(1.0 / i for i in range(k, n + 1)) / n for k in range(1, n + 1)]
    if method == "rs":
        return [2.0 * (n + 1 - k) / (n * (n + 1)) for k in range(1, n + 1)]
    if method == "rr":
        harmonic = sum(1.0 / i for i in range(1, n + 1))
        return [(1.0 / k) / harmonic for k in range(1, n + 1)]
    raise MethodError(f"unknown rank weighting '{method}'; use one of {', '.join(RANK_METHODS)}")


def rank_weights(
    order: Sequence[str | Sequence[str]],
    criteria: CriteriaSet,
    *,
    method: RankMethod = "roc",
) -> Weights:
    """Weights from an ordering of the criteria, most important first.

    Parameters
    ----------
    order
        Criterion ids, best first. A nested list holds tied criteria: they occupy consecutive
        positions and share the mean of those positions' weights.
    criteria
        The criteria set; every criterion must appear exactly once.
    method
        ``roc`` (rank-order centroid, default), ``rs`` (rank sum) or ``rr`` (rank reciprocal);
        see :func:`rank_position_weights`.

    Raises
    ------
    InputError
        Unknown, repeated or missing criteria, or an empty tie group.
    MethodError
        An unknown ``method``.
    """
    _require_criteria(criteria)
    if method not in RANK_METHODS:
        raise MethodError(
            f"unknown rank weighting '{method}'; use one of {', '.join(RANK_METHODS)}"
        )
    groups = [[item] if isinstance(item, str) else [str(i) for i in item] for item in order]
    problems: list[Problem] = []
    if any(not g for g in groups):
        problems.append(Problem("the order contains an empty group of tied criteria"))
    flat = [c for g in groups for c in g]
    unknown = [c for c in flat if c not in criteria]
    repeated = sorted({c for c in flat if flat.count(c) > 1})
    missing = [c for c in criteria.ids if c not in flat]
    if unknown:
        problems.append(Problem(f"unknown criteria in the order: {', '.join(unknown)}"))
    if repeated:
        problems.append(Problem(f"criteria listed more than once: {', '.join(repeated)}"))
    if missing:
        problems.append(Problem(f"criteria missing from the order: {', '.join(missing)}"))
    if problems:
        raise InputError(problems)
    base = rank_position_weights(len(flat), method)
    values: dict[str, float] = {}
    positions: dict[str, float] = {}
    start = 0
    for g in groups:
        share = sum(base[start : start + len(g)]) / len(g)
        for c in g:
            values[c] = share
            positions[c] = start + (len(g) + 1) / 2
        start += len(g)
    return _result(
        values,
        criteria,
        "rank",
        rank_method=method,
        order=[g[0] if isinstance(o, str) else g for g, o in zip(groups, order, strict=True)],
        positions=positions,
    )


def objective_weights(
    matrix: pd.DataFrame, criteria: CriteriaSet, *, method: ObjectiveMethod
) -> Weights:
    """Objective weights from the spread of a decision matrix: entropy or CRITIC.

    Parameters
    ----------
    matrix
        Technologies (rows) x criterion ids (columns), finite numbers; entropy also needs
        non-negative values. Columns are matched by id, in any order.
    criteria
        The criteria set (its directions matter for CRITIC).
    method
        ``entropy`` (Shannon entropy of column proportions, direction-free) or ``critic``
        (Diakoulaki et al. 1995, cost criteria reversed). See
        :mod:`r57_mcda.weighting.objective` for the exact conventions.

    Raises
    ------
    InputError
        Missing or unknown columns, fewer than two technologies, non-numeric or missing cells,
        negative cells for entropy.
    MethodError
        An unknown method, or a matrix on which the method is undefined (e.g. no criterion
        varies).
    """
    _require_criteria(criteria)
    if method not in OBJECTIVE_METHODS:
        raise MethodError(
            f"unknown objective weighting '{method}'; use one of {', '.join(OBJECTIVE_METHODS)}"
        )
    frame = _checked_matrix(matrix, criteria, non_negative=method == "entropy")
    from r57_mcda.weighting.objective import constant_columns, critic_weights, entropy_weights

    if method == "entropy":
        values = entropy_weights(frame)
        convention = "Shannon entropy of p_ij = x_ij / sum_i x_ij, log base m; direction-free"
    else:
        values = critic_weights(frame, criteria.directions)
        convention = "min-max scaling toward the ideal (cost reversed), population std, Pearson r"
    return _result(
        _floats(values),
        criteria,
        method,
        convention=convention,
        technologies=[str(t) for t in frame.index],
        constant_criteria=constant_columns(frame),
    )


def _checked_matrix(
    matrix: pd.DataFrame, criteria: CriteriaSet, *, non_negative: bool
) -> pd.DataFrame:
    problems: list[Problem] = []
    cols = [str(c) for c in matrix.columns]
    unknown = [c for c in cols if c not in criteria]
    missing = [c for c in criteria.ids if c not in cols]
    if unknown:
        problems.append(Problem(f"columns that are not criteria: {', '.join(unknown)}"))
    if missing:
        problems.append(Problem(f"no column for criteria: {', '.join(missing)}"))
    if len(matrix) < 2:
        problems.append(Problem("objective weights need at least two technologies"))
    if problems:
        raise InputError(problems)
    frame = matrix.copy()
    frame.columns = cols
    frame = frame[criteria.ids]
    numeric = frame.apply(pd.to_numeric, errors="coerce").astype(float)
    for c in criteria.ids:
        for t, x in numeric[c].items():
            if not math.isfinite(x):
                problems.append(
                    Problem(f"technology '{t}': {frame.at[t, c]!r} is not a number", column=c)
                )
            elif non_negative and x < 0:
                problems.append(
                    Problem(f"technology '{t}': entropy needs values >= 0, got {x:g}", column=c)
                )
    if problems:
        raise InputError(problems)
    return numeric


def _top_level(criteria: CriteriaSet) -> tuple[list[str], dict[str, list[str]]]:
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
        raise InputError(f"group id(s) equal to an ungrouped criterion's id: {', '.join(clashes)}")
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
    _require_criteria(criteria)
    top, members = _top_level(criteria)
    raw_top, top_norm, problems = _normalise(group_weights, top, what="group weight")
    within_norm: dict[str, dict[str, float]] = {}
    within_raw: dict[str, dict[str, float]] = {}
    source: dict[str, str] = {}
    for g in within:
        if g not in members:
            hint = " (an ungrouped criterion: give its weight among the group weights)"
            problems.append(
                Problem(
                    f"within-group weights for '{g}', which is not a group"
                    + (hint if g in criteria else "")
                )
            )
    for g, ids in members.items():
        if g in within:
            raw, norm, found = _normalise(within[g], ids, what=f"weight within '{g}'")
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
    return _result(
        values,
        criteria,
        "hierarchical",
        group_weights=top_norm,
        within=within_norm,
        within_source=source,
        ungrouped=[c.id for c in criteria.criteria if not c.group],
        inputs={"group_weights": raw_top, "within": within_raw},
    )


def _ahp_level(
    judgments: Judgments,
    expected: Sequence[str],
    *,
    what: str,
    member_weights: Sequence[float] | None,
) -> tuple[dict[str, float], dict[str, Any]]:
    """AHP priorities of one level, from one matrix or a panel's matrices."""
    panel = [judgments] if isinstance(judgments, pd.DataFrame) else list(judgments)
    if not panel or not all(isinstance(m, pd.DataFrame) for m in panel):
        raise InputError(f"{what}: expected a pairwise matrix or a list of them")
    single = isinstance(judgments, pd.DataFrame)
    names = member_names(panel)
    members: list[dict[str, Any]] = []
    if single:
        result = ahp_priorities(panel[0])
    else:
        # Combining first reports every member's problems at once.
        combined = combine_judgments(panel, weights=member_weights, names=names)
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
            Problem(f"{what}: the pairwise matrix compares unknown id(s): {', '.join(unknown)}")
        )
    if missing:
        problems.append(Problem(f"{what}: the pairwise matrix leaves out: {', '.join(missing)}"))
    if problems:
        raise InputError(problems)
    details = result.as_dict()
    if not single:
        details.update(
            aggregation="AIJ: element-wise geometric mean of the members' judgments",
            members=members,
            member_weights=None if member_weights is None else [float(w) for w in member_weights],
        )
    return _floats(result.priorities), details


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
    _require_criteria(criteria)
    if level == "criteria":
        if within is not None:
            raise MethodError("'within' applies only to level='groups'")
        priorities, details = _ahp_level(
            matrices, criteria.ids, what="criteria", member_weights=member_weights
        )
        return _result(priorities, criteria, "ahp", level="criteria", **details)
    if level != "groups":
        raise MethodError(f"unknown AHP level '{level}'; use 'criteria' or 'groups'")
    top, members = _top_level(criteria)
    top_priorities, top_details = _ahp_level(
        matrices, top, what="groups", member_weights=member_weights
    )
    within_values: dict[str, WeightInput] = {}
    within_ahp: dict[str, dict[str, Any]] = {}
    for g, given in (within or {}).items():
        if isinstance(given, pd.DataFrame) or (
            isinstance(given, Sequence) and not isinstance(given, str)
        ):
            ids = members.get(g, [])
            within_values[g], within_ahp[g] = _ahp_level(
                given, ids, what=f"within '{g}'", member_weights=member_weights
            )
        else:
            within_values[g] = given
    composed = hierarchical_weights(top_priorities, within_values, criteria)
    consistent = bool(top_details["consistent"]) and all(
        bool(d["consistent"]) for d in within_ahp.values()
    )
    return _result(
        _floats(composed.values),
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
        raise InputError([Problem(f"the AHP judgments have no '{TOP_SCOPE}' matrix")])
    tables = {
        scope: pd.DataFrame.from_dict(dict(rows), orient="index").reindex(columns=list(rows))
        for scope, rows in pairwise.items()
    }
    top = tables.pop(TOP_SCOPE)
    if set(top.index) == set(criteria.ids) and not tables:
        return ahp_weights(top, criteria, level="criteria")
    within: dict[str, Any] = {**declared_within(criteria), **tables}
    return ahp_weights(top, criteria, level="groups", within=within)


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
