"""Study page (AppTest): creating a study from the loaded sample, the status table, a rejected
upload that stores nothing, the downloads, opening the study for analysis, and the
secretariat's password gate."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from r57_mcda.i18n import t
from r57_mcda.io.bundled import sample_paths
from r57_mcda.study.db import Database
from r57_mcda.study.status import study_status
from r57_mcda.study.studies import list_studies
from r57_mcda.ui.gate import PASSWORD_VARIABLE
from tests.helpers.app import texts
from tests.helpers.studies import sample_study

SCRIPT = """
from r57_mcda.ui.state import init_state
from r57_mcda.ui.pages.study import render

init_state()
render()
"""


@pytest.fixture
def store_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A fresh SQLite store for the page, named by ``R57_DATABASE_URL``; no password."""
    url = f"sqlite:///{tmp_path / 'store.db'}"
    monkeypatch.setenv("R57_DATABASE_URL", url)
    monkeypatch.delenv(PASSWORD_VARIABLE, raising=False)
    return url


def _page(tmp_path: Path, query: dict[str, str] | None = None) -> AppTest:
    script = tmp_path / "study_page.py"
    script.write_text(SCRIPT, encoding="utf-8")
    at = AppTest.from_file(str(script), default_timeout=60)
    at.query_params.update(query or {})
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _clicked(at: AppTest, key: str) -> AppTest:
    at.button(key=key).click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _status_table(at: AppTest) -> pd.DataFrame:
    for element in at.dataframe:
        if "Scored" in element.value.columns:
            return element.value
    raise AssertionError("no status table on the page")


def _expected_scored() -> dict[str, int]:
    frame = pd.read_csv(sample_paths()["scores"], dtype=str, keep_default_na=False)
    scored = pd.to_numeric(frame["score"], errors="coerce").notna()
    return {str(k): int(v) for k, v in scored.groupby(frame["expert"]).sum().items()}


def test_create_a_study_from_the_loaded_sample(tmp_path: Path, store_url: str) -> None:
    at = _page(tmp_path)
    assert "No study yet" in texts(at)
    at.text_input(key="study_new_name").input("Pilot 2026")
    at.toggle(key="study_new_import").set_value(True)
    _clicked(at, "study_create")
    assert "Study 1 created." in texts(at)
    assert "9 of 9 experts submitted; 0 invited." in texts(at)
    assert at.query_params["manage"] == "1"
    table = _status_table(at)
    assert sorted(table["Expert"]) == sorted(_expected_scored())
    assert dict(zip(table["Expert"], table["Scored"], strict=True)) == _expected_scored()
    assert set(table["Cells"]) == {14 * 12} and all(table["Submitted"])
    assert not any(table["Link"]) and all(table["Submitted at"].str.len() == 16)
    status = study_status(Database(store_url), 1)
    assert status.name == "Pilot 2026" and status.submitted == 9


def test_a_study_needs_a_name(tmp_path: Path, store_url: str) -> None:
    at = _page(tmp_path)
    _clicked(at, "study_create")
    assert [e.value for e in at.error] == ["Give the study a name."]
    assert list_studies(Database(store_url)) == []


def test_the_chosen_study_survives_a_refresh(tmp_path: Path, store_url: str) -> None:
    db = Database(store_url)
    first = sample_study(db, name="First", import_scores=True)
    second = sample_study(db, name="Second")
    newest = _page(tmp_path)
    assert newest.selectbox(key="study_chosen").value == second
    assert newest.query_params["manage"] == str(second)
    assert "0 of 9 experts submitted" in texts(newest)
    refreshed = _page(tmp_path, {"manage": str(first)})
    assert refreshed.selectbox(key="study_chosen").value == first
    assert "9 of 9 experts submitted" in texts(refreshed)


def test_study_page_in_vietnamese(tmp_path: Path, store_url: str) -> None:
    sample_study(Database(store_url), import_scores=True)
    at = _page(tmp_path)
    at.session_state["lang"] = "vi"
    at.run()
    assert "9 trên 9 chuyên gia đã nộp" in texts(at)
    assert "Đã chấm" in at.dataframe[0].value.columns


def test_a_bad_upload_shows_its_problems_and_stores_nothing(tmp_path: Path, store_url: str) -> None:
    study_id = sample_study(Database(store_url))
    at = _page(tmp_path)
    bad = b"expert,technology,criterion,score\nsci_01,ai_digital_twin,autonomy,9\nnobody,x,y,3\n"
    at.file_uploader(key="study_uploads").set_value([("bad.csv", bad, "text/csv")])
    _clicked(at, "study_import")
    assert "Nothing was stored" in texts(at)
    problems = [d.value for d in at.dataframe if "Message" in d.value.columns]
    located = problems[0][problems[0]["File"] == "bad.csv"]
    by_row = dict(zip(located["Row"], located["Message"], strict=False))
    assert "outside the scale" in by_row["2"]
    assert any("unknown expert 'nobody'" in m for m in located["Message"])
    assert study_status(Database(store_url), study_id).submitted == 0
    assert set(_status_table(at)["Scored"]) == {0}


