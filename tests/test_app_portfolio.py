"""Portfolio page (AppTest, issue 12 item 6): it renders in both languages on the bundled sample
with the value scale and the candidates' total cost; the funded set is the best one within the
budget (checked against an enumeration of every subset, with WSM values computed here from the
panel's matrix, and against the library's ``select_portfolio``); a must-fund technology is
funded; an impossible constraint is explained; a technology without a cost is named and never
funded; group limits come from the kept choice; a robustness run with few draws shows the
library's frequencies; the Export page offers the portfolio for the report."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from r57_mcda.i18n import format_number, t
from r57_mcda.io.inputs import InputFile
from r57_mcda.pipeline.analysis import analyse, spec_for
from r57_mcda.pipeline.portfolio import PortfolioSettings, portfolio_for
from r57_mcda.portfolio import portfolio_problem, ranking_values, select_portfolio
from r57_mcda.ui.cache import report_for
from r57_mcda.ui.choices import Choices
from r57_mcda.ui.pages.portfolio_inputs import CHOICE, PortfolioChoice
from r57_mcda.ui.state import sample_files
from tests.helpers.app import (
    APP,
    chart_data,
    expected_ranking,
    frame_with,
    names,
    page,
    sample,
    sample_matrix,
    started,
    texts,
)

#: The page's first budget on the sample: half of the 110,000 all candidates cost.
DEFAULT_BUDGET = 55000.0


def _costs() -> pd.Series:
    return pd.Series({x.id: x.budget for x in sample().technologies}, dtype=float)


def _wsm_values() -> pd.Series:
    """WSM points computed here: 100 x sum_j w_j (x - lo) / (hi - lo) on the declared scales
    (reversed for cost criteria), the declared weights normalised."""
    criteria = sample().criteria
    matrix = sample_matrix()
    weights = pd.Series({c.id: float(c.weight or 0.0) for c in criteria.criteria})
    weights = weights / weights.sum()
    total = pd.Series(0.0, index=matrix.index)
    for c in criteria.criteria:
        assert c.scale is not None
        lo, hi = c.scale
        v = (matrix[c.id] - lo) / (hi - lo)
        total += weights[c.id] * (1 - v if c.direction == "cost" else v)
    return 100 * total


def _best_subset(
    budget: float, *, must: tuple[str, ...] = (), must_not: tuple[str, ...] = ()
) -> tuple[float, frozenset[str]]:
    """The most valuable subset of technologies within ``budget``, by enumerating all 2^n."""
    values, costs = _wsm_values(), _costs()
    ids = list(values.index)
    masks = (np.arange(2 ** len(ids))[:, None] >> np.arange(len(ids))) & 1
    value = masks @ values[ids].to_numpy()
    ok = masks @ costs[ids].to_numpy() <= budget + 1e-9
    for i in must:
        ok &= masks[:, ids.index(i)] == 1
    for i in must_not:
        ok &= masks[:, ids.index(i)] == 0
    best = int(np.argmax(np.where(ok, value, -np.inf)))
    return float(value[best]), frozenset(i for k, i in enumerate(ids) if masks[best, k])


def _page(lang: str = "en", **state: object) -> AppTest:
    """The app on the Portfolio page, in ``lang``, with ``state`` in the session first."""
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["lang"] = lang
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    at.switch_page(page("portfolio")).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _funded(at: AppTest, lang: str = "en") -> frozenset[str]:
    """Technology ids the page's portfolio table marks funded."""
    table = frame_with(at, t("pfui_col_funded", lang))
    ids = {v: k for k, v in names(lang).items()}
    marked = table[table[t("pfui_col_funded", lang)] == "✓"]
    return frozenset(ids[n] for n in marked[t("technology", lang)])


