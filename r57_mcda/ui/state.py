"""Session-state keys and accessors: the user's choices, never derived results."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from enum import StrEnum
from typing import Any, cast

import streamlit as st

from r57_mcda.errors import R57Error
from r57_mcda.io.bundled import sample_paths
from r57_mcda.io.inputs import InputFile
from r57_mcda.models import Panel
from r57_mcda.panel.cube import confidence_given, expertise_given
from r57_mcda.pipeline.sensitivity import SensitivitySettings
from r57_mcda.ui.choices import (
    Choices,
    MethodChoice,
    PanelChoice,
    WeightChoice,
    slider_positions,
)
from r57_mcda.vocab import (
    DEFAULT_COMPARE,
    DEFAULT_EXPERTISE,
    DEFAULT_IQR_SHARE,
    DEFAULT_OBJECTIVE_METHOD,
    DEFAULT_RANK_METHOD,
)


class Key(StrEnum):
    """Every fixed widget and session-state key of the app (see also the key prefixes)."""

    LANG = "lang"
    FILES = "input_files"
    SAMPLE = "using_sample"
    #: (study id, round, read at) when the analysis pages show a study's data.
    STUDY = "study_source"
    STUDY_ERROR = "study_error"
    REJECTED = "rejected_problems"
    DUPLICATES = "duplicate_uploads"
    UPLOAD_SCORES = "upload_scores"
    UPLOAD_CRITERIA = "upload_criteria"
    UPLOAD_TECHNOLOGIES = "upload_technologies"
    UPLOAD_EXPERTS = "upload_experts"
    UPLOAD_MATRIX = "upload_matrix"
    LOAD_UPLOADS = "load_uploads"
    RESET_SAMPLE = "reset_sample"
    AGGREGATE = "aggregate"
    BALANCE = "balance_groups"
    CONFIDENCE = "use_confidence"
    #: The expertise setting's parts: the mode (none, weight, min) and the K of min:K.
    EXPERTISE_MODE = "expertise_mode"
    EXPERTISE_LEVEL = "expertise_level"
    IQR_SHARE = "iqr_share"
    # Spec settings the app does not edit but keeps, so that a loaded spec is reproduced.
    TRIM = "trim"
    QUORUM = "quorum"
    EXPERT_WEIGHTS = "expert_weights"
    EXPERT_WEIGHTS_RESET = "expert_weights_reset"
    # Weights page.
    WEIGHTS = "weight_choice"
    AHP = "ahp_judgments"
    PRESET_EQUAL = "preset_equal"
    PRESET_DEFAULTS = "preset_defaults"
    RANK_ORDER = "rank_order"
    RANK_METHOD = "rank_method"
    PRESET_RANK = "preset_rank"
    APPLY_AHP = "apply_ahp"
    APPLY_AHP_FILES = "apply_ahp_files"
    UPLOAD_AHP = "upload_ahp"
    OBJECTIVE = "objective_method"
    APPLY_OBJECTIVE = "apply_objective"
    WEIGHTS_FILE = "weights_file"
    WEIGHTS_FILE_APPLY = "weights_file_apply"
    # Ranking page.
    METHOD = "method"
    PARAMS = "method_params"
    TOP_K = "top_k"
    PAIR_A = "pair_a"
    PAIR_B = "pair_b"
    # Compare page.
    COMPARE = "compare_methods"
    # Sensitivity page.
    SWEEP_CRITERION = "sweep_criterion"
    MC_MODEL = "mc_model"
    MC_SPREAD = "mc_spread"
    MC_CONCENTRATION = "mc_concentration"
    MC_DRAWS = "mc_draws"
    MC_BOOTSTRAP = "mc_bootstrap"
    SEED = "seed"
    MC_RUN = "mc_run"
    MC_REQUEST = "mc_request"
    SENSITIVITY = "sensitivity_settings"
    # Export page.
    SETTINGS_UPLOAD = "settings_upload"
    APPLY_SETTINGS = "apply_settings"
    SETTINGS_OUTCOME = "settings_outcome"
    REPORT_SENSITIVITY = "report_sensitivity"
    DOWNLOAD_REPORT = "download_report"
    BUILD_REPORT = "build_report"
    REPORT_REQUEST = "report_request"
    DOWNLOAD_TOML = "download_toml"
    DOWNLOAD_JSON = "download_json"


#: K of the Panel page's "count only experts at level K or above" until the user sets it:
#: 4, "works in the field" (the high-expertise respondents NISTEP reports apart).
DEFAULT_MIN_LEVEL = 4

#: Prefixes of the keys of widgets drawn per criterion, method parameter or AHP pair.
WEIGHT_PREFIX = "w_"
PARAM_PREFIX = "param:"
AHP_PREFIX = "ahp:"
EXPERT_WEIGHT_PREFIX = "ew:"

#: Widget keys whose values must survive pages on which the widget is not drawn. Streamlit
#: drops a widget's state when a run does not draw it; assigning the value to itself at the
#: top of every run makes it the app's own state, which Streamlit keeps.
PERSISTENT: tuple[Key, ...] = (
    Key.AGGREGATE,
    Key.BALANCE,
    Key.CONFIDENCE,
    Key.EXPERTISE_MODE,
    Key.EXPERTISE_LEVEL,
    Key.IQR_SHARE,
    Key.RANK_ORDER,
    Key.RANK_METHOD,
    Key.OBJECTIVE,
    Key.METHOD,
    Key.TOP_K,
    Key.PAIR_A,
    Key.PAIR_B,
    Key.COMPARE,
    Key.SWEEP_CRITERION,
    Key.MC_MODEL,
    Key.MC_SPREAD,
    Key.MC_CONCENTRATION,
    Key.MC_DRAWS,
    Key.MC_BOOTSTRAP,
    Key.SEED,
    Key.REPORT_SENSITIVITY,
)


def sample_files() -> tuple[InputFile, ...]:
    """The bundled sample panel as input files."""
    paths = sample_paths()
    return tuple(
        InputFile.from_path(role, paths[role], name=paths[role].name)
        for role in ("criteria", "scores", "technologies", "experts")
    )


def init_state() -> None:
    """Set defaults once per browser session (each session has its own state)."""
    st.session_state.setdefault(Key.LANG, "en")
    if Key.FILES not in st.session_state:
        from r57_mcda.ui.study_source import restore_study

        # A refresh keeps a study's data: the URL names it and the store holds it.
        if not restore_study():
            st.session_state[Key.FILES] = sample_files()
            st.session_state[Key.SAMPLE] = True
    apply_choices(Choices(compare=DEFAULT_COMPARE), only_missing=True)
    # The Panel page's slider is in whole percent.
    st.session_state.setdefault(Key.IQR_SHARE, round(100 * DEFAULT_IQR_SHARE))
    st.session_state.setdefault(Key.AHP, {})
    st.session_state.setdefault(Key.RANK_METHOD, DEFAULT_RANK_METHOD)
    st.session_state.setdefault(Key.OBJECTIVE, DEFAULT_OBJECTIVE_METHOD)
    st.session_state.setdefault(Key.REPORT_SENSITIVITY, True)
    for key in PERSISTENT:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


def apply_choices(choices: Choices, *, only_missing: bool = False) -> None:
    """Put ``choices`` into the session (all of them, or only those not set yet).

    Widgets drawn per criterion or parameter are dropped so that they are drawn again from
    the new choices. Call it before the widgets are drawn (at the top of a run or in a
    callback), as Streamlit requires.
    """
    values: dict[str, Any] = {
        Key.AGGREGATE: choices.panel.aggregation,
        Key.BALANCE: choices.panel.balance_groups,
        Key.CONFIDENCE: choices.panel.use_confidence,
        **expertise_widgets(choices.panel.expertise),
        Key.TRIM: choices.panel.trim,
        Key.QUORUM: choices.panel.quorum,
        Key.EXPERT_WEIGHTS: choices.panel.expert_weights,
        Key.WEIGHTS: choices.weights,
        Key.METHOD: choices.method.method,
        Key.PARAMS: {choices.method.method: dict(choices.method.params)},
        Key.COMPARE: list(choices.compare),
        Key.TOP_K: choices.top_k,
        Key.SEED: choices.seed,
        Key.SENSITIVITY: choices.sensitivity,
        Key.MC_MODEL: choices.sensitivity.weights_model,
        Key.MC_CONCENTRATION: float(choices.sensitivity.concentration),
        Key.MC_SPREAD: float(choices.sensitivity.interval),
        Key.MC_DRAWS: int(choices.sensitivity.draws),
        Key.MC_BOOTSTRAP: bool(choices.sensitivity.bootstrap_experts),
    }
    if choices.weights.pairwise:
        # The AHP grid's sliders show the saved judgments again.
        values[Key.AHP] = slider_positions(choices.weights.pairwise)
    for key, value in values.items():
        if not only_missing or key not in st.session_state:
            st.session_state[key] = value
    if not only_missing:
        forget_widgets(WEIGHT_PREFIX, PARAM_PREFIX, AHP_PREFIX, EXPERT_WEIGHT_PREFIX)


def forget_widgets(*prefixes: str) -> None:
    """Drop the state of the per-item widgets whose keys start with ``prefixes``."""
    for key in [k for k in st.session_state if str(k).startswith(prefixes)]:
        del st.session_state[key]


def choices() -> Choices:
    """The user's current choices."""
    s = st.session_state
    method = cast(str, s[Key.METHOD])
    params = cast(dict[str, dict[str, Any]], s[Key.PARAMS]).get(method, {})
    return Choices(
        panel=PanelChoice(
            aggregation=cast(str, s[Key.AGGREGATE]),
            balance_groups=bool(s[Key.BALANCE]),
            trim=float(s[Key.TRIM]),
            quorum=int(s[Key.QUORUM]),
            expert_weights=cast(tuple[tuple[str, float], ...], s[Key.EXPERT_WEIGHTS]),
            # Only where the loaded scores give confidences: the toggle is off otherwise.
            use_confidence=bool(s[Key.CONFIDENCE]) and confidence_available(),
            expertise=expertise_choice(),
        ),
        weights=weight_choice(),
        method=MethodChoice(method, dict(params)),
        compare=tuple(cast(list[str], s[Key.COMPARE])),
        top_k=int(s[Key.TOP_K]),
        seed=int(s[Key.SEED]),
        sensitivity=replace(
            cast(SensitivitySettings, s[Key.SENSITIVITY]),
            weights_model=cast(str, s[Key.MC_MODEL]),
            concentration=float(s[Key.MC_CONCENTRATION]),
            interval=float(s[Key.MC_SPREAD]),
            draws=int(s[Key.MC_DRAWS]),
            bootstrap_experts=bool(s[Key.MC_BOOTSTRAP]),
        ),
    )


