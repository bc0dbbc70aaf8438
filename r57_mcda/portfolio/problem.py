"""A portfolio problem: candidates' values and costs, the budget and the constraints, checked.

Every check collects its problems, each located by the key path the constraints file uses
(``groups.ai.max_share``, ``must[2]``) in :attr:`~r57_mcda.errors.Problem.column`, and they are
raised together: :func:`check_constraints` is shared with the TOML reader
(:mod:`r57_mcda.io.portfolio_constraints`), which adds the file's name.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

import pandas as pd

from r57_mcda.errors import InputError, Problem, raise_if_errors
from r57_mcda.i18n.phrases import shown
from r57_mcda.portfolio.values import ValueScale

DEFAULT_COST_COLUMN = "budget"


@dataclass(frozen=True)
class GroupLimit:
    """Limits on one group of technologies.

    ``min``/``max`` count the funded technologies of the group; ``max_share`` caps the group's
    funded cost at that share of the budget, in (0, 1].
    """

    min: int = 0
    max: int | None = None
    max_share: float | None = None


@dataclass(frozen=True)
class Constraints:
    """What the funded set must respect besides the budget's total.

    ``requires`` pairs ``(a, b)`` read "a only with b"; each ``excludes`` set allows at most one
    of its technologies; ``resources`` maps a numeric column of the technologies to its limit;
    ``partial`` maps a technology that may be funded in part to its minimum share, in (0, 1].
    ``budget`` is the file's budget, used when no budget is given explicitly.
    """

    budget: float | None = None
    must: tuple[str, ...] = ()
    must_not: tuple[str, ...] = ()
    requires: tuple[tuple[str, str], ...] = ()
    excludes: tuple[tuple[str, ...], ...] = ()
    groups: Mapping[str, GroupLimit] = field(default_factory=dict)
    resources: Mapping[str, float] = field(default_factory=dict)
    partial: Mapping[str, float] = field(default_factory=dict)

    def with_min_per_group(self, n: int, groups: Iterable[str]) -> Constraints:
        """A copy in which each of ``groups`` funds at least ``n`` technologies (its own minimum
        if larger): the command line's ``--min-per-group``."""
        limits = dict(self.groups)
        for group in dict.fromkeys(groups):
            limit = limits.get(group, GroupLimit())
            limits[group] = replace(limit, min=max(limit.min, int(n)))
        return replace(self, groups=limits)


@dataclass(frozen=True, eq=False)
class PortfolioProblem:
    """A checked problem (see :func:`portfolio_problem`); every Series is indexed by ``ids``.

    ``groups`` holds each technology's group ("" for none); ``usage`` the amount of each
    resource of ``constraints.resources`` a technology uses when fully funded.
    """

    values: pd.Series
    costs: pd.Series
    budget: float
    groups: pd.Series
    usage: pd.DataFrame
    constraints: Constraints
    scale: ValueScale | None = None
    cost_column: str = DEFAULT_COST_COLUMN

    @property
    def ids(self) -> tuple[str, ...]:
        """Technology ids in the problem's order."""
        return tuple(str(i) for i in self.values.index)


def _finite(value: object) -> bool:
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(float(value))
    )


def _count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _share(value: object) -> bool:
    return _finite(value) and 0.0 < float(value) <= 1.0  # type: ignore[arg-type]


def _problem(code: str, key: str, **params: object) -> Problem:
    return Problem(code, column=key, params={"key": key, **params})


def _known(
    ids: Iterable[tuple[str, str]], known: Collection[str], code: str, problems: list[Problem]
) -> None:
    """A problem for every ``(key, id)`` whose id is not in ``known``."""
    problems.extend(_problem(code, key, id=shown(i)) for key, i in ids if i not in known)


def check_constraints(
    constraints: Constraints,
    *,
    technologies: Sequence[str],
    groups: Collection[str],
    resources: Collection[str],
) -> list[Problem]:
    """Every problem of ``constraints`` against the data, located by key path.

    Parameters
    ----------
    constraints
        The constraints to check.
    technologies
        The candidates' ids.
    groups
        The groups the data give the candidates.
    resources
        The numeric columns available as resources.

    Returns
    -------
    list of Problem
        Unknown technologies, groups and resources; a technology both required and refused;
        a technology requiring itself; an exclusion of fewer than two technologies; counts
        that are not whole numbers of at least 0, a minimum above the maximum; shares outside
        (0, 1]; negative or non-finite limits and budget. Empty when all is well.
    """
    known = set(technologies)
    problems: list[Problem] = []
    if constraints.budget is not None and not (
        _finite(constraints.budget) and constraints.budget >= 0
    ):
        problems.append(_problem("pf_budget_invalid", "budget", value=shown(constraints.budget)))
    for name in ("must", "must_not"):
        items = getattr(constraints, name)
        _known(((f"{name}[{k}]", i) for k, i in enumerate(items, 1)), known, _UNKNOWN, problems)
    refused = set(constraints.must_not)
    problems += [
        _problem("pf_must_and_must_not", f"must[{k}]", id=shown(i))
        for k, i in enumerate(constraints.must, 1)
        if i in refused
    ]
    for a, b in constraints.requires:
        key = f"requires.{a}"
        _known(((key, a), (key, b)), known, _UNKNOWN, problems)
        if a == b:
            problems.append(_problem("pf_requires_self", key, id=shown(a)))
    for k, members in enumerate(constraints.excludes, 1):
        key = f"excludes[{k}]"
        _known(((key, i) for i in members), known, _UNKNOWN, problems)
        if len(set(members)) < 2:
            problems.append(_problem("pf_excludes_short", key))
    for group, limit in constraints.groups.items():
        problems += _group_problems(group, limit, groups)
    for resource, value in constraints.resources.items():
        key = f"resources.{resource}"
        _known([(key, resource)], resources, "pf_unknown_resource", problems)
        if not (_finite(value) and value >= 0):
            problems.append(_problem("pf_limit_negative", f"{key}.limit", value=shown(value)))
    for tech, share in constraints.partial.items():
        key = f"partial.{tech}"
        _known([(key, tech)], known, _UNKNOWN, problems)
        if not _share(share):
            problems.append(_problem("pf_share_invalid", f"{key}.min_share", value=shown(share)))
    return problems


