"""The Portfolio page's inputs: the cost column, the budget and the constraints edited in place.

They are kept in the session as one hashable :class:`PortfolioChoice` (under
:data:`CHOICE`, not a widget key, so that it survives the other pages). Streamlit drops a
widget's state on a run that does not draw it; the widgets are seeded again from the choice
when they come back, and a data editor keeps the table it started from while it lives (its
edits are a delta on that table), starting from the last result when it is drawn anew.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

import pandas as pd
import streamlit as st

from r57_mcda.errors import InputError
from r57_mcda.i18n import format_number, t
from r57_mcda.io.inputs import InputFile
from r57_mcda.io.portfolio_constraints import load_technology_columns
from r57_mcda.pipeline.portfolio import technology_columns
from r57_mcda.portfolio import Constraints, GroupLimit
from r57_mcda.ui.cache import HASH_FUNCS
from r57_mcda.vocab import DEFAULT_COST_COLUMN

#: The session key of the user's portfolio choice.
CHOICE = "pfui:choice"
#: Widget keys (prefix ``pfui:``; the data editors' tables start at ``pfui:base:``).
COST = "pfui:cost_column"
BUDGET = "pfui:budget"
MUST = "pfui:must"
MUST_NOT = "pfui:must_not"
GROUPS = "pfui:groups"
REQUIRES = "pfui:requires"
EXCLUDES = "pfui:excludes"
_BASE = "pfui:base:"

#: The robustness draws the page proposes (each draw solves the problem again).
APP_DRAWS = 200
#: A group's limits as the choice keeps them: (group id, min, max or None, max share or None).
GroupRow = tuple[str, int, int | None, float | None]


@dataclass(frozen=True)
class PortfolioChoice:
    """What the user chose on the Portfolio page (hashable: a cache and report key).

    ``budget`` None means "not chosen yet" (the page proposes half the candidates' cost);
    ``groups`` lists only the groups given a limit; ``draws`` is the robustness run's.
    """

    cost_column: str = DEFAULT_COST_COLUMN
    budget: float | None = None
    must: tuple[str, ...] = ()
    must_not: tuple[str, ...] = ()
    requires: tuple[tuple[str, str], ...] = ()
    excludes: tuple[tuple[str, ...], ...] = ()
    groups: tuple[GroupRow, ...] = ()
    draws: int = APP_DRAWS

    def constraints(self, candidates: Sequence[str]) -> Constraints:
        """The library's constraints, for the ``candidates`` (technologies with a cost)."""
        known = set(candidates)
        return Constraints(
            must=tuple(x for x in self.must if x in known),
            must_not=tuple(x for x in self.must_not if x in known),
            requires=tuple(p for p in self.requires if set(p) <= known),
            excludes=tuple(s for s in self.excludes if set(s) <= known),
            groups={g: GroupLimit(lo, hi, share) for g, lo, hi, share in self.groups},
        )


def stored_choice() -> PortfolioChoice:
    """The portfolio choice in the session (the defaults before the page was first drawn)."""
    return cast(PortfolioChoice, st.session_state.get(CHOICE, PortfolioChoice()))


def has_choice() -> bool:
    """Whether the Portfolio page has been drawn in this session (its choice is kept)."""
    return CHOICE in st.session_state


def _seed(key: str, value: Any) -> None:
    """Give a widget its stored value when it is drawn anew (never while it lives)."""
    if key not in st.session_state:
        st.session_state[key] = value


# ---------------------------------------------------------------------------------------------
# Costs


@st.cache_data(show_spinner=False, max_entries=16, hash_funcs=HASH_FUNCS)
def cost_columns(file: InputFile) -> tuple[str, ...]:
    """The columns of a technologies table that can be costs: every filled cell a number of
    at least 0, and one cell filled at least; ``budget`` first when it is one of them."""
    found = []
    for column in technology_columns(file):
        try:
            values = load_technology_columns(file.content, [column], name=file.name)[column]
        except InputError:
            continue
        if values.notna().any():
            found.append(column)
    return tuple(sorted(found, key=lambda c: c != DEFAULT_COST_COLUMN))


@st.cache_data(show_spinner=False, max_entries=16, hash_funcs=HASH_FUNCS)
def cost_values(file: InputFile, column: str) -> pd.Series:
    """Column ``column`` of the technologies table by technology id (NaN where blank)."""
    frame = load_technology_columns(file.content, [column], name=file.name)
    return frame[column].astype(float)


def amount(value: float, language: str) -> str:
    """A cost or budget with the language's separators: whole numbers without decimals."""
    if math.isfinite(value) and float(value).is_integer():
        return format_number(value, language, ",.0f")
    return format_number(value, language, ",.2f")


def budget_step(total: float) -> float:
    """The budget input's step: a round tenth of the order of magnitude of ``total``."""
    if total <= 0:
        return 1.0
    return float(max(1.0, 10 ** math.floor(math.log10(total)) / 10))


def default_budget(total: float) -> float:
    """Half the candidates' total cost, rounded to a tenth of the budget input's step."""
    unit = budget_step(total) / 10
    return float(math.floor(total / 2 / unit + 0.5) * unit)


# ---------------------------------------------------------------------------------------------
# Widgets


def cost_picker(columns: Sequence[str], choice: PortfolioChoice, language: str) -> str:
    """The cost column's select box; the chosen column."""
    current = choice.cost_column if choice.cost_column in columns else columns[0]
    if st.session_state.get(COST) not in columns:
        st.session_state[COST] = current
    st.selectbox(
        t("pfui_cost_column", language),
        list(columns),
        key=COST,
        help=t("pfui_cost_column_help", language),
    )
    return cast(str, st.session_state[COST])


def budget_input(choice: PortfolioChoice, total: float, language: str) -> float:
    """The budget's number input, with the candidates' total cost under it; the budget."""
    budget = choice.budget if choice.budget is not None else default_budget(total)
    _seed(BUDGET, float(budget))
    step = budget_step(total)
    st.number_input(
        t("pfui_budget", language),
        min_value=0.0,
        step=step,
        format="%.0f" if step >= 1 else "%.2f",
        key=BUDGET,
        help=t("pfui_budget_help", language),
    )
    st.caption(t("pfui_total_cost", language, total=amount(total, language)))
    return float(st.session_state[BUDGET])


def _picks(
    key: str, label: str, stored: Sequence[str], ids: Sequence[str], names: Any, *, language: str
) -> None:
    known = [x for x in stored if x in ids]
    current = st.session_state.get(key)
    if current is None or any(x not in ids for x in current):
        st.session_state[key] = known
    st.multiselect(
        label,
        list(ids),
        key=key,
        format_func=names.__getitem__,
        placeholder=t("pfui_choose", language),
    )


def fund_pickers(
    choice: PortfolioChoice, ids: Sequence[str], names: Mapping[str, str], language: str
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The must-fund and must-not-fund pickers, side by side; their technologies."""
    left, right = st.columns(2)
    with left:
        _picks(MUST, t("pfui_must", language), choice.must, ids, names, language=language)
    with right:
        _picks(
            MUST_NOT, t("pfui_must_not", language), choice.must_not, ids, names, language=language
        )
    return tuple(st.session_state[MUST]), tuple(st.session_state[MUST_NOT])


def _editor(key: str, table: pd.DataFrame, signature: object, **options: Any) -> pd.DataFrame:
    """A data editor of ``table`` (the current choice) that keeps the table it started from
    while it lives: its state is a delta on that start. It starts again from ``table`` when it
    is drawn anew, or when ``signature`` (what else its identity depends on: the language of
    its labels, its options) changes, which makes Streamlit drop its delta."""
    base = _BASE + key
    stored = st.session_state.get(base)
    if key not in st.session_state or stored is None or stored[0] != signature:
        st.session_state[base] = (signature, table)
    return cast(pd.DataFrame, st.data_editor(st.session_state[base][1], key=key, **options))


def _whole(value: object) -> int | None:
    """A cell as a whole number (None when blank)."""
    if value is None or pd.isna(value):
        return None
    return round(float(cast(float, value)))


def group_editor(
    choice: PortfolioChoice,
    groups: Mapping[str, str],
    counts: Mapping[str, int],
    language: str,
) -> tuple[GroupRow, ...]:
    """Per group: minimum and maximum count and maximum share of the budget; the limits set.

    ``groups`` maps each group id to its label, ``counts`` to its number of candidates.
    """
    limits = {g: (lo, hi, share) for g, lo, hi, share in choice.groups}
    none: tuple[int, int | None, float | None] = (0, None, None)
    shares = [limits.get(g, none)[2] for g in groups]
    table = pd.DataFrame(
        {
            "group": [groups[g] for g in groups],
            "n": [counts.get(g, 0) for g in groups],
            "min": [limits.get(g, none)[0] for g in groups],
            "max": pd.array([limits.get(g, none)[1] for g in groups], dtype="Int64"),
            "max_share": [math.nan if v is None else 100 * v for v in shares],
        },
        index=pd.Index(list(groups), name="id"),
    )
    st.markdown(f"**{t('pfui_groups_title', language)}**")
    st.caption(t("pfui_groups_help", language))
    count: dict[str, Any] = {"min_value": 0, "step": 1, "format": "%d"}
    edited = _editor(
        GROUPS,
        table,
        language,
        hide_index=True,
        placeholder=t("pfui_no_limit", language),
        disabled=["group", "n"],
        column_config={
            "group": st.column_config.TextColumn(t("pfui_col_group", language)),
            "n": st.column_config.NumberColumn(t("pfui_col_candidates", language)),
            "min": st.column_config.NumberColumn(t("pfui_col_min", language), **count),
            "max": st.column_config.NumberColumn(t("pfui_col_max", language), **count),
            "max_share": st.column_config.NumberColumn(
                t("pfui_col_max_share", language),
                min_value=0.0,
                max_value=100.0,
                step=1.0,
                format="%.0f %%",
            ),
        },
    )
    rows: list[GroupRow] = []
    for group, row in edited.iterrows():
        low = _whole(row["min"]) or 0
        high = _whole(row["max"])
        share = None if pd.isna(row["max_share"]) else float(row["max_share"]) / 100
        if low or high is not None or share is not None:
            rows.append((str(group), low, high, share))
    return tuple(rows)


def _rows_editor(
    key: str, table: pd.DataFrame, ids: Sequence[str], columns: Mapping[str, Any], language: str
) -> pd.DataFrame:
    """A data editor of technologies, one item per row, rows added and deleted by the user."""
    return _editor(
        key,
        table,
        (language, tuple(ids)),
        num_rows="dynamic",
        hide_index=True,
        placeholder=t("pfui_choose", language),
        column_config=dict(columns),
    )


def requires_editor(
    choice: PortfolioChoice, ids: Sequence[str], names: Mapping[str, str], language: str
) -> tuple[tuple[str, str], ...]:
    """Dependencies, one row each: a technology funded only with another; the pairs given."""
    table = pd.DataFrame(
        {
            "a": pd.Series([a for a, _ in choice.requires], dtype=object),
            "b": pd.Series([b for _, b in choice.requires], dtype=object),
        }
    )
    st.markdown(f"**{t('pfui_requires_title', language)}**")
    st.caption(t("pfui_requires_help", language))
    pick: dict[str, Any] = {"options": list(ids), "format_func": names.__getitem__}
    columns = {
        "a": st.column_config.SelectboxColumn(t("pfui_col_technology", language), **pick),
        "b": st.column_config.SelectboxColumn(t("pfui_col_requires", language), **pick),
    }
    edited = _rows_editor(REQUIRES, table, ids, columns, language)
    return tuple(
        (a, b)
        for a, b in zip(edited["a"], edited["b"], strict=True)
        if isinstance(a, str) and isinstance(b, str) and a and b
    )


def excludes_editor(
    choice: PortfolioChoice, ids: Sequence[str], names: Mapping[str, str], language: str
) -> tuple[tuple[str, ...], ...]:
    """Exclusions, one set per row (at most one of them is funded); the sets given."""
    table = pd.DataFrame({"ids": pd.Series([list(s) for s in choice.excludes], dtype=object)})
    st.markdown(f"**{t('pfui_excludes_title', language)}**")
    st.caption(t("pfui_excludes_help", language))
    label = t("pfui_col_excludes", language)
    columns = {
        "ids": st.column_config.MultiselectColumn(
            label, options=list(ids), format_func=names.__getitem__
        )
    }
    edited = _rows_editor(EXCLUDES, table, ids, columns, language)
    sets = []
    for members in edited["ids"]:
        if members is not None and not isinstance(members, str | float):
            chosen = tuple(dict.fromkeys(str(x) for x in list(members) if x))
            if chosen:
                sets.append(chosen)
    return tuple(sets)


def save_choice(choice: PortfolioChoice) -> None:
    """Keep ``choice`` in the session (it outlives the page's widgets)."""
    st.session_state[CHOICE] = choice
