"""The study store: schema and migrations, studies, versioned answers, the event log, the
round's data as analysis inputs, and 30 experts writing at once. Every test runs on SQLite and,
when R57_TEST_POSTGRES_URL is set (always in CI), on PostgreSQL (the ``db_url`` fixture)."""

from __future__ import annotations

import hashlib
import io
import json
import threading
from collections.abc import Iterator

import pandas as pd
import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import select, text

from r57_mcda.errors import InputError, R57Error
from r57_mcda.io.bundled import sample_paths
from r57_mcda.io.inputs import InputFile, load_inputs
from r57_mcda.pipeline.analysis import analyse, spec_for
from r57_mcda.study.answers import cell_history, current_answers, submit
from r57_mcda.study.db import (
    DATABASE_VARIABLE,
    DEFAULT_URL,
    Database,
    database_url,
    head_revision,
    make_engine,
    schema_state,
    shown_url,
    upgrade,
)
from r57_mcda.study.entries import CellEntry, Origin
from r57_mcda.study.events import read_events
from r57_mcda.study.export import study_workbook
from r57_mcda.study.imports import import_files
from r57_mcda.study.inputs import canonical_scores, study_data
from r57_mcda.study.schema import Base, RoundRow, ScoreRow, utcnow
from r57_mcda.study.studies import list_studies, load_study
from tests.helpers.studies import sample_study

SAMPLE = sample_paths()
WEB = Origin("web")


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    store = Database(db_url)
    yield store
    store.close()


# --- where the database is, and its schema -------------------------------------------------


def test_the_url_comes_from_the_option_then_the_environment_then_the_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(DATABASE_VARIABLE, raising=False)
    assert database_url(None) == DEFAULT_URL == "sqlite:///r57-studies.db"
    monkeypatch.setenv(DATABASE_VARIABLE, "sqlite:///from-env.db")
    assert database_url(None) == "sqlite:///from-env.db"
    assert database_url("sqlite:///given.db") == "sqlite:///given.db"


def test_a_password_in_the_url_is_never_shown() -> None:
    assert shown_url("postgresql://ana:s3cret@db.example/r57") == (
        "postgresql://ana:***@db.example/r57"
    )


def test_a_fresh_database_is_migrated_on_first_use_and_matches_the_models(db: Database) -> None:
    assert db.revision == head_revision() == "0003"
    with db.engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
        version = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    assert version == "0003"


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path: pytest.TempPathFactory) -> None:
    store = Database(f"sqlite:///{tmp_path}/wal.db")
    with store.read() as session:
        assert session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1
    store.close()


def test_db_upgrade_migrates_an_unmigrated_database_and_records_the_version(
    db_url: str,
) -> None:
    engine = make_engine(db_url)
    assert schema_state(engine).revision is None
    assert upgrade(engine) == (None, "0003")
    assert schema_state(engine).revision == "0003"
    assert upgrade(engine) == ("0003", "0003")
    engine.dispose()


def test_a_database_of_the_first_schema_is_refused_then_migrated_with_its_data(
    db_url: str,
) -> None:
    """Revision 0002 added the studies' settings: a store made at 0001 keeps its studies."""
    engine = make_engine(db_url)
    assert upgrade(engine, "0001") == (None, "0001")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO studies (name, criteria_set, criteria_file, criteria_content,"
                " criteria_sha256, secret, created_at) VALUES ('Old', 'set', 'c.toml', :b,"
                " 'abc', :b, :t)"
            ),
            {"b": b"x", "t": utcnow()},
        )
        # A row that points at the study: migrating must keep it (and its foreign key).
        connection.execute(
            text(
                'INSERT INTO experts (study_id, id, position, name, "group", group_name,'
                " group_name_vi, lang, email) VALUES (1, 'e1', 0, 'Ana', '', '', '', 'vi', '')"
            )
        )
    with pytest.raises(R57Error) as outdated:
        Database(db_url)
    assert outdated.value.code == "study_db_outdated"
    assert "r57-mcda db upgrade" in outdated.value.text("en")
    assert upgrade(engine) == ("0001", "0003")
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT name, settings FROM studies")).all()
    assert [(name, json.loads(s) if isinstance(s, str) else s) for name, s in rows] == [("Old", {})]
    engine.dispose()


