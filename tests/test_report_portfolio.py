"""The report's Portfolio sheet (issue 12, item 6): ``build_report(portfolio=...)`` adds it after
the other sheets; read back with openpyxl, its funded technologies, totals, slack rows, greedy
comparison, frontier rows and robustness figures are the PortfolioResult's, a scatter chart of
the frontier is there, and every label follows the report's language; an infeasible problem's
sheet explains it; a report without a portfolio has no such sheet."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.chart import ScatterChart
from openpyxl.worksheet.worksheet import Worksheet

from r57_mcda.i18n import t
from r57_mcda.io.bundled import sample_paths
from r57_mcda.io.inputs import InputFile, load_inputs
from r57_mcda.pipeline.analysis import AnalysisResult, analyse, spec_for
from r57_mcda.pipeline.portfolio import PortfolioSettings, portfolio_for
from r57_mcda.portfolio import Constraints, GroupLimit, PortfolioResult
from r57_mcda.report.workbook import PORTFOLIO_SHEETS, SHEETS, build_report

BUDGET = 50000.0
CONSTRAINTS = Constraints(
    requires=(("quantum", "semiconductors"),),
    excludes=(("blockchain", "cybersecurity"),),
    groups={"digital": GroupLimit(max=3)},
)


@pytest.fixture(scope="module")
def analysis() -> AnalysisResult:
    """The bundled sample panel, analysed with the defaults."""
    paths = sample_paths()
    files = [
        InputFile.from_path(role, paths[role])
        for role in ("criteria", "scores", "technologies", "experts")
    ]
    loaded = load_inputs(files)
    return analyse(loaded, spec_for(loaded))


@pytest.fixture(scope="module")
def result(analysis: AnalysisResult) -> PortfolioResult:
    """A portfolio with constraints of each kind, its frontier and a short robustness run."""
    settings = PortfolioSettings(
        budget=BUDGET, constraints=CONSTRAINTS, frontier=(0.0, None), robust=True, draws=40
    )
    return portfolio_for(analysis, settings)


def _sheet(analysis: AnalysisResult, result: PortfolioResult, lang: str) -> Iterator[Worksheet]:
    data = build_report(analysis, lang=lang, portfolio=result)
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == [s for s in (*SHEETS, *PORTFOLIO_SHEETS) if s in book.sheetnames]
    assert book.sheetnames[-1] == "Portfolio"
    yield book["Portfolio"]


def _row_of(ws: Worksheet, text: str, start: int = 1) -> int:
    """The first row from ``start`` whose column A holds ``text``."""
    for row in range(start, ws.max_row + 1):
        if ws.cell(row, 1).value == text:
            return row
    raise AssertionError(f"{text!r} not in column A")


def _rows(ws: Worksheet, header_row: int) -> list[list[Any]]:
    """The data rows under ``header_row`` up to the first empty row."""
    width = 1
    while ws.cell(header_row, width + 1).value is not None:
        width += 1
    rows = []
    row = header_row + 1
    while ws.cell(row, 1).value is not None:
        rows.append([ws.cell(row, c).value for c in range(1, width + 1)])
        row += 1
    return rows


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_sheet_holds_the_results_figures(
    analysis: AnalysisResult, result: PortfolioResult, lang: str
) -> None:
    ws = next(_sheet(analysis, result, lang))
    best = result.optimal
    assert best is not None and result.greedy is not None and result.frontier is not None
    assert ws.cell(1, 1).value == t("pfrep_title", lang)
    scale = result.problem.scale
    assert scale is not None
    assert scale.zero_text(lang) in str(ws.cell(2, 1).value)
    assert ws.cell(_row_of(ws, t("pfrep_budget", lang)), 2).value == BUDGET
    # The funded technologies, highest value first, then the totals.
    header = _row_of(ws, t("technology", lang))
    funded = _rows(ws, header)
    assert {r[1] for r in funded} == set(best.selected)
    assert [r[4] for r in funded] == sorted((r[4] for r in funded), reverse=True)
    assert sum(r[3] for r in funded) == pytest.approx(best.cost)
    assert ws.cell(_row_of(ws, t("pfrep_total_cost", lang)), 2).value == pytest.approx(best.cost)
    assert ws.cell(_row_of(ws, t("pfrep_total_value", lang)), 2).value == pytest.approx(best.value)
    left = ws.cell(_row_of(ws, t("pfrep_budget_left", lang)), 2).value
    assert left == pytest.approx(BUDGET - best.cost)
    # One slack row per constraint, with its key and slack.
    slack = _rows(ws, _row_of(ws, t("pfrep_col_constraint", lang)))
    assert {r[1]: r[2] for r in slack} == pytest.approx(dict(best.slack))
    assert {"budget", "requires:quantum>semiconductors", "group_max:digital"} <= {
        r[1] for r in slack
    }
    # The greedy selection beside the optimum.
    greedy = _rows(ws, _row_of(ws, t("pfrep_col_portfolio", lang)))
    assert [r[0] for r in greedy] == [t("pfrep_optimal", lang), t("pfrep_greedy", lang)]
    assert greedy[1][1] == pytest.approx(result.greedy.portfolio.value)
    loss = ws.cell(_row_of(ws, t("pfrep_greedy_loss", lang)), 2).value
    assert loss == pytest.approx(best.value - result.greedy.portfolio.value)
    # The frontier, by cost, and its chart.
    start = _row_of(ws, t("pfrep_frontier_note", lang))
    frontier = _rows(ws, _row_of(ws, t("pfrep_col_cost", lang), start))
    points = result.frontier.points
    assert [(r[0], r[1]) for r in frontier] == [
        (pytest.approx(p.cost), pytest.approx(p.value)) for p in points
    ]
    assert [r[2] for r in frontier] == [
        t("rpt_yes" if p.convex else "rpt_no", lang) for p in points
    ]
    charts = ws._charts  # openpyxl keeps a sheet's charts there
    assert len(charts) == 1 and isinstance(charts[0], ScatterChart)
    assert len(charts[0].series) == 4  # frontier, optimal, greedy, budget
    # The robustness run.
    robust = result.robustness
    assert robust is not None
    p_row = _row_of(ws, t("pfrep_p_optimal", lang))
    assert ws.cell(p_row, 2).value == pytest.approx(robust.p_optimal)
    frequency = _rows(ws, _row_of(ws, t("technology", lang), p_row))
    assert {r[1]: r[2] for r in frequency} == pytest.approx(
        {str(k): float(v) for k, v in robust.frequency.items()}
    )
    assert {r[1]: r[3] for r in frequency} == {
        str(k): t(f"pf_class_{v}", lang) for k, v in robust.classes.items()
    }


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_an_infeasible_problem_is_explained(analysis: AnalysisResult, lang: str) -> None:
    settings = PortfolioSettings(budget=10000.0, constraints=Constraints(must=("semiconductors",)))
    result = portfolio_for(analysis, settings)
    assert result.status == "infeasible"
    ws = next(_sheet(analysis, result, lang))
    row = _row_of(ws, t("pfrep_infeasible_title", lang))
    text = str(ws.cell(row + 1, 1).value)
    name = next(x.label(lang) for x in analysis.inputs.technologies if x.id == "semiconductors")
    assert t("pf_constraint_must", lang, id=name) in text
    assert t("pf_constraint_budget", lang) in text
    assert not ws._charts


def test_a_report_without_a_portfolio_has_no_portfolio_sheet(analysis: AnalysisResult) -> None:
    book = load_workbook(io.BytesIO(build_report(analysis)))
    assert "Portfolio" not in book.sheetnames
