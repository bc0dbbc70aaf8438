"""Round 2 of the scoring workbook (issue 11, item 2, workbook part): beside each criterion a
locked feedback column with the panel's median [Q1–Q3] of round 1 and the expert's own previous
answer, which prefills the input cell; cells dropped at consensus locked; nobody else's name or
answer anywhere; the reader ignores the feedback columns and the dropped cells."""

from __future__ import annotations

import io

import numpy as np
import openpyxl
import pandas as pd
import pytest

from r57_mcda.errors import InputError
from r57_mcda.io.bundled import sample_paths
from r57_mcda.io.panel import load_experts
from r57_mcda.study.answers import current_answers
from r57_mcda.study.db import Database
from r57_mcda.study.entries import CellEntry
from r57_mcda.study.feedback import CellFeedback
from r57_mcda.study.imports import import_files
from r57_mcda.study.issue import issue_templates
from r57_mcda.study.returned import read_returned_workbook
from r57_mcda.study.rounds import close_round, open_next_round, round_settings
from r57_mcda.study.studies import read_study
from r57_mcda.study.templates import (
    COI_COLUMN,
    FEEDBACK_SUFFIX,
    INSTRUCTIONS_SHEET,
    NAME_ROW,
    SCORES_SHEET,
    feedback_text,
)
from tests.helpers.studies import sample_study
from tests.helpers.workbooks import scores_grid

SAMPLE = pd.read_csv(sample_paths()["scores"], dtype=str, keep_default_na=False)
EXPERTS = load_experts(sample_paths()["experts"])
#: The two experts whose workbooks are checked: one in English, one (with a COI row) in
#: Vietnamese.
CHOSEN = {"sci_01": "en", "ind_02": "vi"}
YOU = {"en": "you", "vi": "bạn"}
CONSENSUS = {"en": "consensus", "vi": "đồng thuận"}
PANEL_YOU = {"en": "panel / you", "vi": "hội đồng / bạn"}


def _panel(technology: str, criterion: str) -> str:
    """The panel's median [Q1–Q3] of a cell, computed here from the sample file."""
    cell = SAMPLE[(SAMPLE["technology"] == technology) & (SAMPLE["criterion"] == criterion)]
    scores = [float(s) for s in cell["score"] if s not in ("", "NA", "COI")]
    if not scores:
        return "–"
    q1, median, q3 = np.quantile(np.array(scores), [0.25, 0.5, 0.75], method="linear")
    return f"{median:g} [{q1:g}–{q3:g}]"


def _own(expert: str, technology: str, criterion: str) -> str:
    """The sample score of one expert for a cell: a number, NA, COI, or "" when blank."""
    rows = SAMPLE[
        (SAMPLE["expert"] == expert)
        & (SAMPLE["technology"] == technology)
        & (SAMPLE["criterion"] == criterion)
    ]
    return str(rows["score"].iloc[0]) if len(rows) else ""


def _round_two(db_url: str, drop: bool) -> tuple[Database, int, dict[str, bytes]]:
    db = Database(db_url)
    study_id = sample_study(db, lang="en", langs={"ind_02": "vi"}, import_scores=True)
    close_round(db, study_id)
    assert open_next_round(db, study_id, drop_consensus=drop) == 2
    return db, study_id, issue_templates(db, study_id, experts=list(CHOSEN))


def _dropped(db: Database, study_id: int) -> frozenset[tuple[str, str]]:
    with db.read() as session:
        return frozenset(round_settings(session, study_id, 2).dropped)


