"""Round trip (issue 10, item 10): scoring workbooks generated for every expert, filled
programmatically with the sample panel's answers, imported; the study's aggregated matrix equals
the one from the same scores given as the long CSV. On SQLite and PostgreSQL (``db_url``)."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest

from r57_mcda.io.bundled import sample_paths
from r57_mcda.io.inputs import InputFile, load_inputs
from r57_mcda.pipeline.analysis import decision_matrix, spec_for
from r57_mcda.study.db import Database
from r57_mcda.study.imports import import_files
from r57_mcda.study.inputs import study_data
from r57_mcda.study.issue import issue_templates
from r57_mcda.study.templates import (
    COI_COLUMN,
    COI_TEXT,
    FIRST_ROW,
    ID_ROW,
    SCORES_SHEET,
)
from tests.helpers.studies import sample_study

SAMPLE = sample_paths()


def _filled(book: bytes, answers: pd.DataFrame) -> bytes:
    """``book`` with the expert's long-form answers typed into its Scores sheet."""
    wb = openpyxl.load_workbook(io.BytesIO(book))
    ws = wb[SCORES_SHEET]
    columns = {str(c.value): c.column for c in ws[ID_ROW] if c.value}
    rows = {
        str(ws.cell(row=r, column=1).value): r
        for r in range(FIRST_ROW, ws.max_row + 1)
        if ws.cell(row=r, column=1).value
    }
    for a in answers.itertuples(index=False):
        text = str(a.score).strip()
        row = rows[a.technology]
        if text == "COI":
            ws.cell(row=row, column=columns[COI_COLUMN]).value = COI_TEXT
        elif text:
            value = "NA" if text == "NA" else int(float(text))
            ws.cell(row=row, column=columns[a.criterion]).value = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.mark.parametrize("aggregation", ["mean", "median"])
def test_filled_templates_give_the_matrix_of_the_long_csv(db_url: str, aggregation: str) -> None:
    db = Database(db_url)
    study_id = sample_study(db)
    books = issue_templates(db, study_id)
    sample = pd.read_csv(SAMPLE["scores"], dtype=str, keep_default_na=False)
    assert sorted(books) == sorted(sample["expert"].unique())
    returned = [
        (f"{expert}.xlsx", _filled(book, sample[sample["expert"] == expert]))
        for expert, book in books.items()
    ]
    outcome = import_files(db, study_id, returned)
    assert {expert for _, expert, _ in outcome.imported} == set(books)
    data = study_data(db, study_id)
    from_study = load_inputs(data.files)
    from_csv = load_inputs(
        [
            InputFile.from_path(role, SAMPLE[role])
            for role in ("criteria", "scores", "technologies", "experts")
        ]
    )
    study_matrix, _ = decision_matrix(from_study, spec_for(from_study, aggregation=aggregation))
    csv_matrix, _ = decision_matrix(from_csv, spec_for(from_csv, aggregation=aggregation))
    pd.testing.assert_frame_equal(study_matrix, csv_matrix)
    # Cell by cell too: the same scores, NAs and COIs.
    mine = from_study.panel.scores.set_index(["expert", "technology", "criterion"])  # type: ignore[union-attr]
    theirs = from_csv.panel.scores.set_index(["expert", "technology", "criterion"])  # type: ignore[union-attr]
    answered = theirs[theirs["abstention"] != "blank"]
    assert len(mine) == len(answered)
    joined = mine.join(answered, suffixes=("", "_csv"))
    assert (joined["abstention"] == joined["abstention_csv"]).all()
    pd.testing.assert_series_equal(joined["score"], joined["score_csv"], check_names=False)
    db.close()
