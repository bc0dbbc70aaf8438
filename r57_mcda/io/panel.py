"""Load a panel's files (technologies, experts, scores, matrices) and validate them together."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from functools import partial
from typing import TypeAlias, TypeVar

import pandas as pd

from r57_mcda.errors import InputError, Problem, raise_if_errors
from r57_mcda.io.criteria import load_criteria
from r57_mcda.io.tables import (
    Source,
    Table,
    is_note_sheet,
    parse_number,
    pick_table,
    read_tables,
    source_name,
)
from r57_mcda.io.validation import duplicate_ids, not_a_score, validate_matrix, validate_panel
from r57_mcda.models import SCORE_COLUMNS, CriteriaSet, Expert, Panel, Technology

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

#: Columns that make a sheet a long score table.
LONG_COLUMNS: tuple[str, ...] = ("expert", "technology", "criterion", "score")
#: Descriptive columns of a wide sheet that are not criteria (``comment`` feeds each score row).
WIDE_INFO_COLUMNS = frozenset(
    {"name", "name_vi", "group", "description", "description_vi", "comment"}
)
#: The source name of technologies or experts taken from the ids in the scores.
DERIVED = "(derived from the scores)"

_TEXT_COLUMNS = [c for c in SCORE_COLUMNS if c not in ("score", "confidence", "source_row")]
_NA = frozenset({"NA", "N/A"})
_T = TypeVar("_T")


class _ScoreRows:
    """Accumulates parsed score rows; a row with any problem is reported and left out."""

    def __init__(self) -> None:
        self.data: dict[str, list[object]] = {c: [] for c in SCORE_COLUMNS}
        self.problems: list[Problem] = []

    def add(
        self,
        table: Table,
        i: int,
        ids: tuple[str, str, str],
        score: tuple[str, str],
        *,
        confidence: str = "",
        comment: str = "",
    ) -> None:
        """Add frame row ``i``: ids (expert, technology, criterion), score (text, its column)."""
        before = len(self.problems)
        for column, value in zip(("expert", "technology", "criterion"), ids, strict=True):
            if not value:
                self.problems.append(table.problem(f"{column} is empty", i=i, column=column))
        text, column = score
        parsed = _parse_score(text, decimal_comma=table.decimal_comma)
        if parsed is None:
            self.problems.append(table.problem(not_a_score(text), i=i, column=column))
        certainty = (
            parse_number(confidence, decimal_comma=table.decimal_comma) if confidence else math.nan
        )
        if certainty is None:
            message = f"confidence '{confidence}' is not a number"
            self.problems.append(table.problem(message, i=i, column="confidence"))
        if len(self.problems) > before or parsed is None or certainty is None:
            return
        row = (
            *ids,
            *parsed,
            certainty,
            comment,
            table.file,
            table.sheet or "",
            table.row_number(i),
        )
        for key, cell in zip(SCORE_COLUMNS, row, strict=True):
            self.data[key].append(cell)

    def frame(self) -> pd.DataFrame:
        """The accumulated rows with the dtypes of every score table."""
        return _typed(pd.DataFrame(self.data))


def load_technologies(source: Source, *, name: str | None = None) -> tuple[Technology, ...]:
    """Load ``technologies.csv``/XLSX: ``id`` required; ``name`` defaults to the id; ``budget``
    a number or blank.

    Raises
    ------
    InputError
        Missing ``id`` column or ids, duplicate ids, non-numeric or negative budgets, no rows.
    """
    items, problems = _technologies(pick_table(read_tables(source, name=name), ("id",)))
    raise_if_errors(problems)
    return items


def load_experts(source: Source, *, name: str | None = None) -> tuple[Expert, ...]:
    """Load ``experts.csv``/XLSX: ``id`` required; ``name`` defaults to the id.

    Raises
    ------
    InputError
        Missing ``id`` column or ids, duplicate ids, no rows.
    """
    items, problems = _experts(pick_table(read_tables(source, name=name), ("id",)))
    raise_if_errors(problems)
    return items


def load_scores(source: Source, *, name: str | None = None) -> pd.DataFrame:
    """Load long-form scores (``expert, technology, criterion, score[, confidence, comment]``).

    The sheet is the first one holding those columns. ``score`` is a float, NaN for an
    abstention; ``abstention`` is "" when scored, "blank", "NA" (NA, N/A) or "COI". A
    semicolon-separated CSV may write decimals with a comma ("3,5").

    Returns
    -------
    pandas.DataFrame
        Exactly the columns of :data:`r57_mcda.models.SCORE_COLUMNS`; ``source_sheet`` is ""
        for CSV.

    Raises
    ------
    InputError
        Missing columns, empty ids, non-numeric scores or confidences, no rows.
    """
    frame, problems = _long_scores(pick_table(read_tables(source, name=name), LONG_COLUMNS))
    raise_if_errors(problems)
    return frame


def load_wide_workbook(source: Source, *, name: str | None = None) -> pd.DataFrame:
    """Load a workbook with one sheet per expert (sheet name = expert id) in long form.

    Each sheet has ``technology`` as first column and one column per criterion id; the
    columns in :data:`WIDE_INFO_COLUMNS` are not criteria. Sheets whose name starts with "_"
    and empty sheets are skipped.

    Raises
    ------
    InputError
        As :func:`load_scores`, plus sheets without a ``technology`` first column.
    """
    frame, problems = _wide_scores(read_tables(source, name=name))
    raise_if_errors(problems)
    return frame


def load_scores_any(sources: Sequence[tuple[Source, str]]) -> pd.DataFrame:
    """Load one or several score files, each long or wide, into one long table.

    Raises
    ------
    InputError
        With every problem of every file.
    """
    frame, problems = _all_scores(list(sources))
    raise_if_errors(problems)
    return frame


def load_matrix(
    source: Source, *, name: str | None = None, criteria: CriteriaSet | None = None
) -> pd.DataFrame:
    """Load an aggregated decision matrix: a ``technology`` column and one per criterion id.

    Parameters
    ----------
    source, name
        The file and the name shown in problems.
    criteria
        When given, its criteria are the columns returned (in its order); other columns are
        ignored. When None, every column but ``technology`` is a criterion.

    Returns
    -------
    pandas.DataFrame
        Floats indexed by technology id (index name ``technology``).

    Raises
    ------
    InputError
        Missing columns, empty technology ids, duplicate technologies, empty or non-numeric
        cells: every problem at once.
    """
    table = pick_table(read_tables(source, name=name), ("technology",))
    problems = table.missing_columns(["technology"])
    raise_if_errors(problems)
    frame = table.frame
    keep = [i for i, t in enumerate(frame["technology"]) if t]
    problems += [
        table.problem("technology is empty", i=i, column="technology")
        for i in range(len(frame))
        if i not in set(keep)
    ]
    columns = [c for c in frame.columns if c != "technology"]
    cells = {
        c: [_matrix_cell(frame[c].iat[i], decimal_comma=table.decimal_comma) for i in keep]
        for c in columns
    }
    index = pd.Index([frame["technology"].iat[i] for i in keep], name="technology", dtype="str")
    matrix = pd.DataFrame(cells, index=index, columns=columns, dtype=object)
    rows = [table.row_number(i) for i in keep]
    problems += validate_matrix(matrix, criteria, file=table.file, sheet=table.sheet, rows=rows)
    raise_if_errors(problems)
    return matrix[criteria.ids if criteria is not None else columns].astype(float)


def load_panel(
    *,
    scores: Named | list[Named],
    criteria: CriteriaSet | Named,
    technologies: Named | None = None,
    experts: Named | None = None,
    quorum: int = 3,
) -> tuple[Panel, tuple[Problem, ...]]:
    """Load and validate everything a panel produced.

    Each argument is a source or a ``(source, name)`` pair; several score files are passed
    as a list (a tuple is always one pair). Without a technologies or experts file, they
    are the ids found in the scores, in order of appearance.

    Returns
    -------
    (Panel, warnings)
        The panel, and the warnings (e.g. cells scored by fewer experts than ``quorum``).

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
        criteria_set = _attempt(problems, partial(load_criteria, source, name=name))
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
        criteria_set, techs, panel_experts, score_frame, quorum=quorum, sources=sources
    )
    raise_if_errors(problems)
    panel = Panel(criteria_set, techs, panel_experts, score_frame, dict(sources))
    return panel, tuple(p for p in problems if p.severity == "warning")


