"""Sensitivity page: stability intervals, weight sweeps, and a Monte Carlo run (SMAA-2).

Nothing is computed until asked for: each section has its own button, and stays shown (and
follows the choices) once asked. While one computes, a progress bar and a Stop button are
drawn: Streamlit interrupts a running script at its next element update when a button is
pressed, so Stop ends the run at the next progress step (nothing of it is cached) and turns
the section off again. A method undefined at some weights (CoCoSo) shows the share of draws or
grid points where it failed, the first such weight vector and why, and the rest of the results.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

import pandas as pd
import streamlit as st

from r57_mcda.errors import R57Error
from r57_mcda.i18n import format_number, t
from r57_mcda.ranking import method_info
from r57_mcda.sensitivity import StabilityInterval
from r57_mcda.ui.cache import monte_carlo_for, stability_for, sweep_for
from r57_mcda.ui.charts import bar, heatmap, rank_lines
from r57_mcda.ui.common import PageContext, page_context, page_header, show_error, weights_summary
from r57_mcda.ui.state import Key, keep_option
from r57_mcda.vocab import DEFAULT_WEIGHT_MODEL, WEIGHT_MODELS

#: Weight models offered on any data; ``fixed`` only with a panel (the experts then vary).
MC_MODELS = tuple(m for m in WEIGHT_MODELS if m != "fixed")
#: Session keys of the on-demand sections (not widgets: they survive page switches).
STABILITY_ON = "sens_stability_on"
SWEEP_ON = "sens_sweep_on"
#: Button keys.
STABILITY_RUN = "sens_stability_run"
SWEEP_RUN = "sens_sweep_run"
STOP = "sens_stop"


def _turn(key: str, value: Any) -> None:
    st.session_state[key] = value


def _stop_button(slot: Any, key: str, value: Any, language: str) -> None:
    """Draw Stop in ``slot`` for the computation that follows; pressing it sets ``key``."""
    slot.button(t("sens_stop", language), key=f"{STOP}_{key}", on_click=_turn, args=(key, value))


def interval_text(interval: StabilityInterval) -> str:
    """A stability interval in percent, e.g. ``[0.0 %, 41.7 %)``."""
    left = "[" if interval.lower_closed else "("
    right = "]" if interval.upper_closed else ")"
    return f"{left}{100 * interval.lower:.1f} %, {100 * interval.upper:.1f} %{right}"


def stability_table(
    ctx: PageContext, first: Sequence[StabilityInterval], top: Sequence[StabilityInterval]
) -> pd.DataFrame:
    """Per criterion: current weight and the weights keeping the first place and the top k."""
    language = ctx.language
    names = ctx.criterion_names()
    return pd.DataFrame(
        {
            t("criterion", language): [names[i.criterion] for i in first],
            t("why_weight_now", language): [f"{100 * i.current:.1f} %" for i in first],
            t("stab_first", language): [interval_text(i) for i in first],
            t("stab_top", language): [interval_text(i) for i in top],
        }
    )


def _stability(ctx: PageContext) -> None:
    language = ctx.language
    st.subheader(t("stab_title", language))
    st.write(t("stab_intro", language, k=ctx.choices.top_k))
    if not st.session_state.get(STABILITY_ON):
        st.button(
            t("sens_stability_run", language),
            key=STABILITY_RUN,
            on_click=_turn,
            args=(STABILITY_ON, True),
        )
        return
    slot = st.empty()
    _stop_button(slot, STABILITY_ON, False, language)
    result = stability_for(ctx.files, ctx.choices, progress_text=t("sens_progress", language))
    slot.empty()
    top_k = result.top_k
    names = ctx.technology_names()
    leaders = ", ".join(names[x] for x in result.first[0].kept) if result.first else ""
    st.caption(t("stab_now", language, first=leaders, k=top_k))
    st.dataframe(stability_table(ctx, result.first, result.top), hide_index=True)
    if result.first and not result.first[0].exact:
        st.caption(t("stab_grid_note", language))
    failed = sum(i.failed for i in result.first)
    if failed:
        points = sum(i.points for i in result.first)
        first = next(i.failure for i in result.first if i.failure is not None)
        st.warning(
            t("sens_stability_failed", language, n=failed, points=points, share=failed / points)
            + " "
            + (first.text(language) if first is not None else "")
        )


def sweep_frame(ranks: pd.DataFrame, names: dict[str, str], *, top: int) -> pd.DataFrame:
    """The sweep's ranks as a long table (weight, technology name, rank, highlight) of every
    technology; ``highlight`` marks those that rank ``top`` or better somewhere along it."""
    long = ranks.stack().rename("rank").reset_index()
    long.columns = pd.Index(["weight", "technology", "rank"])
    best = ranks.min()
    long["highlight"] = long["technology"].map(lambda x: bool(best[x] <= top))
    long["technology"] = long["technology"].map(names)
    return long


def _sweep(ctx: PageContext) -> None:
    language = ctx.language
    st.subheader(t("sweep_title", language))
    st.write(t("sweep_intro", language))
    if not st.session_state.get(SWEEP_ON):
        st.button(
            t("sens_sweep_run", language), key=SWEEP_RUN, on_click=_turn, args=(SWEEP_ON, True)
        )
        return
    ids = ctx.criteria.ids
    names_c = ctx.criterion_names()
    keep_option(Key.SWEEP_CRITERION, ids, ids[0])
    st.selectbox(
        t("sweep_criterion", language),
        ids,
        format_func=names_c.__getitem__,
        key=Key.SWEEP_CRITERION,
    )
    criterion = cast(str, st.session_state[Key.SWEEP_CRITERION])
    slot = st.empty()
    _stop_button(slot, SWEEP_ON, False, language)
    with st.spinner(t("computing", language)):
        sweep = sweep_for(ctx.files, ctx.choices, criterion)[criterion]
    slot.empty()
    top = min(ctx.choices.top_k, len(sweep.technologies))
    long = sweep_frame(sweep.ranks_frame(), ctx.technology_names(), top=top)
    st.altair_chart(
        rank_lines(
            long,
            current=sweep.current,
            x_title=t("sweep_axis", language, criterion=names_c[criterion]),
            y_title=t("col_rank", language),
            colour_title=t("technology", language),
        ),
        width="stretch",
    )
    weight = f"{100 * sweep.current:.1f} %"
    greyed = int(long.drop_duplicates("technology")["highlight"].eq(False).sum())
    caption = t("sweep_caption", language, top=top, weight=weight)
    if greyed:
        caption += " " + t("sens_sweep_grey", language, n=greyed)
    st.caption(caption)
    if sweep.failure is not None:
        n = len(sweep.failed_weights)
        st.warning(
            t("sens_sweep_failed", language, n=n, points=len(sweep.grid), share=sweep.failed_share)
            + " "
            + sweep.failure.text(language)
        )


def _request(request: tuple[Any, ...]) -> None:
    st.session_state[Key.MC_REQUEST] = request


def _mc_settings(ctx: PageContext) -> None:
    """Draw the Monte Carlo settings (their values are read into the choices)."""
    language = ctx.language
    panel = ctx.loaded.panel is not None
    models = (*MC_MODELS, "fixed") if panel else MC_MODELS
    keep_option(Key.MC_MODEL, models, DEFAULT_WEIGHT_MODEL)
    st.radio(
        t("mc_model", language),
        models,
        format_func=lambda m: t(f"mc_model_{m}", language),
        key=Key.MC_MODEL,
        help=t("mc_model_help", language),
    )
    model = cast(str, st.session_state[Key.MC_MODEL])
    left, middle, right = st.columns(3)
    if model == "dirichlet":
        left.number_input(
            t("mc_concentration", language),
            min_value=0.01,
            step=10.0,
            key=Key.MC_CONCENTRATION,
            help=t("mc_concentration_help", language),
        )
    elif model == "interval":
        left.slider(
            t("mc_spread", language),
            min_value=0.0,
            max_value=1.0,
            step=0.05,
            key=Key.MC_SPREAD,
            help=t("mc_spread_help", language),
        )
    middle.number_input(
        t("mc_draws", language),
        min_value=1,
        step=500,
        key=Key.MC_DRAWS,
        help=t("mc_draws_help", language),
    )
    right.number_input(
        t("mc_seed", language), min_value=0, step=1, key=Key.SEED, help=t("mc_seed_help", language)
    )
    if panel:
        if model == "fixed":
            # Fixed weights leave the experts as the only thing that varies.
            st.session_state[Key.MC_BOOTSTRAP] = True
        st.toggle(
            t("mc_bootstrap", language),
            key=Key.MC_BOOTSTRAP,
            help=t("mc_bootstrap_help", language),
            disabled=model == "fixed",
        )


def mc_request(ctx: PageContext) -> tuple[Any, ...]:
    """What a Monte Carlo run depends on: the files' hashes, the choices and its settings."""
    return (tuple(f.sha256 for f in ctx.files), ctx.choices.core, ctx.choices.sensitivity)


