"""The expert's web form, issue 11's last items (AppTest, real store): round 1 asks each
expert's familiarity with each technology (an optional column, not a score) and stores it on
submission; later rounds do not ask it; in a round that requires reasons, every score outside
the previous round's panel range [Q1, Q3] gets a reason input, the submission is refused until
each is filled, and the stored version carries the reason, which the Rounds page and the
report's Rounds sheet then list without the expert. The quartiles are numpy's linear ones,
computed here independently from the sample's long score file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest
from google.protobuf import text_format  # type: ignore[import-untyped]
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from r57_mcda.cli import main
from r57_mcda.errors import R57Error
from r57_mcda.i18n import t
from r57_mcda.io.bundled import sample_paths
from r57_mcda.study.answers import current_answers
from r57_mcda.study.db import Database
from r57_mcda.study.drafts import NA, RowDraft, form_state, save_row, submit_form
from r57_mcda.study.expertise import current_expertise
from r57_mcda.study.rounds import close_round, open_next_round
from r57_mcda.study.studies import Study, load_study
from r57_mcda.study.tokens import issue_links
from r57_mcda.ui.expert_grid import BLANK, EXPERTISE, base_frame, rows_of, with_edits
from r57_mcda.ui.expert_reasons import REASON_KEY, reason_key
from r57_mcda.ui.gate import PASSWORD_VARIABLE
from tests.helpers.databases import db_url as db_url_fixture  # noqa: F401
from tests.helpers.rounds import sample_quartiles
from tests.helpers.studies import sample_study

SCRIPT = """
import os
from r57_mcda.ui.expert_form import render_expert_form

render_expert_form(os.environ["R57_TEST_FORM_TOKEN"])
"""
#: The secretariat's Rounds page, as tests/test_app_rounds.py runs it.
ROUNDS_SCRIPT = """
from r57_mcda.ui.state import init_state
from r57_mcda.ui.pages.rounds import render