def confidence_available() -> bool:
    """Whether the loaded scores give the experts' confidences (for "Weigh by confidence")."""
    return _scores_give(confidence_given)


def expertise_available() -> bool:
    """Whether the loaded scores give the experts' self-rated familiarity (the ``expertise``
    column), which the Panel page's expertise setting needs."""
    return _scores_give(expertise_given)


def _scores_give(given: Callable[[Panel], bool]) -> bool:
    from r57_mcda.ui.cache import loaded_inputs

    try:
        loaded = loaded_inputs(files(), int(st.session_state[Key.QUORUM]))
    except R57Error:
        return False
    return loaded.panel is not None and given(loaded.panel)


def expertise_widgets(setting: str) -> dict[str, Any]:
    """The Panel page's expertise widgets showing ``setting`` (``none``, ``weight``,
    ``min:K``; a setting that is none of these shows ``none``). K keeps its value, else
    :data:`DEFAULT_MIN_LEVEL`, when the mode is not ``min``."""
    from r57_mcda.panel.expertise import Expertise

    try:
        parsed = Expertise.parse(setting)
    except R57Error:
        parsed = Expertise()
    level = st.session_state.get(Key.EXPERTISE_LEVEL, DEFAULT_MIN_LEVEL)
    return {Key.EXPERTISE_MODE: parsed.mode, Key.EXPERTISE_LEVEL: parsed.level or level}


