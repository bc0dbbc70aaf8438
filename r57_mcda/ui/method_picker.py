"""The ranking method chooser: each method's description, citation and parameters."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

import streamlit as st

from r57_mcda.i18n import t
from r57_mcda.ranking import PREFERENCE_FUNCTIONS, list_methods, method_info
from r57_mcda.ranking.registry import MethodInfo
from r57_mcda.ui.state import PARAM_PREFIX, Key, keep_option, set_params

#: PROMETHEE II thresholds offered in the app (one function and thresholds for every criterion).
THRESHOLD_DEFAULTS: Mapping[str, float] = {"q": 0.5, "p": 1.5, "s": 1.0}
PROMETHEE = "promethee2"


def param_key(method: str, name: str) -> str:
    """The widget key of one method parameter."""
    return f"{PARAM_PREFIX}{method}:{name}"


def _numeric(info: MethodInfo) -> list[str]:
    return [
        k
        for k, v in info.defaults.items()
        if isinstance(v, int | float) and not isinstance(v, bool)
    ]


def _numeric_changed(method: str, names: tuple[str, ...]) -> None:
    info = method_info(method)
    params = {
        n: float(st.session_state[param_key(method, n)])
        for n in names
        if float(st.session_state[param_key(method, n)]) != float(info.defaults[n])
    }
    set_params(method, params)


def promethee_params(
    function: str, thresholds: Mapping[str, float], criteria_ids: list[str]
) -> dict[str, Any]:
    """PROMETHEE II parameters giving every criterion ``function`` and its thresholds."""
    needed = PREFERENCE_FUNCTIONS[function]
    if function == "usual":
        return {}
    return {
        "functions": dict.fromkeys(criteria_ids, function),
        "thresholds": {c: {k: float(thresholds[k]) for k in needed} for c in criteria_ids},
    }


def _promethee_changed(criteria_ids: list[str]) -> None:
    function = cast(str, st.session_state[param_key(PROMETHEE, "function")])
    thresholds = {k: float(st.session_state[param_key(PROMETHEE, k)]) for k in THRESHOLD_DEFAULTS}
    set_params(PROMETHEE, promethee_params(function, thresholds, criteria_ids))


def _seed(key: str, value: Any) -> None:
    st.session_state.setdefault(key, value)


def _promethee(params: Mapping[str, Any], criteria_ids: list[str], language: str) -> None:
    functions = dict(params.get("functions", {}))
    thresholds = dict(params.get("thresholds", {}))
    first = criteria_ids[0]
    _seed(param_key(PROMETHEE, "function"), functions.get(first, "usual"))
    for k, default in THRESHOLD_DEFAULTS.items():
        _seed(param_key(PROMETHEE, k), float(thresholds.get(first, {}).get(k, default)))
    st.selectbox(
        t("param_function", language),
        list(PREFERENCE_FUNCTIONS),
        format_func=lambda f: t(f"pref_{f}", language),
        key=param_key(PROMETHEE, "function"),
        on_change=_promethee_changed,
        args=(criteria_ids,),
        help=t("param_function_help", language),
    )
    function = cast(str, st.session_state[param_key(PROMETHEE, "function")])
    for k in PREFERENCE_FUNCTIONS[function]:
        st.number_input(
            t(f"param_{k}", language),
            min_value=0.0,
            step=0.25,
            key=param_key(PROMETHEE, k),
            on_change=_promethee_changed,
            args=(criteria_ids,),
            help=t(f"param_{k}_help", language),
        )


def render(criteria_ids: list[str], language: str) -> MethodInfo:
    """Draw the chooser and the chosen method's parameters; return the chosen method."""
    options = [m.id for m in list_methods()]
    keep_option(Key.METHOD, options, "wsm")
    st.selectbox(
        t("method_label", language),
        options,
        format_func=lambda m: method_info(m).label(language),
        key=Key.METHOD,
        help=t("method_help", language),
    )
    info = method_info(cast(str, st.session_state[Key.METHOD]))
    st.info(info.text(language))
    score = info.score_label(language)
    st.caption(t("method_reading", language, score=score, citation=info.citation))
    stored = cast(dict[str, dict[str, Any]], st.session_state[Key.PARAMS]).get(info.id, {})
    if info.id == PROMETHEE:
        with st.expander(t("method_params", language)):
            _promethee(stored, criteria_ids, language)
        return info
    names = _numeric(info)
    if names:
        with st.expander(t("method_params", language)):
            for n in names:
                _seed(param_key(info.id, n), float(stored.get(n, info.defaults[n])))
                st.number_input(
                    t(f"param_{n}", language),
                    min_value=0.0,
                    max_value=1.0,
                    step=0.05,
                    key=param_key(info.id, n),
                    on_change=_numeric_changed,
                    args=(info.id, tuple(names)),
                    help=t(f"param_{n}_help", language),
                )
    return info
