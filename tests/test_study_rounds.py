"""Delphi rounds of a study (issue 11, item 1): closing and opening rounds, their stated rules,
and the analysis data of a later round (carried answers, dropped cells), on both databases;
then ``r57-mcda study close-round|open-round`` in process."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator

import numpy as np
import pandas as pd
import pytest

from r57_mcda.cli import main
from r57_mcda.errors import InputError, R57Error
from r57_mcda.i18n import t
from r57_mcda.io.bundled import sample_paths
from r57_mcda.io.inputs import load_inputs
from r57_mcda.study.answers import current_answers, submit
from r57_mcda.study.db import Database
from r57_mcda.study.drafts import RowDraft, save_row
from r57_mcda.study.entries import CellEntry, Origin
from r57_mcda.study.events import read_events
from r57_mcda.study.imports import import_files
from r57_mcda.study.inputs import study_data
from r57_mcda.study.rounds import (
    RoundSettings,
    check_not_dropped,
    close_round,
    open_next_round,
    round_settings,
)
from r57_mcda.study.studies import load_study
from tests.helpers.databases import db_url as db_url_fixture  # noqa: F401
from tests.helpers.studies import sample_study

SAMPLE = sample_paths()
SILENT = "gov_03"


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    store = Database(db_url)
    yield store
    store.close()


def _round1(db: Database) -> int:
    """The sample study with the sample's scores as round 1's answers, round 1 closed."""
    study_id = sample_study(db, import_scores=True)
    assert close_round(db, study_id) == 1
    return study_id


def _answer_all_but(
    db: Database, study_id: int, round_no: int, silent: set[str], skip: set[tuple[str, str]]
) -> None:
    """Every expert not in ``silent`` scores the lowest point of the scale on every cell they
    answered in round 1, except the cells in ``skip``."""
    study = load_study(db, study_id)
    low = {c.id: float(c.scale[0]) for c in study.criteria.criteria if c.scale}
    with db.write() as session:
        before = current_answers(session, study_id, 1)
        for expert in sorted({a.expert for a in before} - silent):
            entries = [
                CellEntry(a.entry.technology, a.entry.criterion, "score", low[a.entry.criterion])
                for a in before
                if a.expert == expert and a.entry.key not in skip
            ]
            submit(
                session,
                study_id,
                round_no,
                expert_id=expert,
                entries=entries,
                origin=Origin("web"),
                partial=False,
            )


def _long(data_content: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data_content), keep_default_na=False, dtype=str)


def _consensus_cells_by_hand(db: Database, study_id: int) -> set[tuple[str, str]]:
    """IQR (numpy linear quartiles) at most 25 % of the scale range, from the sample's file."""
    study = load_study(db, study_id)
    spans = {c.id: float(c.scale[1] - c.scale[0]) for c in study.criteria.criteria if c.scale}
    scores = pd.read_csv(SAMPLE["scores"], keep_default_na=False, dtype=str)
    scores["value"] = pd.to_numeric(scores["score"], errors="coerce")
    found = set()
    for (tech, crit), cell in scores.dropna(subset=["value"]).groupby(["technology", "criterion"]):
        q1, q3 = np.quantile(cell["value"].to_numpy(dtype=float), [0.25, 0.75])
        if q3 - q1 <= 0.25 * spans[str(crit)]:
            found.add((str(tech), str(crit)))
    return found


def test_closing_freezes_the_round_and_opening_starts_the_next(db: Database) -> None:
    study_id = _round1(db)
    with db.read() as session:
        closed = [e for e in read_events(session, study_id) if e.kind == "round_closed"]
        answers = current_answers(session, study_id, 1)
    assert [(e.round_no, e.expert_id) for e in closed] == [(1, None)]
    assert closed[0].details == {"respondents": 9, "answers": len(answers)}
    with pytest.raises(R57Error) as caught:
        close_round(db, study_id)
    assert caught.value.code == "dround_already_closed"

    assert open_next_round(db, study_id, require_reasons=True) == 2
    study = load_study(db, study_id)
    assert [(r.number, r.is_open) for r in study.rounds] == [(1, False), (2, True)]
    assert round_settings(db, study_id, 2) == RoundSettings(require_reasons=True)
    assert round_settings(db, study_id, 1) == RoundSettings()
    with db.read() as session:
        opened = [e for e in read_events(session, study_id) if e.kind == "round_opened"]
    assert opened[0].round_no == 2
    assert opened[0].details["settings"]["require_reasons"] is True
    assert opened[0].details["settings"]["non_response"] == "carry"
    # Round 1's answers are untouched by the new round.
    with db.read() as session:
        assert current_answers(session, study_id, 1) == answers
        assert current_answers(session, study_id, 2) == []