def test_a_database_of_someone_else_or_of_a_newer_version_is_refused(db_url: str) -> None:
    engine = make_engine(db_url)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE payroll (id INTEGER PRIMARY KEY)"))
    with pytest.raises(R57Error) as foreign:
        Database(db_url)
    assert foreign.value.code == "study_db_foreign"
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE payroll"))
    upgrade(engine)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(R57Error) as newer:
        Database(db_url)
    assert newer.value.code == "study_db_newer"
    assert "9999" in newer.value.text("en")
    engine.dispose()


def test_an_unreachable_server_is_a_clear_error_without_its_password() -> None:
    with pytest.raises(R57Error) as caught:
        Database("postgresql://ana:s3cret@127.0.0.1:1/r57")
    assert caught.value.code == "study_db_unreachable"
    assert "s3cret" not in caught.value.text("en")
    assert "ana:***@127.0.0.1:1" in caught.value.text("vi")


# --- studies ------------------------------------------------------------------------------


def test_a_study_keeps_its_criteria_file_technologies_experts_and_opens_round_1(
    db: Database,
) -> None:
    study_id = sample_study(db, langs={"sci_01": "en"})
    study = load_study(db, study_id)
    criteria_bytes = (sample_paths()["scores"].parent.parent / "criteria").joinpath(
        "r57_strategic_technologies.toml"
    )
    assert study.criteria_file.sha256 == hashlib.sha256(criteria_bytes.read_bytes()).hexdigest()
    assert len(study.criteria) == 12
    technologies = pd.read_csv(SAMPLE["technologies"])
    assert [x.id for x in study.technologies] == list(technologies["id"])
    assert study.technologies[0].budget == technologies["budget"].iloc[0]
    experts = pd.read_csv(SAMPLE["experts"])
    assert [e.id for e in study.experts] == list(experts["id"])
    assert study.expert("sci_01").lang == "en"
    assert study.expert("sci_02").lang == "vi"
    assert [(r.number, r.is_open) for r in study.rounds] == [(1, True)]
    assert study.cells == 14 * 12
    [summary] = list_studies(db)
    assert (summary.id, summary.technologies, summary.experts, summary.rounds) == (
        study_id,
        14,
        9,
        1,
    )
    [created] = read_events_of(db, study_id)
    assert created.kind == "created"
    assert created.details["criteria_sha256"] == study.criteria_file.sha256


def read_events_of(db: Database, study_id: int) -> list:  # type: ignore[type-arg]
    with db.read() as session:
        return read_events(session, study_id)


def test_unknown_studies_rounds_and_experts_are_named(db: Database) -> None:
    study_id = sample_study(db)
    with pytest.raises(R57Error) as missing:
        load_study(db, study_id + 41)
    assert missing.value.code == "study_not_found"
    study = load_study(db, study_id)
    with pytest.raises(R57Error, match="no round 2"):
        study.round(2)
    with pytest.raises(R57Error, match="no expert nobody"):
        study.expert("nobody")


# --- versioned answers ----------------------------------------------------------------------


def _answers(db: Database, study_id: int, expert: str) -> dict[tuple[str, str], CellEntry]:
    with db.read() as session:
        return {a.entry.key: a.entry for a in current_answers(session, study_id, 1, [expert])}


