"""The Excel report read back with openpyxl: sheets, headers, values equal to the library's,
formula-injection safety, language, chart, layout and reproducible bytes."""

from __future__ import annotations

import csv
import re
import zipfile
from datetime import UTC, datetime
from importlib import metadata
from io import BytesIO
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from r57_mcda.errors import InputError
from r57_mcda.explain.contributions import contributions
from r57_mcda.i18n import t
from r57_mcda.io.bundled import criteria_path, sample_paths
from r57_mcda.io.inputs import InputFile, LoadedInputs, Role, load_inputs
from r57_mcda.pipeline.analysis import AnalysisResult, analyse, spec_for
from r57_mcda.ranking import method_info
from r57_mcda.report.cells import FORMULA_PREFIXES, excel_value, put
from r57_mcda.report.summary import smallest_change
from r57_mcda.report.workbook import SHEETS, SensitivityRun, build_report, write_report
from r57_mcda.sensitivity import (
    DirichletWeights,
    StabilityInterval,
    monte_carlo,
    stability_intervals,
)
from r57_mcda.spec import AnalysisSpec, WeightSpec

WHEN = datetime(2025, 6, 1, 8, 30, tzinfo=UTC)
COMPARE = ("wsm", "topsis", "vikor", "promethee2")
SAMPLE = sample_paths()
RISKY_NAMES = {
    "t1": '=HYPERLINK("x")',
    "t2": "+1",
    "t3": "-2",
    "t4": "@SUM(A1)",
    "t5": "#N/A",
}


def _loaded(*roles: Role) -> LoadedInputs:
    return load_inputs([InputFile.from_path(r, SAMPLE[r]) for r in roles])


@pytest.fixture(scope="module")
def sample() -> AnalysisResult:
    loaded = _loaded("criteria", "scores", "technologies", "experts")
    return analyse(loaded, spec_for(loaded, compare=COMPARE, seed=7))


@pytest.fixture(scope="module")
def run(sample: AnalysisResult) -> SensitivityRun:
    args = (sample.matrix, sample.weights.values, sample.criteria)
    mc = monte_carlo(*args, weight_model=DirichletWeights(), draws=400, top_k=5, seed=7)
    return SensitivityRun(monte_carlo=mc, stability=stability_intervals(*args, top_k=5))


@pytest.fixture(scope="module")
def report(sample: AnalysisResult, run: SensitivityRun) -> bytes:
    return build_report(sample, sensitivity=run, generated_at=WHEN)


@pytest.fixture(scope="module")
def book(report: bytes) -> Workbook:
    return load_workbook(BytesIO(report))


def _sheet(book: Workbook, name: str) -> Worksheet:
    ws = book[name]
    assert isinstance(ws, Worksheet)
    return ws


def _cell(ws: Worksheet, row: int, column: int) -> Any:
    return ws.cell(row, column).value


def _row_index(ws: Worksheet, text: str, *, start: int = 1) -> int:
    for row in range(start, ws.max_row + 1):
        if ws.cell(row, 1).value == text:
            return row
    raise AssertionError(f"{text!r} not found in column A of {ws.title}")


def _table(ws: Worksheet, header: str, *, after: str | None = None) -> list[dict[str, Any]]:
    """Rows (as dicts by header) of the first table whose first header is ``header``."""
    start = _row_index(ws, after) + 1 if after else 1
    top = _row_index(ws, header, start=start)
    headers = [str(c.value) for c in ws[top] if c.value is not None]
    rows: list[dict[str, Any]] = []
    for row in range(top + 1, ws.max_row + 2):
        if _cell(ws, row, 1) is None:
            break
        rows.append({h: _cell(ws, row, i + 1) for i, h in enumerate(headers)})
    return rows


def _pair(ws: Worksheet, label: str) -> Any:
    return ws.cell(_row_index(ws, label), 2).value


