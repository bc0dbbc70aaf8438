"""Read back a returned scoring workbook: check its signed metadata and grid, read its answers."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from r57_mcda.errors import InputError, Problem, Severity
from r57_mcda.i18n.phrases import listing, shown
from r57_mcda.io.xlsx import Rows, xlsx_formulas, xlsx_rows
from r57_mcda.models import CriteriaSet, Technology
from r57_mcda.study.entries import CellEntry
from r57_mcda.study.returned_cells import Answer, Bad, cell_answer, cell_text
from r57_mcda.study.signing import signature_matches
from r57_mcda.study.templates import (
    COI_COLUMN,
    COI_TEXT,
    COMMENT_COLUMN,
    FEEDBACK_SUFFIX,
    FIRST_ROW,
    FORMAT_VERSION,
    ID_ROW,
    ID_SEPARATOR,
    META_KEYS,
    META_SHEET,
    SCORES_SHEET,
    TECHNOLOGY_COLUMN,
    integer_scale,
)

#: What a ticked COI column may hold (case aside): the list's COI, or a plain "yes".
_TICKED = frozenset({COI_TEXT.casefold(), "x", "yes", "true", "có"})
_META_SHEET_TAG = re.compile(rb'<(?:\w+:)?sheet\b[^>]*\bname="' + META_SHEET.encode() + rb'"')
#: Bytes of ``xl/workbook.xml`` looked at to find the sheet names (a workbook lists them first).
_WORKBOOK_XML_BYTES = 1_000_000


@dataclass(frozen=True)
class ReturnedWorkbook:
    """A returned scoring workbook, checked: who it is from and the answers it holds.

    ``entries`` are the answered cells only (blank cells are not entries), by row and then in
    the criteria set's order. ``warnings`` are the warning-severity problems found (e.g. a
    comment on a row without answers).
    """

    file_name: str
    sha256: str
    study_id: int
    round_no: int
    expert_id: str
    entries: tuple[CellEntry, ...]
    warnings: tuple[Problem, ...] = field(default=())


def is_scoring_workbook(content: bytes) -> bool:
    """Whether ``content`` is an XLSX workbook with our ``_meta`` sheet (a scoring workbook,
    not a long-form score file). Only the workbook's sheet list is read."""
    try:
        with (
            zipfile.ZipFile(io.BytesIO(content)) as archive,
            archive.open("xl/workbook.xml") as part,
        ):
            head = part.read(_WORKBOOK_XML_BYTES)
    except (zipfile.BadZipFile, KeyError, OSError, EOFError, zlib.error, ValueError, RuntimeError):
        return False  # not a zip, no workbook part, damaged, encrypted or unknown compression
    return _META_SHEET_TAG.search(head) is not None


def read_returned_workbook(
    content: bytes,
    name: str,
    *,
    study_id: int,
    round_no: int,
    criteria: CriteriaSet,
    technologies: Sequence[Technology],
    experts: Sequence[str],
    secret: bytes,
    dropped: frozenset[tuple[str, str]] = frozenset(),
) -> ReturnedWorkbook:
    """Check a returned scoring workbook and read its answers.

    Parameters
    ----------
    content, name
        The file's bytes and its name (which locates every problem).
    study_id, round_no
        The study and round the file is imported into.
    criteria, technologies, experts
        The study's criteria set, technologies and expert ids.
    secret
        The study's signing secret (:func:`r57_mcda.study.signing.new_secret`).
    dropped
        The cells ``(technology, criterion)`` the round does not ask (dropped at consensus):
        their locked input cells show the panel's median, which is not an answer, and are
        skipped. Feedback columns (``<criterion>:panel``) are always skipped.

    Raises
    ------
    InputError
        With every problem found: not a scoring workbook (``ret_not_template``), a signature
        that does not match its metadata, another study, round or an unknown expert, edited
        headers or technology rows, and each cell that is not a whole number on the scale, NA
        or COI (warnings are included when there are errors).
    R57Error
        A criterion of ``criteria`` without a whole-number scale (``tpl_no_scale``).
    """
    sha256 = hashlib.sha256(content).hexdigest()
    sheets = dict(xlsx_rows(content, name))
    meta_rows = sheets.get(META_SHEET)
    if meta_rows is None:
        raise InputError(Problem("ret_not_template", file=name))
    meta, problems = _meta(meta_rows, name)
    if problems:
        raise InputError(problems)
    row, version = meta["format"]
    if version != FORMAT_VERSION:
        params = {"found": version, "expected": FORMAT_VERSION}
        raise InputError(
            Problem("ret_format_version", name, META_SHEET, row, "value", params=params)
        )
    expert_id = meta["expert_id"][1]
    problems += _check_meta(
        meta, name, study_id=study_id, round_no=round_no, experts=experts, secret=secret
    )
    entries: list[CellEntry] = []
    scores = sheets.get(SCORES_SHEET)
    if scores is None:
        problems.append(Problem("ret_no_scores_sheet", name, params={"sheet": SCORES_SHEET}))
    else:
        formulas = xlsx_formulas(content, name)
        grid = _Grid(name, criteria, technologies, meta, formulas, dropped=dropped)
        entries = grid.read(scores)
        problems += grid.problems
    if any(p.severity == "error" for p in problems):
        raise InputError(problems)
    return ReturnedWorkbook(
        name, sha256, study_id, round_no, expert_id, tuple(entries), tuple(problems)
    )


