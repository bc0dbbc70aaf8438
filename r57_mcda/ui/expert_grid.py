"""The expert form's grid: one row per technology, a drop-down per criterion (the scale's whole
numbers and NA), the conflict-of-interest box and a comment. It works like a spreadsheet:
typing a number and Enter fills a cell and moves down. Each edit saves the changed rows as
drafts at once; the grid starts from the store, so a reload shows everything typed."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pandas as pd
import streamlit as st

from r57_mcda.i18n import t
from r57_mcda.models import Criterion
from r57_mcda.study.drafts import NA, FormState, RowDraft
from r57_mcda.study.feedback import CellFeedback, Feedback
from r57_mcda.study.studies import Study
from r57_mcda.study.templates import integer_scale

#: Session-state keys: the grid's edits (Streamlit's), the frame it started from, and the rows
#: as last saved.
GRID_KEY = "form_grid"
BASE_KEY = "form_grid_base"
SAVED_KEY = "form_grid_saved"
#: The cells this round does not ask (consensus reached in the previous round).
DROPPED_KEY = "form_grid_dropped"
#: The suffix of a criterion's feedback column (the panel's previous round and the expert's
#: own previous answer), shown from round 2 on.
PANEL = ":panel"
#: The grid's own columns beside the criterion ids.
NAME = "_technology"
COI = "_coi"
COMMENT = "_comment"
#: What an unanswered cell shows (Streamlit would write "None" in an empty one), also the
#: drop-down's first choice, to clear a cell.
BLANK = "–"
#: Pixels of the technology column and of each criterion's column.
TECHNOLOGY_PX, CRITERION_PX = 280, 140
#: Pixels of a row of the grid and of its header; rows shown before the grid scrolls.
ROW_PX, HEADER_PX, MAX_ROWS = 35, 38, 25


def options(criterion: Criterion) -> list[str]:
    """The choices of a criterion's cell: blank, its scale's whole numbers, then NA."""
    lo, hi = integer_scale(criterion)
    return [BLANK, *(str(v) for v in range(lo, hi + 1)), NA]


def _number(value: float) -> str:
    return f"{value:g}"


def feedback_text(cell: CellFeedback | None, lang: str) -> str:
    """A feedback cell: the panel's median [Q1–Q3] and the expert's previous answer."""
    if cell is None:
        return ""
    panel = (
        "–"
        if cell.median is None or cell.q1 is None or cell.q3 is None
        else f"{_number(cell.median)} [{_number(cell.q1)}–{_number(cell.q3)}]"
    )
    own = cell.own.long_score if cell.own is not None else "–"
    key = "form_fb_dropped" if cell.dropped else "form_fb_cell"
    return t(key, lang, panel=panel, own=own)


def columns_of(study: Study, feedback: Feedback | None) -> list[str]:
    """The grid's columns in order: name, each criterion (and its feedback), COI, comment."""
    criteria: list[str] = []
    for cid in study.criteria.ids:
        criteria += [cid, cid + PANEL] if feedback is not None else [cid]
    return [NAME, *criteria, COI, COMMENT]


def base_frame(
    study: Study, state: FormState, lang: str, feedback: Feedback | None = None
) -> pd.DataFrame:
    """The grid's data from the stored rows: :data:`BLANK` for a cell not answered yet. From
    round 2 on, a cell the expert has not answered in this round starts from their previous
    answer, and each criterion has its feedback column."""
    records = []
    for tech in study.technologies:
        row = state.row(tech.id)
        fresh = all(v is None for v in row.answers.values()) and not row.coi
        record: dict[str, Any] = {NAME: tech.label(lang)}
        previous_coi = False
        for cid in study.criteria.ids:
            cell = feedback.cell(tech.id, cid) if feedback is not None else None
            value = row.answers.get(cid)
            if value is None and fresh and cell is not None and cell.own is not None:
                previous_coi = previous_coi or cell.own.status == "coi"
                value = None if cell.own.status == "coi" else cell.own.long_score
            record[cid] = value or BLANK
            if feedback is not None:
                record[cid + PANEL] = feedback_text(cell, lang)
        record[COI] = bool(row.coi) or (fresh and previous_coi)
        record[COMMENT] = row.comment
        records.append(record)
    index = pd.Index([x.id for x in study.technologies], name="technology")
    return pd.DataFrame(records, index=index, columns=columns_of(study, feedback))


def with_edits(base: pd.DataFrame, edits: Mapping[str, Any] | None) -> pd.DataFrame:
    """``base`` with the grid's edited cells (Streamlit's ``edited_rows``) applied."""
    frame = base.copy()
    for position, changes in dict((edits or {}).get("edited_rows") or {}).items():
        i = int(position)
        for column, value in dict(changes).items():
            if column in frame.columns:
                frame.iat[i, frame.columns.get_loc(column)] = value
    return frame


def _answer(value: object) -> str | None:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    text = str(value).strip()
    return None if text in ("", BLANK) else text


