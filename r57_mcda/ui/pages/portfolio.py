"""Portfolio page: the most valuable set of technologies the budget can fund, under the
constraints edited in place, compared with the greedy rule and tested for robustness.

Values are the ranking's scores of the method and weights chosen on the other pages, on the
method's ratio scale (:func:`r57_mcda.portfolio.ranking_values`); costs are a numeric column
of the technologies table. A technology without a cost is named in a warning and never
funded (a must-not constraint): the values of the others stay those of the full ranking, and
the robustness run draws the same technologies as the Sensitivity page. The robustness run
(every draw solves the problem again) is computed only when asked for, under a progress bar
with a Stop button, and stays shown while the settings are those it ran with.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

import pandas as pd
import streamlit as st

from r57_mcda.errors import InputError, MethodError, R57Error
from r57_mcda.i18n import t
from r57_mcda.io.inputs import LoadedInputs
from r57_mcda.models import group_label
from r57_mcda.pipeline.analysis import AnalysisResult
from r57_mcda.pipeline.portfolio import (
    PortfolioSettings,
    portfolio_uncertainty,
    technologies_file,
)
from r57_mcda.portfolio import (
    PortfolioProblem,
    PortfolioResult,
    ValueScale,
    portfolio_problem,
    ranking_values,
    select_portfolio,
)
from r57_mcda.ranking import method_info
from r57_mcda.ui.cache import HASH_FUNCS, Files, _with_bar, analysis_for, ranking_for
from r57_mcda.ui.choices import Choices
from r57_mcda.ui.common import PageContext, page_context, page_header, show_error, table_height
from r57_mcda.ui.pages import portfolio_inputs as inputs
from r57_mcda.ui.pages.portfolio_charts import KINDS, frontier_frame, value_for_money
from r57_mcda.ui.pages.portfolio_inputs import PortfolioChoice, amount
from r57_mcda.ui.pages.portfolio_results import (
    portfolio_table,
    show_greedy,
    show_infeasible,
    show_robustness,
    show_table,
    show_totals,
    slack_table,
)
from r57_mcda.ui.state import Key
from r57_mcda.vocab import DEFAULT_COST_COLUMN

#: Session keys: the robustness run asked for (base settings, robust settings), and buttons.
ROBUST_REQUEST = "pfui:robust_request"
ROBUST_RUN = "pfui:robust_run"
ROBUST_STOP = "pfui:robust_stop"
DRAWS = "pfui:draws"
MAX_DRAWS = 5000


@dataclass(frozen=True)
class CostData:
    """The costs of the ranked technologies in one column: those with none, and the total."""

    column: str
    costs: pd.Series
    missing: tuple[str, ...]
    total: float

    @property
    def candidates(self) -> tuple[str, ...]:
        """The technologies with a cost (the ones that can be funded)."""
        return tuple(str(i) for i in self.costs.index if str(i) not in self.missing)


def cost_data(loaded: LoadedInputs, column: str) -> CostData:
    """The costs of the technologies in the technologies table's ``column``.

    Raises
    ------
    InputError
        No technologies table, or a cell of the column that is not a cost.
    """
    file = technologies_file(loaded, column)
    ids = [x.id for x in loaded.technologies]
    costs = inputs.cost_values(file, column).reindex(ids)
    missing = tuple(str(i) for i, c in costs.items() if not math.isfinite(float(c)))
    return CostData(column, costs, missing, float(costs.drop(list(missing)).sum()))


def page_problem(
    result: AnalysisResult, costs: pd.Series, settings: PortfolioSettings
) -> PortfolioProblem:
    """The portfolio problem of the page: the analysis's values, ``costs`` (a technology with
    none is never funded), the technologies' groups and the settings' budget and constraints."""
    values, scale = ranking_values(result.ranking, result.criteria)
    costs = costs.reindex(values.index)
    missing = [str(i) for i, c in costs.items() if not math.isfinite(float(c))]
    constraints = settings.constraints
    refused = tuple(dict.fromkeys((*constraints.must_not, *missing)))
    groups = pd.Series({x.id: x.group for x in result.inputs.technologies}, dtype=object)
    return portfolio_problem(
        values,
        costs.fillna(0.0),
        budget=settings.budget,
        groups=groups.reindex(values.index).fillna(""),
        constraints=dataclasses.replace(constraints, must_not=refused),
        scale=scale,
        cost_column=settings.cost_column,
    )


@st.cache_data(show_spinner=False, max_entries=16, hash_funcs=HASH_FUNCS)
def portfolio_result(
    files: Files, core: Choices, settings: PortfolioSettings, _progress_text: str = ""
) -> PortfolioResult:
    """The page's portfolio on the analysis of ``core``, with the frontier and (when the
    settings say ``robust``) the robustness run under a progress bar labelled
    ``_progress_text`` (left out of the cache key: a language switch replays the result)."""
    result = analysis_for(files, core)
    file = technologies_file(result.inputs, settings.cost_column)
    problem = page_problem(result, inputs.cost_values(file, settings.cost_column), settings)
    uncertainty = portfolio_uncertainty(result, settings) if settings.robust else None

    def work(progress: Callable[[int, int], None] | None) -> PortfolioResult:
        return select_portfolio(
            problem, frontier=settings.frontier, uncertainty=uncertainty, progress=progress
        )

    return _with_bar(_progress_text if settings.robust else "", work)


def base_settings(choice: PortfolioChoice, costs: CostData) -> PortfolioSettings:
    """The settings of the portfolio itself (budget, costs, constraints, frontier)."""
    budget = inputs.default_budget(costs.total) if choice.budget is None else choice.budget
    return PortfolioSettings(
        budget=float(budget),
        cost_column=costs.column,
        constraints=choice.constraints(costs.candidates),
        frontier=(0.0, costs.total) if costs.total > 0 else None,
    )


def robust_settings(ctx: PageContext, base: PortfolioSettings, draws: int) -> PortfolioSettings:
    """``base`` with a robustness run: ``draws`` draws, the seed and the weight model of the
    Sensitivity page (its expert bootstrap when the data are a panel)."""
    mc = ctx.choices.sensitivity
    return dataclasses.replace(
        base,
        robust=True,
        draws=int(draws),
        seed=ctx.choices.seed,
        weights_model=mc.weights_model,
        concentration=mc.concentration,
        interval=mc.interval,
        bootstrap_experts=mc.bootstrap_experts and ctx.loaded.panel is not None,
        resamples=mc.resamples,
    )


def report_settings(ctx: PageContext) -> PortfolioSettings | None:
    """The settings of the Portfolio page's portfolio for the report: None before the page was
    drawn; with the robustness run when one was asked for with the current settings.

    Raises
    ------
    R57Error
        The page cannot select a portfolio with the current choices (a method without a
        value scale, a bad constraint, ...): what it says on the page.
    """
    if not inputs.has_choice():
        return None
    choice = inputs.stored_choice()
    base = base_settings(choice, cost_data(ctx.loaded, choice.cost_column))
    # Cached when the page drew it: this only finds out whether it can be computed.
    portfolio_result(ctx.files, ctx.choices.core, base)
    asked = st.session_state.get(ROBUST_REQUEST)
    if asked is not None and asked[0] == base:
        robust = cast(PortfolioSettings, asked[1])
        if robust == robust_settings(ctx, base, robust.draws):
            return robust
    return base


def _groups(ctx: PageContext) -> dict[str, str]:
    """The technologies' group ids (in the data's order) and their names in the language."""
    technologies = ctx.loaded.technologies
    return {
        x.group: group_label(x.group, ctx.language, technologies) for x in technologies if x.group
    }


def _labels(ctx: PageContext) -> dict[str, str]:
    """Technology and group ids to their names in the page's language."""
    return {**_groups(ctx), **ctx.technology_names()}