def _meta(rows: Rows, file: str) -> tuple[dict[str, tuple[int, str]], list[Problem]]:
    """The ``_meta`` sheet's values by key, with their rows; a missing key is a problem."""
    found: dict[str, tuple[int, str]] = {}
    for row, values in rows:
        key = cell_text(values[0]) if values else ""
        if key in META_KEYS and key not in found:
            found[key] = (row, cell_text(values[1]) if len(values) > 1 else "")
    missing = [key for key in META_KEYS if not found.get(key, (0, ""))[1] and key != "lang"]
    problems = [Problem("ret_not_template", file, META_SHEET, None, key) for key in missing]
    return found, problems


def _check_meta(
    meta: Mapping[str, tuple[int, str]],
    file: str,
    *,
    study_id: int,
    round_no: int,
    experts: Sequence[str],
    secret: bytes,
) -> list[Problem]:
    """The signature, study, round and expert the metadata name."""
    (study_row, study_text), (round_row, round_text) = meta["study_id"], meta["round"]
    (expert_row, expert_id), (signature_row, signature) = meta["expert_id"], meta["signature"]
    meta_study, meta_round = (
        int(text) if re.fullmatch(r"[+-]?[0-9]+", text) else None
        for text in (study_text, round_text)
    )
    checks: list[tuple[bool, str, int, dict[str, object]]] = [
        (
            meta_study is None
            or meta_round is None
            or not signature_matches(secret, meta_study, meta_round, expert_id, signature),
            "ret_bad_signature",
            signature_row,
            {},
        ),
        (
            meta_study != study_id,
            "ret_wrong_study",
            study_row,
            {"found": study_text, "expected": str(study_id)},
        ),
        (
            meta_round != round_no,
            "ret_wrong_round",
            round_row,
            {"found": round_text, "expected": str(round_no)},
        ),
        (expert_id not in experts, "ret_unknown_expert", expert_row, {"expert": expert_id}),
    ]
    return [
        Problem(code, file, META_SHEET, row, "value", params=params)
        for failed, code, row, params in checks
        if failed
    ]


