"""The status of a study per expert (counts of current answers by status, links, workbooks,
drafts, submissions, last activity) and the zip of every expert's scoring workbook."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import datetime

import pandas as pd
from openpyxl import load_workbook

from r57_mcda.io.bundled import sample_paths
from r57_mcda.study.answers import submit
from r57_mcda.study.db import Database
from r57_mcda.study.entries import CellEntry, Origin
from r57_mcda.study.events import read_events
from r57_mcda.study.schema import DraftRow, as_utc
from r57_mcda.study.status import study_status, templates_zip
from r57_mcda.study.tokens import issue_links
from tests.helpers.databases import db_url as db_url_fixture  # noqa: F401
from tests.helpers.studies import sample_study

#: The sample panel: 14 technologies x 12 criteria, 9 experts.
SAMPLE_CELLS = 14 * 12
SAMPLE_EXPERTS = 9


def _expected_counts() -> pd.DataFrame:
    """Per expert, the sample score file's scored, NA and COI cells, counted with pandas."""
    frame = pd.read_csv(sample_paths()["scores"], dtype=str, keep_default_na=False)
    score = frame["score"].str.strip().str.upper()
    kinds = pd.DataFrame(
        {
            "expert": frame["expert"],
            "scored": pd.to_numeric(score, errors="coerce").notna(),
            "na": score == "NA",
            "coi": score == "COI",
        }
    )
    return kinds.groupby("expert")[["scored", "na", "coi"]].sum().astype(int)


def test_status_counts_every_experts_imported_answers(db_url: str) -> None:
    db = Database(db_url)
    study_id = sample_study(db, import_scores=True)
    status = study_status(db, study_id)
    expected = _expected_counts()
    assert len(status.experts) == SAMPLE_EXPERTS
    assert {e.expert_id for e in status.experts} == set(expected.index)
    for e in status.experts:
        row = expected.loc[e.expert_id]
        assert (e.scored, e.na, e.coi) == (row["scored"], row["na"], row["coi"]), e.expert_id
        assert e.total == SAMPLE_CELLS
        assert e.submitted and e.submitted_at is not None
        assert e.last_activity is not None and e.last_activity >= e.submitted_at
        assert not e.link and not e.template and not e.drafted
    assert expected["na"].sum() > 0 and expected["coi"].sum() > 0
    assert status.submitted == SAMPLE_EXPERTS and status.invited == 0
    assert status.round_no == 1 and status.round_open and status.name == "Pilot study"


def test_status_follows_resubmissions_drafts_and_links(db_url: str) -> None:
    db = Database(db_url)
    study_id = sample_study(db)
    first = [
        CellEntry("ai_digital_twin", "autonomy", "score", 4.0),
        CellEntry("ai_digital_twin", "national_goals", "na"),
        CellEntry("ai_digital_twin", "security_defence", "score", 2.0),
    ]
    with db.write() as session:
        submit(
            session,
            study_id,
            1,
            expert_id="sci_01",
            entries=first,
            origin=Origin("web"),
            partial=False,
        )
    # The second submission answers one cell differently and no longer answers another.
    second = [CellEntry("ai_digital_twin", "autonomy", "score", 5.0), first[1]]
    with db.write() as session:
        submit(
            session,
            study_id,
            1,
            expert_id="sci_01",
            entries=second,
            origin=Origin("web"),
            partial=False,
        )
        session.add(
            DraftRow(
                study_id=study_id,
                round_no=1,
                expert_id="sci_02",
                technology_id="ai_digital_twin",
                answers={"autonomy": "3"},
            )
        )
    issue_links(db, study_id, base_url="http://localhost:8501/", experts=["sci_03"])
    status = study_status(db, study_id)
    by_id = {e.expert_id: e for e in status.experts}
    one, two, three = by_id["sci_01"], by_id["sci_02"], by_id["sci_03"]
    assert (one.scored, one.na, one.coi, one.submitted, one.drafted) == (1, 1, 0, True, False)
    assert (two.scored, two.na, two.submitted, two.drafted) == (0, 0, False, True)
    assert two.submitted_at is None and two.last_activity is not None
    # A link issued is the secretariat's action, not the expert's.
    assert three.link and not three.submitted and three.last_activity is None
    assert not one.link and not two.link
    others = [e for e in status.experts if e.expert_id not in {"sci_01", "sci_02", "sci_03"}]
    assert all(e.last_activity is None and e.scored == 0 for e in others)
    assert status.submitted == 1 and status.invited == 1
    # A draft saved after the last submission shows; the submission stays counted.
    with db.write() as session:
        session.add(
            DraftRow(
                study_id=study_id,
                round_no=1,
                expert_id="sci_01",
                technology_id="ai_digital_twin",
                answers={"autonomy": None},
            )
        )
    again = {e.expert_id: e for e in study_status(db, study_id).experts}["sci_01"]
    assert again.drafted and again.scored == 1
    assert again.last_activity is not None and one.submitted_at is not None
    assert again.last_activity > one.submitted_at