def _metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_page_renders_in_both_languages(lang: str) -> None:
    at = _page(lang)
    page_text = texts(at)
    assert t("pfui_intro", lang) in page_text
    unit = t("pf_scale_unit_points", lang)
    assert unit in page_text and t("pf_scale_zero_wsm", lang) in page_text
    total = format_number(float(_costs().sum()), lang, ",.0f")
    assert t("pfui_total_cost", lang, total=total) in page_text
    assert at.number_input(key="pfui:budget").value == DEFAULT_BUDGET
    assert [h.value for h in at.subheader][:2] == [
        t("pfui_constraints_title", lang),
        t("pfui_result_title", lang),
    ]
    # Technology names in the language, in the pickers and the table.
    label = names(lang)
    assert set(at.multiselect(key="pfui:must").options) == set(label.values())
    assert set(frame_with(at, t("pfui_col_funded", lang))[t("technology", lang)]) == set(
        label.values()
    )
    # The value-for-money chart: the frontier, the optimal and the greedy portfolio, the budget.
    frames = chart_data(at)
    kinds = {k for f in frames if "kind" in f.columns for k in f["kind"]}
    assert kinds == {"frontier", "convex", "optimal", "greedy"}
    assert any("cost" in f.columns and list(f["cost"]) == [DEFAULT_BUDGET] for f in frames)


def test_the_funded_set_is_the_best_within_the_budget() -> None:
    at = _page()
    value, best = _best_subset(DEFAULT_BUDGET)
    assert _funded(at) == best
    assert _metric(at, t("pfui_total_value", "en", unit=t("pf_scale_unit_points", "en"))) == (
        format_number(value, "en", ",.2f")
    )
    # The library on the same inputs gives the same portfolio.
    values, scale = ranking_values(expected_ranking(), sample().criteria)
    groups = pd.Series({x.id: x.group for x in sample().technologies})
    problem = portfolio_problem(values, _costs(), budget=DEFAULT_BUDGET, groups=groups, scale=scale)
    library = select_portfolio(problem)
    assert library.optimal is not None
    assert frozenset(library.optimal.selected) == best
    assert library.optimal.value == pytest.approx(value)


def test_changing_the_budget_changes_the_selection_within_it() -> None:
    at = _page()
    before = _funded(at)
    at.number_input(key="pfui:budget").set_value(20000.0).run()
    assert not at.exception
    after = _funded(at)
    assert after != before
    assert after == _best_subset(20000.0)[1]
    assert float(_costs()[list(after)].sum()) <= 20000.0
    assert _metric(at, t("pfui_total_cost_funded", "en")) == format_number(
        float(_costs()[list(after)].sum()), "en", ",.0f"
    )


def test_a_must_fund_technology_is_funded() -> None:
    at = _page()
    assert "semiconductors" not in _funded(at)
    at.multiselect(key="pfui:must").set_value(["semiconductors"]).run()
    assert not at.exception
    funded = _funded(at)
    assert "semiconductors" in funded
    assert funded == _best_subset(DEFAULT_BUDGET, must=("semiconductors",))[1]
    assert float(_costs()[list(funded)].sum()) <= DEFAULT_BUDGET


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_an_impossible_constraint_is_explained(lang: str) -> None:
    at = _page(lang)
    # 25,000 + 15,000 cannot fit in 30,000: the budget and either must-fund explain it.
    at.multiselect(key="pfui:must").set_value(["semiconductors", "aerospace_uav"])
    at.number_input(key="pfui:budget").set_value(30000.0).run()
    assert not at.exception
    error = "\n".join(e.value for e in at.error)
    assert t("pfui_infeasible", lang) in error
    label = names(lang)
    for phrase in (
        t("pf_constraint_budget", lang),
        t("pf_constraint_must", lang, id=label["semiconductors"]),
        t("pf_constraint_must", lang, id=label["aerospace_uav"]),
    ):
        assert phrase in error
    assert not at.get("metric")


def test_a_technology_without_a_cost_is_named_and_never_funded() -> None:
    files = list(sample_files())
    k = next(i for i, f in enumerate(files) if f.role == "technologies")
    text = files[k].content.decode("utf-8")
    # ai_digital_twin is funded at the default budget; blank its cost.
    text = text.replace("digital,12000,", "digital,,", 1)
    files[k] = InputFile("technologies", files[k].name, text.encode("utf-8"))
    at = _page(input_files=tuple(files))
    label = names()
    warning = "\n".join(w.value for w in at.warning)
    assert t("pfui_missing_costs", "en", n=1, column="budget", names=label["ai_digital_twin"]) in (
        warning
    )
    table = frame_with(at, t("pfui_col_funded", "en"))
    row = table[table[t("technology", "en")] == label["ai_digital_twin"]].iloc[0]
    assert row[t("pfui_col_funded", "en")] == t("pfui_no_cost", "en")
    # The total and the budget proposed leave it out: half of 110,000 - 12,000.
    total = format_number(110000.0 - 12000.0, "en", ",.0f")
    assert t("pfui_total_cost", "en", total=total) in texts(at)
    assert at.number_input(key="pfui:budget").value == 49000.0
    assert _funded(at) == _best_subset(49000.0, must_not=("ai_digital_twin",))[1]


