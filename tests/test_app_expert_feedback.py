"""Round 2 of the expert's web form (issue 11, item 2): beside each criterion the previous
round's median and quartiles and the expert's own previous answer (prefilled); cells dropped at
consensus are not asked; nothing of any other expert. Quartiles are numpy's linear ones, computed
here independently from the sample's long score file."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from r57_mcda.i18n import t
from r57_mcda.io.bundled import sample_paths
from r57_mcda.study.answers import current_answers
from r57_mcda.study.db import Database
from r57_mcda.study.rounds import close_round, open_next_round, round_settings
from r57_mcda.study.tokens import issue_links
from r57_mcda.ui.expert_grid import PANEL
from tests.helpers.studies import sample_study

SCRIPT = """
import os
from r57_mcda.ui.expert_form import render_expert_form

render_expert_form(os.environ["R57_TEST_FORM_TOKEN"])
"""
EXPERT = "sci_01"


def _open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *, drop: bool
) -> tuple[AppTest, Database, int]:
    url = f"sqlite:///{tmp_path}/studies.db"
    monkeypatch.setenv("R57_DATABASE_URL", url)
    db = Database(url)
    study_id = sample_study(db, lang="en", import_scores=True)
    close_round(db, study_id)
    open_next_round(db, study_id, drop_consensus=drop)
    (link,) = issue_links(db, study_id, base_url="https://panel.example/", experts=[EXPERT])
    monkeypatch.setenv("R57_TEST_FORM_TOKEN", parse_qs(urlsplit(link.url).query)["token"][0])
    script = tmp_path / "form.py"
    script.write_text(SCRIPT, encoding="utf-8")
    at = AppTest.from_file(str(script), default_timeout=60)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at, db, study_id


def _sample() -> pd.DataFrame:
    frame = pd.read_csv(sample_paths()["scores"], dtype=str, keep_default_na=False)
    frame["value"] = pd.to_numeric(frame["score"], errors="coerce")
    return frame


def _expected(technology: str, criterion: str) -> str:
    sample = _sample()
    cell = sample[(sample["technology"] == technology) & (sample["criterion"] == criterion)]
    scores = cell["value"].dropna().to_numpy()
    q1, median, q3 = np.quantile(scores, [0.25, 0.5, 0.75])
    own = cell[cell["expert"] == EXPERT]["score"].iloc[0]
    return f"{median:g} [{q1:g}–{q3:g}] · you: {own}"


def test_round_two_shows_the_panel_and_the_experts_own_previous_answers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at, db, study_id = _open(tmp_path, monkeypatch, drop=False)
    (grid,) = at.dataframe
    frame = grid.value
    sample = _sample()
    mine = sample[sample["expert"] == EXPERT].set_index(["technology", "criterion"])["score"]
    for technology, criterion in [("ai_digital_twin", "autonomy"), ("semiconductors", "spillover")]:
        assert frame.at[technology, criterion + PANEL] == _expected(technology, criterion)
        assert frame.at[technology, criterion] == mine[(technology, criterion)]
    assert t("form_fb_explained", "en", previous=1) in [i.value for i in at.info]
    text = " ".join(str(v) for v in frame.to_numpy().ravel())
    for other in sample["expert"].unique():
        if other != EXPERT:
            assert other not in text
    # The prefilled answers are the expert's: submitted as they stand, they are round 2's.
    at.button(key="form_submit").click().run()
    assert at.success, [e.value for e in at.error]
    with db.read() as session:
        answers = current_answers(session, study_id, 2, [EXPERT])
    answered = mine[mine.str.strip() != ""]
    assert len(answers) == len(answered)
    db.close()


def test_cells_at_consensus_are_not_asked_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at, db, study_id = _open(tmp_path, monkeypatch, drop=True)
    dropped = round_settings(db, study_id, 2).dropped
    assert dropped
    total = 168 - len(dropped)
    assert t("form_fb_not_asked", "en", n=len(dropped)) in [c.value for c in at.caption]
    (bar,) = at.get("progress")
    assert str(bar.proto.text).endswith(f"of {total} scored")
    technology, criterion = dropped[0]
    assert str(at.dataframe[0].value.at[technology, criterion + PANEL]).startswith("consensus")
    at.button(key="form_submit").click().run()
    assert at.success, [e.value for e in at.error]
    with db.read() as session:
        keys = {a.entry.key for a in current_answers(session, study_id, 2, [EXPERT])}
    assert not keys & set(dropped)
    db.close()