def _percent_interval(interval: StabilityInterval) -> str:
    left = "[" if interval.lower_closed else "("
    right = "]" if interval.upper_closed else ")"
    return f"{left}{interval.lower:.1%}, {interval.upper:.1%}{right}"


# --- sheets and values ----------------------------------------------------------------------


def test_sheets_in_order_and_sensitivity_only_when_given(
    book: Workbook, sample: AnalysisResult
) -> None:
    assert book.sheetnames == list(SHEETS)
    plain = load_workbook(BytesIO(build_report(sample, generated_at=WHEN)))
    assert plain.sheetnames == [s for s in SHEETS if s != "Sensitivity"]
    empty = build_report(sample, sensitivity=SensitivityRun(), generated_at=WHEN)
    assert "Sensitivity" not in load_workbook(BytesIO(empty)).sheetnames


def test_ranking_sheet_holds_every_score_and_rank_of_the_library(
    book: Workbook, sample: AnalysisResult
) -> None:
    rows = _table(_sheet(book, "Ranking"), "Rank")
    ranking = sample.ranking
    assert list(rows[0])[:6] == ["Rank", "Technology", "Id", "Group", "Score", "Tied"]
    assert [r["Id"] for r in rows] == ranking.order()
    for r in rows:
        assert r["Rank"] == ranking.ranks[r["Id"]]
        assert r["Score"] == pytest.approx(ranking.scores[r["Id"]], rel=1e-12)
    names = {tech.id: tech.name for tech in sample.inputs.technologies}
    assert [r["Technology"] for r in rows] == [names[r["Id"]] for r in rows]
    comparison = sample.comparison
    assert comparison is not None
    for method in COMPARE:
        # Method names, not ids, head the columns.
        column = {r["Id"]: r[f"Rank: {method_info(method).name}"] for r in rows}
        assert column == {k: int(v) for k, v in comparison.ranks[method].items()}
    borda = {r["Id"]: r["Consensus rank (Borda)"] for r in rows}
    assert borda == {k: int(v) for k, v in comparison.borda["rank"].items()}


def test_ranking_sheet_reproduces_a_hand_computed_weighted_sum(tmp_path: Path) -> None:
    """Equal weights (0.2 each) on the quick screen's 1-5 scales, two cost criteria reversed:
    all-best scores 100 points, all-middle 50, all-worst 0 (computed by hand)."""
    matrix = tmp_path / "matrix.csv"
    matrix.write_text(
        "technology,strategic_value,impact,feasibility,cost,risk\n"
        "best,5,5,5,1,1\nmiddle,3,3,3,3,3\nworst,1,1,1,5,5\n",
        encoding="utf-8",
    )
    loaded = load_inputs(
        [
            InputFile.from_path("criteria", criteria_path("quick_screen")),
            InputFile.from_path("matrix", matrix),
        ]
    )
    result = analyse(loaded, spec_for(loaded, top_k=2))
    book = load_workbook(BytesIO(build_report(result, generated_at=WHEN)))
    rows = _table(_sheet(book, "Ranking"), "Rank")
    assert [(r["Id"], r["Rank"]) for r in rows] == [("best", 1), ("middle", 2), ("worst", 3)]
    assert [r["Score"] for r in rows] == pytest.approx([100.0, 50.0, 0.0])
    shortlist = _table(_sheet(book, "Summary"), "Rank")
    assert [r["Id"] for r in shortlist] == ["best", "middle"]
    panel = _sheet(book, "Panel")
    assert _row_index(panel, t("rpt_matrix_given")) > 0
    assert _pair(_sheet(book, "Summary"), t("rpt_panel_size")) == "-"


def test_contributions_sheet_equals_explain_and_adds_up_to_the_score(
    book: Workbook, sample: AnalysisResult
) -> None:
    expected = contributions(sample.matrix, sample.weights.values, sample.criteria, method="wsm")
    rows = _table(_sheet(book, "Contributions"), "Rank")
    names = {sample.criteria[c].name: c for c in sample.criteria.ids}
    assert [r["Id"] for r in rows] == sample.ranking.order()
    for r in rows:
        for name, cid in names.items():
            assert r[name] == pytest.approx(expected.values.loc[r["Id"], cid], rel=1e-12)
        assert r["Total"] == pytest.approx(sample.ranking.scores[r["Id"]], rel=1e-9)


