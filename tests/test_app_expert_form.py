"""The expert's web form through AppTest: the grid drawn from the store (so drafts come back
after a refresh), the grid's edits turned into drafts, submitting, the language switch, a
closed round, and refusals that show no data. Typing into the grid itself is tested in the real
browser (tests/test_browser_study.py): AppTest cannot edit a data editor."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from google.protobuf import text_format  # type: ignore[import-untyped]
from streamlit.testing.v1 import AppTest

from r57_mcda.i18n import t
from r57_mcda.study.answers import current_answers
from r57_mcda.study.db import Database
from r57_mcda.study.drafts import RowDraft, form_state, save_row
from r57_mcda.study.schema import RoundRow, utcnow
from r57_mcda.study.studies import Study, load_study
from r57_mcda.study.tokens import issue_links
from r57_mcda.ui.expert_grid import (
    BLANK,
    COI,
    COMMENT,
    NAME,
    base_frame,
    normal,
    rows_of,
    with_edits,
)
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


def grid(at: AppTest) -> Any:
    """The form's one grid."""
    (found,) = at.dataframe
    return found


def columns(at: AppTest) -> dict[str, Any]:
    """The grid's column configuration (labels, options, help) as sent to the browser."""
    return dict(json.loads(grid(at).proto.columns))


def test_the_form_shows_only_the_experts_own_study_and_name(panel: Panel) -> None:
    at = panel.open()
    text = page_text(at)
    assert STUDY_NAME in text
    assert panel.expert.name in text
    for other in panel.study.experts[1:]:
        assert other.name not in text
        assert other.id not in text
    frame = grid(at).value
    assert list(frame.index) == [x.id for x in panel.study.technologies]
    assert list(frame[NAME]) == [x.label("en") for x in panel.study.technologies]
    assert (frame[panel.study.criteria.ids] == BLANK).all().all()
    config = columns(at)
    first = panel.study.criteria.criteria[0]
    assert config[first.id]["label"] == f"1. {first.label('en')}"
    assert config[first.id]["type_config"]["options"] == [BLANK, "1", "2", "3", "4", "5", "NA"]
    assert first.description in config[first.id]["help"]
    assert config[NAME]["disabled"] is True
    assert progress_text(at) == t("form_progress", "en", answered=0, total=168)
    assert t("form_how_title", "en") in text


def test_drafts_in_the_store_come_back_in_the_grid_after_a_refresh(panel: Panel) -> None:
    tech, crits = panel.study.technologies[2], panel.study.criteria.ids
    row = RowDraft(tech.id, {crits[0]: "4", crits[1]: "NA"}, False, "pilot lines exist")
    save_row(panel.db, panel.study_id, 1, panel.expert.id, row)
    at = panel.open()
    frame = grid(at).value
    assert frame.at[tech.id, crits[0]] == "4"
    assert frame.at[tech.id, crits[1]] == "NA"
    assert frame.at[tech.id, crits[2]] == BLANK
    assert frame.at[tech.id, COMMENT] == "pilot lines exist"
    assert progress_text(at) == t("form_progress", "en", answered=2, total=168)


def test_the_grids_edits_become_the_rows_drafts(panel: Panel) -> None:
    state = form_state(panel.db, panel.study_id, 1, panel.expert.id)
    base = base_frame(panel.study, state, "en")
    crits = panel.study.criteria.ids
    edits = {
        "edited_rows": {
            "0": {crits[0]: "5", crits[3]: "NA"},
            1: {COI: True, crits[0]: "2"},
            "2": {crits[0]: BLANK, COMMENT: "  only a note  "},
        },
        "added_rows": [],
        "deleted_rows": [],
    }
    rows = rows_of(with_edits(base, edits), crits)
    first, second, third = rows[:3]
    assert first.answers[crits[0]] == "5" and first.answers[crits[3]] == "NA"
    assert first.answered(crits) == 2
    assert second.coi and second.answered(crits) == 12
    assert third.answers[crits[0]] is None and third.comment == "only a note"
    assert all(normal(r) == normal(RowDraft(r.technology, {}, False, "")) for r in rows[3:])
    # The base itself is untouched: a rerun applies the edits again to the same base.
    assert (base[crits] == BLANK).all().all()


def test_a_coi_row_counts_as_answered_and_submitting_stores_web_answers(panel: Panel) -> None:
    techs, crits = panel.study.technologies, panel.study.criteria.ids
    save_row(panel.db, panel.study_id, 1, panel.expert.id, RowDraft(techs[0].id, {}, True, ""))
    save_row(panel.db, panel.study_id, 1, panel.expert.id, RowDraft(techs[1].id, {crits[3]: "2"}))
    at = panel.open()
    assert progress_text(at) == t("form_progress", "en", answered=13, total=168)
    assert t("form_coi_rows", "en", names=techs[0].label("en")) in [i.value for i in at.info]
    at.button(key="form_submit").click().run()
    assert at.success, [e.value for e in at.error]
    with panel.db.read() as session:
        answers = current_answers(session, panel.study_id, 1, [panel.expert.id])
    by_cell = {a.entry.key: a.entry for a in answers}
    assert len(by_cell) == 13
    assert {by_cell[(techs[0].id, c)].status for c in crits} == {"coi"}
    assert by_cell[(techs[1].id, crits[3])].value == 2.0
    assert form_state(panel.db, panel.study_id, 1, panel.expert.id).submitted


def test_the_language_switch_keeps_the_answers(panel: Panel) -> None:
    tech, crit = panel.study.technologies[0], panel.study.criteria.criteria[0]
    save_row(panel.db, panel.study_id, 1, panel.expert.id, RowDraft(tech.id, {crit.id: "3"}))
    at = panel.open()
    at.radio(key="form_lang").set_value("vi").run()
    assert columns(at)[crit.id]["label"] == f"1. {crit.label('vi')}"
    assert grid(at).value.at[tech.id, crit.id] == "3"
    assert grid(at).value.at[tech.id, NAME] == tech.label("vi")
    assert t("form_how_title", "vi") in page_text(at)


def test_a_closed_round_is_read_only(panel: Panel) -> None:
    tech, crit = panel.study.technologies[0], panel.study.criteria.ids[0]
    save_row(panel.db, panel.study_id, 1, panel.expert.id, RowDraft(tech.id, {crit: "5"}))
    with panel.db.write() as session:
        row = session.get(RoundRow, (panel.study_id, 1))
        assert row is not None
        row.closed_at = utcnow()
    at = panel.open()
    assert t("form_closed", "en") in [w.value for w in at.warning]
    assert grid(at).value.at[tech.id, crit] == "5"
    assert grid(at).proto.disabled
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
    assert len(at.dataframe) == 0 and len(at.button) == 0
    assert at.session_state["test_failures"] == 1


def test_submitting_an_empty_form_says_why_and_stores_nothing(panel: Panel) -> None:
    at = panel.open()
    at.button(key="form_submit").click().run()
    reason = t("form_nothing_answered", "en")
    assert [e.value for e in at.error] == [t("form_submit_failed", "en", reason=reason)]
    with panel.db.read() as session:
        assert current_answers(session, panel.study_id, 1, [panel.expert.id]) == []
