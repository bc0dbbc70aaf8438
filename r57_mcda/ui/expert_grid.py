"""The expert form's grid: one row per technology, in round 1 the expert's familiarity with it
(optional, 1-5), a drop-down per criterion (the scale's whole numbers and NA), the
conflict-of-interest box and a comment. It works like a spreadsheet: typing a number and Enter
fills a cell and moves down. Each edit saves the changed rows as drafts at once (with the
reasons typed below the grid for scores outside the panel's range); the grid starts from the
store, so a reload shows everything typed."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Any

import pandas as pd
import streamlit as st

from r57_mcda.i18n import t
from r57_mcda.models import Criterion
from r57_mcda.study.drafts import NA, FormState, RowDraft
from r57_mcda.study.entries import CellEntry
from r57_mcda.study.expertise import expertise_level
from r57_mcda.study.feedback import CellFeedback, Feedback
from r57_mcda.study.reasons import Ranges, needs_reason
from r57_mcda.study.studies import Study
from r57_mcda.study.templates import integer_scale
from r57_mcda.vocab import EXPERTISE_LEVELS

#: Session-state keys: the grid's edits (Streamlit's), the frame it started from, and the rows
#: as last saved.
GRID_KEY = "form_grid"
BASE_KEY = "form_grid_base"
SAVED_KEY = "form_grid_saved"
#: The cells this round does not ask (consensus reached in the previous round).
DROPPED_KEY = "form_grid_dropped"
#: The previous round's panel [Q1, Q3] per cell when the round requires reasons (else empty),
#: and the reasons typed so far per cell (technology, criterion).
RANGES_KEY = "form_grid_ranges"
REASONS_KEY = "form_grid_reasons"
#: The suffix of a criterion's feedback column (the panel's previous round and the expert's
#: own previous answer), shown from round 2 on.
PANEL = ":panel"
#: The grid's own columns beside the criterion ids.
NAME = "_technology"
EXPERTISE = "_expertise"
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


def point_text(value: float) -> str:
    """A score or quartile as the form shows it (``4``, ``2.5``)."""
    return f"{value:g}"


def feedback_text(cell: CellFeedback | None, lang: str) -> str:
    """A feedback cell: the panel's median [Q1–Q3] and the expert's previous answer."""
    if cell is None:
        return ""
    panel = (
        "–"
        if cell.median is None or cell.q1 is None or cell.q3 is None
        else f"{point_text(cell.median)} [{point_text(cell.q1)}–{point_text(cell.q3)}]"
    )
    own = cell.own.long_score if cell.own is not None else "–"
    key = "form_fb_dropped" if cell.dropped else "form_fb_cell"
    return t(key, lang, panel=panel, own=own)


def columns_of(study: Study, feedback: Feedback | None, *, expertise: bool = False) -> list[str]:
    """The grid's columns in order: name, the familiarity (when asked), each criterion (and
    its feedback), COI, comment."""
    criteria: list[str] = []
    for cid in study.criteria.ids:
        criteria += [cid, cid + PANEL] if feedback is not None else [cid]
    return [NAME, *([EXPERTISE] if expertise else []), *criteria, COI, COMMENT]


def base_frame(
    study: Study,
    state: FormState,
    lang: str,
    feedback: Feedback | None = None,
    *,
    expertise: bool = False,
) -> pd.DataFrame:
    """The grid's data from the stored rows: :data:`BLANK` for a cell not answered yet. From
    round 2 on, a cell the expert has not answered in this round starts from their previous
    answer, and each criterion has its feedback column. With ``expertise`` (round 1) the
    familiarity column follows the name."""
    records = []
    for tech in study.technologies:
        row = state.row(tech.id)
        fresh = all(v is None for v in row.answers.values()) and not row.coi
        record: dict[str, Any] = {NAME: tech.label(lang)}
        if expertise:
            record[EXPERTISE] = BLANK if row.expertise is None else str(row.expertise)
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
    return pd.DataFrame(
        records, index=index, columns=columns_of(study, feedback, expertise=expertise)
    )


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


def scored_entries(row: RowDraft) -> list[CellEntry]:
    """The cells ``row`` scores (no NA, nothing under a COI), each with its reason if any."""
    if row.coi:
        return []
    return [
        CellEntry(row.technology, c, "score", float(v), reason=row.reasons.get(c, ""))
        for c, v in row.answers.items()
        if v is not None and v != NA
    ]


def rows_of(
    frame: pd.DataFrame,
    criteria: Sequence[str],
    dropped: frozenset[tuple[str, str]] = frozenset(),
    reasons: Mapping[tuple[str, str], str] | None = None,
    ranges: Ranges | None = None,
) -> list[RowDraft]:
    """The grid's rows as the drafts they are (a cell this round does not ask is left out),
    with the familiarity when the grid asks it, and of the ``reasons`` typed only those of
    scores that need one (outside their cell's ``ranges``)."""
    rows = []
    for tid in frame.index:
        answers = {
            c: None if (str(tid), c) in dropped else _answer(frame.at[tid, c]) for c in criteria
        }
        level = frame.at[tid, EXPERTISE] if EXPERTISE in frame.columns else None
        row = RowDraft(
            str(tid),
            answers,
            bool(frame.at[tid, COI]),
            str(_answer(frame.at[tid, COMMENT]) or ""),
            expertise=expertise_level(_answer(level)),
        )
        needed = [e for e in scored_entries(row) if needs_reason(ranges or {}, e)]
        typed = {e.criterion: (reasons or {}).get(e.key, "").strip() for e in needed}
        kept = {c: text for c, text in typed.items() if text}
        rows.append(replace(row, reasons=kept) if kept else row)
    return rows


def normal(row: RowDraft) -> tuple[object, ...]:
    """What makes two rows the same draft."""
    answers = tuple(sorted((k, v) for k, v in row.answers.items() if v is not None))
    reasons = tuple(sorted((k, v.strip()) for k, v in row.reasons.items() if v.strip()))
    return (answers, bool(row.coi), row.comment.strip(), reasons, row.expertise)


def _help(criterion: Criterion, lang: str) -> str:
    lo, hi = integer_scale(criterion)
    low, high = t("form_anchor_low", lang, lo=lo), t("form_anchor_high", lang, hi=hi)
    description = criterion.description_vi if lang == "vi" else ""
    parts = [description or criterion.description]
    parts.append(t("form_crit_scale", lang, lo=lo, hi=hi, low=low, high=high))
    if criterion.direction == "cost":
        parts.append(t("form_crit_cost", lang))
    return " ".join(p for p in parts if p)


def expertise_options() -> list[str]:
    """The choices of the familiarity column: blank (not said), then the levels."""
    return [BLANK, *(str(level) for level in EXPERTISE_LEVELS)]


def expertise_anchors(lang: str) -> list[str]:
    """What each familiarity level means, in ``lang``."""
    return [t(f"xp_level_{level}", lang) for level in EXPERTISE_LEVELS]


def column_config(
    study: Study, lang: str, feedback: bool = False, *, expertise: bool = False
) -> dict[str, Any]:
    """The grid's columns in ``lang``: names pinned, the familiarity (round 1), one drop-down
    per criterion (with its feedback column from round 2 on), COI, comment."""
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
    if expertise:
        config[EXPERTISE] = st.column_config.SelectboxColumn(
            t("xp_column", lang),
            options=expertise_options(),
            help=" ".join([t("xp_question", lang), "; ".join(expertise_anchors(lang))]),
            width=CRITERION_PX,
        )
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
    expertise = EXPERTISE in base.columns
    st.data_editor(
        base,
        key=GRID_KEY,
        column_config=column_config(study, lang, feedback, expertise=expertise),
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
    expertise: bool = False,
    ranges: Ranges | None = None,
    again: bool = False,
) -> None:
    """Set the grid's base frame from the store once per session (or ``again``, e.g. after a
    language switch: every edit is already saved). ``expertise``: the round asks the
    familiarity; ``ranges``: the previous round's [Q1, Q3] per cell when the round requires
    reasons."""
    ss = st.session_state
    if BASE_KEY in ss and not again:
        return
    ss[BASE_KEY] = base_frame(study, state, lang, feedback, expertise=expertise)
    # Without the familiarity column the grid's rows carry none: compare them likewise.
    ss[SAVED_KEY] = {
        r.technology: normal(r if expertise else replace(r, expertise=None)) for r in state.rows
    }
    ss[DROPPED_KEY] = frozenset(
        key for key, cell in (feedback.cells.items() if feedback else ()) if cell.dropped
    )
    ss[RANGES_KEY] = dict(ranges or {})
    ss[REASONS_KEY] = {(r.technology, c): text for r in state.rows for c, text in r.reasons.items()}
    ss.pop(GRID_KEY, None)


def dropped_cells() -> frozenset[tuple[str, str]]:
    """The cells this round does not ask."""
    found: frozenset[tuple[str, str]] = st.session_state.get(DROPPED_KEY, frozenset())
    return found


def panel_ranges() -> dict[tuple[str, str], tuple[float, float]]:
    """The previous round's [Q1, Q3] per cell when the round requires reasons (else empty)."""
    found: dict[tuple[str, str], tuple[float, float]] = st.session_state.get(RANGES_KEY, {})
    return found


def typed_reasons() -> dict[tuple[str, str], str]:
    """The reasons typed so far per cell (the form's session keeps them)."""
    found: dict[tuple[str, str], str] = st.session_state.setdefault(REASONS_KEY, {})
    return found


def current_rows(frame: pd.DataFrame, criteria: Sequence[str]) -> list[RowDraft]:
    """The rows as they now stand: the grid's, with the reasons typed that are needed."""
    return rows_of(frame, criteria, dropped_cells(), typed_reasons(), panel_ranges())


def changed_rows(frame: pd.DataFrame, criteria: Sequence[str]) -> list[RowDraft]:
    """The rows that differ from what was last saved."""
    saved: dict[str, tuple[object, ...]] = st.session_state.get(SAVED_KEY, {})
    return [r for r in current_rows(frame, criteria) if saved.get(r.technology) != normal(r)]


def mark_saved(row: RowDraft) -> None:
    """Remember ``row`` as saved."""
    st.session_state.setdefault(SAVED_KEY, {})[row.technology] = normal(row)
