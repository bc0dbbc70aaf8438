"""The Excel report in Vietnamese: the Audit sheet's input warnings, and group labels."""

from __future__ import annotations

from io import BytesIO
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from r57_mcda.i18n import t
from r57_mcda.io.bundled import sample_paths
from r57_mcda.io.inputs import InputFile, load_inputs
from r57_mcda.pipeline.analysis import AnalysisResult, analyse, spec_for
from r57_mcda.report.workbook import build_report

SAMPLE = sample_paths()


@pytest.fixture(scope="module")
def thin() -> AnalysisResult:
    """The sample panel with a quorum of 9: the cells an expert abstained from are warnings."""
    files = [InputFile.from_path(r, SAMPLE[r]) for r in ("criteria", "scores", "technologies")]
    loaded = load_inputs([*files, InputFile.from_path("experts", SAMPLE["experts"])], quorum=9)
    return analyse(loaded, spec_for(loaded, quorum=9))


def _sheet(report: bytes, name: str) -> Worksheet:
    ws = load_workbook(BytesIO(report))[name]
    assert isinstance(ws, Worksheet)
    return ws


def _table(ws: Worksheet, header: str, *, after: str) -> list[dict[str, Any]]:
    """The rows, by header, of the first table headed ``header`` below the cell ``after``."""
    column_a = [ws.cell(r, 1).value for r in range(1, ws.max_row + 1)]
    top = column_a.index(header, column_a.index(after) + 1) + 1
    headers = [c.value for c in ws[top] if c.value is not None]
    rows = []
    for r in range(top + 1, ws.max_row + 1):
        if ws.cell(r, 1).value is None:
            break
        rows.append({h: ws.cell(r, i + 1).value for i, h in enumerate(headers)})
    return rows


def test_audit_sheet_lists_the_input_warnings_in_vietnamese(thin: AnalysisResult) -> None:
    assert thin.warnings and all(w.code == "input_below_quorum" for w in thin.warnings)
    ws = _sheet(build_report(thin, lang="vi"), "Audit")
    rows = _table(ws, t("col_severity", "vi"), after=t("rpt_warnings", "vi"))
    assert len(rows) == len(thin.warnings)
    first, warning = rows[0], thin.warnings[0]
    assert first["Mức độ"] == "cảnh báo"
    assert first["Vị trí"] == warning.file
    assert first["Nội dung"] == warning.text("vi")
    assert first["Nội dung"].startswith(
        f"công nghệ '{warning.params['technology']}' được ít hơn 9 chuyên gia chấm điểm ở"
    )
    english = _sheet(build_report(thin, lang="en"), "Audit")
    rows_en = _table(english, "Severity", after=t("rpt_warnings"))
    assert rows_en[0]["Message"] == warning.message
    assert rows_en[0]["Severity"] == "warning"


def test_group_labels_on_the_panel_and_ranking_sheets(thin: AnalysisResult) -> None:
    report = build_report(thin, lang="vi")
    panel = _sheet(report, "Panel")
    groups = _table(panel, t("rpt_col_group", "vi"), after=t("rpt_groups", "vi"))
    assert {r[t("rpt_col_group", "vi")]: r[t("rpt_col_experts", "vi")] for r in groups} == {
        "Khoa học": 3,
        "Doanh nghiệp": 3,
        "Quản lý nhà nước": 3,
    }
    ranking = _sheet(report, "Ranking")
    header = t("rpt_col_group", "vi")
    rows = _table(ranking, t("rpt_col_rank", "vi"), after=ranking.cell(1, 1).value)
    by_id = {r[t("rpt_col_id", "vi")]: r[header] for r in rows}
    assert by_id["biotech"] == "Khoa học sự sống"
    assert by_id["quantum"] == "Công nghệ số"
