"""Read back a returned scoring workbook: check its signed metadata, read its answers, its
familiarity levels and its reasons (the Scores sheet: :mod:`.returned_grid`)."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from r57_mcda.errors import InputError, Problem
from r57_mcda.io.xlsx import Rows, xlsx_formulas, xlsx_rows
from r57_mcda.models import CriteriaSet, Technology
from r57_mcda.study.entries import CellEntry
from r57_mcda.study.returned_cells import cell_text
from r57_mcda.study.returned_grid import ScoresGrid
from r57_mcda.study.signing import signature_matches
from r57_mcda.study.template_layout import (
    FORMAT_VERSION,
    META_KEYS,
    META_SHEET,
    SCORES_SHEET,
)

_META_SHEET_TAG = re.compile(rb'<(?:\w+:)?sheet\b[^>]*\bname="' + META_SHEET.encode() + rb'"')
#: Bytes of ``xl/workbook.xml`` looked at to find the sheet names (a workbook lists them first).
_WORKBOOK_XML_BYTES = 1_000_000


@dataclass(frozen=True)
class ReturnedWorkbook:
    """A returned scoring workbook, checked: who it is from and the answers it holds.

    ``entries`` are the answered cells only (blank cells are not entries), by row and then in
    the criteria set's order; each carries the reason written beside it (a round that requires
    reasons). ``warnings`` are the warning-severity problems found (e.g. a comment on a row
    without answers). ``expertise`` holds the familiarity levels given (round 1), by
    technology: only the rows that give one. ``rows`` is each technology's row in the Scores
    sheet (which locates a missing reason).
    """

    file_name: str
    sha256: str
    study_id: int
    round_no: int
    expert_id: str
    entries: tuple[CellEntry, ...]
    warnings: tuple[Problem, ...] = field(default=())
    expertise: Mapping[str, int] = field(default_factory=dict)
    rows: Mapping[str, int] = field(default_factory=dict)


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
        skipped. Feedback columns (``<criterion>:panel``) are always skipped; the expertise
        and reason columns (``<criterion>:reason``) are read where the workbook has them.

    Raises
    ------
    InputError
        With every problem found: not a scoring workbook (``ret_not_template``), a signature
        that does not match its metadata, another study, round or an unknown expert, edited
        headers or technology rows, each cell that is not a whole number on the scale, NA
        or COI, and each familiarity level that is not 1-5 (``impxp_level_invalid``; warnings
        are included when there are errors). Missing reasons are not checked here: they
        depend on the whole panel (:mod:`r57_mcda.study.imports` checks them).
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
    expertise: dict[str, int] = {}
    rows: dict[str, int] = {}
    scores = sheets.get(SCORES_SHEET)
    if scores is None:
        problems.append(Problem("ret_no_scores_sheet", name, params={"sheet": SCORES_SHEET}))
    else:
        formulas = xlsx_formulas(content, name)
        grid = ScoresGrid(name, criteria, technologies, meta, formulas, dropped=dropped)
        entries = grid.read(scores)
        problems += grid.problems
        expertise, rows = grid.expertise, grid.rows
    if any(p.severity == "error" for p in problems):
        raise InputError(problems)
    return ReturnedWorkbook(
        name,
        sha256,
        study_id,
        round_no,
        expert_id,
        tuple(entries),
        tuple(problems),
        expertise,
        rows,
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
