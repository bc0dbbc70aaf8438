"""The analysis pages on a study's data (r57_mcda/ui/study_source.py): the URL names the study,
so a new session (a reload) reads the same round from the store; the ranking equals the one of
the same scores as files; a study without answers says why and keeps the sample; the password
gate of a deployment holds every page but an expert's link."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from r57_mcda.i18n import t
from r57_mcda.study.db import Database
from r57_mcda.ui.state import Key
from tests.helpers.app import APP, expected_ranking, names, page
from tests.helpers.studies import sample_study


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Database:
    url = f"sqlite:///{tmp_path}/studies.db"
    monkeypatch.setenv("R57_DATABASE_URL", url)
    monkeypatch.delenv("R57_SECRETARIAT_PASSWORD", raising=False)
    return Database(url)


def _session(params: dict[str, str]) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_a_reload_reads_the_study_named_in_the_url_again(store: Database) -> None:
    study_id = sample_study(store, name="Pilot", import_scores=True)
    for _ in range(2):  # the first visit, then a reload: a new session each time
        at = _session({"study": str(study_id)})
        banner = t("ui_banner_study", "en", study=study_id, round=1, name="Pilot", at="")
        assert any(i.value.startswith(banner.split(" at ")[0]) for i in at.info)
        files = at.session_state[Key.FILES]
        assert {f.role for f in files} == {"criteria", "technologies", "experts", "scores"}
        assert all(f.study is not None and f.study.id == study_id for f in files)
        assert at.session_state[Key.SAMPLE] is False
    # The study holds the sample's scores: the Ranking page ranks them as the library ranks
    # the sample files.
    table = at.switch_page(page("ranking")).run().dataframe[0].value
    expected = expected_ranking()
    order = expected.order()
    assert list(table["Technology"]) == [names()[x] for x in order]
    assert table["Score"].to_numpy() == pytest.approx(expected.scores[order].round(4).to_numpy())


def test_a_study_without_answers_says_why_and_keeps_the_sample(store: Database) -> None:
    study_id = sample_study(store, name="Empty")
    at = _session({"study": str(study_id)})
    reason = t("study_no_answers", "en", study=study_id, round=1)
    assert t("ui_study_not_opened", "en", reason=reason) in [e.value for e in at.error]
    assert at.session_state[Key.SAMPLE] is True


def test_with_a_password_every_secretariat_page_asks_for_it(
    store: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    study_id = sample_study(store, name="Locked", import_scores=True)
    monkeypatch.setenv("R57_SECRETARIAT_PASSWORD", "correct horse")
    at = _session({"study": str(study_id)})
    assert at.text_input(key="secretariat_password") is not None
    text = " ".join(m.value for m in at.markdown)
    assert "Locked" not in text
    assert not at.dataframe
    at.text_input(key="secretariat_password").input("correct horse")
    at.button(key="secretariat_unlock").click().run()
    assert at.dataframe  # the Data page's tables are drawn now


REPORT_SCRIPT = """
import os
from r57_mcda.ui.cache import report_for
from r57_mcda.ui.pages.export import _rounds_source
from r57_mcda.ui.state import choices, files, init_state

init_state()
data = report_for(
    files(),
    choices(),
    language="vi",
    monte_carlo=False,
    stability=False,
    progress_text="",
    rounds=_rounds_source(files()),
)
with open(os.environ["R57_TEST_REPORT"], "wb") as out:
    out.write(data)
"""


def test_the_apps_report_of_a_study_has_its_rounds_sheet(
    store: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from openpyxl import load_workbook

    from r57_mcda.pipeline.rounds import study_convergence
    from tests.helpers.rounds import add_round

    study_id = sample_study(store, name="Two rounds", import_scores=True)
    add_round(store, study_id)
    target = tmp_path / "report.xlsx"
    monkeypatch.setenv("R57_TEST_REPORT", str(target))
    script = tmp_path / "report.py"
    script.write_text(REPORT_SCRIPT, encoding="utf-8")
    at = AppTest.from_file(str(script), default_timeout=120)
    at.query_params["study"] = str(study_id)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    book = load_workbook(target)
    assert "Rounds" in book.sheetnames
    text = " ".join(
        str(c.value) for row in book["Rounds"].iter_rows() for c in row if c.value is not None
    )
    advice = study_convergence(store, study_id).stopping
    assert advice.reason.text("vi") in text