def test_contributions_sheet_says_when_the_method_has_no_additive_explanation() -> None:
    loaded = _loaded("criteria", "scores", "technologies", "experts")
    result = analyse(loaded, spec_for(loaded, method="vikor"), agreement=False)
    ws = load_workbook(BytesIO(build_report(result, generated_at=WHEN)))["Contributions"]
    assert ws.cell(2, 1).value == t("rpt_contrib_none", "en", method="VIKOR")


def test_weights_sheet_equals_the_result_weights(book: Workbook, sample: AnalysisResult) -> None:
    rows = _table(_sheet(book, "Weights"), "Criterion")
    assert {r["Id"]: r["Weight"] for r in rows} == pytest.approx(
        dict(sample.weights.values.items()), rel=1e-12
    )
    assert sum(r["Weight"] for r in rows) == pytest.approx(1.0)
    assert _pair(_sheet(book, "Weights"), "Source") == "declared in the criteria set"


def test_weights_sheet_shows_the_ahp_matrix_and_its_consistency_ratio() -> None:
    loaded = _loaded("criteria", "scores", "technologies", "experts", "ahp")
    result = analyse(loaded, spec_for(loaded, weights=WeightSpec(source="ahp")), agreement=False)
    ws = load_workbook(BytesIO(build_report(result, generated_at=WHEN)))["Weights"]
    title = t("rpt_ahp_matrix", "en", what="criteria groups")
    top = _row_index(ws, title) + 1
    headers = [str(c.value) for c in ws[top]]
    # sample_inputs/ahp_pairwise.csv: strategic_fit is 2x capability and 3x cost_risk.
    row = {h: _cell(ws, top + 1, i + 1) for i, h in enumerate(headers)}
    assert row["Id"] == "strategic_fit"
    assert row["Capability"] == 2.0
    assert row["Cost and risk"] == pytest.approx(3.0)
    groups = result.weights.details["groups"]
    cr = _cell(ws, _row_index(ws, "Consistency ratio (CR)", start=top), 2)
    assert cr == pytest.approx(groups["cr"], rel=1e-12)
    assert 0 < cr < 0.1
    assert row["Priority"] == pytest.approx(groups["priorities"]["strategic_fit"], rel=1e-12)


def test_panel_sheet_holds_the_aggregate_and_kendalls_w(
    book: Workbook, sample: AnalysisResult
) -> None:
    ws = _sheet(book, "Panel")
    agreement, aggregate = sample.agreement, sample.aggregate
    assert agreement is not None and aggregate is not None
    kendall = _table(ws, "Criterion", after="Kendall's W per criterion")
    got = {r["Id"]: r["W"] for r in kendall}
    assert got == pytest.approx(dict(agreement.kendall["W"].items()), rel=1e-12)
    assert _pair(ws, "Kendall's W (overall)") == pytest.approx(agreement.overall_w, rel=1e-12)
    matrix = _table(ws, "Technology", after="Aggregated decision matrix")
    name = sample.criteria["national_goals"].name
    assert {r["Id"]: r[name] for r in matrix} == pytest.approx(
        dict(aggregate.matrix["national_goals"].items()), rel=1e-12
    )
    n = _table(ws, "Technology", after=t("rpt_n_matrix"))
    assert {r["Id"]: r[name] for r in n} == dict(aggregate.n["national_goals"].items())
    per_criterion = _table(ws, "Criterion", after=t("rpt_flags"))
    assert sum(r["Cells without consensus"] for r in per_criterion) == len(agreement.flags)
    listed = _table(ws, "Technology", after=t("rpt_flags_worst", n=len(agreement.flags)))
    assert len(listed) == len(agreement.flags) < 20
    groups = _table(ws, "Group", after=t("rpt_groups"))
    assert sum(r["Experts"] for r in groups) == _pair(ws, t("rpt_panel_size")) == 9


