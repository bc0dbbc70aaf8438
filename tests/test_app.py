"""The Streamlit app, headless through AppTest: values shown, language switch, rejected uploads."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from r57_mcda.i18n import t
from r57_mcda.io.bundled import sample_paths
from r57_mcda.io.inputs import InputFile, load_inputs
from r57_mcda.ranking import method_info, rank
from r57_mcda.ui.state import sample_files

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
    assert set(files["Content"]) == {"criteria set", "expert scores", "technologies", "experts"}


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


PAGES = {
    "data": "page_data",
    "panel": "page_panel",
    "weights": "page_weights",
    "ranking": "page_ranking",
    "compare": "page_compare",
    "sensitivity": "page_sensitivity",
    "portfolio": "page_portfolio",
    "export": "page_export",
}


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_every_page_draws_in_both_languages(app: AppTest, lang: str) -> None:
    app.radio(key="lang").set_value(lang).run()
    for name, key in PAGES.items():
        app.switch_page(f"r57_mcda/ui/entries/{name}.py").run()
        assert not app.exception, (name, [e.value for e in app.exception])
        assert app.header[0].value == t(key, lang)
        assert not app.error, (name, [e.value for e in app.error])


def test_language_switch_translates_criteria_methods_and_technologies(app: AppTest) -> None:
    app.switch_page("r57_mcda/ui/entries/ranking.py").run()
    app.radio(key="lang").set_value("vi").run()
    table = app.dataframe[0].value
    assert list(table.columns[:4]) == ["Hạng", "Công nghệ", "Nhóm", "Điểm"]
    assert table["Công nghệ"].iloc[0] == "Trí tuệ nhân tạo và bản sao số"
    assert app.selectbox(key="method").label == "Phương pháp xếp hạng"
    assert any(i.value == method_info("wsm").text("vi") for i in app.info)
    app.radio(key="lang").set_value("en").run()
    assert (
        app.dataframe[0].value["Technology"].iloc[0] == "Artificial intelligence and digital twins"
    )


def _large_matrix(n: int) -> tuple[InputFile, ...]:
    """The sample criteria with a seeded decision matrix of ``n`` technologies."""
    rng = np.random.default_rng(57)
    criteria = sample_paths()["criteria"]
    ids = load_inputs(sample_files()).criteria.ids
    values = rng.uniform(1, 5, size=(n, len(ids))).round(3)
    lines = ["technology," + ",".join(ids)]
    lines += [f"t{i:03d}," + ",".join(map(str, row)) for i, row in enumerate(values)]
    return (
        InputFile.from_path("criteria", criteria, name=criteria.name),
        InputFile("matrix", "matrix.csv", ("\n".join(lines) + "\n").encode()),
    )


def test_slider_reranks_200_technologies_as_the_library_predicts(app: AppTest) -> None:
    files = _large_matrix(200)
    app.session_state["input_files"] = files
    app.switch_page("r57_mcda/ui/entries/weights.py").run()
    app.slider(key="w_autonomy").set_value(0.5).run()
    assert not app.exception
    loaded = load_inputs(files)
    values = {c.id: float(c.weight or 0.0) for c in loaded.criteria.criteria} | {"autonomy": 0.5}
    assert loaded.matrix is not None
    expected = rank(loaded.matrix, pd.Series(values), loaded.criteria, method="wsm")
    assert list(app.table[0].value.iloc[:, 1]) == expected.order()[:10]
    app.switch_page("r57_mcda/ui/entries/ranking.py").run()
    assert list(app.dataframe[0].value["Technology"]) == expected.order()


def test_bad_upload_keeps_the_chosen_weights_and_ranking(app: AppTest) -> None:
    app.switch_page("r57_mcda/ui/entries/weights.py").run()
    app.slider(key="w_autonomy").set_value(0.5).run()
    app.switch_page("r57_mcda/ui/entries/ranking.py").run()
    before = list(app.dataframe[0].value["Technology"])
    app.switch_page("r57_mcda/ui/entries/data.py").run()
    bad = b"expert,technology,criterion,score\nsci_01,quantum,autonomy,9\n"
    app.file_uploader(key="upload_scores").set_value([("bad.csv", bad, "text/csv")])
    app.button(key="load_uploads").click().run()
    assert any("rejected" in e.value for e in app.error)
    app.switch_page("r57_mcda/ui/entries/ranking.py").run()
    assert list(app.dataframe[0].value["Technology"]) == before
    assert before[0] == "Cybersecurity"