@pytest.mark.parametrize("drop", [False, True], ids=["all-asked", "drop-consensus"])
def test_round_two_workbooks_show_the_panel_and_the_own_previous_answers(
    db_url: str, drop: bool
) -> None:
    db, study_id, books = _round_two(db_url, drop)
    dropped = _dropped(db, study_id)
    assert bool(dropped) == drop
    with db.read() as session:
        study = read_study(session, study_id, db.shown_url)
    criteria = study.criteria.ids
    checked_dropped = 0
    for expert, lang in CHOSEN.items():
        wb = openpyxl.load_workbook(io.BytesIO(books[expert]))
        ws = wb[SCORES_SHEET]
        assert ws.protection.sheet
        columns, rows = scores_grid(ws)
        assert sorted(rows) == sorted(t.id for t in study.technologies)
        for criterion in criteria:
            # The feedback column follows its input column, headed <criterion>:panel.
            assert columns[criterion + FEEDBACK_SUFFIX] == columns[criterion] + 1
            header = ws.cell(NAME_ROW, columns[criterion + FEEDBACK_SUFFIX]).value
            assert header == PANEL_YOU[lang]
        for tech, row in rows.items():
            # A COI row is declared again, unless none of its cells is asked.
            asked = [c for c in criteria if (tech, c) not in dropped]
            coi_row = any(_own(expert, tech, c) == "COI" for c in asked)
            assert ws.cell(row, columns[COI_COLUMN]).value == ("COI" if coi_row else None)
            for criterion in criteria:
                panel, own = _panel(tech, criterion), _own(expert, tech, criterion)
                fb = ws.cell(row, columns[criterion + FEEDBACK_SUFFIX])
                given = ws.cell(row, columns[criterion])
                assert fb.protection.locked
                if (tech, criterion) in dropped:
                    checked_dropped += 1
                    assert fb.value == f"{CONSENSUS[lang]}: {panel}"
                    assert given.protection.locked
                    assert given.value == float(panel.split(" ")[0])
                    continue
                assert fb.value == f"{panel} · {YOU[lang]}: {own or '–'}"
                assert not given.protection.locked
                expected = None if own in ("", "COI") else "NA" if own == "NA" else int(own)
                assert given.value == expected, (expert, tech, criterion)
        # Nobody else's name or id anywhere, in any sheet (the very hidden _meta included).
        others = [e for e in EXPERTS if e.id != expert]
        texts = [
            str(c.value)
            for sheet in wb.worksheets
            for line in sheet.iter_rows()
            for c in line
            if c.value is not None
        ]
        assert any(expert in text for text in texts)
        for other in others:
            assert not any(other.id in text or other.name in text for text in texts), other.id
        instructions = " ".join(
            str(c.value) for c in wb[INSTRUCTIONS_SHEET]["A"] if c.value is not None
        )
        assert ("Q1–Q3" in instructions) and ("round 1" in instructions or "vòng 1" in instructions)
    assert (checked_dropped > 0) == drop


def _filled(book: bytes) -> bytes:
    """``book`` as an expert returns it: the prefilled answers kept, every score 1 point lower
    where it can be, and (someone having unprotected the sheet) every feedback cell edited."""
    wb = openpyxl.load_workbook(io.BytesIO(book))
    ws = wb[SCORES_SHEET]
    columns, rows = scores_grid(ws)
    for row in rows.values():
        for header, column in columns.items():
            cell = ws.cell(row, column)
            if header.endswith(FEEDBACK_SUFFIX):
                cell.value = 99
            elif isinstance(cell.value, int) and cell.value > 1 and not cell.protection.locked:
                cell.value -= 1
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _expected(expert: str, technologies: list[str], criteria: list[str]) -> dict[str, str]:
    """What the filled round-2 workbook of ``expert`` answers, cell by cell (long form)."""
    found: dict[str, str] = {}
    for tech in technologies:
        for criterion in criteria:
            own = _own(expert, tech, criterion)
            if own in ("", "NA", "COI"):
                if own:
                    found[f"{tech}/{criterion}"] = own
                continue
            found[f"{tech}/{criterion}"] = str(int(own) - 1 if int(own) > 1 else 1)
    return found