def test_sensitivity_sheet_equals_the_monte_carlo_and_stability_results(
    book: Workbook, run: SensitivityRun
) -> None:
    ws = _sheet(book, "Sensitivity")
    mc, stability = run.monte_carlo, run.stability
    assert mc is not None and stability is not None
    rows = _table(ws, "Technology")
    assert {r["Id"]: r["P(top 5)"] for r in rows} == pytest.approx(
        dict(mc.top_k_probability.items()), rel=1e-12
    )
    assert {r["Id"]: r["P(rank 1)"] for r in rows} == pytest.approx(
        dict(mc.acceptability[1].items()), rel=1e-12
    )
    accept = _table(ws, "Technology", after=t("rpt_acceptability"))
    assert all(
        sum(v for k, v in r.items() if k.startswith("Rank ")) == pytest.approx(1.0) for r in accept
    )
    intervals = {r["Id"]: r for r in _table(ws, "Criterion")}
    for first, top in zip(stability.first, stability.top, strict=True):
        row = intervals[first.criterion]
        assert row["Leader kept: from"] == pytest.approx(first.lower)
        assert row["Leader kept: to"] == pytest.approx(first.upper)
        assert row["Top 5 kept: interval"] == _percent_interval(top)
        assert ws.cell(_row_index(ws, row["Criterion"]), 3).number_format == "0.0%"


def test_summary_lists_the_shortlist_with_a_native_bar_chart(
    book: Workbook, sample: AnalysisResult, run: SensitivityRun
) -> None:
    ws = _sheet(book, "Summary")
    assert ws.cell(1, 1).value == "Strategic technology shortlist"
    assert _pair(ws, "Date (UTC)") == "2025-06-01 08:30 UTC"
    assert _pair(ws, "Ranking method") == "Weighted sum (WSM / SAW)"
    assert _pair(ws, "Panel size (experts)") == 9
    rows = _table(ws, "Rank")
    ranking = sample.ranking
    expected = [tid for tid in ranking.order() if ranking.ranks[tid] <= 5]
    assert [r["Id"] for r in rows] == expected
    assert [r["Score"] for r in rows] == pytest.approx([ranking.scores[i] for i in expected])
    assert run.monte_carlo is not None
    assert [r["P(top 5)"] for r in rows] == pytest.approx(
        [run.monte_carlo.top_k_probability[i] for i in expected]
    )
    assert sample.agreement is not None
    assert _pair(ws, "Kendall's W (overall)") == pytest.approx(sample.agreement.overall_w)
    charts = ws._charts  # type: ignore[attr-defined]
    assert len(charts) == 1
    chart = charts[0]
    header = _row_index(ws, "Rank")
    refs = chart.series[0].val.numRef.f
    assert refs == f"'Summary'!$D${header + 1}:$D${header + len(rows)}"


def test_summary_in_vietnamese_uses_vietnamese_labels_and_names(
    sample: AnalysisResult, run: SensitivityRun
) -> None:
    book = load_workbook(BytesIO(build_report(sample, lang="vi", sensitivity=run)))
    ws = _sheet(book, "Summary")
    assert ws.cell(1, 1).value == "Danh sách công nghệ chiến lược được đề xuất"
    assert _pair(ws, t("rpt_method", "vi")) == "Tổng có trọng số (WSM / SAW)"
    rows = _table(ws, t("rpt_col_rank", "vi"))
    names_vi = {tech.id: tech.name_vi for tech in sample.inputs.technologies}
    assert [r["Công nghệ"] for r in rows] == [names_vi[r["Mã"]] for r in rows]
    weights = _table(ws, "Tiêu chí")
    assert weights[0]["Tiêu chí"] == sample.criteria.criteria[0].name_vi
    ranking = _table(_sheet(book, "Ranking"), "Hạng")
    assert ranking[0]["Đồng hạng"] in {"có", "không"}