def test_a_closed_round_refuses_submissions_drafts_and_imports(db: Database) -> None:
    study_id = _round1(db)
    entry = CellEntry("ai_digital_twin", "national_goals", "score", 3.0)
    technology = load_study(db, study_id).technologies[0].id
    with pytest.raises(R57Error) as caught, db.write() as session:
        submit(
            session,
            study_id,
            1,
            expert_id="sci_01",
            entries=[entry],
            origin=Origin("web"),
            partial=False,
        )
    assert caught.value.code == "study_round_closed"
    with pytest.raises(R57Error) as caught:
        save_row(db, study_id, 1, "sci_01", RowDraft(technology, {}))
    assert caught.value.code == "study_round_closed"
    with pytest.raises(R57Error) as caught:
        import_files(db, study_id, [("again.csv", SAMPLE["scores"].read_bytes())], 1)
    assert caught.value.code == "study_round_closed"


def test_a_round_opens_only_after_the_previous_one_closed_with_answers(db: Database) -> None:
    study_id = sample_study(db, import_scores=True)
    with pytest.raises(R57Error) as caught:
        open_next_round(db, study_id)
    assert caught.value.code == "dround_previous_open"
    assert caught.value.params["round"] == 1
    empty = sample_study(db, name="Empty")
    close_round(db, empty)
    with pytest.raises(R57Error) as caught:
        open_next_round(db, empty)
    assert caught.value.code == "dround_previous_no_answers"
    with pytest.raises(R57Error) as caught:
        open_next_round(db, study_id, non_response="ignore")
    assert caught.value.code == "dround_non_response_invalid"
    assert [r.number for r in load_study(db, empty).rounds] == [1]


def test_drop_consensus_records_exactly_the_cells_at_consensus(db: Database) -> None:
    study_id = _round1(db)
    expected = _consensus_cells_by_hand(db, study_id)
    study = load_study(db, study_id)
    assert 0 < len(expected) < study.cells
    open_next_round(db, study_id, drop_consensus=True)
    settings = round_settings(db, study_id, 2)
    assert set(settings.dropped) == expected
    assert list(settings.dropped) == sorted(expected)
    assert settings.iqr_share == 0.25 and settings.drop_consensus
    with db.read() as session:
        opened = [e for e in read_events(session, study_id) if e.kind == "round_opened"]
    assert opened[-1].details["dropped"] == len(expected)
    # A dropped cell is not answerable: the check names every answer given to one.
    tech, crit = sorted(expected)[0]
    answers = [CellEntry(tech, crit, "score", 2.0), CellEntry(tech, "zz_other", "na")]
    problems = check_not_dropped(settings, answers, file="x.xlsx")
    assert [(p.code, p.file, p.params) for p in problems] == [
        ("dround_cell_dropped", "x.xlsx", {"technology": tech, "criterion": crit})
    ]


def test_a_silent_expert_is_carried_with_the_round_of_their_answers(db: Database) -> None:
    study_id = _round1(db)
    open_next_round(db, study_id, non_response="carry")
    _answer_all_but(db, study_id, 2, {SILENT}, set())
    data = study_data(db, study_id, 2)
    long = _long(data.files[-1].content)
    first = _long(study_data(db, study_id, 1).files[-1].content)
    assert list(long.columns)[-1] == "round"
    silent_now = long[long["expert"] == SILENT].reset_index(drop=True)
    silent_before = first[first["expert"] == SILENT].reset_index(drop=True)
    assert len(silent_now) > 0
    assert set(silent_now["round"]) == {"1"}
    pd.testing.assert_frame_equal(
        silent_now.drop(columns="round"), silent_before.drop(columns="round")
    )
    assert set(long.loc[long["expert"] != SILENT, "round"]) == {"2"}
    assert data.carried == len(silent_now)
    assert data.answers == len(long)
    # The analysis reads the carried answers like any other.
    loaded = load_inputs(list(data.files))
    assert loaded.panel is not None
    scores = loaded.panel.scores
    assert SILENT in set(scores["expert"].astype(str))
    assert len(scores) == len(long)

    # Silent in rounds 2 and 3: round 3 carries round 1.
    close_round(db, study_id)
    open_next_round(db, study_id)
    _answer_all_but(db, study_id, 3, {SILENT, "sci_01"}, set())
    third = _long(study_data(db, study_id, 3).files[-1].content)
    assert set(third.loc[third["expert"] == SILENT, "round"]) == {"1"}
    assert set(third.loc[third["expert"] == "sci_01", "round"]) == {"2"}
    assert set(third.loc[~third["expert"].isin([SILENT, "sci_01"]), "round"]) == {"3"}


def test_with_exclude_a_silent_expert_is_left_out(db: Database) -> None:
    study_id = _round1(db)
    open_next_round(db, study_id, non_response="exclude")
    _answer_all_but(db, study_id, 2, {SILENT}, set())
    data = study_data(db, study_id, 2)
    long = _long(data.files[-1].content)
    assert SILENT not in set(long["expert"])
    assert set(long["round"]) == {"2"}
    assert data.carried == 0
    loaded = load_inputs(list(data.files))
    assert loaded.panel is not None
    assert SILENT not in set(loaded.panel.scores["expert"].astype(str))


