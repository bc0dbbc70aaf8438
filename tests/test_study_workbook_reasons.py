"""Issue 11, the workbook part of the last two items: round 1's familiarity column (written,
read back, stored as the expert's expertise) and, in a round that requires reasons, the reason
columns after each feedback column: a score outside the previous round's panel range [Q1, Q3]
without a reason refuses the whole import, located at the reason's cell; with it, the reason is
stored with the score's version. Long CSV files give levels and reasons in their own columns."""

from __future__ import annotations

import io

import numpy as np
import openpyxl
import pandas as pd
import pytest

from r57_mcda.errors import InputError
from r57_mcda.io.bundled import sample_paths
from r57_mcda.io.panel import load_experts
from r57_mcda.study.answers import cell_history, current_answers
from r57_mcda.study.db import Database
from r57_mcda.study.events import read_events
from r57_mcda.study.expertise import current_expertise
from r57_mcda.study.imports import import_files
from r57_mcda.study.issue import issue_templates
from r57_mcda.study.rounds import close_round, open_next_round
from r57_mcda.study.studies import read_study
from r57_mcda.study.templates import (
    EXPERTISE_COLUMN,
    FEEDBACK_SUFFIX,
    INSTRUCTIONS_SHEET,
    NAME_ROW,
    REASON_SUFFIX,
    SCORES_SHEET,
)
from tests.helpers.studies import sample_study
from tests.helpers.workbooks import scores_grid, typed_in

SAMPLE = pd.read_csv(sample_paths()["scores"], dtype=str, keep_default_na=False)
EXPERTS = load_experts(sample_paths()["experts"])
EXPERT = "sci_01"


def _quartiles() -> dict[tuple[str, str], tuple[float, float]]:
    """Round 1's panel [Q1, Q3] per cell, computed here from the sample file (numpy, linear)."""
    found: dict[tuple[str, str], tuple[float, float]] = {}
    for (tech, criterion), cell in SAMPLE.groupby(["technology", "criterion"]):
        scores = [float(s) for s in cell["score"] if s not in ("", "NA", "COI")]
        if scores:
            q1, q3 = np.quantile(np.array(scores), [0.25, 0.75], method="linear")
            found[(str(tech), str(criterion))] = (float(q1), float(q3))
    return found


def _own_scores(expert: str) -> dict[tuple[str, str], float]:
    mine = SAMPLE[(SAMPLE["expert"] == expert) & ~SAMPLE["score"].isin(["", "NA", "COI"])]
    return {(r.technology, r.criterion): float(r.score) for r in mine.itertuples(index=False)}


# --- round 1: the familiarity column ----------------------------------------------------------


def test_round_one_levels_typed_in_the_workbook_are_the_stored_expertise(db_url: str) -> None:
    db = Database(db_url)
    study_id = sample_study(db, lang="en")
    book = issue_templates(db, study_id, experts=[EXPERT])[EXPERT]
    ws = openpyxl.load_workbook(io.BytesIO(book))[SCORES_SHEET]
    columns, rows = scores_grid(ws)
    assert columns[EXPERTISE_COLUMN] == 3  # right after the technology's id and name
    techs = list(rows)
    typed: dict[str, int | str] = {techs[0]: 5, techs[1]: 1, techs[4]: 3, techs[7]: "2"}
    content = typed_in(book, {(t, EXPERTISE_COLUMN): v for t, v in typed.items()})
    outcome = import_files(db, study_id, [("sci_01.xlsx", content)])
    assert [expert for _, expert, _ in outcome.imported] == [EXPERT]
    with db.read() as session:
        stored = current_expertise(session, study_id, 1)
    assert stored == {(EXPERT, t): int(v) for t, v in typed.items()}
    # Issued again, the workbook shows the levels stored.
    again = openpyxl.load_workbook(
        io.BytesIO(issue_templates(db, study_id, experts=[EXPERT])[EXPERT])
    )
    shown = {t: again[SCORES_SHEET].cell(r, 3).value for t, r in rows.items()}
    assert shown == {t: int(typed[t]) if t in typed else None for t in techs}
    db.close()


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_a_level_outside_one_to_five_refuses_the_import(db_url: str, lang: str) -> None:
    db = Database(db_url)
    study_id = sample_study(db, lang=lang)
    book = issue_templates(db, study_id, experts=[EXPERT])[EXPERT]
    _, rows = scores_grid(openpyxl.load_workbook(io.BytesIO(book))[SCORES_SHEET])
    first, second = list(rows)[:2]
    content = typed_in(book, {(first, EXPERTISE_COLUMN): 7, (second, EXPERTISE_COLUMN): "x"})
    with pytest.raises(InputError) as caught:
        import_files(db, study_id, [("back.xlsx", content)])
    located = {(p.code, p.file, p.sheet, p.row, p.column) for p in caught.value.problems}
    assert located == {
        ("impxp_level_invalid", "back.xlsx", SCORES_SHEET, rows[first], EXPERTISE_COLUMN),
        ("impxp_level_invalid", "back.xlsx", SCORES_SHEET, rows[second], EXPERTISE_COLUMN),
    }
    text = caught.value.problems[0].text(lang)
    assert ("1 đến 5" if lang == "vi" else "from 1 to 5") in text
    with db.read() as session:
        assert current_expertise(session, study_id, 1) == {}
    db.close()