def test_audit_records_versions_inputs_and_a_spec_that_parses_back(
    book: Workbook, sample: AnalysisResult
) -> None:
    ws = _sheet(book, "Audit")
    assert _pair(ws, "Generated at (UTC, ISO 8601)") == "2025-06-01T08:30:00Z"
    assert _pair(ws, "Seed of the analysis") == 7
    versions = {r["Package"]: r["Version"] for r in _table(ws, "Package")}
    assert versions["numpy"] == metadata.version("numpy")
    assert versions["scikit-criteria"] == metadata.version("scikit-criteria")
    assert set(versions) >= {"python", "r57-mcda", "pandas", "scipy", "openpyxl"}
    inputs = _table(ws, "Role")
    assert {(r["Role"], r["SHA-256"]) for r in inputs} == {
        (f.role, f.sha256) for f in sample.inputs.files
    }
    start = _row_index(ws, t("rpt_spec")) + 1
    text = "\n".join(str(_cell(ws, r, 1) or "") for r in range(start, ws.max_row + 1))
    spec = AnalysisSpec.from_text(text)
    assert spec == sample.spec
    assert spec.compare == COMPARE and spec.seed == 7


# --- safety, layout and reproducibility ----------------------------------------------------


@pytest.fixture(scope="module")
def risky(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, AnalysisResult]:
    folder = tmp_path_factory.mktemp("risky")
    with (folder / "technologies.csv").open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["id", "name", "name_vi"])
        writer.writerows([tid, name, name] for tid, name in RISKY_NAMES.items())
    with (folder / "matrix.csv").open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["technology", "strategic_value", "impact", "feasibility", "cost", "risk"])
        writer.writerows([tid, 1 + i, 5 - i, 2, 1 + i % 2, 3] for i, tid in enumerate(RISKY_NAMES))
    loaded = load_inputs(
        [
            InputFile.from_path("criteria", criteria_path("quick_screen")),
            InputFile.from_path("matrix", folder / "matrix.csv"),
            InputFile.from_path("technologies", folder / "technologies.csv"),
        ]
    )
    result = analyse(loaded, spec_for(loaded, top_k=3))
    return build_report(result, generated_at=WHEN), result


def test_a_technology_named_like_a_formula_is_stored_as_text(
    risky: tuple[bytes, AnalysisResult],
) -> None:
    content, _ = risky
    ws = load_workbook(BytesIO(content))["Ranking"]
    cells = {
        str(c.value): c for row in ws.iter_rows() for c in row if c.value in RISKY_NAMES.values()
    }
    assert set(cells) == set(RISKY_NAMES.values())
    for name, cell in cells.items():
        assert cell.data_type == "s", name
        assert cell.quotePrefix == name.startswith(FORMULA_PREFIXES), name
    sheet = list(load_workbook(BytesIO(content)).sheetnames).index("Ranking") + 1
    with zipfile.ZipFile(BytesIO(content)) as archive:
        ranking_xml = archive.read(f"xl/worksheets/sheet{sheet}.xml").decode()
        coordinate = cells['=HYPERLINK("x")'].coordinate
        element = re.search(rf'<c r="{coordinate}"[^>]*>.*?</c>', ranking_xml)
        assert element is not None and "<f>" not in element.group(0)
        assert 't="inlineStr"' in element.group(0)
        for name in archive.namelist():
            if name.startswith("xl/worksheets/sheet"):
                assert not re.search(r"<f[ >]", archive.read(name).decode()), name


