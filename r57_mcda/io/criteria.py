"""Load criteria sets from TOML or a CSV/XLSX table, validated all at once, and write TOML."""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeAlias, cast

import tomli_w

from r57_mcda.errors import CriteriaError, InputError, Problem
from r57_mcda.io.tables import (
    UNNAMED,
    Source,
    Table,
    decode_text,
    format_number,
    parse_number,
    pick_table,
    read_bytes,
    read_tables,
    source_name,
)
from r57_mcda.models import DIRECTIONS, CriteriaGroup, CriteriaSet, Criterion, Direction

__all__ = ["criteria_to_toml", "load_criteria"]

_SNAKE = re.compile(r"[a-z][a-z0-9_]*")
_TOML_HINT = re.compile(r"^\s*\[\[?\s*(criteria|criteria_set|groups)\s*\]", re.MULTILINE)
_TOML_LINE = re.compile(r"at line (\d+)")
_TABLE_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm")
_OPTIONAL_TEXT = ("name_vi", "description", "description_vi")
_TABLE_COLUMNS = ("id", "name", "direction")


#: Locates problem ``code`` at ``key`` of an entry: ``locate(code, key, **params)``.
_Locate: TypeAlias = Callable[..., Problem]


@dataclass(frozen=True)
class _Entry:
    """One raw ``[[criteria]]`` entry or table row, and how to locate a problem in it.

    ``entry`` is the TOML entry's path ("criteria[3]"), or "" for a table row, whose
    ``row`` (spreadsheet row number) then points at it.
    """

    values: Mapping[str, object]
    entry: str
    row: int | None
    locate: _Locate


def load_criteria(source: Source, *, name: str | None = None) -> CriteriaSet:
    """Load a criteria set from TOML or from a CSV/XLSX table.

    A table has the ``[[criteria]]`` keys as columns (``scale_min``/``scale_max`` for
    ``scale``); the set's id and name are then the file name without extension. Unknown keys
    and columns are ignored.

    Parameters
    ----------
    source
        Path, bytes or binary file object.
    name
        Name shown in problems and used to tell the format (by extension).

    Raises
    ------
    CriteriaError
        With every problem found: ids missing, duplicated or not snake_case; names missing;
        directions other than ``benefit``/``cost``; scales that are not two increasing numbers;
        weights negative, not finite, non-numeric, all zero or given for only some criteria;
        groups that are not declared.
    """
    try:
        return _load(source, name)
    except CriteriaError:
        raise
    except InputError as exc:
        # An unreadable criteria file is a criteria error for callers that catch those.
        raise CriteriaError(exc.problems) from exc


def _load(source: Source, name: str | None) -> CriteriaSet:
    file = source_name(source, name)
    data = read_bytes(source, name=name)
    suffix = Path(file).suffix.lower()
    is_toml = suffix == ".toml"
    if not is_toml and suffix not in _TABLE_SUFFIXES and not data.startswith(b"PK"):
        is_toml = bool(_TOML_HINT.search(decode_text(data, file=file)))
    if is_toml:
        return _from_toml(decode_text(data, file=file), file)
    return _from_table(read_tables(data, name=file), file)


def criteria_to_toml(cs: CriteriaSet) -> str:
    """Write a criteria set as TOML that :func:`load_criteria` reads back to an equal set.

    The layout is the one of ``criteria/*.toml``: ``[criteria_set]``, then ``[[groups]]`` and
    ``[[criteria]]`` tables, empty optional keys left out.
    """
    head: dict[str, Any] = {"id": cs.id, "name": cs.name}
    if cs.name_vi:
        head["name_vi"] = cs.name_vi
    blocks = [_toml_block("[criteria_set]", head)]
    for g in cs.groups:
        group = {"id": g.id, "name": g.name} | ({"name_vi": g.name_vi} if g.name_vi else {})
        blocks.append(_toml_block("[[groups]]", group))
    blocks += [_toml_block("[[criteria]]", _criterion_table(c)) for c in cs.criteria]
    return "\n".join(blocks)


def _toml_block(header: str, table: Mapping[str, Any]) -> str:
    return header + "\n" + "".join(f"{key} = {_toml_value(v)}\n" for key, v in table.items())


def _toml_value(value: Any) -> str:
    # tomli_w escapes strings correctly; arrays are kept on one line, as people write them.
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return tomli_w.dumps({"v": value}).removeprefix("v = ").rstrip("\n")


