"""Read a portfolio's constraints (TOML) and the technologies' cost and resource columns.

The constraints file (every key optional)::

    budget = 40000                      # the command line's budget wins
    must = ["ai_digital_twin"]          # funded whatever happens
    must_not = ["blockchain"]           # never funded
    excludes = [["5g_6g", "satellite"]] # each list: at most one of them

    [requires]                          # funded only together with each listed technology
    quantum = ["semiconductors"]

    [groups.digital]                    # a group of the technologies' group column
    min = 1                             # at least this many funded
    max = 3                             # at most this many
    max_share = 0.4                     # at most this share of the budget, in (0, 1]

    [resources.staff]                   # a numeric column of the technologies
    limit = 120

    [partial.biotech]                   # may be funded in part, at least this share
    min_share = 0.5

Every problem is collected, located by its key path (``groups.digital.max_share``), and raised
together, as the other readers do.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace
from typing import Any, cast

import pandas as pd

from r57_mcda.errors import InputError, Problem, raise_if_errors
from r57_mcda.i18n.phrases import shown
from r57_mcda.io.tables import (
    Source,
    decode_text,
    parse_number,
    pick_table,
    read_bytes,
    read_tables,
    source_name,
    table_cell,
)
from r57_mcda.portfolio.problem import Constraints, GroupLimit, check_constraints

__all__ = ["load_portfolio_constraints", "load_technology_columns"]

_TOP_KEYS = ("budget", "must", "must_not", "requires", "excludes", "groups", "resources", "partial")
_GROUP_KEYS = ("min", "max", "max_share")
_TOML_LINE = re.compile(r"at line (\d+)")


class _Reader:
    """Collects the problems of one file, each located by key path."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def add(self, code: str, key: str, **params: object) -> None:
        self.problems.append(Problem(code, self.file, column=key, params={"key": key, **params}))

    def keys(self, table: Mapping[str, Any], known: Sequence[str], path: str) -> None:
        for key in table:
            if key not in known:
                where = f"{path}.{key}" if path else key
                self.add("pf_unknown_key", where, known=", ".join(known))

    def table(self, value: object, key: str) -> dict[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.add("pf_not_a_table", key)
            return {}
        return value

    def ids(self, value: object, key: str) -> tuple[str, ...]:
        """A list of technology ids (one id alone is taken as a list of one)."""
        if value is None:
            return ()
        if isinstance(value, str):
            return (value,)
        if not isinstance(value, list):
            self.add("pf_not_a_list", key)
            return ()
        found = []
        for k, item in enumerate(value, 1):
            if isinstance(item, str):
                found.append(item)
            else:
                self.add("pf_not_an_id", f"{key}[{k}]", value=shown(item))
        return tuple(found)

    def number(self, value: object, key: str) -> float | None:
        """A number (None, with a problem, if it is something else)."""
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.add("pf_not_a_number", key, value=shown(value))
            return None
        return float(value)

    def entry(self, table: dict[str, Any], name: str, key: str) -> object:
        """The value of a required key of a sub-table (None, with a problem, if absent)."""
        if name not in table:
            self.add("pf_key_missing", f"{key}.{name}")
        return table.get(name)


def load_portfolio_constraints(
    source: Source,
    *,
    technologies: Sequence[str],
    groups: Collection[str],
    resources: Collection[str] = (),
    name: str | None = None,
) -> Constraints:
    """Read a constraints file (TOML, see the module docstring) and check it against the data.

    Parameters
    ----------
    source
        Path, bytes or binary file object.
    technologies
        The candidates' ids.
    groups
        The groups of the technologies' group column.
    resources
        The technologies' numeric columns a resource may name.
    name
        Name shown in problems.

    Raises
    ------
    InputError
        Every problem at once, each with the file and the key path: invalid TOML, an unknown
        key, a value of the wrong kind, an unknown technology, group or resource, a count that
        is not a whole number, a minimum above the maximum, a share outside (0, 1], a
        negative limit, a technology both required and refused.
    """
    file = source_name(source, name)
    text = decode_text(read_bytes(source, name=name), file=file)
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = _TOML_LINE.search(str(exc))
        row = int(line.group(1)) if line else None
        problem = Problem("pf_invalid_toml", file, None, row, params={"reason": str(exc)})
        raise InputError(problem) from exc
    read = _Reader(file)
    read.keys(document, _TOP_KEYS, "")
    requires = []
    for tech, needed in read.table(document.get("requires"), "requires").items():
        requires += [(tech, other) for other in read.ids(needed, f"requires.{tech}")]
    excludes = document.get("excludes", [])
    if not isinstance(excludes, list):
        read.add("pf_not_a_list", "excludes")
        excludes = []
    limits: dict[str, GroupLimit] = {}
    for group, raw in read.table(document.get("groups"), "groups").items():
        values = read.table(raw, f"groups.{group}")
        read.keys(values, _GROUP_KEYS, f"groups.{group}")
        limits[group] = GroupLimit(
            min=cast(int, values.get("min", 0)),
            max=cast("int | None", values.get("max")),
            max_share=cast("float | None", values.get("max_share")),
        )
    amounts: dict[str, float | None] = {}
    for resource, raw in read.table(document.get("resources"), "resources").items():
        values = read.table(raw, f"resources.{resource}")
        read.keys(values, ("limit",), f"resources.{resource}")
        if isinstance(raw, dict):
            limit = read.entry(values, "limit", f"resources.{resource}")
            amounts[resource] = read.number(limit, f"resources.{resource}.limit")
    shares: dict[str, float] = {}
    for tech, raw in read.table(document.get("partial"), "partial").items():
        values = read.table(raw, f"partial.{tech}")
        read.keys(values, ("min_share",), f"partial.{tech}")
        if isinstance(raw, dict):
            shares[tech] = cast(float, read.entry(values, "min_share", f"partial.{tech}"))
    constraints = Constraints(
        budget=read.number(document.get("budget"), "budget"),
        must=read.ids(document.get("must"), "must"),
        must_not=read.ids(document.get("must_not"), "must_not"),
        requires=tuple(requires),
        excludes=tuple(read.ids(s, f"excludes[{k}]") for k, s in enumerate(excludes, 1)),
        groups=limits,
        resources={r: v for r, v in amounts.items() if v is not None},  # None: reported
        partial={t: v for t, v in shares.items() if v is not None},
    )
    found = check_constraints(
        constraints, technologies=technologies, groups=groups, resources=resources
    )
    read.problems += [replace(p, file=file) for p in found]
    raise_if_errors(read.problems)
    return constraints


def load_technology_columns(
    source: Source, columns: Sequence[str], *, name: str | None = None
) -> pd.DataFrame:
    """Numeric columns of ``technologies.csv``/XLSX (a cost column, resource columns).

    Returns
    -------
    pandas.DataFrame
        Indexed by technology id (the first row of an id), one float column per name of
        ``columns``; a blank cell is NaN.

    Raises
    ------
    InputError
        A column (or the ``id`` column) that is absent, or a cell that is not a number of at
        least 0, every one located.
    """
    table = pick_table(read_tables(source, name=name), ("id", *columns))
    problems = [
        Problem("pf_column_missing", table.file, table.sheet, None, c, params={"column": c})
        for c in ("id", *columns)
        if c not in table.frame.columns
    ]
    raise_if_errors(problems)
    ids = [table_cell(table, i, "id") for i in range(len(table.frame))]
    first = {tid: i for i, tid in reversed(list(enumerate(ids))) if tid}
    rows = sorted(first.values())
    data: dict[str, list[float]] = {c: [] for c in columns}
    for i in rows:
        for column in columns:
            text = table_cell(table, i, column)
            number = parse_number(text, decimal_comma=table.decimal_comma)
            if text and (number is None or not math.isfinite(number) or number < 0):
                problems.append(
                    table.problem("pf_cell_invalid", i=i, column=column, value=text, id=ids[i])
                )
            data[column].append(math.nan if number is None else number)
    raise_if_errors(problems)
    index = pd.Index([ids[i] for i in rows], name="technology")
    return pd.DataFrame(data, index=index, dtype=float)