def test_dropped_cells_keep_their_last_values_for_everybody(db: Database) -> None:
    study_id = _round1(db)
    open_next_round(db, study_id, drop_consensus=True, non_response="exclude")
    dropped = set(round_settings(db, study_id, 2).dropped)
    _answer_all_but(db, study_id, 2, {SILENT}, dropped)
    long = _long(study_data(db, study_id, 2).files[-1].content)
    first = _long(study_data(db, study_id, 1).files[-1].content)
    cell = list(zip(long["technology"], long["criterion"], strict=True))
    in_dropped = long[[c in dropped for c in cell]]
    first_cell = list(zip(first["technology"], first["criterion"], strict=True))
    first_dropped = first[[c in dropped for c in first_cell]]
    # Every expert's round-1 answer, the silent one's included, with round 1.
    pd.testing.assert_frame_equal(
        in_dropped.reset_index(drop=True), first_dropped.reset_index(drop=True)
    )
    assert SILENT in set(in_dropped["expert"])
    others = long[[c not in dropped for c in cell]]
    assert SILENT not in set(others["expert"]) and set(others["round"]) == {"2"}

    # Dropped again in round 3 (the same values are still at consensus), still round 1's.
    close_round(db, study_id)
    open_next_round(db, study_id, drop_consensus=True)
    assert set(round_settings(db, study_id, 3).dropped) >= dropped
    third = _long(study_data(db, study_id, 3).files[-1].content)
    third_cell = list(zip(third["technology"], third["criterion"], strict=True))
    assert set(third.loc[[c in dropped for c in third_cell], "round"]) == {"1"}


# --- the command line ----------------------------------------------------------------------


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_close_round_and_open_round_on_the_command_line(
    capsys: pytest.CaptureFixture[str], db: Database, db_url: str
) -> None:
    study_id = sample_study(db, import_scores=True)
    expected = _consensus_cells_by_hand(db, study_id)
    sid = str(study_id)

    status, out, err = _run(capsys, "study", "open-round", sid, "--db", db_url)
    assert status == 2
    assert t("dround_previous_open", "en", study=study_id, round=1) in err

    status, out, err = _run(capsys, "study", "close-round", sid, "--db", db_url, "--format", "json")
    assert status == 0, err
    assert json.loads(out) == {
        "study": study_id,
        "round": 1,
        "closed": True,
        "respondents": 9,
        "answers": study_data(db, study_id, 1).answers,
    }
    status, out, err = _run(capsys, "--lang", "vi", "study", "close-round", sid, "--db", db_url)
    assert status == 2
    assert t("dround_already_closed", "vi", study=study_id, round=1) in err

    argv = ("study", "open-round", sid, "--drop-consensus", "--non-response", "exclude")
    status, out, err = _run(capsys, *argv, "--db", db_url, "--format", "json")
    assert status == 0, err
    payload = json.loads(out)
    assert (payload["study"], payload["round"]) == (study_id, 2)
    settings = payload["settings"]
    assert settings["drop_consensus"] is True and settings["require_reasons"] is False
    assert settings["non_response"] == "exclude"
    assert {tuple(c) for c in settings["dropped"]} == expected

    _answer_all_but(db, study_id, 2, set(), expected)
    status, out, err = _run(capsys, "study", "close-round", sid, "--db", db_url)
    assert status == 0, err
    with db.read() as session:
        answered = len(current_answers(session, study_id, 2))
    assert t("cli_round_closed", "en", study=study_id, round=2, n=9, answers=answered) in out
    status, out, err = _run(capsys, "study", "open-round", sid, "--require-reasons", "--db", db_url)
    assert status == 0, err
    assert t("cli_round_opened", "en", study=study_id, round=3, previous=2) in out
    assert t("cli_round_all_cells", "en") in out
    assert t("cli_round_non_response_carry", "en") in out
    assert t("cli_round_reasons", "en", value=t("cli_round_yes", "en")) in out
    assert round_settings(db, study_id, 3) == RoundSettings(require_reasons=True)


def test_a_dropped_cell_is_refused_on_import_and_in_the_form(db_url: str) -> None:
    """A cell the round does not ask (consensus reached) cannot be answered again."""
    db = Database(db_url)
    study_id = sample_study(db, import_scores=True)
    close_round(db, study_id)
    number = open_next_round(db, study_id, drop_consensus=True)
    settings = round_settings(db, study_id, number)
    technology, criterion = settings.dropped[0]
    line = f"sci_01,{technology},{criterion},3\n"
    with pytest.raises(InputError) as caught:
        import_files(
            db, study_id, [("again.csv", b"expert,technology,criterion,score\n" + line.encode())]
        )
    assert [p.code for p in caught.value.problems] == ["dround_cell_dropped"]
    with pytest.raises(R57Error) as refused:
        save_row(db, study_id, number, "sci_01", RowDraft(technology, {criterion: "3"}))
    assert refused.value.code == "dround_cell_dropped"
    db.close()