def test_a_revision_is_a_new_version_and_the_history_lists_every_one(db: Database) -> None:
    study_id = sample_study(db)
    first = [
        CellEntry("ai_digital_twin", "autonomy", "score", 3.0),
        CellEntry("ai_digital_twin", "spillover", "na"),
        CellEntry("semiconductors", "autonomy", "score", 5.0, "strong domestic base"),
    ]
    with db.write() as session:
        result = submit(
            session, study_id, 1, expert_id="sci_01", entries=first, origin=WEB, partial=False
        )
    assert (result.changed, result.cleared) == (3, 0)
    second = [
        CellEntry("ai_digital_twin", "autonomy", "score", 4.0),
        CellEntry("semiconductors", "autonomy", "score", 5.0, "strong domestic base"),
    ]
    with db.write() as session:
        result = submit(
            session, study_id, 1, expert_id="sci_01", entries=second, origin=WEB, partial=False
        )
    # One cell changed, one was withdrawn, one is as it was: only two new versions.
    assert (result.changed, result.cleared) == (1, 1)
    assert _answers(db, study_id, "sci_01") == {e.key: e for e in second}
    with db.read() as session:
        history = cell_history(
            session,
            study_id,
            1,
            expert_id="sci_01",
            technology="ai_digital_twin",
            criterion="autonomy",
        )
        withdrawn = cell_history(
            session,
            study_id,
            1,
            expert_id="sci_01",
            technology="ai_digital_twin",
            criterion="spillover",
        )
        rows = session.scalars(select(ScoreRow).where(ScoreRow.study_id == study_id)).all()
    assert [v.entry.value for v in history if v.entry] == [3.0, 4.0]
    assert [v.channel for v in history] == ["web", "web"]
    assert [v.entry for v in withdrawn][-1] is None
    # Append-only: five versions in all (3 + 2), none overwritten.
    assert len(rows) == 5
    kinds = [e.kind for e in read_events_of(db, study_id)]
    assert kinds == ["created", "submission", "submission"]


def test_a_closed_round_refuses_answers(db: Database) -> None:
    study_id = sample_study(db)
    with db.write() as session:
        row = session.get(RoundRow, (study_id, 1))
        assert row is not None
        row.closed_at = utcnow()
    with pytest.raises(R57Error) as closed, db.write() as session:
        submit(
            session,
            study_id,
            1,
            expert_id="sci_01",
            entries=[CellEntry("ai_digital_twin", "autonomy", "score", 3.0)],
            origin=WEB,
            partial=False,
        )
    assert closed.value.code == "study_round_closed"


def test_a_failed_transaction_stores_nothing(db: Database) -> None:
    study_id = sample_study(db)
    with pytest.raises(RuntimeError), db.write() as session:
        submit(
            session,
            study_id,
            1,
            expert_id="sci_01",
            entries=[CellEntry("ai_digital_twin", "autonomy", "score", 3.0)],
            origin=WEB,
            partial=False,
        )
        raise RuntimeError("the power went out")
    assert _answers(db, study_id, "sci_01") == {}
    assert [e.kind for e in read_events_of(db, study_id)] == ["created"]


# --- the round's data as analysis inputs ------------------------------------------------------


def test_the_studys_analysis_equals_the_files_analysis(db: Database) -> None:
    study_id = sample_study(db, import_scores=True)
    data = study_data(db, study_id)
    study_loaded = load_inputs(data.files)
    files = [
        InputFile.from_path(role, SAMPLE[role])
        for role in ("criteria", "scores", "technologies", "experts")
    ]
    file_loaded = load_inputs(files)
    from_study = analyse(study_loaded, spec_for(study_loaded), agreement=False)
    from_files = analyse(file_loaded, spec_for(file_loaded), agreement=False)
    pd.testing.assert_frame_equal(from_study.matrix, from_files.matrix)
    pd.testing.assert_frame_equal(from_study.ranking.table(), from_files.ranking.table())
    spec = spec_for(study_loaded)
    assert spec.inputs == ()
    assert spec.study is not None
    assert (spec.study.id, spec.study.round) == (study_id, 1)
    assert spec.study.scores_sha256 == data.files[-1].sha256 == data.ref.scores_sha256
    # The sample's 1,512 cells less its blanks; confidence and comments kept.
    sample = pd.read_csv(SAMPLE["scores"], keep_default_na=False)
    assert data.answers == int((sample["score"].astype(str).str.strip() != "").sum())
    long = pd.read_csv(pd.io.common.BytesIO(data.files[-1].content), keep_default_na=False)
    merged = long.merge(sample, on=["expert", "technology", "criterion"], suffixes=("", "_in"))
    assert len(merged) == data.answers
    assert (merged["confidence"].astype(str) == merged["confidence_in"].astype(str)).all()