def _split(item: Named) -> tuple[Source, str | None]:
    return (item[0], item[1]) if isinstance(item, tuple) else (item, None)


def _attempt(problems: list[Problem], load: Callable[[], _T]) -> _T | None:
    """Run a loader; on InputError keep its problems and return None."""
    try:
        return load()
    except InputError as exc:
        problems.extend(exc.problems)
        return None


def _reference(
    item: Named,
    required: tuple[str, ...],
    parse: Callable[[Table], tuple[tuple[_T, ...], list[Problem]]],
    problems: list[Problem],
) -> tuple[_T, ...] | None:
    source, name = _split(item)
    tables = _attempt(problems, partial(read_tables, source, name=name))
    if tables is None:
        return None
    items, found = parse(pick_table(tables, required))
    problems.extend(found)
    return items


def _ids_in(frame: pd.DataFrame, column: str) -> list[str]:
    return [str(v) for v in pd.unique(frame[column]) if v]


def _reference_rows(table: Table, what: str) -> tuple[list[int], list[Problem]]:
    """Rows with an id, first occurrence only, and the problems of the id column."""
    problems = table.missing_columns(["id"])
    if problems:
        return [], problems
    ids = [str(v) for v in table.frame["id"]]
    if not ids:
        return [], [table.problem(f"no {what} rows: the file has only a header")]
    problems += [
        table.problem(f"{what} id is missing", i=i, column="id") for i, v in enumerate(ids) if not v
    ]
    rows = [table.row_number(i) for i in range(len(ids))]
    problems += duplicate_ids(ids, what=what, file=table.file, sheet=table.sheet, rows=rows)
    first = {v: i for i, v in reversed(list(enumerate(ids))) if v}
    return sorted(first.values()), problems


