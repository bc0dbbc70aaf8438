"""Round trip (issue 10, item 10): scoring workbooks generated for every expert, filled
programmatically with the sample panel's answers (and, issue 11, familiarity levels for some
technologies), imported; the study's aggregated matrix equals the one from the same scores
given as the long CSV, and the stored levels are those typed. On SQLite and PostgreSQL
(``db_url``)."""

from __future__ import annotations

import pandas as pd
import pytest

from r57_mcda.io.bundled import sample_paths
from r57_mcda.io.inputs import InputFile, load_inputs
from r57_mcda.pipeline.analysis import decision_matrix, spec_for
from r57_mcda.study.db import Database
from r57_mcda.study.expertise import current_expertise
from r57_mcda.study.imports import import_files
from r57_mcda.study.inputs import study_data
from r57_mcda.study.issue import issue_templates
from r57_mcda.study.templates import (
    COI_COLUMN,
    COI_TEXT,
    EXPERTISE_COLUMN,
)
from tests.helpers.studies import sample_study
from tests.helpers.workbooks import typed_in

SAMPLE = sample_paths()


def _levels(expert: str, technologies: list[str]) -> dict[str, int]:
    """The familiarity levels ``expert`` types: every other technology, 1 to 5 in turn."""
    start = sum(map(ord, expert))
    return {t: (start + i) % 5 + 1 for i, t in enumerate(technologies) if (start + i) % 2}


def _filled(book: bytes, answers: pd.DataFrame, levels: dict[str, int]) -> bytes:
    """``book`` with the expert's long-form answers and familiarity levels typed into its
    Scores sheet."""
    values: dict[tuple[str, str], int | str] = {}
    for a in answers.itertuples(index=False):
        text = str(a.score).strip()
        if text == "COI":
            values[(str(a.technology), COI_COLUMN)] = COI_TEXT
        elif text:
            values[(str(a.technology), str(a.criterion))] = (
                "NA" if text == "NA" else int(float(text))
            )
    values |= {(tech, EXPERTISE_COLUMN): level for tech, level in levels.items()}
    return typed_in(book, values)


@pytest.mark.parametrize("aggregation", ["mean", "median"])
def test_filled_templates_give_the_matrix_of_the_long_csv(db_url: str, aggregation: str) -> None:
    db = Database(db_url)
    study_id = sample_study(db)
    books = issue_templates(db, study_id)
    sample = pd.read_csv(SAMPLE["scores"], dtype=str, keep_default_na=False)
    assert sorted(books) == sorted(sample["expert"].unique())
    techs = list(dict.fromkeys(sample["technology"]))
    levels = {expert: _levels(expert, techs) for expert in books}
    returned = [
        (f"{expert}.xlsx", _filled(book, sample[sample["expert"] == expert], levels[expert]))
        for expert, book in books.items()
    ]
    outcome = import_files(db, study_id, returned)
    assert {expert for _, expert, _ in outcome.imported} == set(books)
    with db.read() as session:
        stored = current_expertise(session, study_id, 1)
    assert stored == {(e, t): level for e, given in levels.items() for t, level in given.items()}
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