def _mc_results(ctx: PageContext) -> None:
    language = ctx.language
    slot = st.empty()
    _stop_button(slot, Key.MC_REQUEST, None, language)
    result = monte_carlo_for(ctx.files, ctx.choices, progress_text=t("mc_progress", language))
    slot.empty()
    names = ctx.technology_names()
    st.success(
        t(
            "mc_done",
            language,
            draws=result.evaluated,
            seed=result.seed,
            tied=result.tied_draws,
        )
    )
    if result.failed_draws:
        st.warning(
            t(
                "sens_mc_failed",
                language,
                n=result.failed_draws,
                draws=result.draws,
                share=result.failed_share,
            )
            + " "
            + (result.failure.text(language) if result.failure is not None else "")
        )
    table = result.table()
    order = list(table.index)
    st.markdown(f"**{t('mc_acceptability', language)}**")
    st.caption(t("mc_acceptability_help", language))
    st.altair_chart(
        heatmap(
            acceptability_frame(result.acceptability.loc[order], names, language),
            x="rank",
            y="technology",
            value="share",
            x_title=t("col_rank", language),
            y_title=t("technology", language),
            fmt=".0%",
            label="label",
        ),
        width="stretch",
    )
    st.markdown(f"**{t('mc_topk', language, k=result.top_k)}**")
    top = pd.DataFrame({"technology": [names[x] for x in order], "p": table["p_top_k"].to_numpy()})
    st.altair_chart(
        bar(top, x="p", y="technology", x_title=t("mc_probability", language), y_title=""),
        width="stretch",
    )
    st.dataframe(
        pd.DataFrame(
            {
                t("technology", language): [names[x] for x in order],
                t("mc_p_first", language): table["p_first"].round(3).to_numpy(),
                t("mc_p_top", language, k=result.top_k): table["p_top_k"].round(3).to_numpy(),
                t("mc_mean_rank", language): table["mean_rank"].round(2).to_numpy(),
                t("mc_rank_range", language): [
                    f"{int(a)}-{int(b)}"
                    for a, b in zip(table["rank_5"], table["rank_95"], strict=True)
                ],
            }
        ),
        hide_index=True,
    )