def _cell(table: Table, i: int, column: str) -> str:
    return str(table.frame[column].iat[i]) if column in table.frame.columns else ""


def _technologies(table: Table) -> tuple[tuple[Technology, ...], list[Problem]]:
    keep, problems = _reference_rows(table, "technology")
    items = []
    for i in keep:
        budget_text = _cell(table, i, "budget")
        budget = parse_number(budget_text, decimal_comma=table.decimal_comma)
        if budget_text and (budget is None or budget < 0):
            message = f"budget '{budget_text}' must be a number of at least 0, or left blank"
            problems.append(table.problem(message, i=i, column="budget"))
        tid = _cell(table, i, "id")
        items.append(
            Technology(
                id=tid,
                name=_cell(table, i, "name") or tid,
                name_vi=_cell(table, i, "name_vi"),
                group=_cell(table, i, "group"),
                description=_cell(table, i, "description"),
                budget=budget,
            )
        )
    return tuple(items), problems


def _experts(table: Table) -> tuple[tuple[Expert, ...], list[Problem]]:
    keep, problems = _reference_rows(table, "expert")
    items = []
    for i in keep:
        eid = _cell(table, i, "id")
        items.append(Expert(eid, _cell(table, i, "name") or eid, _cell(table, i, "group")))
    return tuple(items), problems