def _constraints(ctx: PageContext, choice: PortfolioChoice, costs: CostData) -> PortfolioChoice:
    """The constraint editors; the choice they describe."""
    language = ctx.language
    names = ctx.technology_names()
    ids = costs.candidates
    st.subheader(t("pfui_constraints_title", language))
    must, must_not = inputs.fund_pickers(choice, ids, names, language)
    groups = _groups(ctx)
    technologies = ctx.loaded.technologies
    counts = {g: sum(x.group == g and x.id in ids for x in technologies) for g in groups}
    limits = inputs.group_editor(choice, groups, counts, language)
    requires = inputs.requires_editor(choice, ids, names, language)
    excludes = inputs.excludes_editor(choice, ids, names, language)
    return dataclasses.replace(
        choice, must=must, must_not=must_not, requires=requires, excludes=excludes, groups=limits
    )


def _scale(ctx: PageContext) -> ValueScale | None:
    """The value scale of the ranking in use, said in a caption; None (and the reason shown)
    for a method without one."""
    language = ctx.language
    try:
        _, scale = ranking_values(ranking_for(ctx.files, ctx.choices.ranking), ctx.criteria)
    except MethodError as exc:
        show_error(exc, language)
        st.info(t("pfui_method_hint", language))
        return None
    method = method_info(ctx.choices.method.method).label(language)
    unit, zero = scale.unit_text(language), scale.zero_text(language)
    st.caption(t("pfui_scale", language, method=method, unit=unit, zero=zero))
    return scale


def _chart(ctx: PageContext, result: PortfolioResult, unit: str) -> None:
    language = ctx.language
    st.subheader(t("pfui_chart_title", language))
    st.caption(t("pfui_chart_help", language))
    labels = {k: t(f"pfui_kind_{k}", language) for k in KINDS}
    points = frontier_frame(result, ctx.technology_names(), labels)
    st.altair_chart(
        value_for_money(
            points,
            budget=result.problem.budget,
            labels=labels,
            x_title=t("pfui_axis_cost", language, column=result.problem.cost_column),
            y_title=t("pfui_axis_value", language, unit=unit),
            budget_title=t(
                "pfui_budget_rule", language, budget=amount(result.problem.budget, language)
            ),
            language=language,
        ),
        width="stretch",
    )