def test_a_good_upload_is_imported_and_a_repeat_skipped(tmp_path: Path, store_url: str) -> None:
    study_id = sample_study(Database(store_url))
    at = _page(tmp_path)
    good = sample_paths()["scores"].read_bytes()
    at.file_uploader(key="study_uploads").set_value([("scores.csv", good, "text/csv")])
    _clicked(at, "study_import")
    assert "scores.csv: answers of sci_01 stored" in texts(at)
    assert dict(zip(*_columns(at, "Expert", "Scored"), strict=True)) == _expected_scored()
    _clicked(at, "study_import")
    assert "scores.csv: skipped" in texts(at)
    assert study_status(Database(store_url), study_id).submitted == 9


def _columns(at: AppTest, *names: str) -> list[list[Any]]:
    table = _status_table(at)
    return [list(table[n]) for n in names]


def test_downloads_of_workbooks_and_links(tmp_path: Path, store_url: str) -> None:
    study_id = sample_study(Database(store_url))
    at = _page(tmp_path)
    assert at.text_input(key="study_base_url").value == "http://localhost:8501/"
    _clicked(at, "study_build_templates")
    assert "0 of 9 experts submitted; 9 invited." in texts(at)
    assert all(_status_table(at)["Workbook"])
    status = study_status(Database(store_url), study_id)
    assert all(e.template for e in status.experts)
    _clicked(at, "study_issue_links")
    assert all(_status_table(at)["Link"])
    assert "only copy of the links" in texts(at)
    keys = {d.proto.id for d in at.get("download_button")}
    assert any("study_download_templates" in k for k in keys)
    assert any("study_download_links" in k for k in keys)


def test_open_in_the_analysis_pages_calls_use_study(
    tmp_path: Path, store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import r57_mcda.ui.state as state

    calls: list[tuple[int, int | None]] = []
    monkeypatch.setattr(state, "use_study", lambda s, r: calls.append((s, r)), raising=False)
    study_id = sample_study(Database(store_url), import_scores=True)
    at = _page(tmp_path)
    _clicked(at, "study_open_analysis")
    assert calls == [(study_id, None)]
    assert f"The analysis pages now show study {study_id}." in texts(at)


def test_open_in_the_analysis_pages_loads_the_study(tmp_path: Path, store_url: str) -> None:
    study_id = sample_study(Database(store_url), import_scores=True)
    at = _page(tmp_path)
    _clicked(at, "study_open_analysis")
    assert f"The analysis pages now show study {study_id}." in texts(at)
    loaded = at.session_state["input_files"]
    assert {f.role for f in loaded} >= {"criteria", "scores", "technologies", "experts"}
    assert {f.study.id for f in loaded if f.study is not None} == {study_id}


def test_opening_a_study_without_answers_says_why(tmp_path: Path, store_url: str) -> None:
    sample_study(Database(store_url))
    at = _page(tmp_path)
    _clicked(at, "study_open_analysis")
    assert "now show study" not in texts(at)
    assert [e.value for e in at.error] == [t("study_no_answers", "en", round=1, study=1)]


def test_the_password_gate(tmp_path: Path, store_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    sample_study(Database(store_url), name="Secret study", import_scores=True)
    monkeypatch.setenv(PASSWORD_VARIABLE, "s3cret-pass")
    at = _page(tmp_path)
    assert "Secretariat sign-in" in [s.value for s in at.subheader]
    assert not at.dataframe and "Secret study" not in texts(at)
    at.text_input(key="secretariat_password").input("wrong")
    _clicked(at, "secretariat_unlock")
    assert "Wrong password." in texts(at) and not at.dataframe
    at.text_input(key="secretariat_password").input("s3cret-pass")
    _clicked(at, "secretariat_unlock")
    assert "Wrong password." not in texts(at)
    assert "9 of 9 experts submitted; 0 invited." in texts(at)
    assert len(_status_table(at)) == 9


def test_no_password_no_gate(tmp_path: Path, store_url: str) -> None:
    sample_study(Database(store_url))
    at = _page(tmp_path)
    assert "Secretariat sign-in" not in [s.value for s in at.subheader]
    assert len(_status_table(at)) == 9