def _parse_score(text: str, *, decimal_comma: bool) -> tuple[float, str] | None:
    """(score, abstention) for a cell, or None when it is neither a number nor an abstention."""
    if not text:
        return math.nan, "blank"
    if text.upper() in _NA:
        return math.nan, "NA"
    if text.upper() == "COI":
        return math.nan, "COI"
    value = parse_number(text, decimal_comma=decimal_comma)
    return None if value is None else (value, "")


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    types: dict[str, str] = dict.fromkeys(_TEXT_COLUMNS, "str")
    types |= {"score": "float64", "confidence": "float64", "source_row": "int64"}
    return frame.astype(types)


def _long_scores(table: Table) -> tuple[pd.DataFrame, list[Problem]]:
    rows = _ScoreRows()
    rows.problems += table.missing_columns(LONG_COLUMNS)
    if not rows.problems and table.frame.empty:
        rows.problems.append(table.problem("no scores: the file has only a header"))
    if rows.problems:
        return rows.frame(), rows.problems
    cols: dict[str, list[str]] = {c: table.frame[c].tolist() for c in table.frame.columns}
    blank = [""] * len(table.frame)
    for i in range(len(table.frame)):
        rows.add(
            table,
            i,
            (cols["expert"][i], cols["technology"][i], cols["criterion"][i]),
            (cols["score"][i], "score"),
            confidence=cols.get("confidence", blank)[i],
            comment=cols.get("comment", blank)[i],
        )
    return rows.frame(), rows.problems


def _wide_scores(tables: Sequence[Table]) -> tuple[pd.DataFrame, list[Problem]]:
    rows = _ScoreRows()
    sheets = [t for t in tables if not t.frame.columns.empty and not is_note_sheet(t.sheet)]
    if tables[0].sheet is None:
        message = (
            "this is neither a long score table (columns expert, technology, criterion, score) "
            "nor a workbook with one sheet per expert"
        )
        rows.problems.append(tables[0].problem(message))
    elif not sheets:
        rows.problems.append(tables[0].problem("the workbook has no expert sheets"))
    for table in sheets if tables[0].sheet is not None else []:
        _add_wide_sheet(table, rows)
    return rows.frame(), rows.problems


def _add_wide_sheet(table: Table, rows: _ScoreRows) -> None:
    first = str(table.frame.columns[0])
    if first != "technology":
        message = f"the first column must be 'technology' (found '{first}')"
        rows.problems.append(table.problem(message, column=first))
        return
    criteria = [c for c in table.frame.columns[1:] if c not in WIDE_INFO_COLUMNS]
    if not criteria:
        rows.problems.append(table.problem("no criterion columns after 'technology'"))
    if table.frame.empty:
        rows.problems.append(table.problem("no technologies: the sheet has only a header"))
    expert = (table.sheet or "").strip()
    for i in range(len(table.frame)):
        technology = _cell(table, i, "technology")
        for criterion in criteria:
            score = (_cell(table, i, criterion), criterion)
            comment = _cell(table, i, "comment")
            rows.add(table, i, (expert, technology, criterion), score, comment=comment)


def _all_scores(sources: Sequence[tuple[Source, str]]) -> tuple[pd.DataFrame, list[Problem]]:
    """Each file long (it has at least two long columns) or wide, concatenated."""
    problems: list[Problem] = []
    frames = []
    if not sources:
        problems.append(Problem("no score files were given"))
    for source, name in sources:
        tables = _attempt(problems, partial(read_tables, source, name=name))
        if tables is None:
            continue
        longish = [t for t in tables if len(set(LONG_COLUMNS) & set(t.frame.columns)) >= 2]
        frame, found = (
            _long_scores(pick_table(longish, LONG_COLUMNS)) if longish else _wide_scores(tables)
        )
        frames.append(frame)
        problems += found
    filled = [f for f in frames if not f.empty]
    frame = pd.concat(filled, ignore_index=True) if filled else _ScoreRows().frame()
    return frame, problems


def _matrix_cell(text: str, *, decimal_comma: bool) -> object:
    """A float, NaN for a blank, or the text itself for validation to report."""
    if not text:
        return math.nan
    value = parse_number(text, decimal_comma=decimal_comma)
    return text if value is None else value
