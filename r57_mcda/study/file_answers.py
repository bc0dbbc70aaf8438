"""What one returned file brings to an import: per expert, their answers (each with its
reason), their familiarity levels, and where each answer's reason is written (which locates a
missing reason). Scoring workbooks are read by :mod:`.returned`; long score files (CSV/XLSX)
by :func:`r57_mcda.io.panel.load_panel`, with their optional ``expertise`` and ``reason``
columns."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import pandas as pd

from r57_mcda.errors import Problem
from r57_mcda.study.entries import CellEntry
from r57_mcda.study.inputs import experts_csv, technologies_csv
from r57_mcda.study.reasons import Ranges, missing_reasons
from r57_mcda.study.returned import read_returned_workbook
from r57_mcda.study.studies import Study
from r57_mcda.study.template_layout import REASON_SUFFIX, SCORES_SHEET

_STATUS = {"": "score", "NA": "na", "COI": "coi"}
#: The optional columns of a long score file read here.
EXPERTISE, REASON = "expertise", "reason"
#: Where a reason is written: sheet (None for a CSV file), row and column.
Place = tuple[str | None, int, str]


@dataclass(frozen=True)
class FileAnswers:
    """What one file brings: per expert, their answers and familiarity levels (technology ->
    level, only those given); ``reason_cells`` locates the reason of each answer by (expert,
    technology, criterion)."""

    name: str
    sha256: str
    channel: str
    answers: dict[str, tuple[CellEntry, ...]] = field(default_factory=dict)
    warnings: tuple[Problem, ...] = ()
    expertise: dict[str, dict[str, int]] = field(default_factory=dict)
    reason_cells: dict[tuple[str, str, str], Place] = field(default_factory=dict)

    def missing_reasons(self, ranges: Ranges) -> list[Problem]:
        """A problem for each scored answer outside the panel's range ``ranges`` (the previous
        round's [Q1, Q3] by cell, :func:`r57_mcda.study.reasons.panel_ranges`) without a
        reason, located at the cell where the reason belongs."""
        problems: list[Problem] = []
        for expert, entries in self.answers.items():
            for entry in missing_reasons(ranges, entries):
                where = (expert, entry.technology, entry.criterion)
                sheet, row, column = self.reason_cells.get(where, (None, 0, REASON))
                q1, q3 = ranges[entry.key]
                params = {
                    "technology": entry.technology,
                    "criterion": entry.criterion,
                    "score": entry.value,
                    "q1": float(q1),
                    "q3": float(q3),
                }
                problems.append(
                    Problem(
                        "imprsn_reason_missing",
                        self.name,
                        sheet,
                        row or None,
                        column,
                        params=params,
                    )
                )
        return problems


def workbook_answers(
    content: bytes,
    name: str,
    study: Study,
    round_no: int,
    dropped: frozenset[tuple[str, str]] = frozenset(),
) -> FileAnswers:
    """A returned scoring workbook's answers (:func:`.returned.read_returned_workbook`).

    Raises
    ------
    InputError
        Every problem of the workbook.
    """
    returned = read_returned_workbook(
        content,
        name,
        dropped=dropped,
        study_id=study.id,
        round_no=round_no,
        criteria=study.criteria,
        technologies=study.technologies,
        experts=[e.id for e in study.experts],
        secret=study.secret,
    )
    expert = returned.expert_id
    cells: dict[tuple[str, str, str], Place] = {
        (expert, e.technology, e.criterion): (
            SCORES_SHEET,
            returned.rows[e.technology],
            e.criterion + REASON_SUFFIX,
        )
        for e in returned.entries
    }
    levels = {expert: dict(returned.expertise)} if returned.expertise else {}
    answers = {expert: returned.entries}
    return FileAnswers(name, returned.sha256, "workbook", answers, returned.warnings, levels, cells)


def long_file_answers(content: bytes, name: str, study: Study) -> FileAnswers:
    """A long score file's answers per expert, validated against the study's lists, with the
    optional ``expertise`` (one level per expert and technology) and ``reason`` columns.

    Raises
    ------
    InputError
        Every problem of the file (:func:`r57_mcda.io.panel.load_panel`: a familiarity level
        that is not 1-5, or two levels for one expert and technology, among them).
    """
    from r57_mcda.io.panel import load_panel

    panel, _ = load_panel(
        scores=(content, name),
        criteria=study.criteria,
        technologies=(technologies_csv(study.technologies), "technologies"),
        experts=(experts_csv(study.experts), "experts"),
        coverage=False,
    )
    frame: pd.DataFrame = panel.scores
    # The score reader gives the levels (``expertise``: checked 1-5, one per expert and
    # technology); the reasons are read from the file's own column.
    reasons = _raw_cells(content, name, frame, REASON)
    answers: dict[str, list[CellEntry]] = {}
    levels: dict[str, dict[str, int]] = {}
    cells: dict[tuple[str, str, str], Place] = {}
    warnings: list[Problem] = []
    for row in frame.to_dict("records"):
        expert, tech, criterion = str(row["expert"]), str(row["technology"]), str(row["criterion"])
        sheet, line = str(row["source_sheet"]) or None, int(row["source_row"])
        level = row.get(EXPERTISE)
        if level is not None and not pd.isna(level):
            levels.setdefault(expert, {})[tech] = int(level)
        reason = reasons.get((sheet, line), "")
        abstention = str(row["abstention"])
        if abstention == "blank":
            if reason:
                params = {"technology": tech, "criterion": criterion}
                warnings.append(
                    Problem(
                        "imprsn_reason_without_answer",
                        name,
                        sheet,
                        line,
                        REASON,
                        "warning",
                        params,
                    )
                )
            continue
        status = _STATUS[abstention]
        comment = "" if pd.isna(row["comment"]) else str(row["comment"])
        value = float(row["score"]) if status == "score" else None
        confidence = None if pd.isna(row["confidence"]) else float(row["confidence"])
        entry = CellEntry(
            tech,
            criterion,
            status,  # type: ignore[arg-type]
            value,
            comment,
            confidence,
            reason,
        )
        answers.setdefault(expert, []).append(entry)
        cells[(expert, tech, criterion)] = (sheet, line, REASON)
    sha = hashlib.sha256(content).hexdigest()
    found = {e: tuple(a) for e, a in answers.items()}
    return FileAnswers(name, sha, "file", found, tuple(warnings), levels, cells)


def _raw_cells(
    content: bytes, name: str, frame: pd.DataFrame, column: str
) -> dict[tuple[str | None, int], str]:
    """The non-empty cells of ``column`` in the sheets ``frame`` was read from (the score
    reader's frame, which locates each row), by (sheet, row)."""
    from r57_mcda.io.tables import read_tables, table_cell

    sheets = {str(s) or None for s in frame["source_sheet"].unique()}
    found: dict[tuple[str | None, int], str] = {}
    for table in read_tables(content, name=name):
        if table.sheet not in sheets or column not in table.frame.columns:
            continue
        for i in range(len(table.frame)):
            text = table_cell(table, i, column).strip()
            if text:
                found[(table.sheet, table.row_number(i))] = text
    return found
