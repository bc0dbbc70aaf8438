"""The Portfolio page's results: the portfolio table and totals, the slack of every constraint,
the greedy comparison, an infeasible problem's explanation and the robustness run's figures,
each table built by a function of its own (tests check them) in the page's language."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st

from r57_mcda.i18n import format_number, t
from r57_mcda.portfolio import (
    Constraint,
    Infeasibility,
    Portfolio,
    PortfolioResult,
    PortfolioRobustness,
    constraint_list,
)
from r57_mcda.ui.common import percent, table_height
from r57_mcda.ui.pages.portfolio_charts import CLASSES, frequency_bars, frequency_frame
from r57_mcda.ui.pages.portfolio_inputs import amount

#: A slack within this share of the budget (or 1e-9 for a count) counts as binding.
BINDING_TOL = 1e-6


def named(constraint: Constraint, labels: Mapping[str, str]) -> Constraint:
    """The constraint with its technologies and groups given by their names (for its text)."""
    return Constraint(constraint.kind, tuple(labels.get(i, i) for i in constraint.ids))


def constraint_texts(
    result: PortfolioResult, labels: Mapping[str, str], language: str
) -> dict[str, str]:
    """Every constraint of the problem by key, in words, naming technologies and groups."""
    return {
        c.key: named(c, labels).message().text(language) for c in constraint_list(result.problem)
    }


def portfolio_table(
    result: PortfolioResult,
    names: Mapping[str, str],
    groups: Mapping[str, str],
    missing: frozenset[str],
    language: str,
) -> pd.DataFrame:
    """Every candidate: name, group, cost, value, funded or not, its share of the budget;
    funded ones first, each part by value (highest first). A technology without a cost shows
    no cost and "no cost" in place of its funding."""
    problem = result.problem
    best = result.optimal
    funded = {} if best is None else dict(best.shares)
    ids = list(problem.ids)
    ids.sort(key=lambda i: (i not in funded, -float(problem.values[i])))
    yes, no_cost = "✓", t("pfui_no_cost", language)
    budget = problem.budget
    return pd.DataFrame(
        {
            t("technology", language): [names.get(i, i) for i in ids],
            t("col_group", language): [groups.get(i, "") for i in ids],
            t("pfui_col_cost", language): [
                "" if i in missing else amount(float(problem.costs[i]), language) for i in ids
            ],
            t("pfui_col_value", language): [round(float(problem.values[i]), 4) for i in ids],
            t("pfui_col_funded", language): [
                no_cost if i in missing else (yes if i in funded else "") for i in ids
            ],
            t("pfui_col_budget_share", language): [
                percent(float(problem.costs[i]) * funded[i] / budget, language)
                if i in funded and budget > 0
                else ""
                for i in ids
            ],
        }
    )


def show_table(table: pd.DataFrame, language: str) -> None:
    """A table of portfolios or technologies: costs (text, in the language's writing of
    numbers) aligned right, values with two decimals."""
    st.dataframe(
        table,
        hide_index=True,
        height=table_height(len(table)),
        column_config={
            t("pfui_col_cost", language): st.column_config.TextColumn(alignment="right"),
            t("pfui_col_value", language): st.column_config.NumberColumn(format="%.2f"),
        },
    )


def show_totals(result: PortfolioResult, best: Portfolio, unit: str, language: str) -> None:
    """Value, cost, budget left and the number funded, as four figures side by side."""
    budget = result.problem.budget
    value, cost, left, count = st.columns(4)
    value.metric(
        t("pfui_total_value", language, unit=unit), format_number(best.value, language, ",.2f")
    )
    cost.metric(t("pfui_total_cost_funded", language), amount(best.cost, language))
    left.metric(t("pfui_budget_left", language), amount(budget - best.cost, language))
    count.metric(
        t("pfui_funded_count", language),
        t("pfui_of", language, count=len(best.selected), total=len(result.problem.ids)),
    )


def slack_table(result: PortfolioResult, labels: Mapping[str, str], language: str) -> pd.DataFrame:
    """Each constraint, its slack (what is left before it binds, written in the language) and
    whether it binds."""
    best = result.optimal
    if best is None:
        return pd.DataFrame()
    texts = constraint_texts(result, labels, language)
    scale = max(result.problem.budget, 1.0)
    binding = t("pfui_binding", language)
    keys = [k for k in texts if k in best.slack]
    slack = [float(best.slack[k]) for k in keys]
    return pd.DataFrame(
        {
            t("pfui_col_constraint", language): [texts[k] for k in keys],
            t("pfui_col_slack", language): [amount(round(s, 6), language) for s in slack],
            t("pfui_col_binding", language): [
                binding if abs(s) <= BINDING_TOL * (scale if k == "budget" else 1.0) else ""
                for k, s in zip(keys, slack, strict=True)
            ],
        }
    )


def greedy_table(result: PortfolioResult, names: Mapping[str, str], language: str) -> pd.DataFrame:
    """The optimal and the greedy portfolio side by side: value, cost, count, technologies."""
    rows = []
    for label, chosen in (
        ("pfui_optimal", result.optimal),
        ("pfui_greedy", None if result.greedy is None else result.greedy.portfolio),
    ):
        if chosen is None:
            continue
        rows.append(
            {
                t("pfui_col_portfolio", language): t(label, language),
                t("pfui_col_value", language): round(chosen.value, 4),
                t("pfui_col_cost", language): amount(chosen.cost, language),
                t("pfui_col_count", language): len(chosen.selected),
                t("pfui_col_technologies", language): "; ".join(
                    names.get(i, i) for i in chosen.selected
                ),
            }
        )
    return pd.DataFrame(rows)


def show_greedy(
    result: PortfolioResult, names: Mapping[str, str], labels: Mapping[str, str], language: str
) -> None:
    """The greedy rule's portfolio beside the optimal one, the value it loses, what it breaks."""
    greedy, best = result.greedy, result.optimal
    if greedy is None or best is None:
        return
    st.subheader(t("pfui_greedy_title", language))
    st.caption(t("pfui_greedy_help", language))
    show_table(greedy_table(result, names, language), language)
    loss = greedy.loss(best) or 0.0
    share = loss / best.value if best.value > 0 else 0.0
    if loss > 1e-9:
        st.info(
            t(
                "pfui_greedy_loss",
                language,
                loss=format_number(loss, language, ",.2f"),
                share=percent(share, language),
            )
        )
    else:
        st.success(t("pfui_greedy_same", language))
    only_best = [names.get(i, i) for i in best.selected if i not in greedy.portfolio.selected]
    only_greedy = [names.get(i, i) for i in greedy.portfolio.selected if i not in best.selected]
    if only_best or only_greedy:
        st.caption(
            t(
                "pfui_greedy_diff",
                language,
                optimal="; ".join(only_best) or "–",
                greedy="; ".join(only_greedy) or "–",
            )
        )
    if not greedy.feasible:
        texts = constraint_texts(result, labels, language)
        broken = "; ".join(texts.get(k, k) for k in greedy.violated)
        st.warning(t("pfui_greedy_violates", language, constraints=broken))