def _criterion_table(c: Criterion) -> dict[str, Any]:
    table: dict[str, Any] = {"id": c.id, "name": c.name}
    table |= {key: getattr(c, key) for key in _OPTIONAL_TEXT if getattr(c, key)}
    table["direction"] = c.direction
    if c.scale is not None:
        table["scale"] = [_toml_number(v) for v in c.scale]
    if c.weight is not None:
        table["weight"] = _toml_number(c.weight)
    if c.group is not None:
        table["group"] = c.group
    return table


def _toml_number(value: float) -> int | float:
    # 5 rather than 5.0 keeps the file as people write it; it reads back as the same float.
    return int(value) if format_number(value).lstrip("-").isdigit() else value


def _from_toml(text: str, file: str) -> CriteriaSet:
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = _TOML_LINE.search(str(exc))
        row = int(line.group(1)) if line else None
        problem = Problem("criteria_invalid_toml", file, None, row, params={"reason": str(exc)})
        raise CriteriaError(problem) from exc
    problems: list[Problem] = []
    head = document.get("criteria_set", {})
    if not isinstance(head, dict):
        problems.append(Problem("criteria_set_not_table", file, column="criteria_set"))
        head = {}
    set_id = _text(head, "id") or _stem(file)
    groups = _toml_groups(document.get("groups"), file, problems)
    raw = document.get("criteria")
    if not isinstance(raw, list) or not all(isinstance(e, dict) for e in raw):
        problems.append(Problem("criteria_no_entries", file, column="criteria"))
        raw = []
    entries = [_toml_entry(cast(dict[str, object], e), n, file) for n, e in enumerate(raw, 1)]
    declared = {g.id for g in groups} if groups else None
    criteria = _validate(entries, declared, file, problems)
    return CriteriaSet(
        id=set_id,
        name=_text(head, "name") or set_id,
        name_vi=_text(head, "name_vi"),
        criteria=criteria,
        groups=groups,
        source=file,
    )


def _toml_entry(values: dict[str, object], n: int, file: str) -> _Entry:
    cid = values.get("id")
    # The entry's TOML path and id, as the file writes them: the same in every language.
    label = f"criteria[{n}]" + (f" (id '{cid}')" if isinstance(cid, str) and cid else "")

    def locate(code: str, key: str, /, **params: object) -> Problem:
        return Problem(code, file, None, None, key, params={"entry": f"{label}: ", **params})

    return _Entry(values, f"criteria[{n}]", None, locate)


def _toml_groups(raw: object, file: str, problems: list[Problem]) -> tuple[CriteriaGroup, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(g, dict) for g in raw):
        problems.append(Problem("criteria_groups_not_list", file, column="groups"))
        return ()
    groups: list[CriteriaGroup] = []
    for n, values in enumerate(raw, 1):
        gid = _text(values, "id")
        if not gid:
            problems.append(
                Problem("criteria_group_id_missing", file, column="id", params={"n": n})
            )
            continue
        if any(g.id == gid for g in groups):
            params = {"n": n, "id": gid}
            problems.append(Problem("criteria_group_id_repeated", file, column="id", params=params))
            continue
        name = _text(values, "name") or gid
        groups.append(CriteriaGroup(gid, name, _text(values, "name_vi")))
    return tuple(groups)


def _from_table(tables: Sequence[Table], file: str) -> CriteriaSet:
    named = [t for t in tables if (t.sheet or "").casefold() == "criteria"]
    table = named[0] if named else pick_table(tables, _TABLE_COLUMNS)
    problems = table.missing_columns(_TABLE_COLUMNS)
    if not problems and table.frame.empty:
        problems.append(table.problem("criteria_table_no_rows"))
    entries = (
        [] if problems else [_table_entry(table, i, problems) for i in range(len(table.frame))]
    )
    criteria = _validate(entries, None, file, problems)
    stem = _stem(file)
    return CriteriaSet(id=stem, name=stem, criteria=criteria, source=file)


def _table_entry(table: Table, i: int, problems: list[Problem]) -> _Entry:
    row = table.frame.iloc[i]
    values: dict[str, object] = {key: text for key, text in row.items() if text}

    def locate(code: str, key: str, /, **params: Any) -> Problem:
        column = "scale_min" if key == "scale" else key
        return table.problem(code, i=i, column=column, entry="", **params)

    for key in ("weight", "scale_min", "scale_max"):
        if key in values:
            number = parse_number(str(values[key]), decimal_comma=table.decimal_comma)
            values[key] = values[key] if number is None else number
    if "scale_min" in values or "scale_max" in values:
        lo, hi = values.pop("scale_min", None), values.pop("scale_max", None)
        if lo is None or hi is None:
            given, absent = ("scale_min", "scale_max") if hi is None else ("scale_max", "scale_min")
            problem = table.problem(
                "criteria_scale_half", i=i, column=absent, given=given, absent=absent
            )
            problems.append(problem)
        else:
            values["scale"] = [lo, hi]
    return _Entry(values, "", table.row_number(i), locate)


