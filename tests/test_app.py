"""The Streamlit app, headless through AppTest: values shown, language switch, rejected uploads."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from r57_mcda.io.bundled import sample_paths

APP = str(Path(__file__).resolve().parents[1] / "app.py")
PANEL_PAGE = "r57_mcda/ui/entries/panel.py"


@pytest.fixture
def app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    return at


def test_data_page_shows_the_sample_validation_report(app: AppTest) -> None:
    assert any("1479 scores from 9 experts on 14 technologies" in s.value for s in app.success)
    assert any("synthetic" in i.value for i in app.info)
    files = app.dataframe[0].value
    assert set(files["role"]) == {"criteria", "scores", "technologies", "experts"}


def test_language_switch_changes_labels(app: AppTest) -> None:
    app.radio(key="lang").set_value("vi").run()
    assert not app.exception
    assert app.title[0].value.startswith("Lựa chọn công nghệ chiến lược")
    assert any("1479 điểm của 9 chuyên gia" in s.value for s in app.success)


def test_panel_page_matrix_and_agreement(app: AppTest) -> None:
    app.switch_page(PANEL_PAGE).run()
    assert not app.exception
    scores = pd.read_csv(sample_paths()["scores"])
    cell = scores[(scores.technology == "quantum") & (scores.criterion == "autonomy")]
    expected = pd.to_numeric(cell.score, errors="coerce").mean()
    dispersion = app.dataframe[0].value
    row = dispersion[
        (dispersion.technology == "Quantum computing and communication")
        & (dispersion.criterion == "Technological autonomy and self-reliance")
    ]
    assert row["score"].iloc[0] == pytest.approx(expected, abs=1e-3)
    assert any(
        "Kendall's W (overall ranking of technologies): 0.767" in m.value for m in app.markdown
    )


def test_panel_aggregation_choice_changes_the_matrix(app: AppTest) -> None:
    app.switch_page(PANEL_PAGE).run()
    before = app.dataframe[0].value["score"].to_numpy()
    app.selectbox(key="aggregate").set_value("median").run()
    assert not app.exception
    after = app.dataframe[0].value["score"].to_numpy()
    assert (before != after).any()
    assert set(after) <= {x / 2 for x in range(2, 11)}  # medians of integer scores


def test_bad_upload_shows_problems_and_keeps_previous_data(app: AppTest) -> None:
    bad = b"expert,technology,criterion,score\nsci_01,quantum,autonomy,9\nsci_01,nope,autonomy,3\n"
    app.file_uploader(key="upload_scores").set_value([("bad.csv", bad, "text/csv")])
    app.button(key="load_uploads").click().run()
    assert not app.exception
    assert any("rejected" in e.value for e in app.error)
    problems = app.dataframe[0].value
    assert "bad.csv" in set(problems["File"])
    assert "2" in set(problems["Row"]) and "score" in set(problems["Column"])
    # The sample panel is still the current analysis.
    assert any("1479 scores from 9 experts" in s.value for s in app.success)
