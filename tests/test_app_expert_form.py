"""The expert's web form through AppTest: drafts saved at each change and shown back after a
refresh, submitting, the language switch, a closed round, and refusals that show no data."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from google.protobuf import text_format  # type: ignore[import-untyped]
from streamlit.testing.v1 import AppTest

from r57_mcda.i18n import t
from r57_mcda.study.answers import current_answers
from r57_mcda.study.db import Database
from r57_mcda.study.drafts import form_state
from r57_mcda.study.schema import RoundRow, utcnow
from r57_mcda.study.studies import Study, load_study
from r57_mcda.study.tokens import issue_links
from r57_mcda.ui.expert_form import cell_key, coi_key, comment_key
from tests.helpers.databases import db_url as db_url_fixture  # noqa: F401
from tests.helpers.studies import sample_study

STUDY_NAME = "Strategic technologies pilot 2026"

#: The page app.py shows for ``?token=...``; the throttle is reset first so that the tests'
#: bad tokens never wait, and its count of failures is left in the session for the asserts.
SCRIPT = """
import os
import streamlit as st
from r57_mcda.ui.expert_form import bad_token_throttle, render_expert_form

bad_token_throttle().succeeded("global")
render_expert_form(os.environ["R57_TEST_FORM_TOKEN"])
st.session_state["test_failures"] = bad_token_throttle().failures("global")
"""


class Panel:
    """A store with a study, links for every expert, and the form script."""

    def __init__(self, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("R57_DATABASE_URL", db_url)
        self.db = Database(db_url)
        self.study_id = sample_study(self.db, name=STUDY_NAME, lang="en")
        self.study: Study = load_study(self.db, self.study_id)
        links = issue_links(self.db, self.study_id, base_url="https://panel.example/")
        self.tokens = {x.expert_id: parse_qs(urlsplit(x.url).query)["token"][0] for x in links}
        self.expert = self.study.experts[0]
        self.script = tmp_path / "expert_page.py"
        self.script.write_text(SCRIPT, encoding="utf-8")
        self.monkeypatch = monkeypatch

    def open(self, token: str | None = None) -> AppTest:
        """A fresh browser session (a refresh) on the form of ``token`` (default: ours)."""
        self.monkeypatch.setenv("R57_TEST_FORM_TOKEN", token or self.tokens[self.expert.id])
        at = AppTest.from_file(str(self.script), default_timeout=60)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        return at


@pytest.fixture(name="panel")
def _panel(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Panel:
    return Panel(db_url, tmp_path, monkeypatch)


def page_text(at: AppTest) -> str:
    """Every text the page sends to the browser (labels, help, markdown, messages)."""
    return "\n".join(
        text_format.MessageToString(node.proto, as_utf8=True)
        for node in at.main
        if getattr(node, "proto", None) is not None
    )


def progress_text(at: AppTest) -> str:
    (bar,) = at.get("progress")
    return str(bar.proto.text)


def test_the_form_shows_only_the_experts_own_study_and_name(panel: Panel) -> None:
    at = panel.open()
    text = page_text(at)
    assert STUDY_NAME in text
    assert panel.expert.name in text
    for other in panel.study.experts[1:]:
        assert other.name not in text
        assert other.id not in text
    tech, crit = panel.study.technologies[0], panel.study.criteria.criteria[0]
    control = at.segmented_control(key=cell_key(tech.id, crit.id))
    assert control.label == crit.label("en")
    assert list(control.options) == ["1", "2", "3", "4", "5", "NA"]
    assert control.value is None
    assert len(at.segmented_control) == 168
    assert progress_text(at) == t("form_progress", "en", answered=0, total=168)
    assert t("form_how_title", "en") in text and tech.label("en") in text


def test_a_change_is_saved_as_a_draft_and_comes_back_after_a_refresh(panel: Panel) -> None:
    tech, crits = panel.study.technologies[2], panel.study.criteria.ids
    at = panel.open()
    at.segmented_control(key=cell_key(tech.id, crits[0])).set_value("4").run()
    at.segmented_control(key=cell_key(tech.id, crits[1])).set_value("NA").run()
    at.text_input(key=comment_key(tech.id)).input("pilot lines exist").run()
    assert not at.exception
    state = form_state(panel.db, panel.study_id, 1, panel.expert.id)
    row = state.row(tech.id)
    assert (row.answers[crits[0]], row.answers[crits[1]]) == ("4", "NA")
    assert row.comment == "pilot lines exist"
    assert progress_text(at) == t("form_progress", "en", answered=2, total=168)
    refreshed = panel.open()
    assert refreshed.segmented_control(key=cell_key(tech.id, crits[0])).value == "4"
    assert refreshed.segmented_control(key=cell_key(tech.id, crits[1])).value == "NA"
    assert refreshed.text_input(key=comment_key(tech.id)).value == "pilot lines exist"
    assert progress_text(refreshed) == t("form_progress", "en", answered=2, total=168)


def test_a_coi_row_counts_as_answered_and_submitting_stores_web_answers(panel: Panel) -> None:
    techs, crits = panel.study.technologies, panel.study.criteria.ids
    at = panel.open()
    at.toggle(key=coi_key(techs[0].id)).set_value(True).run()
    at.segmented_control(key=cell_key(techs[1].id, crits[3])).set_value("2").run()
    assert progress_text(at) == t("form_progress", "en", answered=len(crits) + 1, total=168)
    at.button(key="form_submit").click().run()
    assert not at.exception
    assert len(at.success) == 1
    with panel.db.read() as session:
        answers = current_answers(session, panel.study_id, 1, [panel.expert.id])
    assert {(a.entry.technology, a.entry.criterion, a.entry.status) for a in answers} == {
        *((techs[0].id, c, "coi") for c in crits),
        (techs[1].id, crits[3], "score"),
    }
    at.segmented_control(key=cell_key(techs[1].id, crits[3])).set_value("5").run()
    at.button(key="form_submit").click().run()
    with panel.db.read() as session:
        answers = current_answers(session, panel.study_id, 1, [panel.expert.id])
    assert [a.entry.value for a in answers if a.entry.status == "score"] == [5.0]
    assert not panel.open().button(key="form_submit").disabled


def test_the_language_switch_keeps_the_answers(panel: Panel) -> None:
    tech, crit = panel.study.technologies[0], panel.study.criteria.criteria[0]
    at = panel.open()
    at.segmented_control(key=cell_key(tech.id, crit.id)).set_value("3").run()
    at.radio(key="form_lang").set_value("vi").run()
    assert not at.exception
    control = at.segmented_control(key=cell_key(tech.id, crit.id))
    assert control.value == "3"
    assert control.label == crit.label("vi")
    assert t("form_how_title", "vi") in page_text(at)


def test_a_closed_round_is_read_only(panel: Panel) -> None:
    tech, crit = panel.study.technologies[0], panel.study.criteria.ids[0]
    panel.open().segmented_control(key=cell_key(tech.id, crit)).set_value("5").run()
    with panel.db.write() as session:
        row = session.get(RoundRow, (panel.study_id, 1))
        assert row is not None
        row.closed_at = utcnow()
    at = panel.open()
    assert t("form_closed", "en") in [w.value for w in at.warning]
    control = at.segmented_control(key=cell_key(tech.id, crit))
    assert control.value == "5" and control.disabled
    assert at.button(key="form_submit").disabled


@pytest.mark.parametrize("kind", ["unknown", "malformed", "rotated", "empty"])
def test_a_bad_token_is_refused_with_no_study_data(panel: Panel, kind: str) -> None:
    token = panel.tokens[panel.expert.id]
    if kind == "rotated":
        issue_links(
            panel.db, panel.study_id, base_url="https://x.example/", experts=[panel.expert.id]
        )
    bad = {
        "unknown": "A" * 43,
        "malformed": "<script>alert(1)</script>",
        "rotated": token,
        "empty": " ",
    }[kind]
    at = panel.open(bad)
    assert [e.value for e in at.error] == [t("form_refused", "en"), t("form_refused", "vi")]
    text = page_text(at)
    assert STUDY_NAME not in text
    assert all(e.name not in text for e in panel.study.experts)
    assert len(at.segmented_control) == 0 and len(at.button) == 0
    assert at.session_state["test_failures"] == 1


def test_submitting_an_empty_form_says_why_and_stores_nothing(panel: Panel) -> None:
    at = panel.open()
    at.button(key="form_submit").click().run()
    reason = t("form_nothing_answered", "en")
    assert [e.value for e in at.error] == [t("form_submit_failed", "en", reason=reason)]
    with panel.db.read() as session:
        assert current_answers(session, panel.study_id, 1, [panel.expert.id]) == []