# --- a round that requires reasons ----------------------------------------------------------


def _reasons_round(db_url: str, lang: str = "en") -> tuple[Database, int, bytes]:
    db = Database(db_url)
    study_id = sample_study(db, lang=lang, import_scores=True)
    close_round(db, study_id)
    assert open_next_round(db, study_id, require_reasons=True) == 2
    return db, study_id, issue_templates(db, study_id, experts=[EXPERT])[EXPERT]


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_reason_columns_follow_each_feedback_column(db_url: str, lang: str) -> None:
    db, study_id, book = _reasons_round(db_url, lang)
    with db.read() as session:
        study = read_study(session, study_id, db.shown_url)
    wb = openpyxl.load_workbook(io.BytesIO(book))
    ws = wb[SCORES_SHEET]
    columns, rows = scores_grid(ws)
    assert EXPERTISE_COLUMN not in columns  # asked in round 1 only
    letter = openpyxl.utils.get_column_letter
    for criterion in study.criteria.ids:
        reason = columns[criterion + REASON_SUFFIX]
        assert reason == columns[criterion + FEEDBACK_SUFFIX] + 1 == columns[criterion] + 2
        header = ws.cell(NAME_ROW, reason)
        assert header.comment is not None and "Q1" in header.comment.text
        assert (ws.column_dimensions[letter(reason)].width or 0) >= 30
        for row in rows.values():
            assert ws.cell(row, reason).protection.locked is False
            assert ws.cell(row, reason).value is None
    instructions = " ".join(str(c.value) for c in wb[INSTRUCTIONS_SHEET]["A"] if c.value)
    heading = "Lý do cho các điểm" if lang == "vi" else "Reasons for scores outside"
    assert heading in instructions and "Q3" in instructions
    # Nothing of another expert anywhere: cells of every sheet, and the notes.
    texts = [
        str(c.value) if c.comment is None else f"{c.value} {c.comment.text}"
        for sheet in wb.worksheets
        for line in sheet.iter_rows()
        for c in line
        if c.value is not None or c.comment is not None
    ]
    assert any(EXPERT in text for text in texts)
    for other in EXPERTS:
        if other.id != EXPERT:
            assert not any(other.id in text or other.name in text for text in texts), other.id
    db.close()


