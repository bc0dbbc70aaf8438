"""The report as a committee reads it (issue 9, items 22 and 2): percentages, method names,
plain readings of Kendall's W and tau, the flag list summarised, the chart under the shortlist,
print area, page header and footer, draft or final, a reading guide, the spec in one cell that
re-runs, and the synthetic sample labelled as such."""

from __future__ import annotations

import json
import math
import shutil
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from r57_mcda.cli import main
from r57_mcda.i18n import t
from r57_mcda.io.bundled import criteria_path, sample_paths
from r57_mcda.io.inputs import InputFile, Role, load_inputs
from r57_mcda.panel.agreement import interpret_w
from r57_mcda.pipeline.analysis import AnalysisResult, analyse, spec_for
from r57_mcda.report.audit import spec_cell_text
from r57_mcda.report.context import tau_reading_key
from r57_mcda.report.panel import WORST_FLAGS
from r57_mcda.report.summary import smallest_change
from r57_mcda.report.workbook import SensitivityRun, build_report
from r57_mcda.sensitivity import DirichletWeights, monte_carlo, stability_intervals
from r57_mcda.spec import AnalysisSpec

WHEN = datetime(2025, 6, 1, 8, 30, tzinfo=UTC)
SAMPLE = sample_paths()
COMPARE = ("wsm", "topsis", "vikor", "promethee2")


@pytest.fixture(scope="module")
def sample() -> AnalysisResult:
    roles: tuple[Role, ...] = ("criteria", "scores", "technologies", "experts")
    loaded = load_inputs([InputFile.from_path(r, SAMPLE[r]) for r in roles])
    return analyse(loaded, spec_for(loaded, compare=COMPARE, seed=7))


@pytest.fixture(scope="module")
def run(sample: AnalysisResult) -> SensitivityRun:
    args = (sample.matrix, sample.weights.values, sample.criteria)
    mc = monte_carlo(*args, weight_model=DirichletWeights(), draws=200, top_k=5, seed=7)
    return SensitivityRun(monte_carlo=mc, stability=stability_intervals(*args, top_k=5))


@pytest.fixture(scope="module")
def book(sample: AnalysisResult, run: SensitivityRun) -> Workbook:
    return load_workbook(BytesIO(build_report(sample, sensitivity=run, generated_at=WHEN)))


def _sheet(book: Workbook, name: str) -> Worksheet:
    ws = book[name]
    assert isinstance(ws, Worksheet)
    return ws


def _row(ws: Worksheet, text: str, *, start: int = 1) -> int:
    for row in range(start, ws.max_row + 1):
        if ws.cell(row, 1).value == text:
            return row
    raise AssertionError(f"{text!r} not in column A of {ws.title}")


def _table(ws: Worksheet, header: str, *, after: str) -> list[dict[str, Any]]:
    top = _row(ws, header, start=_row(ws, after) + 1)
    headers = [str(c.value) for c in ws[top] if c.value is not None]
    rows = []
    for row in range(top + 1, ws.max_row + 2):
        if ws.cell(row, 1).value is None:
            break
        rows.append({h: ws.cell(row, i + 1).value for i, h in enumerate(headers)})
    return rows


def _header(ws: Worksheet) -> tuple[str, str, str]:
    """The page header's left, centre and right texts ("" for none)."""
    header = ws.oddHeader
    assert header is not None
    return (header.left.text or "", header.center.text or "", header.right.text or "")


def _footer(ws: Worksheet) -> str:
    footer = ws.oddFooter
    assert footer is not None
    return footer.center.text or ""


def _column_a(ws: Worksheet) -> list[str]:
    return [str(v) for (v,) in ws.iter_rows(min_col=1, max_col=1, values_only=True) if v]