def test_status_as_dict_is_json_with_iso_times(db_url: str) -> None:
    db = Database(db_url)
    study_id = sample_study(db, import_scores=True)
    data = json.loads(json.dumps(study_status(db, study_id).as_dict()))
    assert data["study_id"] == study_id and data["round"] == 1 and data["round_open"] is True
    assert data["submitted"] == SAMPLE_EXPERTS and data["deadline"] is None
    first = data["experts"][0]
    assert first["expert_id"] == "sci_01" and first["total"] == SAMPLE_CELLS
    assert as_utc(datetime.fromisoformat(first["submitted_at"])).tzinfo is not None
    assert first["link"] is False and first["drafted"] is False


def _meta(content: bytes) -> dict[str, str]:
    book = load_workbook(io.BytesIO(content), read_only=True)
    rows = book["_meta"].iter_rows(min_row=2, values_only=True)
    return {str(k): str(v) for k, v, *_ in rows}


def test_templates_zip_holds_one_signed_workbook_per_expert(db_url: str) -> None:
    db = Database(db_url)
    study_id = sample_study(db, lang="vi", langs={"sci_01": "en"}, import_scores=True)
    content = templates_zip(db, study_id)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        books = {name: archive.read(name) for name in archive.namelist()}
    experts = list(_expected_counts().index)
    assert sorted(books) == sorted(f"{e}.xlsx" for e in experts)
    for expert in experts:
        meta = _meta(books[f"{expert}.xlsx"])
        assert meta["expert_id"] == expert and meta["study_id"] == str(study_id)
        assert meta["round"] == "1" and len(meta["signature"]) == 64
        assert meta["lang"] == ("en" if expert == "sci_01" else "vi")
    # Prefilled with the expert's current answers: their first scored cell is in the grid.
    scores = pd.read_csv(sample_paths()["scores"], dtype=str, keep_default_na=False)
    mine = scores[(scores["expert"] == "sci_02") & scores["score"].str.isdigit()].iloc[0]
    grid = load_workbook(io.BytesIO(books["sci_02.xlsx"]), read_only=True)["Scores"]
    rows = list(grid.iter_rows(values_only=True))
    column = list(rows[0]).index(mine["criterion"])
    row = next(r for r in rows[2:] if r[0] == mine["technology"])
    assert str(row[column]) == mine["score"]
    issued = [e for e in read_events_of(db, study_id) if e[0] == "template_issued"]
    assert sorted(x[1] for x in issued) == sorted(experts)
    status = study_status(db, study_id)
    assert all(e.template for e in status.experts) and status.invited == SAMPLE_EXPERTS


def test_templates_zip_in_a_chosen_language(db_url: str) -> None:
    db = Database(db_url)
    study_id = sample_study(db, lang="vi")
    content = templates_zip(db, study_id, 1, lang="en")
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        langs = {_meta(archive.read(name))["lang"] for name in archive.namelist()}
    assert langs == {"en"}


def read_events_of(db: Database, study_id: int) -> list[tuple[str, str | None]]:
    """(kind, expert) of every event of the study."""
    with db.read() as session:
        return [(e.kind, e.expert_id) for e in read_events(session, study_id)]