def _robustness(
    ctx: PageContext, choice: PortfolioChoice, base: PortfolioSettings
) -> PortfolioChoice:
    """The robustness section: draws, seed, the button, then the results once asked for."""
    language = ctx.language
    st.subheader(t("pfui_robust_title", language))
    model = t(f"mc_model_{ctx.choices.sensitivity.weights_model}", language)
    st.write(t("pfui_robust_intro", language, model=model))
    if DRAWS not in st.session_state:
        st.session_state[DRAWS] = choice.draws
    left, right = st.columns(2)
    left.slider(
        t("pfui_draws", language),
        min_value=50,
        max_value=MAX_DRAWS,
        step=50,
        key=DRAWS,
        help=t("pfui_draws_help", language),
    )
    right.number_input(
        t("mc_seed", language), min_value=0, step=1, key=Key.SEED, help=t("mc_seed_help", language)
    )
    draws = int(st.session_state[DRAWS])
    robust = robust_settings(ctx, base, draws)
    request = (base, robust)
    st.button(
        t("pfui_robust_run", language),
        key=ROBUST_RUN,
        type="primary",
        on_click=_ask,
        args=(request,),
    )
    asked = st.session_state.get(ROBUST_REQUEST)
    if asked == request:
        slot = st.empty()
        slot.button(t("sens_stop", language), key=ROBUST_STOP, on_click=_ask, args=(None,))
        text = t("pfui_robust_progress", language, n=draws)
        try:
            result = portfolio_result(ctx.files, ctx.choices.core, robust, text)
        except R57Error as exc:
            show_error(exc, language)
            return dataclasses.replace(choice, draws=draws)
        finally:
            slot.empty()
        if result.robustness is not None:
            show_robustness(result.robustness, ctx.technology_names(), language)
    elif asked is not None:
        st.info(t("pfui_robust_stale", language))
    return dataclasses.replace(choice, draws=draws)


def _ask(request: Any) -> None:
    st.session_state[ROBUST_REQUEST] = request


def _results(ctx: PageContext, result: PortfolioResult, costs: CostData, unit: str) -> None:
    language = ctx.language
    labels = _labels(ctx)
    if result.infeasibility is not None or result.optimal is None:
        if result.infeasibility is not None:
            show_infeasible(result.infeasibility, labels, language)
        return
    st.subheader(t("pfui_result_title", language))
    show_totals(result, result.optimal, unit, language)
    table = portfolio_table(
        result, ctx.technology_names(), ctx.technology_groups(), frozenset(costs.missing), language
    )
    show_table(table, language)
    _chart(ctx, result, unit)
    st.subheader(t("pfui_slack_title", language))
    st.caption(t("pfui_slack_help", language))
    slack = slack_table(result, labels, language)
    st.dataframe(
        slack,
        hide_index=True,
        height=table_height(len(slack)),
        column_config={
            t("pfui_col_slack", language): st.column_config.TextColumn(alignment="right")
        },
    )
    show_greedy(result, ctx.technology_names(), labels, language)


def render() -> None:
    """Draw the Portfolio page."""
    ctx = page_context()
    language = ctx.language
    page_header("page_portfolio", "pfui_intro", language)
    scale = _scale(ctx)
    if scale is None:
        return
    try:
        columns = inputs.cost_columns(technologies_file(ctx.loaded, DEFAULT_COST_COLUMN))
    except InputError:
        columns = ()
    if not columns:
        st.warning(t("pfui_no_costs", language))
        return
    choice = inputs.stored_choice()
    left, right = st.columns(2)
    with left:
        column = inputs.cost_picker(columns, choice, language)
    try:
        costs = cost_data(ctx.loaded, column)
    except R57Error as exc:
        show_error(exc, language)
        return
    if costs.missing:
        names = ctx.technology_names()
        st.warning(
            t(
                "pfui_missing_costs",
                language,
                n=len(costs.missing),
                column=column,
                names="; ".join(names[i] for i in costs.missing),
            )
        )
    with right:
        budget = inputs.budget_input(choice, costs.total, language)
    choice = dataclasses.replace(choice, cost_column=column, budget=budget)
    choice = _constraints(ctx, choice, costs)
    inputs.save_choice(choice)
    base = base_settings(choice, costs)
    try:
        with st.spinner(t("computing", language)):
            result = portfolio_result(ctx.files, ctx.choices.core, base)
    except R57Error as exc:
        show_error(exc, language)
        return
    _results(ctx, result, costs, scale.unit_text(language))
    if result.optimal is not None:
        inputs.save_choice(_robustness(ctx, choice, base))
