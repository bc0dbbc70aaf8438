"""Widgets and helpers shared by the pages: language switch, page context, errors, labels."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from r57_mcda.errors import InputError, Problem, R57Error
from r57_mcda.i18n import LANGUAGES, format_number, t
from r57_mcda.io.inputs import InputFile, LoadedInputs
from r57_mcda.models import CriteriaSet, group_label
from r57_mcda.ui.cache import loaded_inputs
from r57_mcda.ui.choices import Choices, WeightChoice
from r57_mcda.ui.state import (
    PARAM_PREFIX,
    Key,
    choices,
    files,
    forget_widgets,
    lang,
    set_params,
    set_weight_choice,
)


def language_switch() -> None:
    """The sidebar's English / Tiếng Việt switch."""
    st.sidebar.radio(
        t("language", lang()),
        options=list(LANGUAGES),
        format_func=LANGUAGES.__getitem__,
        key=Key.LANG,
        horizontal=True,
    )


#: Tables show up to this many rows without an inner scroll bar.
FULL_TABLE_ROWS = 30
#: Pixels of one row of st.dataframe, and of its header plus borders.
ROW_PX = 35
HEADER_PX = 38


def table_height(rows: int) -> int:
    """An st.dataframe height that shows ``rows`` rows whole (up to ``FULL_TABLE_ROWS``)."""
    return HEADER_PX + ROW_PX * max(1, min(rows, FULL_TABLE_ROWS))


def problems_frame(problems: Sequence[Problem], language: str) -> pd.DataFrame:
    """Problems as a table in ``language``: severity, file, sheet, row, column, message."""
    severity = {
        "error": t("input_severity_error", language),
        "warning": t("input_severity_warning", language),
    }
    rows = [
        {
            t("col_severity", language): severity.get(p.severity, p.severity),
            t("col_file", language): p.file,
            t("col_sheet", language): p.sheet or "",
            t("col_row", language): "" if p.row is None else str(p.row),
            t("col_column", language): p.column or "",
            t("col_message", language): p.text(language),
        }
        for p in problems
    ]
    return pd.DataFrame(rows)


def show_problems(problems: Sequence[Problem], language: str) -> None:
    """Render a problem table (nothing when there are none)."""
    if problems:
        frame = problems_frame(problems, language)
        st.dataframe(frame, hide_index=True, height=table_height(len(frame)))


def show_error(exc: R57Error, language: str) -> None:
    """An error a user can act on: bad input with its problem table, or what a method said."""
    if isinstance(exc, InputError):
        st.error(t("input_problem", language, n=len(exc.problems)))
        show_problems(exc.problems, language)
    else:
        st.error(t("method_problem", language, message=exc.text(language)))


def criterion_labels(criteria: CriteriaSet, language: str) -> dict[str, str]:
    """Criterion id to its name in ``language``; a cost criterion's name says "(lower is
    better)", so that no table or chart reads as if a high value were good."""
    suffix = t("ui_lower_is_better", language)
    return {
        c.id: f"{c.label(language)} {suffix}" if c.direction == "cost" else c.label(language)
        for c in criteria.criteria
    }


@dataclass(frozen=True)
class PageContext:
    """What every analysis page starts from: the files, the choices and the loaded inputs."""

    files: tuple[InputFile, ...]
    choices: Choices
    loaded: LoadedInputs
    language: str

    @property
    def criteria(self) -> CriteriaSet:
        """The criteria set of the loaded inputs."""
        return self.loaded.criteria

    def criterion_names(self) -> dict[str, str]:
        """Criterion id to its name in the chosen language, cost criteria marked as such."""
        return criterion_labels(self.criteria, self.language)

    def technology_names(self) -> dict[str, str]:
        """Technology id to its name in the chosen language."""
        return {x.id: x.label(self.language) for x in self.loaded.technologies}

    def technology_groups(self) -> dict[str, str]:
        """Technology id to its group's label in the chosen language (see ``group_label``)."""
        technologies = self.loaded.technologies
        return {x.id: group_label(x.group, self.language, technologies) for x in technologies}

    def group_names(self) -> dict[str, str]:
        """Criteria group id to its name in the chosen language (its id when not declared)."""
        declared = {
            g.id: (g.name_vi or g.name) if self.language == "vi" else g.name
            for g in self.criteria.groups
        }
        used = {c.group: c.group for c in self.criteria.criteria if c.group}
        return used | declared


def page_context() -> PageContext:
    """Read the session once at the top of a page.

    Choices made for another criteria set (before new files were loaded) are dropped: the
    weights fall back to the new set's declared weights (and the user is told), per-criterion
    method parameters to the method's defaults.
    """
    language = lang()
    current = choices()
    loaded = loaded_inputs(files(), current.panel.quorum)
    ids = set(loaded.criteria.ids)
    if not current.weights.fits(loaded.criteria.ids):
        set_weight_choice(WeightChoice())
        st.info(t("weights_reset", language))
    params = current.method.params
    if any(set(params.get(k) or {}) - ids for k in ("functions", "thresholds")):
        set_params(current.method.method, {})
        forget_widgets(PARAM_PREFIX)
    return PageContext(files(), choices(), loaded, language)


def page_header(title_key: str, intro_key: str, language: str) -> None:
    """The page's title and its one-paragraph introduction."""
    st.header(t(title_key, language))
    st.write(t(intro_key, language))


def percent(value: float, language: str = "en") -> str:
    """A share as a percentage with one decimal, e.g. ``12.5 %`` (``12,5 %`` in Vietnamese)."""
    return f"{format_number(100 * value, language, '.1f')} %"


def weights_summary(choice: WeightChoice, language: str) -> str:
    """Where the weights in use come from, in a sentence."""
    if choice.source == "rank":
        method = t(f"rank_method_{choice.rank_method}", language)
        source = t("source_rank", language, method=method)
    elif choice.source == "ahp_grid":
        source = t("source_ahp_grid", language, cr="" if choice.cr is None else choice.cr)
    else:
        source = t(f"source_{choice.source}", language)
    return t("weights_in_use", language, source=source)


def banner_text(
    loaded_files: Sequence[InputFile],
    sample: bool,
    language: str,
    study: tuple[int, int, str, str] | None = None,
) -> str:
    """Which data the app is showing: a study's round, the synthetic sample, or the loaded
    files' names."""
    if study is not None:
        study_id, round_no, name, at = study
        return t("ui_banner_study", language, study=study_id, round=round_no, name=name, at=at)
    if sample:
        return t("ui_banner_sample", language)
    names = ", ".join(f"{f.name} ({t(f'role_{f.role}', language)})" for f in loaded_files)
    return t("ui_banner_files", language, n=len(loaded_files), names=names)


def data_banner() -> None:
    """The banner on every page saying which data are loaded (a refresh brings the sample back)."""
    from r57_mcda.ui.study_source import study_in_use

    language = lang()
    failed = st.session_state.get(Key.STUDY_ERROR)
    if isinstance(failed, R57Error):
        st.error(t("ui_study_not_opened", language, reason=failed.text(language)))
    text = banner_text(files(), bool(st.session_state.get(Key.SAMPLE)), language, study_in_use())
    if st.session_state.get(Key.SAMPLE):
        st.warning(text)
    else:
        st.info(text)