def rows_of(
    frame: pd.DataFrame,
    criteria: Sequence[str],
    dropped: frozenset[tuple[str, str]] = frozenset(),
) -> list[RowDraft]:
    """The grid's rows as the drafts they are (a cell this round does not ask is left out)."""
    return [
        RowDraft(
            str(tid),
            {c: None if (str(tid), c) in dropped else _answer(frame.at[tid, c]) for c in criteria},
            bool(frame.at[tid, COI]),
            str(_answer(frame.at[tid, COMMENT]) or ""),
        )
        for tid in frame.index
    ]


def normal(row: RowDraft) -> tuple[object, ...]:
    """What makes two rows the same draft."""
    answers = tuple(sorted((k, v) for k, v in row.answers.items() if v is not None))
    return (answers, bool(row.coi), row.comment.strip())


def _help(criterion: Criterion, lang: str) -> str:
    lo, hi = integer_scale(criterion)
    low, high = t("form_anchor_low", lang, lo=lo), t("form_anchor_high", lang, hi=hi)
    description = criterion.description_vi if lang == "vi" else ""
    parts = [description or criterion.description]
    parts.append(t("form_crit_scale", lang, lo=lo, hi=hi, low=low, high=high))
    if criterion.direction == "cost":
        parts.append(t("form_crit_cost", lang))
    return " ".join(p for p in parts if p)


def column_config(study: Study, lang: str, feedback: bool = False) -> dict[str, Any]:
    """The grid's columns in ``lang``: names pinned, one drop-down per criterion (with its
    feedback column from round 2 on), COI, comment."""
    config: dict[str, Any] = {
        NAME: st.column_config.TextColumn(
            t("form_col_technology", lang), disabled=True, pinned=True, width=TECHNOLOGY_PX
        ),
        COI: st.column_config.CheckboxColumn(
            t("form_col_coi", lang), help=t("form_how_coi", lang), width="small"
        ),
        COMMENT: st.column_config.TextColumn(
            t("form_comment", lang), max_chars=2000, width="large"
        ),
    }
    for i, criterion in enumerate(study.criteria.criteria, start=1):
        config[criterion.id] = st.column_config.SelectboxColumn(
            f"{i}. {criterion.label(lang)}",
            options=options(criterion),
            help=_help(criterion, lang),
            width=CRITERION_PX,
        )
        if feedback:
            config[criterion.id + PANEL] = st.column_config.TextColumn(
                t("form_fb_column", lang, n=i),
                help=t("form_fb_help", lang),
                disabled=True,
                width=CRITERION_PX,
            )
    return config


def grid_height(rows: int) -> int:
    """A height that shows up to ``MAX_ROWS`` rows whole."""
    return HEADER_PX + ROW_PX * max(1, min(rows, MAX_ROWS)) + 3


def draw_grid(
    study: Study, lang: str, *, disabled: bool, on_change: Callable[[], None]
) -> pd.DataFrame:
    """Draw the grid from the session's base frame; the rows as they now stand."""
    base: pd.DataFrame = st.session_state[BASE_KEY]
    feedback = any(str(c).endswith(PANEL) for c in base.columns)
    st.data_editor(
        base,
        key=GRID_KEY,
        column_config=column_config(study, lang, feedback),
        column_order=list(base.columns),
        hide_index=True,
        num_rows="fixed",
        disabled=disabled,
        on_change=on_change,
        height=grid_height(len(base)),
        width="stretch",
    )
    return current_frame()


def current_frame() -> pd.DataFrame:
    """The base frame with the grid's edits so far."""
    return with_edits(st.session_state[BASE_KEY], st.session_state.get(GRID_KEY))


def start(
    study: Study,
    state: FormState,
    lang: str,
    *,
    feedback: Feedback | None = None,
    again: bool = False,
) -> None:
    """Set the grid's base frame from the store once per session (or ``again``, e.g. after a
    language switch: every edit is already saved)."""
    ss = st.session_state
    if BASE_KEY in ss and not again:
        return
    ss[BASE_KEY] = base_frame(study, state, lang, feedback)
    ss[SAVED_KEY] = {r.technology: normal(r) for r in state.rows}
    ss[DROPPED_KEY] = frozenset(
        key for key, cell in (feedback.cells.items() if feedback else ()) if cell.dropped
    )
    ss.pop(GRID_KEY, None)


def dropped_cells() -> frozenset[tuple[str, str]]:
    """The cells this round does not ask."""
    found: frozenset[tuple[str, str]] = st.session_state.get(DROPPED_KEY, frozenset())
    return found


def changed_rows(frame: pd.DataFrame, criteria: Sequence[str]) -> list[RowDraft]:
    """The rows that differ from what was last saved."""
    saved: dict[str, tuple[object, ...]] = st.session_state.get(SAVED_KEY, {})
    rows = rows_of(frame, criteria, dropped_cells())
    return [r for r in rows if saved.get(r.technology) != normal(r)]


def mark_saved(row: RowDraft) -> None:
    """Remember ``row`` as saved."""
    st.session_state.setdefault(SAVED_KEY, {})[row.technology] = normal(row)