init_state()
render()
"""
EXPERT = "sci_01"


class Form:
    """A store with the sample study (round 1, or round 2 after the sample's answers) and the
    form script of one expert's link."""

    def __init__(
        self,
        db_url: str,
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
        *,
        round_no: int = 1,
        require_reasons: bool = False,
    ) -> None:
        monkeypatch.setenv("R57_DATABASE_URL", db_url)
        self.db = Database(db_url)
        self.study_id = sample_study(self.db, lang="en", import_scores=round_no > 1)
        if round_no > 1:
            close_round(self.db, self.study_id)
            open_next_round(self.db, self.study_id, require_reasons=require_reasons)
        self.round_no = round_no
        self.study: Study = load_study(self.db, self.study_id)
        (link,) = issue_links(
            self.db, self.study_id, base_url="https://panel.example/", experts=[EXPERT]
        )
        monkeypatch.setenv("R57_TEST_FORM_TOKEN", parse_qs(urlsplit(link.url).query)["token"][0])
        self.script = tmp_path / "form.py"
        self.script.write_text(SCRIPT, encoding="utf-8")

    def open(self) -> AppTest:
        """A fresh browser session on the form."""
        at = AppTest.from_file(str(self.script), default_timeout=60)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    def save(self, row: RowDraft) -> None:
        """Save ``row`` as the expert's draft."""
        save_row(self.db, self.study_id, self.round_no, EXPERT, row)


def page_text(at: AppTest) -> str:
    """Every text the page sends to the browser."""
    return "\n".join(
        text_format.MessageToString(node.proto, as_utf8=True)
        for node in at.main
        if getattr(node, "proto", None) is not None
    )


def columns(at: AppTest) -> dict[str, Any]:
    """The grid's column configuration as sent to the browser."""
    (grid,) = at.dataframe
    return dict(json.loads(grid.proto.columns))


def progress_text(at: AppTest) -> str:
    (bar,) = at.get("progress")
    return str(bar.proto.text)


def reason_inputs(at: AppTest) -> list[Any]:
    """The reason inputs on the page, in order."""
    return [x for x in at.text_input if str(x.key).startswith(REASON_KEY + ":")]


def _sample() -> pd.DataFrame:
    frame = pd.read_csv(sample_paths()["scores"], dtype=str, keep_default_na=False)
    frame["value"] = pd.to_numeric(frame["score"], errors="coerce")
    return frame


def _outside(technology: str, criterion: str) -> str:
    """A whole score on 1-5 strictly outside the cell's round-1 range."""
    q1, q3 = sample_quartiles(technology, criterion)
    assert q3 < 5 or q1 > 1
    return "5" if q3 < 5 else "1"


@pytest.fixture(name="first")
def _first(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Form:
    return Form(db_url, tmp_path, monkeypatch)


@pytest.fixture(name="reasons")
def _reasons(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Form:
    return Form(db_url, tmp_path, monkeypatch, round_no=2, require_reasons=True)


def test_round_one_asks_the_familiarity_and_stores_it_on_submit(first: Form) -> None:
    study = first.study
    tech, other = study.technologies[1], study.technologies[2]
    crit = study.criteria.ids[0]
    first.save(RowDraft(tech.id, {crit: "4"}, expertise=4))
    first.save(RowDraft(other.id, {crit: "2"}))
    at = first.open()
    config = columns(at)
    assert config[EXPERTISE]["label"] == t("xp_column", "en")
    assert config[EXPERTISE]["type_config"]["options"] == [BLANK, "1", "2", "3", "4", "5"]
    for level in range(1, 6):
        assert t(f"xp_level_{level}", "en") in config[EXPERTISE]["help"]
    (grid,) = at.dataframe
    frame = grid.value
    assert list(frame.columns[:2]) == ["_technology", EXPERTISE]  # right after the name
    assert frame.at[tech.id, EXPERTISE] == "4" and frame.at[other.id, EXPERTISE] == BLANK
    text = page_text(at)
    assert t("xpform_title", "en") in text and t("xp_level_5", "en") in text
    # Not a scored cell: the progress counts the two scores only.
    assert progress_text(at) == t("form_progress", "en", answered=2, total=168)
    at.button(key="form_submit").click().run()
    assert at.success, [e.value for e in at.error]
    with first.db.read() as session:
        levels = current_expertise(session, first.study_id, 1)
        assert len(current_answers(session, first.study_id, 1, [EXPERT])) == 2
    assert levels == {(EXPERT, tech.id): 4}


def test_the_familiarity_column_edits_become_the_rows_level(first: Form) -> None:
    state = form_state(first.db, first.study_id, 1, EXPERT)
    base = base_frame(first.study, state, "en", expertise=True)
    crits = first.study.criteria.ids
    edits = {"edited_rows": {"0": {EXPERTISE: "2"}, "1": {EXPERTISE: "5", crits[0]: "3"}}}
    rows = rows_of(with_edits(base, edits), crits)
    assert [r.expertise for r in rows[:3]] == [2, 5, None]
    assert rows[1].answered(crits) == 1 and rows[0].answered(crits) == 0


def test_later_rounds_do_not_ask_the_familiarity(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = Form(db_url, tmp_path, monkeypatch, round_no=2).open()
    assert EXPERTISE not in columns(at)
    (grid,) = at.dataframe
    assert EXPERTISE not in grid.value.columns
    text = page_text(at)
    assert t("xpform_title", "en") not in text
    assert t("rsnform_title", "en") not in text  # the round does not require reasons
    assert not reason_inputs(at)


def test_each_kept_score_outside_the_panels_range_gets_a_reason_input(reasons: Form) -> None:
    """The expert's previous answers are prefilled: those strictly outside numpy's [Q1, Q3]
    of round 1 are listed, in the grid's order, and nothing of another expert is shown."""
    sample = _sample()
    mine = sample[sample["expert"] == EXPERT]
    coi = set(mine.loc[mine["score"] == "COI", "technology"])
    order = {x.id: i for i, x in enumerate(reasons.study.technologies)}
    crits = {c: i for i, c in enumerate(reasons.study.criteria.ids)}
    expected = []
    for _, row in mine.iterrows():
        if pd.isna(row["value"]) or row["technology"] in coi:
            continue
        q1, q3 = sample_quartiles(row["technology"], row["criterion"])
        if row["value"] < q1 or row["value"] > q3:
            expected.append((row["technology"], row["criterion"]))
    expected.sort(key=lambda k: (order[k[0]], crits[k[1]]))
    assert expected  # the sample's expert disagrees with the panel somewhere
    at = reasons.open()
    assert [x.key for x in reason_inputs(at)] == [reason_key(*k) for k in expected]
    technology, criterion = expected[0]
    tech = next(x for x in reasons.study.technologies if x.id == technology)
    (label,) = [x for x in reason_inputs(at) if x.key == reason_key(*expected[0])]
    assert label.label == t(
        "rsnform_input",
        "en",
        technology=tech.label("en"),
        criterion=reasons.study.criteria[criterion].label("en"),
    )
    q1, q3 = sample_quartiles(technology, criterion)
    own = mine[(mine["technology"] == technology) & (mine["criterion"] == criterion)]
    shown = t("rsnform_cell", "en", score=own["score"].iloc[0], q1=f"{q1:g}", q3=f"{q3:g}")
    assert f"↳ {shown}" in [m.value.split("  \n")[-1] for m in at.markdown]
    assert t("rsnform_rule", "en", previous=1) in [i.value for i in at.info]
    assert t("rsnform_missing", "en", n=len(expected)) in [w.value for w in at.warning]
    assert at.button(key="form_submit").label == t("rsnform_submit", "en", n=len(expected))
    text = page_text(at)
    for other in reasons.study.experts:
        if other.id != EXPERT:
            assert other.id not in text and other.name not in text


def test_submission_is_refused_until_the_reason_is_given(reasons: Form) -> None:
    """Every row NA but one score outside the range: one reason input; submitting without it
    shows the store's refusal and stores nothing; with it, the stored version has it."""
    study = reasons.study
    crits = study.criteria.ids
    for tech in study.technologies:
        reasons.save(RowDraft(tech.id, dict.fromkeys(crits, NA)))
    technology, criterion = study.technologies[0].id, crits[0]
    score = _outside(technology, criterion)
    reasons.save(RowDraft(technology, {**dict.fromkeys(crits, NA), criterion: score}))
    at = reasons.open()
    (field,) = reason_inputs(at)
    assert field.key == reason_key(technology, criterion) and field.value == ""
    with pytest.raises(R57Error) as refused:
        submit_form(reasons.db, reasons.study_id, 2, EXPERT)
    assert refused.value.code == "dform_reasons_missing"
    at.button(key="form_submit").click().run()
    expected = t("form_submit_failed", "en", reason=refused.value.text("en"))
    assert [e.value for e in at.error] == [expected]
    with reasons.db.read() as session:
        assert current_answers(session, reasons.study_id, 2, [EXPERT]) == []
    # The reason typed is saved into the row's draft at once (it survives a refresh).
    reason = "Our pilot line already runs at this scale."
    at.text_input(key=reason_key(technology, criterion)).input(reason).run()
    state = form_state(reasons.db, reasons.study_id, 2, EXPERT)
    assert state.row(technology).reasons == {criterion: reason}
    assert t("rsnform_all_given", "en") in [c.value for c in at.caption]
    assert at.button(key="form_submit").label == t("form_submit", "en")
    at = reasons.open()
    assert at.text_input(key=reason_key(technology, criterion)).value == reason
    at.button(key="form_submit").click().run()
    assert at.success, [e.value for e in at.error]
    with reasons.db.read() as session:
        answers = current_answers(session, reasons.study_id, 2, [EXPERT])
    by_cell = {a.entry.key: a.entry for a in answers}
    assert by_cell[(technology, criterion)].value == float(score)
    assert by_cell[(technology, criterion)].reason == reason
    assert {e.reason for k, e in by_cell.items() if k != (technology, criterion)} == {""}


def test_a_score_back_inside_the_range_needs_no_reason(reasons: Form) -> None:
    study = reasons.study
    crits = study.criteria.ids
    for tech in study.technologies:
        reasons.save(RowDraft(tech.id, dict.fromkeys(crits, NA)))
    technology, criterion = study.technologies[0].id, crits[0]
    q1, q3 = sample_quartiles(technology, criterion)
    inside = next(str(v) for v in range(1, 6) if q1 <= v <= q3)
    reasons.save(RowDraft(technology, {**dict.fromkeys(crits, NA), criterion: inside}))
    at = reasons.open()
    assert not reason_inputs(at)
    assert t("rsnform_none", "en", previous=1) in [c.value for c in at.caption]
    at.button(key="form_submit").click().run()
    assert at.success, [e.value for e in at.error]


def test_the_reasons_section_speaks_the_experts_language(reasons: Form) -> None:
    study = reasons.study
    crits = study.criteria.ids
    for tech in study.technologies:
        reasons.save(RowDraft(tech.id, dict.fromkeys(crits, NA)))
    technology, criterion = study.technologies[0], crits[0]
    score = _outside(technology.id, criterion)
    reasons.save(RowDraft(technology.id, {**dict.fromkeys(crits, NA), criterion: score}))
    at = reasons.open()
    at.radio(key="form_lang").set_value("vi").run()
    assert t("rsnform_rule", "vi", previous=1) in [i.value for i in at.info]
    (field,) = reason_inputs(at)
    assert field.label == t(
        "rsnform_input",
        "vi",
        technology=technology.label("vi"),
        criterion=study.criteria[criterion].label("vi"),
    )
    assert at.button(key="form_submit").label == t("rsnform_submit", "vi", n=1)


def test_a_reason_given_on_the_form_reaches_the_rounds_page_and_sheet(
    reasons: Form, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reason typed on the form, once submitted, is listed on the Rounds page and on the
    report's Rounds sheet (read back with openpyxl), without the expert's id or name."""
    study = reasons.study
    crits = study.criteria.ids
    for tech in study.technologies:
        reasons.save(RowDraft(tech.id, dict.fromkeys(crits, NA)))
    technology, criterion = study.technologies[0], study.criteria.criteria[0]
    score = _outside(technology.id, criterion.id)
    reasons.save(RowDraft(technology.id, {**dict.fromkeys(crits, NA), criterion.id: score}))
    at = reasons.open()
    reason = "Only two firms here can build it."
    at.text_input(key=reason_key(technology.id, criterion.id)).input(reason).run()
    at.button(key="form_submit").click().run()
    assert at.success, [e.value for e in at.error]
    me = study.expert(EXPERT)

    monkeypatch.delenv(PASSWORD_VARIABLE, raising=False)
    script = tmp_path / "rounds_page.py"
    script.write_text(ROUNDS_SCRIPT, encoding="utf-8")
    page = AppTest.from_file(str(script), default_timeout=120)
    page.run()
    assert not page.exception, [e.value for e in page.exception]
    table = next(d.value for d in page.dataframe if "Reason" in d.value.columns)
    q1, q3 = sample_quartiles(technology.id, criterion.id)
    assert table.to_numpy().tolist() == [
        [technology.label("en"), criterion.label("en"), float(score), f"[{q1:g}–{q3:g}]", reason]
    ]
    assert me.id not in page_text(page) and me.name not in page_text(page)

    out = tmp_path / "report.xlsx"
    argv = ["report", "--study", str(reasons.study_id), "--db", reasons.db.url]
    argv += ["--methods", "none", "--no-sensitivity", "--output", str(out)]
    assert main(argv) == 0
    sheet = load_workbook(out)["Rounds"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    (found,) = [r for r in rows if reason in r]
    assert found[:5] == [
        2,
        technology.label("en"),
        technology.id,
        criterion.label("en"),
        float(score),
    ]
    assert found[5:7] == pytest.approx([q1, q3])
    cells = [str(v) for r in rows for v in r if v is not None]
    assert not any(me.id in c or me.name in c for c in cells)