def test_sheets_are_laid_out_for_reading_and_printing(book: Workbook) -> None:
    ranking = _sheet(book, "Ranking")
    header = _row_index(ranking, "Rank")
    assert ranking.freeze_panes == f"D{header + 1}"
    assert ranking.print_title_rows == f"${header}:${header}"
    for ws in book.worksheets:
        assert ws.page_setup.orientation == "landscape", ws.title
        assert ws.page_setup.fitToWidth == 1, ws.title
        fit = ws.sheet_properties.pageSetUpPr
        assert fit is not None and fit.fitToPage, ws.title
    score = ranking.cell(header + 1, 5)
    assert score.number_format == "0.00"
    assert ranking.cell(header, 1).font.bold
    scales = [r for cf in ranking.conditional_formatting for r in cf.rules]
    assert any(r.type == "colorScale" for r in scales)
    assert ranking.column_dimensions["B"].width > ranking.column_dimensions["A"].width


def test_same_inputs_and_time_give_the_same_bytes(
    report: bytes, sample: AnalysisResult, run: SensitivityRun
) -> None:
    assert build_report(sample, sensitivity=run, generated_at=WHEN) == report
    naive = build_report(sample, sensitivity=run, generated_at=WHEN.replace(tzinfo=None))
    assert naive == report
    later = load_workbook(
        BytesIO(build_report(sample, generated_at=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)))
    )
    assert _pair(_sheet(later, "Audit"), "Generated at (UTC, ISO 8601)") == "2026-01-02T03:04:05Z"


def test_write_report_writes_the_file_and_names_an_unwritable_path(
    tmp_path: Path, sample: AnalysisResult
) -> None:
    path = write_report(tmp_path / "out" / "report.xlsx", sample, generated_at=WHEN)
    assert path.read_bytes() == build_report(sample, generated_at=WHEN)
    blocker = tmp_path / "file.txt"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="cannot write the report"):
        write_report(blocker / "report.xlsx", sample)


def test_an_unknown_language_is_refused(sample: AnalysisResult) -> None:
    with pytest.raises(InputError, match="unknown report language 'fr'"):
        build_report(sample, lang="fr")


# --- cells ------------------------------------------------------------------------------


def test_excel_value_converts_numpy_nan_and_sequences() -> None:
    assert excel_value(np.int64(3)) == 3 and type(excel_value(np.int64(3))) is int
    assert excel_value(np.float64("nan")) is None
    assert excel_value(float("inf")) is None
    assert excel_value(np.bool_(True)) is True
    assert excel_value(("a", "b")) == "a, b"
    assert excel_value("bell\x07") == "bell"


# "\r" is left out: XML parsers read a lone carriage return back as a line feed.
_TEXT = st.builds(
    str.__add__,
    st.sampled_from(["=", "+", "-", "@", "\t", "#", ""]),
    st.text(
        alphabet=st.one_of(
            st.sampled_from(["=", "(", ")", '"', "!", "/"]),
            st.characters(categories=("L", "N", "P", "S", "Zs"), exclude_characters="\r"),
        ),
        min_size=1,
        max_size=30,
    ),
)


@settings(max_examples=50, deadline=None)
@given(_TEXT)
def test_any_text_round_trips_as_a_string_cell_never_a_formula(text: str) -> None:
    workbook = Workbook()
    ws = workbook.active
    assert ws is not None
    put(ws, 1, 1, text)
    buffer = BytesIO()
    workbook.save(buffer)
    cell = load_workbook(BytesIO(buffer.getvalue())).active["A1"]  # type: ignore[index]
    assert cell.value == text
    assert cell.data_type == "s"


def test_smallest_change_ignores_ends_that_are_stable_all_the_way() -> None:
    def interval(criterion: str, current: float, lower: float, upper: float) -> StabilityInterval:
        return StabilityInterval(criterion, current, lower, upper, True, True, ("a",), True, 0.0)

    whole = interval("x", 0.3, 0.0, 1.0)
    assert smallest_change([whole]) is None
    near = interval("y", 0.3, 0.0, 0.35)
    far = interval("z", 0.2, 0.05, 1.0)
    found = smallest_change([whole, near, far])
    assert found is not None
    size, where, end = found
    assert (where.criterion, end) == ("y", 0.35) and size == pytest.approx(0.05)