def test_the_canonical_scores_do_not_depend_on_the_order_of_answers(db: Database) -> None:
    study_id = sample_study(db, import_scores=True)
    with db.read() as session:
        answers = current_answers(session, study_id, 1)
    assert canonical_scores(answers) == canonical_scores(list(reversed(answers)))
    first_line = canonical_scores(answers).split(b"\n")[0]
    assert first_line == b"expert,technology,criterion,score,confidence,comment,round"


def test_a_round_without_answers_is_not_analysed(db: Database) -> None:
    study_id = sample_study(db)
    with pytest.raises(R57Error) as caught:
        study_data(db, study_id)
    assert caught.value.code == "study_no_answers"


# --- importing long score files -------------------------------------------------------------


def test_importing_the_same_file_twice_is_a_no_op_that_says_so(db: Database) -> None:
    study_id = sample_study(db)
    content = SAMPLE["scores"].read_bytes()
    first = import_files(db, study_id, [("scores.csv", content)])
    assert len(first.imported) == 9
    again = import_files(db, study_id, [("copy.csv", content)])
    assert again.imported == ()
    assert again.skipped == ("copy.csv",)
    with db.read() as session:
        assert len(session.scalars(select(ScoreRow)).all()) == study_data(db, study_id).answers


def test_a_bad_file_rejects_the_whole_import_and_is_logged(db: Database) -> None:
    study_id = sample_study(db)
    good = SAMPLE["scores"].read_bytes()
    bad = b"expert,technology,criterion,score\nsci_01,ai_digital_twin,autonomy,9\nzz,quantum,x,3\n"
    with pytest.raises(InputError) as caught:
        import_files(db, study_id, [("good.csv", good), ("bad.csv", bad)])
    located = {(p.file, p.row, p.column) for p in caught.value.errors}
    assert ("bad.csv", 2, "score") in located
    assert ("bad.csv", 3, "expert") in located
    with db.read() as session:
        assert session.scalars(select(ScoreRow)).all() == []
    rejected = read_events_of(db, study_id)[-1]
    assert rejected.kind == "import_rejected"
    assert rejected.details["files"] == ["good.csv", "bad.csv"]
    assert rejected.details["count"] == len(caught.value.problems)


# --- under load -------------------------------------------------------------------------------