def expertise_choice() -> str:
    """The expertise setting chosen (``none``, ``weight``, ``min:K``): ``none`` where the
    loaded scores give no familiarity level, like the page's disabled control shows."""
    mode = st.session_state.get(Key.EXPERTISE_MODE, DEFAULT_EXPERTISE)
    if mode not in ("weight", "min") or not expertise_available():
        return DEFAULT_EXPERTISE
    level = int(st.session_state.get(Key.EXPERTISE_LEVEL, DEFAULT_MIN_LEVEL))
    return "weight" if mode == "weight" else f"min:{level}"


def weight_choice() -> WeightChoice:
    """The weights the user chose."""
    return cast(WeightChoice, st.session_state[Key.WEIGHTS])


def set_weight_choice(choice: WeightChoice, *, keep_sliders: bool = False) -> None:
    """Record a new weight choice; the sliders are redrawn from it unless they made it."""
    st.session_state[Key.WEIGHTS] = choice
    if not keep_sliders:
        forget_widgets(WEIGHT_PREFIX)


def set_params(method: str, params: dict[str, Any]) -> None:
    """Record the parameters the user set for ``method``."""
    stored = dict(cast(dict[str, dict[str, Any]], st.session_state[Key.PARAMS]))
    stored[method] = params
    st.session_state[Key.PARAMS] = stored


def keep_option(key: str, options: Sequence[Any], default: Any) -> None:
    """Reset ``key`` to ``default`` when its value is no longer among ``options``."""
    if st.session_state.get(key) not in options:
        st.session_state[key] = default


def lang() -> str:
    """The chosen language, "en" or "vi"."""
    return cast(str, st.session_state.get(Key.LANG, "en"))


def files() -> tuple[InputFile, ...]:
    """The input files of the current analysis."""
    return cast(tuple[InputFile, ...], st.session_state[Key.FILES])


def use_study(study_id: int, round_no: int | None = None) -> None:
    """Show the study's current data in the analysis pages (a button's callback)."""
    from r57_mcda.ui.study_source import open_study

    open_study(study_id, round_no)