def test_group_limits_come_from_the_kept_choice() -> None:
    choice = PortfolioChoice(budget=DEFAULT_BUDGET, groups=(("digital", 0, 1, None),))
    at = _page(**{CHOICE: choice})
    digital = {x.id for x in sample().technologies if x.group == "digital"}
    funded = _funded(at)
    assert len(funded & digital) == 1
    assert len(_best_subset(DEFAULT_BUDGET)[1] & digital) > 1  # the limit changed the set
    slack = frame_with(at, t("pfui_col_slack", "en"))
    limit = t("pf_constraint_group_max", "en", id=t("group_digital", "en"))
    assert limit in set(slack[t("pfui_col_constraint", "en")])


def test_a_robustness_run_shows_the_librarys_frequencies() -> None:
    at = _page()
    at.slider(key="pfui:draws").set_value(50).run()
    at.button(key="pfui:robust_run").click().run()
    assert not at.exception
    loaded = sample()
    result = analyse(loaded, spec_for(loaded))
    expected = portfolio_for(
        result, PortfolioSettings(budget=DEFAULT_BUDGET, robust=True, draws=50, seed=0)
    ).robustness
    assert expected is not None
    p = format_number(100 * expected.p_optimal, "en", ".1f") + " %"
    assert t("pfui_robust_done", "en", draws=50, seed=0, p=p) in texts(at)
    bars = next(f for f in chart_data(at) if "frequency" in f.columns)
    label = names()
    shown = dict(zip(bars["technology"], bars["frequency"], strict=True))
    assert shown == pytest.approx({label[i]: float(v) for i, v in expected.frequency.items()})
    assert set(bars["class"]) <= {"core", "borderline", "exterior"}
    # Another budget makes the run stale.
    at.number_input(key="pfui:budget").set_value(40000.0).run()
    assert t("pfui_robust_stale", "en") in texts(at)


def test_the_export_page_includes_the_portfolio() -> None:
    at = started("export")
    assert t("pfui_report_no_portfolio", "en") in texts(at)
    at.switch_page(page("portfolio")).run()
    at.number_input(key="pfui:budget").set_value(30000.0).run()
    at.switch_page(page("export")).run()
    assert not at.exception
    assert at.toggle(key="pfui:report_portfolio").value is True
    settings = PortfolioSettings(budget=30000.0, frontier=(0.0, float(_costs().sum())))
    data = report_for(
        sample_files(),
        Choices(),
        language="en",
        monte_carlo=False,
        stability=False,
        progress_text="",
        portfolio=settings,
    )
    book = load_workbook(io.BytesIO(data), read_only=True)
    assert book.sheetnames[-1] == "Portfolio"
    ids = {row[1] for row in book["Portfolio"].iter_rows(values_only=True) if len(row) > 1}
    assert _best_subset(30000.0)[1] <= ids
    book.close()
    # The report asked for is keyed on the portfolio: another budget makes it stale.
    at.button(key="build_report").click().run()
    at.switch_page(page("portfolio")).run()
    at.number_input(key="pfui:budget").set_value(31000.0).run()
    at.switch_page(page("export")).run()
    assert t("ui_report_outdated", "en") in texts(at)


def test_a_method_without_a_value_scale_is_refused_on_the_page_and_in_the_report() -> None:
    at = _page()
    at.switch_page(page("ranking")).run()
    at.selectbox(key="method").set_value("vikor").run()
    at.switch_page(page("portfolio")).run()
    assert not at.exception
    assert t("pfui_method_hint", "en") in texts(at)
    error = "\n".join(e.value for e in at.error)
    assert "VIKOR" in error and "wsm, topsis, promethee2" in error
    assert not at.get("metric")
    at.switch_page(page("export")).run()
    assert not at.exception
    assert "The report has no Portfolio sheet" in texts(at)
    assert not [w for w in at.toggle if w.key == "pfui:report_portfolio"]
