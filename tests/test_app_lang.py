"""The app in Vietnamese (AppTest): a rejected upload's problems, and group labels."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[1] / "app.py")
BAD = b"expert,technology,criterion,score\nsci_01,quantum,autonomy,abc\n"


@pytest.fixture
def app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    return at


def test_data_page_shows_a_rejected_uploads_problems_in_vietnamese(app: AppTest) -> None:
    app.radio(key="lang").set_value("vi").run()
    app.file_uploader(key="upload_scores").set_value([("bad.csv", BAD, "text/csv")])
    app.button(key="load_uploads").click().run()
    assert not app.exception
    assert any("Các tệp tải lên bị từ chối" in e.value for e in app.error)
    problems = app.dataframe[0].value
    row = problems[(problems["Tệp"] == "bad.csv") & (problems["Dòng"] == "2")].iloc[0]
    assert row["Cột"] == "score"
    assert row["Mức độ"] == "lỗi"
    assert row["Nội dung"] == (
        "điểm 'abc' không phải là số: hãy ghi một số, để trống ô, hoặc ghi NA (không có ý kiến) "
        "hay COI (xung đột lợi ích)"
    )
    # Back in English, the same problems are shown in English.
    app.radio(key="lang").set_value("en").run()
    problems = app.dataframe[0].value
    assert problems["Message"].str.startswith("score 'abc' is not a number").any()


def test_ranking_page_shows_technology_group_labels_in_vietnamese(app: AppTest) -> None:
    app.radio(key="lang").set_value("vi").run()
    app.switch_page("r57_mcda/ui/entries/ranking.py").run()
    assert not app.exception
    table = app.dataframe[0].value
    groups = dict(zip(table["Công nghệ"], table["Nhóm"], strict=True))
    assert groups["Trí tuệ nhân tạo và bản sao số"] == "Công nghệ số"
    assert "Khoa học sự sống" in set(table["Nhóm"])
