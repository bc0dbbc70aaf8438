"""Reading back a returned scoring workbook (r57_mcda.study.returned): the round trip through
openpyxl, and each way a file is refused, located by sheet, row and column."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Mapping
from typing import Any

import openpyxl
import pytest

from r57_mcda.errors import InputError, Problem
from r57_mcda.io.bundled import criteria_path, sample_paths
from r57_mcda.io.criteria import load_criteria
from r57_mcda.io.panel import load_experts, load_technologies
from r57_mcda.study.entries import CellEntry
from r57_mcda.study.feedback import CellFeedback, Feedback
from r57_mcda.study.returned import (
    ReturnedWorkbook,
    is_scoring_workbook,
    read_returned_workbook,
)
from r57_mcda.study.signing import template_signature
from r57_mcda.study.templates import META_SHEET, SCORES_SHEET, TemplateSpec, scoring_workbook

SECRET = b"s" * 32
CRITERIA = load_criteria(criteria_path())
TECHNOLOGIES = load_technologies(sample_paths()["technologies"])
EXPERTS = load_experts(sample_paths()["experts"])
EXPERT_IDS = [e.id for e in EXPERTS]
T1, T2, T3, T4 = (t.id for t in TECHNOLOGIES[:4])
#: Round 1: the familiarity levels in column C, criteria in D (C[0]) to O (C[11]); COI is
#: column P, comment column Q.
C = CRITERIA.ids


def _template(expert: int = 0, *, study: int = 3, round_no: int = 1, **changes: object) -> bytes:
    who = EXPERTS[expert]
    spec = TemplateSpec(
        study_id=study,
        study_name="Study",
        round_no=round_no,
        expert=who,
        criteria=CRITERIA,
        technologies=TECHNOLOGIES,
        signature=template_signature(SECRET, study, round_no, who.id),
        **changes,  # type: ignore[arg-type]
    )
    return scoring_workbook(spec)


def _fill(data: bytes, cells: Mapping[str, Any], meta: Mapping[str, Any] = {}) -> bytes:
    """``data`` with Scores cells (A1 refs) and _meta cells set, saved again by openpyxl."""
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    for ref, value in cells.items():
        workbook[SCORES_SHEET][ref] = value
    for ref, value in meta.items():
        workbook[META_SHEET][ref] = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _read(data: bytes, name: str = "back.xlsx", **options: object) -> ReturnedWorkbook:
    args: dict[str, object] = {
        "study_id": 3,
        "round_no": 1,
        "criteria": CRITERIA,
        "technologies": TECHNOLOGIES,
        "experts": EXPERT_IDS,
        "secret": SECRET,
    }
    args.update(options)
    return read_returned_workbook(data, name, **args)  # type: ignore[arg-type]


def _problems(data: bytes, **options: object) -> list[Problem]:
    with pytest.raises(InputError) as caught:
        _read(data, "back.xlsx", **options)
    return list(caught.value.problems)


def _where(problems: list[Problem]) -> set[tuple[str, str | None, int | None, str | None]]:
    return {(p.code, p.sheet, p.row, p.column) for p in problems}


def test_round_trip_gives_exactly_the_answers() -> None:
    cells = {
        "D3": 4,
        "E3": "na",
        "F3": "N/A",
        "G3": "4,0",
        "H3": 5.0,
        "I3": " 2 ",
        "Q3": "Strong research base",
        "P4": "COI",
        "Q4": "I advise a vendor",
        "D5": 1,
        "P6": "coi",
    }
    data = _fill(_template(), cells)
    back = _read(data, "expert_sci_01.xlsx")
    comment = "Strong research base"
    expected = [
        CellEntry(T1, C[0], "score", 4.0, comment),
        CellEntry(T1, C[1], "na", None, comment),
        CellEntry(T1, C[2], "na", None, comment),
        CellEntry(T1, C[3], "score", 4.0, comment),
        CellEntry(T1, C[4], "score", 5.0, comment),
        CellEntry(T1, C[5], "score", 2.0, comment),
        *(CellEntry(T2, c, "coi", None, "I advise a vendor") for c in C),
        CellEntry(T3, C[0], "score", 1.0, ""),
        *(CellEntry(T4, c, "coi", None, "") for c in C),
    ]
    assert list(back.entries) == expected
    assert (back.study_id, back.round_no, back.expert_id) == (3, 1, "sci_01")
    assert back.file_name == "expert_sci_01.xlsx" and back.warnings == ()
    assert back.sha256 == hashlib.sha256(data).hexdigest()
    assert is_scoring_workbook(data)


def test_prefilled_workbook_reads_back_as_its_prefill() -> None:
    prefill = {
        (T1, C[0]): CellEntry(T1, C[0], "score", 3.0, "revised"),
        (T1, C[9]): CellEntry(T1, C[9], "na", None, "revised"),
        **{(T2, c): CellEntry(T2, c, "coi", None, "") for c in C},
    }
    back = _read(_template(prefill=prefill))
    assert {e.key: e for e in back.entries} == prefill


def test_an_untouched_workbook_has_no_entries() -> None:
    assert _read(_template()).entries == ()


def test_the_expert_is_the_one_the_signed_metadata_names() -> None:
    # The file for ind_01, whatever it is called, is ind_01's answers.
    back = _read(_fill(_template(3), {"D3": 2}), "answers_of_sci_02.xlsx")
    assert back.expert_id == "ind_01" and back.entries == (CellEntry(T1, C[0], "score", 2.0),)
    # Claiming it is sci_02's by editing the metadata breaks the signature.
    forged = _fill(_template(3), {"D3": 2}, {"B5": "sci_02"})
    assert _where(_problems(forged)) == {("ret_bad_signature", META_SHEET, 6, "value")}


def test_not_a_scoring_workbook() -> None:
    workbook = openpyxl.Workbook()
    buffer = io.BytesIO()
    workbook.save(buffer)
    plain = buffer.getvalue()
    assert not is_scoring_workbook(plain) and not is_scoring_workbook(b"expert,score\n")
    assert not is_scoring_workbook(sample_paths()["scores_workbook"].read_bytes())
    assert _where(_problems(plain)) == {("ret_not_template", None, None, None)}
    missing = _fill(_template(), {}, {"A6": None, "B6": None})  # the signature row
    assert _where(_problems(missing)) == {("ret_not_template", META_SHEET, None, "signature")}
    with pytest.raises(InputError) as caught:
        _read(b"PK not really a zip")
    assert caught.value.problems[0].code == "file_not_xlsx"


def test_wrong_secret_study_round_and_expert() -> None:
    data = _template()
    wrong_secret = _problems(data, secret=b"t" * 32)
    assert _where(wrong_secret) == {("ret_bad_signature", META_SHEET, 6, "value")}
    assert _where(_problems(data, study_id=4)) == {("ret_wrong_study", META_SHEET, 3, "value")}
    (problem,) = _problems(data, round_no=2)
    assert (problem.code, problem.row, problem.params) == (
        "ret_wrong_round",
        4,
        {"found": "1", "expected": "2"},
    )
    (problem,) = _problems(data, experts=["gov_01"])
    assert (problem.code, problem.row, problem.params) == (
        "ret_unknown_expert",
        5,
        {"expert": "sci_01"},
    )
    assert "sci_01" in problem.text("vi")
    edited = _problems(_fill(data, {}, {"B3": "4"}), study_id=4)
    assert _where(edited) == {("ret_bad_signature", META_SHEET, 6, "value")}


def test_edited_headers_are_located() -> None:
    edited = _fill(_template(), {"E1": "autonomyx", "G1": C[0], "Q1": None})
    assert _where(_problems(edited)) == {
        ("ret_header_unknown", SCORES_SHEET, 1, "autonomyx"),
        ("ret_header_duplicate", SCORES_SHEET, 1, C[0]),
        ("ret_header_missing", SCORES_SHEET, 1, C[1]),
        ("ret_header_missing", SCORES_SHEET, 1, C[3]),
        ("ret_header_missing", SCORES_SHEET, 1, "comment"),
    }


def test_edited_technology_rows_are_located() -> None:
    edited = _fill(_template(), {"A3": "zzz", "A5": T2, "D5": 3, "A17": None, "D17": 4})
    problems = _problems(edited)
    assert _where(problems) == {
        ("ret_unknown_technology", SCORES_SHEET, 3, "technology"),
        ("ret_duplicate_technology", SCORES_SHEET, 5, "technology"),
        ("ret_row_no_technology", SCORES_SHEET, 17, "technology"),
        ("ret_missing_technology", SCORES_SHEET, None, "technology"),
    }
    missing = {
        str(p.params["technology"]) for p in problems if p.code.endswith("missing_technology")
    }
    assert missing == {T1, T3}
    duplicate = next(p for p in problems if p.code == "ret_duplicate_technology")
    assert duplicate.params == {"technology": T2, "first": 4}


def test_bad_cells_are_located() -> None:
    cells = {
        "D3": 9,
        "E3": 3.5,
        "F3": "abc",
        "G3": "4,5",
        "H3": "=2+2",
        "I3": True,
        "J3": 0,
        "D4": 3,
        "P4": "COI",
        "P5": "maybe",
        "Q5": "=A1",
        "D6": "COI",
        "E6": 4,
    }
    problems = _problems(_fill(_template(), cells))
    assert _where(problems) == {
        ("ret_score_out_of_scale", SCORES_SHEET, 3, C[0]),
        ("ret_score_not_whole", SCORES_SHEET, 3, C[1]),
        ("ret_not_a_score", SCORES_SHEET, 3, C[2]),
        ("ret_score_not_whole", SCORES_SHEET, 3, C[3]),
        ("ret_formula", SCORES_SHEET, 3, C[4]),
        ("ret_not_a_score", SCORES_SHEET, 3, C[5]),
        ("ret_score_out_of_scale", SCORES_SHEET, 3, C[6]),
        ("ret_coi_and_scores", SCORES_SHEET, 4, "COI"),
        ("ret_coi_bad_value", SCORES_SHEET, 5, "COI"),
        ("ret_formula", SCORES_SHEET, 5, "comment"),
        ("ret_coi_and_scores", SCORES_SHEET, 6, "COI"),
    }
    by_place = {(p.row, p.column): p for p in problems}
    assert by_place[(3, C[0])].params == {"value": 9.0, "lo": 1, "hi": 5}
    assert by_place[(3, C[0])].text() == "9 is outside the criterion's scale 1–5"
    assert by_place[(3, C[1])].text("vi").startswith("3,5 không phải là số nguyên")
    assert by_place[(3, C[4])].params == {"formula": "=2+2"}
    assert all(p.file == "back.xlsx" and p.severity == "error" for p in problems)


def test_a_comment_without_answers_is_a_warning() -> None:
    data = _fill(_template(), {"Q3": "no opinion yet", "D4": 5})
    back = _read(data)
    assert back.entries == (CellEntry(T2, C[0], "score", 5.0),)
    (warning,) = back.warnings
    assert (warning.code, warning.severity, warning.row, warning.column) == (
        "ret_comment_without_scores",
        "warning",
        3,
        "comment",
    )
    # With errors as well, the warning comes with them.
    problems = _problems(_fill(data, {"D5": 7}))
    assert {(p.code, p.severity) for p in problems} == {
        ("ret_comment_without_scores", "warning"),
        ("ret_score_out_of_scale", "error"),
    }


def test_round_two_layout_skips_feedback_columns_and_dropped_cells() -> None:
    """With feedback columns (C input, D feedback, E input, ...; COI in AA), the feedback
    cells are never read, even edited, and a dropped cell is neither a score nor part of a
    COI row."""
    cells = {
        (t.id, c): CellFeedback(9, 3.0, 2.0, 4.0, None, (t.id, c) == (T2, C[0]))
        for t in TECHNOLOGIES
        for c in C
    }
    data = _template(round_no=2, feedback=Feedback(2, cells))
    edited = {"D3": "not a score", "E3": 4, "C4": 3, "AA4": "COI", "F4": 99}
    back = _read(_fill(data, edited), round_no=2, dropped=frozenset({(T2, C[0])}))
    assert back.entries == (
        CellEntry(T1, C[1], "score", 4.0),
        *(CellEntry(T2, c, "coi") for c in C[1:]),
    )
    # Without the dropped cells named, the dropped cell's median is read with the COI: an error.
    assert ("ret_coi_and_scores", SCORES_SHEET, 4, "COI") in _where(
        _problems(_fill(data, edited), round_no=2)
    )