def share_label(share: float, language: str) -> str:
    """A cell of the acceptability heatmap: blank for 0, "<1%" for a share that rounds to 0 %."""
    if share <= 0:
        return ""
    if f"{share:.0%}" == "0%":  # a share that rounds to 0 % is not nothing
        return "<" + format_number(0.01, language, ".0%")
    return format_number(share, language, ".0%")


def acceptability_frame(
    acceptability: pd.DataFrame, names: dict[str, str], language: str
) -> pd.DataFrame:
    """The heatmap's long table: technology name, rank, share and its label; the cells of
    shares of 0 are left out, so that they stay blank."""
    long = acceptability.rename(index=names).stack().rename("share").reset_index()
    long.columns = pd.Index(["technology", "rank", "share"])
    long["rank"] = long["rank"].astype(str)
    long["label"] = [share_label(float(v), language) for v in long["share"]]
    return long[long["share"] > 0].reset_index(drop=True)


def _monte_carlo(ctx: PageContext) -> None:
    language = ctx.language
    st.subheader(t("mc_title", language))
    st.write(t("mc_intro", language))
    _mc_settings(ctx)
    settings = ctx.choices.sensitivity
    model = t(f"mc_model_{settings.weights_model}", language)
    st.caption(t("mc_plan", language, draws=settings.draws, seed=ctx.choices.seed, model=model))
    request = mc_request(ctx)
    st.button(
        t("mc_run", language), key=Key.MC_RUN, on_click=_request, args=(request,), type="primary"
    )
    asked = st.session_state.get(Key.MC_REQUEST)
    if asked == request:
        _mc_results(ctx)
    elif asked is not None:
        st.info(t("mc_stale", language))


def render() -> None:
    """Draw the sensitivity page."""
    ctx = page_context()
    language = ctx.language
    page_header("page_sensitivity", "sensitivity_intro", language)
    method = method_info(ctx.choices.method.method).label(language)
    st.caption(
        weights_summary(ctx.choices.weights, language)
        + " "
        + t("method_in_use", language, method=method)
    )
    # Each section on its own: one that cannot be computed leaves the others usable.
    for section in (_stability, _sweep, _monte_carlo):
        try:
            section(ctx)
        except R57Error as exc:
            show_error(exc, language)


def requested_run(ctx: PageContext) -> bool:
    """Whether a Monte Carlo run was asked for with the current choices and settings."""
    return bool(st.session_state.get(Key.MC_REQUEST) == mc_request(ctx))