def _validate(
    entries: Sequence[_Entry],
    groups: set[str] | None,
    file: str,
    problems: list[Problem],
) -> tuple[Criterion, ...]:
    """Check every entry and the set as a whole; raise CriteriaError with all problems."""
    criteria: list[Criterion] = []
    seen: dict[str, _Entry] = {}
    for entry in entries:
        criterion = _criterion(entry, groups, problems)
        cid = _text(entry.values, "id")
        if cid and cid in seen:
            first = seen[cid]
            if first.row is not None:
                problems.append(
                    entry.locate("criteria_id_repeated_row", "id", id=cid, row=first.row)
                )
            else:
                also = first.entry
                problems.append(entry.locate("criteria_id_repeated", "id", id=cid, also=also))
        seen.setdefault(cid, entry)
        if criterion is not None:
            criteria.append(criterion)
    # Judged on the raw entries, so that an invalid criterion does not hide these.
    given = [_number(e.values["weight"]) for e in entries if "weight" in e.values]
    if given and len(given) < len(entries):
        unweighted = [f"'{_text(e.values, 'id')}'" for e in entries if "weight" not in e.values]
        params = {"ids": ", ".join(unweighted)}
        problems.append(Problem("criteria_weights_partial", file, column="weight", params=params))
    if given and all(w == 0 for w in given):
        problems.append(Problem("criteria_weights_all_zero", file, column="weight"))
    if not entries and not problems:
        problems.append(Problem("criteria_empty", file))
    if problems:
        raise CriteriaError(problems)
    return tuple(criteria)


def _criterion(entry: _Entry, groups: set[str] | None, problems: list[Problem]) -> Criterion | None:
    """Build one criterion, adding its problems; ``None`` when it has any."""
    before = len(problems)
    values, locate = entry.values, entry.locate
    for key in ("id", "name", "direction", "group", *_OPTIONAL_TEXT):
        if key in values and not isinstance(values[key], str):
            problems.append(locate("criteria_not_text", key, key=key, value=repr(values[key])))
    cid = _text(values, "id")
    if not cid:
        problems.append(locate("criteria_id_missing", "id"))
    elif not _SNAKE.fullmatch(cid):
        problems.append(locate("criteria_id_not_snake_case", "id", id=cid))
    name = _text(values, "name")
    if not name:
        problems.append(locate("criteria_name_missing", "name"))
    direction = _text(values, "direction").lower()
    if direction not in DIRECTIONS:
        if direction:
            value = str(values["direction"])
            problems.append(locate("criteria_direction_invalid", "direction", value=value))
        else:
            problems.append(locate("criteria_direction_missing", "direction"))
    scale = _scale(values.get("scale"), locate, problems)
    weight = _number(values.get("weight"))
    if "weight" in values and (weight is None or weight < 0):
        value = repr(values["weight"])
        problems.append(locate("criteria_weight_invalid", "weight", value=value))
    group = _text(values, "group") or None
    if group is not None and groups is not None and group not in groups:
        declared = ", ".join(sorted(groups))
        params = {"group": group, "declared": declared}
        problems.append(locate("criteria_group_undeclared", "group", **params))
    if len(problems) > before:
        return None
    return Criterion(
        id=cid,
        name=name,
        direction=cast(Direction, direction),
        name_vi=_text(values, "name_vi"),
        description=_text(values, "description"),
        description_vi=_text(values, "description_vi"),
        scale=scale,
        weight=weight,
        group=group,
    )


def _scale(raw: object, locate: _Locate, problems: list[Problem]) -> tuple[float, float] | None:
    if raw is None:
        return None
    bounds = [_number(v) for v in raw] if isinstance(raw, list) else []
    if len(bounds) != 2 or bounds[0] is None or bounds[1] is None or bounds[0] >= bounds[1]:
        problems.append(locate("criteria_scale_invalid", "scale", value=repr(raw)))
        return None
    return (bounds[0], bounds[1])


def _number(value: object) -> float | None:
    """A finite float from an int or float (not a bool or text), else ``None``."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _text(values: Mapping[str, object], key: str) -> str:
    value = values.get(key)
    return value.strip() if isinstance(value, str) else ""


def _stem(file: str) -> str:
    return Path(file).stem if file != UNNAMED else "criteria"