def _matrix_result(tmp_path: Path) -> AnalysisResult:
    matrix = tmp_path / "matrix.csv"
    matrix.write_text(
        "technology,strategic_value,impact,feasibility,cost,risk\n"
        "a,5,4,3,2,2\nb,3,3,3,3,3\nc,2,5,4,4,1\n",
        encoding="utf-8",
    )
    loaded = load_inputs(
        [
            InputFile.from_path("criteria", criteria_path("quick_screen")),
            InputFile.from_path("matrix", matrix),
        ]
    )
    return analyse(loaded, spec_for(loaded, top_k=2))


# --- page setup, draft or final ----------------------------------------------------------


def test_every_sheet_has_a_print_area_a_header_and_page_x_of_y(
    book: Workbook, sample: AnalysisResult
) -> None:
    for ws in book.worksheets:
        area = ws.print_area
        assert area is not None, ws.title
        assert area.endswith(f"$A$1:${_letter(ws.max_column)}${ws.max_row}"), (ws.title, area)
        left, center, right = _header(ws)
        assert left == sample.criteria.name, ws.title
        assert "2025-06-01" in center, ws.title
        assert right == "DRAFT", ws.title
        assert _footer(ws) == "Page &P of &N", ws.title


def _letter(column: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(column)


def test_a_report_marked_final_says_so_and_a_study_title_is_escaped(
    sample: AnalysisResult,
) -> None:
    draft = load_workbook(BytesIO(build_report(sample, generated_at=WHEN)))
    summary = _sheet(draft, "Summary")
    assert summary.cell(_row(summary, "Status"), 2).value == "draft (not yet marked final)"
    final = load_workbook(
        BytesIO(build_report(sample, generated_at=WHEN, final=True, title="R&D study 2025"))
    )
    for name in ("Summary", "Audit"):
        ws = _sheet(final, name)
        assert ws.cell(_row(ws, "Status"), 2).value == "final"
        assert _header(ws)[2] == "FINAL"
        # "&" starts a header code: a literal one is doubled.
        assert _header(ws)[0] == "R&&D study 2025"
    vi = load_workbook(BytesIO(build_report(sample, lang="vi", generated_at=WHEN)))
    ws = _sheet(vi, "Ranking")
    assert _header(ws)[2] == "BẢN NHÁP"
    assert _footer(ws) == "Trang &P / &N"
    assert _header(ws)[0] == sample.criteria.name_vi


def test_the_cli_marks_the_report_final_only_when_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["report", "--sample", "--no-sensitivity", "--compare", "none"]
    draft, final = tmp_path / "draft.xlsx", tmp_path / "final.xlsx"
    assert main([*base, "--output", str(draft)]) == 0
    assert main([*base, "--output", str(final), "--final"]) == 0
    capsys.readouterr()
    assert _header(_sheet(load_workbook(draft), "Summary"))[2] == "DRAFT"
    assert _header(_sheet(load_workbook(final), "Summary"))[2] == "FINAL"


# --- Summary: chart, percentages, readings, guide -----------------------------------------


def test_the_chart_sits_under_the_shortlist_and_the_next_section_below_it(book: Workbook) -> None:
    ws = _sheet(book, "Summary")
    header = _row(ws, "Rank")
    last = header
    while isinstance(ws.cell(last + 1, 1).value, int):
        last += 1
    (chart,) = ws._charts  # type: ignore[attr-defined]
    anchor = chart.anchor._from
    assert anchor.col == 0  # column A
    assert anchor.row + 1 > last  # 0-based: below the shortlist's last row
    # The anchor's extent is in EMU (360,000 per cm); a row is 15 points, 0.53 cm.
    rows_covered = math.ceil(chart.anchor.ext.height / 360_000 / 0.53)
    assert rows_covered >= 15
    assert _row(ws, t("rpt_robustness")) > anchor.row + 1 + rows_covered


def test_weight_changes_and_stability_intervals_are_percentages(
    book: Workbook, run: SensitivityRun, sample: AnalysisResult
) -> None:
    ws = _sheet(book, "Summary")
    stability = run.stability
    assert stability is not None
    found = smallest_change(stability.first)
    assert found is not None
    size, interval, end = found
    row = _row(ws, t("rpt_stab_first"))
    assert ws.cell(row, 2).value == pytest.approx(size)
    assert ws.cell(row, 2).number_format == "0.0%"
    name = sample.criteria[interval.criterion].name
    assert ws.cell(row, 3).value == f"{name}: weight from {interval.current:.1%} to {end:.1%}"
    sens = _sheet(book, "Sensitivity")
    rows = _table(sens, "Criterion", after=t("rpt_stab_note"))
    first = stability.first[0]
    assert rows[0]["Current weight"] == pytest.approx(first.current)
    top = _row(sens, "Criterion", start=_row(sens, t("rpt_stab_note")))
    assert sens.cell(top + 1, 3).number_format == "0.0%"
    assert sens.cell(top + 1, 4).number_format == "0.0%"
    left = "[" if first.lower_closed else "("
    right = "]" if first.upper_closed else ")"
    assert rows[0]["Leader kept: interval"] == f"{left}{first.lower:.1%}, {first.upper:.1%}{right}"


def test_vietnamese_percentages_use_the_decimal_comma(
    sample: AnalysisResult, run: SensitivityRun
) -> None:
    book = load_workbook(BytesIO(build_report(sample, lang="vi", sensitivity=run)))
    ws = _sheet(book, "Summary")
    text = str(ws.cell(_row(ws, t("rpt_stab_first", "vi")), 3).value)
    assert "%" in text and "," in text.rsplit(":", maxsplit=1)[-1]


def test_method_names_not_ids_and_plain_readings_of_w_and_tau(
    book: Workbook, sample: AnalysisResult
) -> None:
    comparison, agreement = sample.comparison, sample.agreement
    assert comparison is not None and agreement is not None
    names = ["Weighted sum (WSM / SAW)", "TOPSIS", "VIKOR", "PROMETHEE II"]
    summary = _sheet(book, "Summary")
    assert summary.cell(_row(summary, "Methods compared"), 2).value == ", ".join(names)
    tau_row = _row(summary, t("rpt_mean_tau"))
    assert summary.cell(tau_row, 3).value == t(tau_reading_key(comparison.agreement))
    mean_w = _row(summary, t("rpt_mean_w"))
    assert summary.cell(mean_w, 3).value == t(f"w_{interpret_w(agreement.mean_w)}")
    ranking = _sheet(book, "Ranking")
    top = _row(ranking, t("rpt_tau_title")) + 1
    assert [ranking.cell(top, c).value for c in range(2, 6)] == names
    assert [ranking.cell(top + i, 1).value for i in range(1, 5)] == names
    readings = _table(ranking, "Method", after=t("rpt_tau_readings"))
    by_method = comparison.agreement_by_method()
    assert [r["Method"] for r in readings] == names
    for r, (_, value) in zip(readings, by_method.items(), strict=True):
        assert r["Mean Kendall's tau-b with the other methods"] == pytest.approx(value)
        assert r["Reading"] == t(tau_reading_key(value))
    panel = _sheet(book, "Panel")
    per_criterion = _table(panel, "Criterion", after="Kendall's W per criterion")
    for r in per_criterion:
        w = agreement.kendall.loc[r["Id"], "W"]
        assert r["Reading"] == t(f"w_{interpret_w(w)}")


def test_tau_readings_follow_the_stated_bands() -> None:
    cases = {
        0.95: "rpt_tau_very_strong",
        0.9: "rpt_tau_very_strong",
        0.75: "rpt_tau_strong",
        0.5: "rpt_tau_moderate",
        0.31: "rpt_tau_weak",
        0.1: "rpt_tau_little",
        -0.2: "rpt_tau_opposite",
        float("nan"): "w_undefined",
    }
    assert {tau: tau_reading_key(tau) for tau in cases} == cases


def test_the_summary_has_a_how_to_read_block(book: Workbook) -> None:
    ws = _sheet(book, "Summary")
    start = _row(ws, "How to read this report")
    block = [str(ws.cell(r, 1).value) for r in range(start + 1, ws.max_row + 1)]
    assert block[0] == t("rpt_howto_score", "en", score="points (0-100)")
    assert t("rpt_howto_w") in block and t("rpt_howto_tau") in block
    assert t("rpt_howto_shortlist", "en", k=5) in block
    cell = ws.cell(start + 1, 1)
    assert cell.alignment.wrap_text
    assert any(str(r).startswith(f"A{start + 1}:") for r in ws.merged_cells.ranges)


# --- Panel: flags summarised ---------------------------------------------------------------


@pytest.fixture(scope="module")
def disputed(tmp_path_factory: pytest.TempPathFactory) -> AnalysisResult:
    """25 technologies x 5 criteria, 5 experts who disagree on every cell (IQR 2 or 4)."""
    folder = tmp_path_factory.mktemp("disputed")
    criteria = ["strategic_value", "impact", "feasibility", "cost", "risk"]
    lines = ["expert,technology,criterion,score"]
    for i in range(25):
        for j, c in enumerate(criteria):
            spread = 1 + (i + j) % 2  # 1 or 2 points each side of the middle
            middle = 3 if spread == 2 else 2 + (i + 2 * j) % 3
            scores = (middle - spread, middle + spread, middle - spread, middle + spread, middle)
            for e, score in enumerate(scores):
                lines.append(f"e{e},t{i:02d},{c},{score}")
    (folder / "scores.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    loaded = load_inputs(
        [
            InputFile.from_path("criteria", criteria_path("quick_screen")),
            InputFile.from_path("scores", folder / "scores.csv"),
        ]
    )
    return analyse(loaded, spec_for(loaded, top_k=3))


def test_the_panel_sheet_counts_flags_per_criterion_and_lists_the_worst_20(
    disputed: AnalysisResult,
) -> None:
    agreement = disputed.agreement
    assert agreement is not None
    flags = agreement.flags
    assert len(flags) > WORST_FLAGS == 20
    ws = _sheet(load_workbook(BytesIO(build_report(disputed, generated_at=WHEN))), "Panel")
    counts = _table(ws, "Criterion", after=t("rpt_flags"))
    expected = flags.groupby("criterion").size()
    assert {r["Id"]: r["Cells without consensus"] for r in counts} == dict(expected.items())
    assert {r["Id"]: r["Share of the criterion's cells"] for r in counts} == pytest.approx(
        {c: n / 25 for c, n in expected.items()}
    )
    assert t("rpt_flags_total", "en", n=len(flags), cells=125) in _column_a(ws)
    listed = _table(ws, "Technology", after=t("rpt_flags_worst", "en", n=20))
    worst = [r for r in listed if r["Id"] is not None]
    assert len(worst) == 20
    # ... and the line under the table counts the rest.
    assert listed[20]["Technology"] == t("rpt_flags_more", "en", n=len(flags) - 20)
    ratios = [r["IQR"] / r["Threshold"] for r in worst]
    assert ratios == sorted(ratios, reverse=True)
    all_ratios = (flags["iqr"] / flags["iqr_threshold"]).sort_values(ascending=False)
    assert ratios == pytest.approx(all_ratios.head(20).tolist())
    assert t("rpt_flags_more", "en", n=len(flags) - 20) in _column_a(ws)


# --- Audit: the spec in one cell, re-runnable ---------------------------------------------


def test_the_audit_sheet_holds_the_spec_in_one_cell_that_reruns(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report.xlsx"
    argv = ["report", "--sample", "--no-sensitivity", "--output", str(out), "--compare", "none"]
    assert main(argv) == 0
    capsys.readouterr()
    ws = _sheet(load_workbook(out), "Audit")
    how = _row(ws, t("rpt_spec_how"))
    assert "r57-mcda run run.json" in t("rpt_spec_how")
    assert _row(ws, t("rpt_spec_copy")) == how - 1
    cell = str(ws.cell(how + 1, 1).value)
    assert "\n" not in cell  # one line: a spreadsheet copies it without added quotes
    spec = AnalysisSpec.from_text(cell)
    assert json.loads(cell) == spec.to_dict()
    # The cell, pasted into a file, re-runs the analysis: same ranking as `rank`.
    spec_file = tmp_path / "run.json"
    spec_file.write_text(cell, encoding="utf-8")
    assert main(["run", str(spec_file), "--format", "json"]) == 0
    rerun = json.loads(capsys.readouterr().out)
    assert main(["rank", "--sample", "--format", "json"]) == 0
    ranked = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in rerun["ranking"]] == [r["id"] for r in ranked["ranking"]]


def test_spec_cell_text_is_the_whole_spec_on_one_line(sample: AnalysisResult) -> None:
    text = spec_cell_text(sample.spec)
    assert "\n" not in text
    assert AnalysisSpec.from_text(text) == sample.spec


# --- item 2: the synthetic sample is labelled ---------------------------------------------


def test_a_report_on_the_sample_says_synthetic_not_official(book: Workbook) -> None:
    note = t("rpt_sample_data", "en", files="expert_scores.csv, technologies.csv, experts.csv")
    summary, audit = _sheet(book, "Summary"), _sheet(book, "Audit")
    assert summary.cell(3, 1).value == note
    assert audit.cell(2, 1).value == note
    assert "Synthetic sample data, not official" in note
    assert summary.cell(3, 1).font.bold
    data = summary.cell(_row(summary, "Data analysed"), 2).value
    assert str(data).startswith("the bundled sample panel: synthetic, not official")
    inputs = _table(audit, "Role", after=t("rpt_inputs"))
    flags = {r["Role"]: r["Bundled sample file"] for r in inputs}
    assert flags == {"criteria": "no", "scores": "yes", "technologies": "yes", "experts": "yes"}
    for ws in book.worksheets:
        assert "SYNTHETIC SAMPLE DATA, NOT OFFICIAL" in _header(ws)[1]


def test_the_sample_is_recognised_by_content_and_own_data_are_not_labelled(
    tmp_path: Path,
) -> None:
    # A renamed copy of the sample's scores is still the sample (same SHA-256).
    copy = tmp_path / "my_panel.csv"
    shutil.copyfile(SAMPLE["scores"], copy)
    loaded = load_inputs(
        [
            InputFile.from_path("criteria", SAMPLE["criteria"]),
            InputFile.from_path("scores", copy),
        ]
    )
    book = load_workbook(BytesIO(build_report(analyse(loaded, spec_for(loaded)))))
    assert _sheet(book, "Summary").cell(3, 1).value == t(
        "rpt_sample_data", "en", files="my_panel.csv"
    )
    # The user's own data: no label anywhere.
    own = load_workbook(BytesIO(build_report(_matrix_result(tmp_path), generated_at=WHEN)))
    for ws in own.worksheets:
        texts = " ".join(_column_a(ws))
        assert "Synthetic sample" not in texts, ws.title
        assert "SYNTHETIC" not in _header(ws)[1], ws.title
    summary = _sheet(own, "Summary")
    assert summary.cell(_row(summary, "Data analysed"), 2).value == "matrix.csv"
    vi = load_workbook(BytesIO(build_report(analyse(loaded, spec_for(loaded)), lang="vi")))
    assert str(_sheet(vi, "Audit").cell(2, 1).value).startswith("Dữ liệu mẫu tổng hợp")


def test_flag_summary_helpers_handle_no_flags() -> None:
    from r57_mcda.report.panel import flag_summary, worst_flags

    empty = pd.DataFrame(
        columns=["technology", "criterion", "iqr", "std", "n", "min", "max", "iqr_threshold"]
    )
    summary = flag_summary(empty, ["a", "b"])
    assert summary["flagged"].tolist() == [0, 0]
    assert worst_flags(empty).empty