def test_a_score_outside_the_panel_range_needs_a_reason(db_url: str) -> None:
    db, study_id, book = _reasons_round(db_url)
    ranges, own = _quartiles(), _own_scores(EXPERT)
    # A cell sci_01 scored within the range in round 1, now scored above it.
    cell = next(k for k, (q1, q3) in ranges.items() if k in own and q1 <= own[k] <= q3 and q3 < 5)
    tech, criterion = cell
    scores = {**own, cell: 5.0}
    outside = {
        k for k, v in scores.items() if k in ranges and not ranges[k][0] <= v <= ranges[k][1]
    }
    assert cell in outside
    content = typed_in(book, {(tech, criterion): 5})
    _, rows = scores_grid(openpyxl.load_workbook(io.BytesIO(content))[SCORES_SHEET])
    with pytest.raises(InputError) as caught:
        import_files(db, study_id, [("sci_01.xlsx", content)])
    problems = caught.value.problems
    assert {p.code for p in problems} == {"imprsn_reason_missing"}
    assert {(p.file, p.sheet, p.row, p.column) for p in problems} == {
        ("sci_01.xlsx", SCORES_SHEET, rows[t], c + REASON_SUFFIX) for t, c in outside
    }
    mine = next(p for p in problems if (p.row, p.column) == (rows[tech], criterion + REASON_SUFFIX))
    q1, q3 = ranges[cell]
    assert mine.params == {
        "technology": tech,
        "criterion": criterion,
        "score": 5.0,
        "q1": q1,
        "q3": q3,
    }
    with db.read() as session:
        assert current_answers(session, study_id, 2, [EXPERT]) == []
        assert read_events(session, study_id)[-1].kind == "import_rejected"
    # With every needed reason written, the import stores them with the scores' versions.
    reasons = {(t, c + REASON_SUFFIX): f"why {t}/{c}" for t, c in outside}
    fixed = typed_in(content, reasons)
    outcome = import_files(db, study_id, [("sci_01-fixed.xlsx", fixed)])
    assert [expert for _, expert, _ in outcome.imported] == [EXPERT]
    with db.read() as session:
        stored = {a.entry.key: a.entry for a in current_answers(session, study_id, 2, [EXPERT])}
        history = cell_history(
            session, study_id, 2, expert_id=EXPERT, technology=tech, criterion=criterion
        )
    assert stored[cell].value == 5.0 and stored[cell].reason == f"why {tech}/{criterion}"
    assert {k: e.reason for k, e in stored.items() if e.reason} == {
        k: f"why {k[0]}/{k[1]}" for k in outside
    }
    assert history[-1].entry is not None and history[-1].entry.reason == f"why {tech}/{criterion}"
    db.close()


def test_long_files_give_levels_and_reasons(db_url: str) -> None:
    db = Database(db_url)
    study_id = sample_study(db, import_scores=True)
    close_round(db, study_id)
    open_next_round(db, study_id, require_reasons=True)
    ranges, own = _quartiles(), _own_scores(EXPERT)
    cell = next(k for k, (q1, q3) in ranges.items() if k in own and q3 < 5)
    inside = next(
        k for k, (q1, q3) in ranges.items() if k in own and k != cell and q1 <= own[k] <= q3
    )
    tech, criterion = cell
    head = "expert,technology,criterion,score,expertise,reason\n"
    kept = f"{EXPERT},{inside[0]},{inside[1]},{own[inside]:g},,\n"  # within: no reason needed
    missing = f"{head}{EXPERT},{tech},{criterion},5,4,\n{kept}"
    with pytest.raises(InputError) as caught:
        import_files(db, study_id, [("long.csv", missing.encode())])
    ((code, row, column),) = {(p.code, p.row, p.column) for p in caught.value.problems}
    assert (code, row, column) == ("imprsn_reason_missing", 2, "reason")
    other = next(c for c in SAMPLE["criterion"].unique() if c != criterion)
    twice = f"{head}{EXPERT},{tech},{criterion},5,4,far above\n{EXPERT},{tech},{other},,2,\n"
    with pytest.raises(InputError) as caught:
        import_files(db, study_id, [("twice.csv", twice.encode())])
    # Two levels for one technology: refused by the score reader, located at the second.
    (problem,) = caught.value.problems
    assert (problem.file, problem.row, problem.column) == ("twice.csv", 3, "expertise")
    assert problem.params["first"] == 4 and problem.params["value"] == 2
    with pytest.raises(InputError) as caught:
        import_files(
            db, study_id, [("seven.csv", f"{head}{EXPERT},{tech},{criterion},5,7,x\n".encode())]
        )
    assert (2, "expertise") in [(p.row, p.column) for p in caught.value.problems]
    # A level on a row without a score counts as well (one level per technology).
    elsewhere = next(t for t in SAMPLE["technology"].unique() if t != tech)
    good = f"{head}{EXPERT},{tech},{criterion},5,4,far above\n{EXPERT},{elsewhere},{other},,3,\n"
    import_files(db, study_id, [("good.csv", good.encode())])
    with db.read() as session:
        (answer,) = current_answers(session, study_id, 2, [EXPERT])
        assert current_expertise(session, study_id, 2, [EXPERT]) == {
            (EXPERT, tech): 4,
            (EXPERT, elsewhere): 3,
        }
    assert (answer.entry.value, answer.entry.reason) == (5.0, "far above")
    db.close()