def test_thirty_experts_submitting_at_once_lose_no_write(db_url: str) -> None:
    setup = Database(db_url)
    study_id = sample_study(setup)
    study = load_study(setup, study_id)
    cells = [(t.id, c) for t in study.technologies for c in study.criteria.ids]
    from sqlalchemy import insert

    from r57_mcda.study.schema import ExpertRow

    with setup.write() as session:
        session.execute(
            insert(ExpertRow),
            [
                {"study_id": study_id, "id": f"x{i:02d}", "position": 100 + i, "name": f"X {i}"}
                for i in range(30)
            ],
        )
    start = threading.Barrier(30)
    failures: list[BaseException] = []

    def expert(i: int) -> None:
        store = Database(db_url, migrate=False)
        try:
            start.wait()
            entries = [
                CellEntry(t, c, "score", float(1 + (i + k) % 5)) for k, (t, c) in enumerate(cells)
            ]
            with store.write() as session:
                submit(
                    session,
                    study_id,
                    1,
                    expert_id=f"x{i:02d}",
                    entries=entries,
                    origin=WEB,
                    partial=False,
                )
        except BaseException as exc:
            failures.append(exc)
        finally:
            store.close()

    threads = [threading.Thread(target=expert, args=(i,)) for i in range(30)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert failures == []
    with setup.read() as session:
        answers = current_answers(session, study_id, 1)
    assert len(answers) == 30 * len(cells)
    for answer in answers:
        i = int(answer.expert[1:])
        k = cells.index(answer.entry.key)
        assert answer.entry.value == float(1 + (i + k) % 5)
    assert sum(e.kind == "submission" for e in read_events_of(setup, study_id)) == 30
    setup.close()


def test_an_imported_file_revises_only_the_cells_it_answers(db: Database) -> None:
    """A stale workbook or a one-cell file never wipes answers: a blank stays as it was."""
    study_id = sample_study(db)
    first = [
        CellEntry("ai_digital_twin", "autonomy", "score", 3.0),
        CellEntry("semiconductors", "autonomy", "score", 5.0),
    ]
    with db.write() as session:
        submit(session, study_id, 1, expert_id="sci_01", entries=first, origin=WEB, partial=False)
    one = b"expert,technology,criterion,score\nsci_01,ai_digital_twin,autonomy,4\n"
    outcome = import_files(db, study_id, [("one.csv", one)])
    assert outcome.imported == (("one.csv", "sci_01", 1),)
    assert _answers(db, study_id, "sci_01") == {
        ("ai_digital_twin", "autonomy"): CellEntry("ai_digital_twin", "autonomy", "score", 4.0),
        ("semiconductors", "autonomy"): CellEntry("semiconductors", "autonomy", "score", 5.0),
    }


def test_thirty_experts_saving_drafts_at_once_lose_no_write(db_url: str) -> None:
    from sqlalchemy import insert

    from r57_mcda.study.drafts import RowDraft, form_state, save_row
    from r57_mcda.study.schema import ExpertRow

    setup = Database(db_url)
    study_id = sample_study(setup)
    study = load_study(setup, study_id)
    with setup.write() as session:
        session.execute(
            insert(ExpertRow),
            [
                {"study_id": study_id, "id": f"y{i:02d}", "position": 100 + i, "name": f"Y {i}"}
                for i in range(30)
            ],
        )
    start = threading.Barrier(30)
    failures: list[BaseException] = []
    techs, crits = [x.id for x in study.technologies], study.criteria.ids

    def expert(i: int) -> None:
        store = Database(db_url, migrate=False)
        try:
            start.wait()
            for k, tech in enumerate(techs[:5]):
                answers = {c: str(1 + (i + k + j) % 5) for j, c in enumerate(crits)}
                save_row(store, study_id, 1, f"y{i:02d}", RowDraft(tech, answers))
        except BaseException as exc:  # collected and reported below
            failures.append(exc)
        finally:
            store.close()

    threads = [threading.Thread(target=expert, args=(i,)) for i in range(30)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert failures == []
    for i in range(30):
        state = form_state(setup, study_id, 1, f"y{i:02d}")
        for k, tech in enumerate(techs[:5]):
            expected = {c: str(1 + (i + k + j) % 5) for j, c in enumerate(crits)}
            assert dict(state.row(tech).answers) == expected
        assert state.answered == 5 * len(crits)
    setup.close()


# --- reasons and expertise (revision 0003) ----------------------------------------------------


def test_a_reason_is_stored_with_its_version_and_a_new_reason_alone_is_a_new_version(
    db: Database,
) -> None:
    study_id = sample_study(db)
    cell = ("ai_digital_twin", "autonomy")
    versions = [
        CellEntry(*cell, "score", 1.0, reason="no domestic supplier"),
        CellEntry(*cell, "score", 1.0, reason="no domestic supplier"),  # unchanged
        CellEntry(*cell, "score", 1.0, reason="no supplier; imports only"),  # the reason alone
        CellEntry(*cell, "score", 1.0),  # the reason withdrawn
    ]
    changed = []
    for entry in versions:
        with db.write() as session:
            result = submit(
                session, study_id, 1, expert_id="sci_01", entries=[entry], origin=WEB, partial=False
            )
        changed.append(result.changed)
    assert changed == [1, 0, 1, 1]
    with db.read() as session:
        history = cell_history(
            session, study_id, 1, expert_id="sci_01", technology=cell[0], criterion=cell[1]
        )
        reasons = session.scalars(select(ScoreRow.reason).order_by(ScoreRow.id)).all()
    assert [v.entry for v in history] == [versions[0], versions[2], versions[3]]
    assert reasons == ["no domestic supplier", "no supplier; imports only", ""]


def test_the_study_workbook_has_the_reasons_and_every_expertise_version(db: Database) -> None:
    study_id = sample_study(db)
    entries = [
        CellEntry("ai_digital_twin", "autonomy", "score", 1.0, reason="no domestic supplier"),
        CellEntry("ai_digital_twin", "spillover", "na"),
    ]
    for levels in ({"ai_digital_twin": 4, "quantum": 2}, {"ai_digital_twin": 4}):
        with db.write() as session:
            submit(
                session,
                study_id,
                1,
                expert_id="sci_01",
                entries=entries,
                origin=WEB,
                partial=False,
                expertise=levels,
            )
    book = io.BytesIO(study_workbook(db, study_id))
    scores = pd.read_excel(book, sheet_name="Scores", keep_default_na=False)
    history = pd.read_excel(book, sheet_name="History", keep_default_na=False)
    expertise = pd.read_excel(book, sheet_name="Expertise", keep_default_na=False)
    assert list(scores.columns) == [
        "round",
        "expert",
        "technology",
        "criterion",
        "score",
        "confidence",
        "comment",
        "reason",
        "at",
        "channel",
        "file",
    ]
    assert dict(zip(scores["criterion"], scores["reason"], strict=True)) == {
        "autonomy": "no domestic supplier",
        "spillover": "",
    }
    assert list(history.columns[7:10]) == ["confidence", "comment", "reason"]
    assert list(history["reason"]) == ["no domestic supplier", ""]
    assert list(expertise.columns) == ["expert", "technology", "level", "round", "at"]
    rows = expertise[["expert", "technology", "level", "round"]].to_dict("records")
    assert rows == [
        {"expert": "sci_01", "technology": "ai_digital_twin", "level": 4, "round": 1},
        {"expert": "sci_01", "technology": "quantum", "level": 2, "round": 1},
        {"expert": "sci_01", "technology": "quantum", "level": "", "round": 1},
    ]
    assert all(str(at).startswith("20") for at in expertise["at"])
    kinds = [(e.kind, e.details["expertise"]) for e in read_events_of(db, study_id)[1:]]
    assert kinds == [("submission", 2), ("submission", 1)]


def test_a_study_gives_its_technologies_budgets_exactly() -> None:
    """The portfolio reads costs from a study's technologies file: seven or more significant
    digits must survive (``%g`` would have written 1.23457e+06)."""
    from r57_mcda.models import Technology
    from r57_mcda.study.inputs import technologies_csv

    budgets = [1234567.89, 2_500_000.0, 40000.0, 0.1, None]
    table = pd.read_csv(
        io.BytesIO(
            technologies_csv(
                [Technology(f"t{k}", f"T{k}", budget=b) for k, b in enumerate(budgets)]
            )
        )
    )
    assert table["budget"].iloc[:4].tolist() == budgets[:4]
    assert pd.isna(table["budget"].iloc[4])
    assert "2500000," in technologies_csv([Technology("t", "T", budget=2_500_000.0)]).decode()