def test_a_filled_round_two_workbook_imports_without_its_feedback_columns(db_url: str) -> None:
    db, study_id, books = _round_two(db_url, False)
    with db.read() as session:
        study = read_study(session, study_id, db.shown_url)
    outcome = import_files(db, study_id, [(f"{e}.xlsx", _filled(b)) for e, b in books.items()])
    assert {expert for _, expert, _ in outcome.imported} == set(CHOSEN)
    with db.read() as session:
        answers = current_answers(session, study_id, 2, list(CHOSEN))
    techs = [t.id for t in study.technologies]
    for expert in CHOSEN:
        got = {
            f"{a.entry.technology}/{a.entry.criterion}": a.entry.long_score
            for a in answers
            if a.expert == expert
        }
        assert got == _expected(expert, techs, list(study.criteria.ids))


def test_the_reader_skips_the_cells_dropped_at_consensus(db_url: str) -> None:
    db, study_id, books = _round_two(db_url, True)
    dropped = _dropped(db, study_id)
    with db.read() as session:
        study = read_study(session, study_id, db.shown_url)
    content = _filled(books["sci_01"])

    def read(skip: frozenset[tuple[str, str]]) -> dict[tuple[str, str], CellEntry]:
        returned = read_returned_workbook(
            content,
            "sci_01.xlsx",
            study_id=study_id,
            round_no=2,
            criteria=study.criteria,
            technologies=study.technologies,
            experts=[e.id for e in study.experts],
            secret=study.secret,
            dropped=skip,
        )
        return {e.key: e for e in returned.entries}

    asked = read(dropped)
    techs = [t.id for t in study.technologies]
    expected = _expected("sci_01", techs, list(study.criteria.ids))
    assert {f"{t}/{c}": e.long_score for (t, c), e in asked.items()} == {
        cell: score for cell, score in expected.items() if tuple(cell.split("/")) not in dropped
    }
    # Not skipped, the dropped cells would read as the panel's medians, some not whole.
    with pytest.raises(InputError) as caught:
        read(frozenset())
    assert {p.code for p in caught.value.problems} == {"ret_score_not_whole"}


@pytest.mark.parametrize(
    ("cell", "lang", "text"),
    [
        (
            CellFeedback(5, 3.0, 2.0, 4.0, CellEntry("t", "c", "score", 4.0), False),
            "en",
            "3 [2–4] · you: 4",
        ),
        (
            CellFeedback(5, 3.5, 2.25, 4.0, CellEntry("t", "c", "na"), False),
            "vi",
            "3.5 [2.25–4] · bạn: NA",
        ),
        (
            CellFeedback(4, 2.0, 1.0, 3.0, CellEntry("t", "c", "coi"), False),
            "en",
            "2 [1–3] · you: COI",
        ),
        (CellFeedback(5, 3.0, 3.0, 3.0, None, True), "en", "consensus: 3 [3–3]"),
        (CellFeedback(5, 3.0, 3.0, 3.0, None, True), "vi", "đồng thuận: 3 [3–3]"),
        (CellFeedback(0, None, None, None, None, False), "en", "– · you: –"),
        (None, "en", ""),
    ],
)
def test_feedback_text(cell: CellFeedback | None, lang: str, text: str) -> None:
    assert feedback_text(cell, lang) == text


def test_a_round_two_workbook_with_cells_at_consensus_imports(db_url: str) -> None:
    """The locked consensus cells hold the panel's median; the import does not read them."""
    db = Database(db_url)
    study_id = sample_study(db, import_scores=True)
    close_round(db, study_id)
    number = open_next_round(db, study_id, drop_consensus=True)
    dropped = set(round_settings(db, study_id, number).dropped)
    book = issue_templates(db, study_id, number, experts=["sci_01"])["sci_01"]
    outcome = import_files(db, study_id, [("sci_01-round-2.xlsx", book)])
    assert [expert for _, expert, _ in outcome.imported] == ["sci_01"]
    with db.read() as session:
        keys = {a.entry.key for a in current_answers(session, study_id, number, ["sci_01"])}
    assert keys and not keys & dropped
    db.close()