class _Grid:
    """Reads the Scores sheet, collecting its problems in :attr:`problems`."""

    def __init__(
        self,
        file: str,
        criteria: CriteriaSet,
        technologies: Sequence[Technology],
        meta: Mapping[str, tuple[int, str]],
        formulas: Mapping[str | None, Mapping[tuple[int, int], str]],
        *,
        dropped: frozenset[tuple[str, str]] = frozenset(),
    ) -> None:
        self.file = file
        self.criteria = criteria
        self.known = {tech.id for tech in technologies}
        self.scales = {c.id: integer_scale(c) for c in criteria.criteria}
        self.formulas = formulas.get(SCORES_SHEET, {})
        self.dropped = dropped
        self.listed_criteria = _ids(meta["criteria"][1])
        self.listed_technologies = _ids(meta["technologies"][1])
        self.problems: list[Problem] = []

    def _problem(
        self,
        code: str,
        row: int | None,
        column: str,
        params: Mapping[str, object] | None = None,
        *,
        warning: bool = False,
    ) -> None:
        severity: Severity = "warning" if warning else "error"
        self.problems.append(
            Problem(code, self.file, SCORES_SHEET, row, column, severity, dict(params or {}))
        )

    def read(self, rows: Rows) -> list[CellEntry]:
        """The entries of ``rows`` (the Scores sheet), in row order."""
        header = next((values for row, values in rows if row == ID_ROW), ())
        columns = self._columns(header)
        if TECHNOLOGY_COLUMN not in columns:
            return []
        entries: list[CellEntry] = []
        seen: dict[str, int] = {}
        for row, values in rows:
            if row >= FIRST_ROW:
                entries += self._row(row, values, columns, seen)
        for tech in self.listed_technologies:
            if tech in self.known and tech not in seen:
                self._problem(
                    "ret_missing_technology", None, TECHNOLOGY_COLUMN, {"technology": tech}
                )
        return entries

    def _columns(self, header: Sequence[object]) -> dict[str, int]:
        """Column index (from 0) of each known header id; edited headers are problems."""
        fixed = {k.casefold(): k for k in (TECHNOLOGY_COLUMN, COI_COLUMN, COMMENT_COLUMN, "name")}
        columns: dict[str, int] = {}
        for index, value in enumerate(header):
            text = cell_text(value)
            if not text or text.endswith(FEEDBACK_SUFFIX):
                continue  # a feedback column (round 2 on) is never read, even if edited
            key = text if text in self.scales else fixed.get(text.casefold())
            if key is None:
                expected = listing(self.criteria.ids)
                self._problem(
                    "ret_header_unknown", ID_ROW, text, {"header": text, "expected": expected}
                )
            elif key in columns:
                self._problem("ret_header_duplicate", ID_ROW, text, {"header": text})
            else:
                columns[key] = index
        wanted = [TECHNOLOGY_COLUMN, *self._expected_criteria(), COI_COLUMN, COMMENT_COLUMN]
        for key in wanted:
            if key not in columns:
                self._problem("ret_header_missing", ID_ROW, key, {"header": key})
        return columns

    def _expected_criteria(self) -> list[str]:
        """The criteria the workbook was made with that the study knows (all when unlisted)."""
        listed = [c for c in self.listed_criteria if c in self.scales]
        return listed or list(self.scales)

    def _row(
        self, row: int, values: Sequence[object], columns: Mapping[str, int], seen: dict[str, int]
    ) -> list[CellEntry]:
        def cell(key: str) -> object:
            index = columns.get(key)
            return values[index] if index is not None and index < len(values) else None

        used = [k for k in columns if k != "name"]
        if all(cell_text(cell(k)) == "" for k in used) and not any(
            (row, columns[k] + 1) in self.formulas for k in used
        ):
            return []
        tech = cell_text(cell(TECHNOLOGY_COLUMN))
        if not tech or tech not in self.known or tech in seen:
            code = "ret_unknown_technology" if tech else "ret_row_no_technology"
            params: dict[str, object] = {"technology": tech}
            if tech in seen:
                code, params["first"] = "ret_duplicate_technology", seen[tech]
            self._problem(code, row, TECHNOLOGY_COLUMN, params)
            return []
        seen[tech] = row
        answers: dict[str, Answer] = {}
        criteria = [c for c in self.criteria.ids if c in columns and (tech, c) not in self.dropped]
        for criterion in criteria:
            if self._formula(row, columns[criterion], criterion):
                continue
            lo, hi = self.scales[criterion]
            answer = cell_answer(cell(criterion), lo, hi)
            if isinstance(answer, Bad):
                self._problem(answer.code, row, criterion, answer.params)
            elif answer is not None:
                answers[criterion] = answer
        coi = self._coi(row, cell(COI_COLUMN), columns)
        comment = ""
        if COMMENT_COLUMN in columns and not self._formula(
            row, columns[COMMENT_COLUMN], COMMENT_COLUMN
        ):
            comment = cell_text(cell(COMMENT_COLUMN))
        if coi or any(status == "coi" for status, _ in answers.values()):
            if any(status == "score" for status, _ in answers.values()):
                self._problem("ret_coi_and_scores", row, COI_COLUMN, {"technology": tech})
                return []
            return [CellEntry(tech, c, "coi", None, comment) for c in criteria]
        if not answers and comment:
            params = {"technology": tech}
            self._problem("ret_comment_without_scores", row, COMMENT_COLUMN, params, warning=True)
        return [
            CellEntry(tech, c, status, value, comment) for c, (status, value) in answers.items()
        ]

    def _formula(self, row: int, index: int, header: str) -> bool:
        """Whether the cell holds a formula (a problem: input cells take typed values only)."""
        formula = self.formulas.get((row, index + 1))
        if formula is None:
            return False
        self._problem("ret_formula", row, header, {"formula": formula})
        return True

    def _coi(self, row: int, value: object, columns: Mapping[str, int]) -> bool:
        """Whether the row's COI column is ticked."""
        if COI_COLUMN not in columns or self._formula(row, columns[COI_COLUMN], COI_COLUMN):
            return False
        text = "" if value is None or value is False else cell_text(value)
        if value is True or text.casefold() in _TICKED:
            return True
        if not text:
            return False
        self._problem("ret_coi_bad_value", row, COI_COLUMN, {"value": shown(text)})
        return False


def _ids(joined: str) -> list[str]:
    return [part.strip() for part in joined.split(ID_SEPARATOR) if part.strip()]
