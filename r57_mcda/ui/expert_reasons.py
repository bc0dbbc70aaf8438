"""The expert form's reasons section, in a round that requires reasons: every score of the grid
strictly outside the previous round's panel range [Q1, Q3] of its cell, with the score, that
range and a text input for the reason, which is saved into the technology's draft at each edit;
and how many reasons are still missing. Only the panel's range and the expert's own answers
are shown, never another expert's."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st

from r57_mcda.i18n import t
from r57_mcda.study.drafts import RowDraft
from r57_mcda.study.entries import CellEntry
from r57_mcda.study.reasons import Ranges, missing_reasons, needs_reason
from r57_mcda.study.studies import Study
from r57_mcda.ui.expert_grid import (
    current_frame,
    current_rows,
    panel_ranges,
    point_text,
    scored_entries,
    typed_reasons,
)

#: The head of a reason input's widget key (then technology and criterion ids).
REASON_KEY = "form_reason"
#: Characters a reason may have ("in a sentence": a short paragraph at most).
REASON_CHARS = 1000
#: Widths of a cell's label and of its input.
LABEL_WIDTH, INPUT_WIDTH = 2, 3


def reason_key(technology: str, criterion: str) -> str:
    """The widget key of the reason input of one cell."""
    return f"{REASON_KEY}:{technology}:{criterion}"


def needed(rows: Sequence[RowDraft], ranges: Ranges) -> list[CellEntry]:
    """The scored cells of ``rows`` that need a reason, in the grid's order, each with the
    reason its row holds ("" when none yet)."""
    return [e for row in rows for e in scored_entries(row) if needs_reason(ranges, e)]


def missing_count(rows: Sequence[RowDraft], ranges: Ranges) -> int:
    """How many reasons ``rows`` still lack (the store refuses a submission until none)."""
    return len(missing_reasons(ranges, [e for row in rows for e in scored_entries(row)]))


def sync_reasons(criteria: Sequence[str]) -> None:
    """Copy the reason inputs' texts into the form's typed reasons (a callback may run before
    the input's own, e.g. when the submit button is clicked right after typing)."""
    typed = typed_reasons()
    for entry in needed(current_rows(current_frame(), criteria), panel_ranges()):
        key = reason_key(*entry.key)
        if key in st.session_state:
            typed[entry.key] = str(st.session_state[key] or "")


def draw_reasons(
    study: Study,
    rows: Sequence[RowDraft],
    lang: str,
    *,
    previous: int,
    disabled: bool,
    on_change: Callable[[], None],
) -> int:
    """Draw the section for ``rows`` (the grid's rows as they stand) in ``lang``: the rule
    (``previous`` is the round the ranges come from), then per cell needing a reason the
    technology, the criterion, the score and the panel's range beside a text input. Returns
    how many reasons are still missing."""
    ranges = panel_ranges()
    cells = needed(rows, ranges)
    st.subheader(t("rsnform_title", lang))
    if not cells:
        st.caption(t("rsnform_none", lang, previous=previous))
        return 0
    st.info(t("rsnform_rule", lang, previous=previous))
    technologies = {x.id: x.label(lang) for x in study.technologies}
    typed = typed_reasons()
    for entry in cells:
        q1, q3 = ranges[entry.key]
        technology = technologies.get(entry.technology, entry.technology)
        criterion = study.criteria[entry.criterion].label(lang)
        assert entry.value is not None
        shown = t(
            "rsnform_cell",
            lang,
            score=point_text(entry.value),
            q1=point_text(q1),
            q3=point_text(q3),
        )
        label, field = st.columns([LABEL_WIDTH, INPUT_WIDTH], vertical_alignment="center")
        label.markdown(f"**{technology}** · {criterion}  \n↳ {shown}")
        field.text_input(
            t("rsnform_input", lang, technology=technology, criterion=criterion),
            value=typed.get(entry.key, ""),
            key=reason_key(*entry.key),
            max_chars=REASON_CHARS,
            placeholder=t("rsnform_placeholder", lang),
            label_visibility="collapsed",
            disabled=disabled,
            on_change=on_change,
        )
    missing = missing_count(rows, ranges)
    if missing:
        st.warning(t("rsnform_missing", lang, n=missing))
    else:
        st.caption(t("rsnform_all_given", lang))
    return missing