def show_infeasible(infeasibility: Infeasibility, labels: Mapping[str, str], language: str) -> None:
    """Why no portfolio meets every constraint, naming technologies and groups."""
    renamed = Infeasibility(
        tuple(named(c, labels) for c in infeasibility.singles),
        tuple((named(a, labels), named(b, labels)) for a, b in infeasibility.pairs),
        infeasibility.families,
    )
    st.error(t("pfui_infeasible", language) + "\n\n" + renamed.message().text(language))


def replacements_table(
    robustness: PortfolioRobustness, names: Mapping[str, str], language: str
) -> pd.DataFrame:
    """The portfolios that are optimal instead of the proposed one most often, with their share
    of the draws and what they add and drop."""
    proposed = set(robustness.proposed)
    rows = []
    for ids, share in robustness.replacements:
        chosen = set(ids)
        rows.append(
            {
                t("pfui_col_share_draws", language): percent(share, language),
                t("pfui_col_adds", language): "; ".join(
                    names.get(i, i) for i in ids if i not in proposed
                ),
                t("pfui_col_drops", language): "; ".join(
                    names.get(i, i) for i in robustness.proposed if i not in chosen
                ),
            }
        )
    return pd.DataFrame(rows)


def show_robustness(
    robustness: PortfolioRobustness, names: Mapping[str, str], language: str
) -> None:
    """The robustness run's figures: draws, the chance the proposal stays optimal, each
    technology's selection frequency and class, and the most frequent replacements."""
    st.success(
        t(
            "pfui_robust_done",
            language,
            draws=robustness.evaluated,
            seed=robustness.seed,
            p=percent(robustness.p_optimal, language),
        )
    )
    if robustness.skipped_draws:
        st.warning(t("pfui_robust_skipped", language, n=robustness.skipped_draws))
    labels = {k: t(f"pf_class_{k}", language) for k in CLASSES}
    st.caption(t("pfui_classes_help", language))
    frame = frequency_frame(robustness, names, labels)
    st.altair_chart(
        frequency_bars(
            frame, x_title=t("pfui_frequency", language), labels=labels, language=language
        ),
        width="stretch",
    )
    st.markdown(f"**{t('pfui_replacements_title', language)}**")
    table = replacements_table(robustness, names, language)
    if table.empty:
        st.caption(t("pfui_replacements_none", language))
    else:
        st.dataframe(table, hide_index=True, height=table_height(len(table)))
