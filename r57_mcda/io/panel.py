"""Load a panel's files (technologies, experts, scores, matrices) and validate them together."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TypeAlias, TypeVar

import pandas as pd

from r57_mcda.errors import InputError, Problem, raise_if_errors
from r57_mcda.io.criteria import load_criteria
from r57_mcda.io.duplicates import Listed, duplicate_ids
from r57_mcda.io.matrix import load_matrix
from r57_mcda.io.scores import (
    LONG_COLUMNS,
    WIDE_INFO_COLUMNS,
    _all_scores,
    load_scores,
    load_scores_any,
    load_wide_workbook,
)
from r57_mcda.io.tables import (
    Source,
    Table,
    collect_problems,
    parse_number,
    pick_table,
    read_tables,
    source_name,
    table_cell,
)
from r57_mcda.io.validation import validate_panel
from r57_mcda.models import CriteriaSet, Expert, Panel, Technology

__all__ = [
    "DERIVED",
    "LONG_COLUMNS",
    "WIDE_INFO_COLUMNS",
    "Named",
    "load_experts",
    "load_matrix",
    "load_panel",
    "load_scores",
    "load_scores_any",
    "load_technologies",
    "load_wide_workbook",
]


Named: TypeAlias = Source | tuple[Source, str]


"""A source, or a ``(source, name)`` pair whose name is shown in problems (e.g. an upload)."""


#: The source name of technologies or experts taken from the ids in the scores.
DERIVED = "(derived from the scores)"


_T = TypeVar("_T")


def load_technologies(source: Source, *, name: str | None = None) -> tuple[Technology, ...]:
    """Load ``technologies.csv``/XLSX: ``id`` required; ``name`` defaults to the id; ``budget``
    a number or blank; ``group_name``/``group_name_vi`` optionally label the ``group``.

    Raises
    ------
    InputError
        Missing ``id`` column or ids, duplicate ids, non-numeric or negative budgets, no rows.
    """
    items, problems = _technologies(pick_table(read_tables(source, name=name), ("id",)))
    raise_if_errors(problems)
    return items


def load_experts(source: Source, *, name: str | None = None) -> tuple[Expert, ...]:
    """Load ``experts.csv``/XLSX: ``id`` required; ``name`` defaults to the id;
    ``group_name``/``group_name_vi`` optionally label the stakeholder ``group``.

    Raises
    ------
    InputError
        Missing ``id`` column or ids, duplicate ids, no rows.
    """
    items, problems = _experts(pick_table(read_tables(source, name=name), ("id",)))
    raise_if_errors(problems)
    return items


def load_panel(
    *,
    scores: Named | list[Named],
    criteria: CriteriaSet | Named,
    technologies: Named | None = None,
    experts: Named | None = None,
    quorum: int = 3,
    coverage: bool = True,
) -> tuple[Panel, tuple[Problem, ...]]:
    """Load and validate everything a panel produced.

    Each argument is a source or a ``(source, name)`` pair; several score files are passed
    as a list (a tuple is always one pair). Without a technologies or experts file, they
    are the ids found in the scores, in order of appearance.

    Returns
    -------
    (Panel, warnings)
        The panel, and the warnings (e.g. cells scored by fewer experts than ``quorum``).
        With ``coverage=False`` the rows are checked but not whether the panel as a whole can
        be ranked (see :func:`~r57_mcda.io.validation.validate_panel`).

    Raises
    ------
    InputError
        One error with every problem of every file (warnings included).
    """
    problems: list[Problem] = []
    if isinstance(criteria, CriteriaSet):
        criteria_set: CriteriaSet | None = criteria
    else:
        source, name = _split(criteria)
        criteria_set = collect_problems(problems, partial(load_criteria, source, name=name))
    items = scores if isinstance(scores, list) else [scores]
    pairs = [_split(item) for item in items]
    score_frame, found = _all_scores([(src, source_name(src, nm)) for src, nm in pairs])
    problems += found
    sources = {
        "criteria": criteria_set.source if criteria_set else "",
        "scores": ", ".join(source_name(src, nm) for src, nm in pairs),
        "technologies": DERIVED,
        "experts": DERIVED,
    }
    if technologies is None:
        techs: tuple[Technology, ...] | None = tuple(
            Technology(t, t) for t in _ids_in(score_frame, "technology")
        )
    else:
        sources["technologies"] = source_name(*_split(technologies))
        techs = _reference(technologies, ("id",), _technologies, problems)
    if experts is None:
        panel_experts: tuple[Expert, ...] | None = tuple(
            Expert(e, e) for e in _ids_in(score_frame, "expert")
        )
    else:
        sources["experts"] = source_name(*_split(experts))
        panel_experts = _reference(experts, ("id",), _experts, problems)
    if criteria_set is None or techs is None or panel_experts is None:
        raise InputError(problems)
    problems += validate_panel(
        criteria_set,
        techs,
        panel_experts,
        score_frame,
        quorum=quorum,
        sources=sources,
        coverage=coverage,
    )
    raise_if_errors(problems)
    panel = Panel(criteria_set, techs, panel_experts, score_frame, dict(sources))
    return panel, tuple(p for p in problems if p.severity == "warning")


def _split(item: Named) -> tuple[Source, str | None]:
    return (item[0], item[1]) if isinstance(item, tuple) else (item, None)


def _reference(
    item: Named,
    required: tuple[str, ...],
    parse: Callable[[Table], tuple[tuple[_T, ...], list[Problem]]],
    problems: list[Problem],
) -> tuple[_T, ...] | None:
    source, name = _split(item)
    tables = collect_problems(problems, partial(read_tables, source, name=name))
    if tables is None:
        return None
    items, found = parse(pick_table(tables, required))
    problems.extend(found)
    return items


def _ids_in(frame: pd.DataFrame, column: str) -> list[str]:
    return [str(v) for v in pd.unique(frame[column]) if v]


#: Message ids of a reference list: (no rows, an id missing), by what the list holds.
_REFERENCE_CODES: dict[str, tuple[str, str]] = {
    "technology": ("input_no_technology_rows", "input_technology_id_missing"),
    "expert": ("input_no_expert_rows", "input_expert_id_missing"),
}


def _reference_rows(table: Table, what: Listed) -> tuple[list[int], list[Problem]]:
    """Rows with an id, first occurrence only, and the problems of the id column."""
    problems = table.missing_columns(["id"])
    if problems:
        return [], problems
    ids = [str(v) for v in table.frame["id"]]
    no_rows, id_missing = _REFERENCE_CODES[what]
    if not ids:
        return [], [table.problem(no_rows)]
    problems += [table.problem(id_missing, i=i, column="id") for i, v in enumerate(ids) if not v]
    rows = [table.row_number(i) for i in range(len(ids))]
    problems += duplicate_ids(ids, what=what, file=table.file, sheet=table.sheet, rows=rows)
    first = {v: i for i, v in reversed(list(enumerate(ids))) if v}
    return sorted(first.values()), problems


def _technologies(table: Table) -> tuple[tuple[Technology, ...], list[Problem]]:
    keep, problems = _reference_rows(table, "technology")
    items = []
    for i in keep:
        budget_text = table_cell(table, i, "budget")
        budget = parse_number(budget_text, decimal_comma=table.decimal_comma)
        if budget_text and (budget is None or budget < 0):
            problem = table.problem("input_budget_invalid", i=i, column="budget", value=budget_text)
            problems.append(problem)
        tid = table_cell(table, i, "id")
        items.append(
            Technology(
                id=tid,
                name=table_cell(table, i, "name") or tid,
                name_vi=table_cell(table, i, "name_vi"),
                group=table_cell(table, i, "group"),
                description=table_cell(table, i, "description"),
                budget=budget,
                group_name=table_cell(table, i, "group_name"),
                group_name_vi=table_cell(table, i, "group_name_vi"),
            )
        )
    return tuple(items), problems


def _experts(table: Table) -> tuple[tuple[Expert, ...], list[Problem]]:
    keep, problems = _reference_rows(table, "expert")
    items = []
    for i in keep:
        eid = table_cell(table, i, "id")
        items.append(
            Expert(
                eid,
                table_cell(table, i, "name") or eid,
                table_cell(table, i, "group"),
                group_name=table_cell(table, i, "group_name"),
                group_name_vi=table_cell(table, i, "group_name_vi"),
            )
        )
    return tuple(items), problems