_UNKNOWN = "pf_unknown_technology"


def _group_problems(group: str, limit: GroupLimit, groups: Collection[str]) -> list[Problem]:
    key = f"groups.{group}"
    problems: list[Problem] = []
    _known([(key, group)], groups, "pf_unknown_group", problems)
    for name in ("min", "max"):
        value = getattr(limit, name)
        if value is not None and not _count(value):
            problems.append(_problem("pf_count_invalid", f"{key}.{name}", value=shown(value)))
    if _count(limit.min) and _count(limit.max) and limit.max is not None and limit.min > limit.max:
        problems.append(_problem("pf_group_min_max", f"{key}.min", low=limit.min, high=limit.max))
    if limit.max_share is not None and not _share(limit.max_share):
        value = shown(limit.max_share)
        problems.append(_problem("pf_share_invalid", f"{key}.max_share", value=value))
    return problems


def _numbers(
    series: pd.Series, ids: pd.Index, code: str, column: str, problems: list[Problem]
) -> pd.Series:
    """``series`` on ``ids`` as floats; a problem for each missing, non-finite or negative one."""
    values = pd.to_numeric(series.reindex(ids), errors="coerce").astype(float)
    for tech, value in values.items():
        if not (math.isfinite(value) and value >= 0):
            problems.append(
                Problem(code, column=column, params={"id": str(tech), "column": column})
            )
    return values


def portfolio_problem(
    values: pd.Series,
    costs: pd.Series,
    *,
    budget: float | None = None,
    groups: pd.Series | None = None,
    usage: pd.DataFrame | None = None,
    constraints: Constraints | None = None,
    scale: ValueScale | None = None,
    cost_column: str = DEFAULT_COST_COLUMN,
) -> PortfolioProblem:
    """Check a portfolio problem and return it, every problem found raised at once.

    Parameters
    ----------
    values
        Value of each candidate (technology id -> number) on a ratio scale (see
        :mod:`r57_mcda.portfolio.values`); the index is the candidates and their order.
    costs
        Cost of each candidate (>= 0), the ``cost_column`` of the technologies.
    budget
        Total budget; default ``constraints.budget``.
    groups
        Group of each candidate ("" or missing: none).
    usage
        Resource use of each candidate (columns: the resources' columns, >= 0).
    constraints
        Everything else the funded set must respect.
    scale
        The scale ``values`` are on, reported with the results.
    cost_column
        The name of the cost column, for messages and results.

    Raises
    ------
    InputError
        Missing or non-finite values; missing or negative costs or resource use; no budget
        or a negative one; anything :func:`check_constraints` finds.
    """
    constraints = constraints or Constraints()
    ids = pd.Index([str(i) for i in values.index], name="technology")
    if ids.has_duplicates:
        duplicated = sorted(set(ids[ids.duplicated()]))
        raise InputError(Problem("pf_duplicate_ids", params={"ids": ", ".join(duplicated)}))
    problems: list[Problem] = []
    numbers = pd.to_numeric(pd.Series(values.to_numpy(), index=ids), errors="coerce")
    problems += [
        Problem("pf_value_missing", params={"id": str(t)})
        for t, v in numbers.items()
        if not math.isfinite(float(v))
    ]
    cost = _numbers(
        pd.Series(costs.to_numpy(), index=[str(i) for i in costs.index]),
        ids,
        "pf_cost_invalid",
        cost_column,
        problems,
    )
    group = (
        pd.Series("", index=ids, dtype=object)
        if groups is None
        else pd.Series(groups.to_numpy(), index=[str(i) for i in groups.index], dtype=object)
        .reindex(ids)
        .fillna("")
        .astype(str)
    )
    table = (
        pd.DataFrame(index=ids)
        if usage is None
        else usage.set_axis([str(i) for i in usage.index], axis=0)
    )
    resources = [str(c) for c in table.columns]
    used = pd.DataFrame(
        {
            r: _numbers(table[r], ids, "pf_usage_invalid", r, problems)
            for r in resources
            if r in constraints.resources
        },
        index=ids,
    )
    total = constraints.budget if budget is None else budget
    if total is None:
        problems.append(Problem("pf_budget_missing"))
    elif not (_finite(total) and total >= 0):
        problems.append(_problem("pf_budget_invalid", "budget", value=shown(total)))
    problems += check_constraints(
        constraints,
        technologies=list(ids),
        groups={g for g in group if g},
        resources=resources,
    )
    raise_if_errors(problems)
    return PortfolioProblem(
        values=numbers.astype(float).rename("value"),
        costs=cost.rename("cost"),
        budget=float(total),  # type: ignore[arg-type]
        groups=group.rename("group"),
        usage=used,
        constraints=constraints,
        scale=scale,
        cost_column=cost_column,
    )
