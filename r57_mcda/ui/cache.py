"""Cached computations for the app, keyed on hashable inputs (file bytes and settings).

Each step of the pipeline is cached on its own inputs only, so that moving a weight slider
re-runs the weights and the ranking but not the aggregation of the panel. Results are returned
as copies (``st.cache_data`` pickles them), except the parsed inputs and the full analysis,
which are large, frozen and shared.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar, cast

import pandas as pd
import streamlit as st

from r57_mcda.errors import InputError, Problem, R57Error
from r57_mcda.explain.compare import Comparison, compare_rankings
from r57_mcda.explain.contributions import Contributions, contributions
from r57_mcda.explain.pairs import PairExplanation, compare_pair
from r57_mcda.i18n import Message
from r57_mcda.io.inputs import InputFile, LoadedInputs, load_inputs
from r57_mcda.models import Ranking, Weights
from r57_mcda.panel.aggregation import PanelAggregate
from r57_mcda.panel.agreement import Agreement, assess_agreement
from r57_mcda.panel.consensus import scale_thresholds
from r57_mcda.pipeline.analysis import (
    AnalysisResult,
    analyse,
    criteria_weights,
    decision_matrix,
    rank_matrix,
    spec_for,
)
from r57_mcda.pipeline.portfolio import PortfolioSettings
from r57_mcda.pipeline.sensitivity import SensitivityResult, SensitivitySettings, run_sensitivity
from r57_mcda.report.workbook import SensitivityRun, build_report
from r57_mcda.sensitivity import MonteCarloResult, StabilityResult, SweepResult, sweep_weights
from r57_mcda.spec import AnalysisSpec, WeightSpec
from r57_mcda.ui.choices import (
    Choices,
    MethodChoice,
    PanelChoice,
    RankingChoice,
    build_spec,
)
from r57_mcda.vocab import DEFAULT_POINTS, DEFAULT_QUORUM

Files = tuple[InputFile, ...]


#: SHA-256 digests of the files' contents, by the id of the bytes object (which the entry keeps
#: alive, so the id cannot be reused for other bytes while the entry exists).
_DIGESTS: dict[int, tuple[bytes, str]] = {}
_DIGESTS_MAX = 256


def content_digest(content: bytes) -> str:
    """The SHA-256 of ``content``, computed once per bytes object.

    Every cached step is keyed on the input files; hashing megabytes of scores on every call
    would cost milliseconds per step, so the digest is kept for the bytes object the session
    holds. Unlike ``hash(bytes)`` (salted per process and 64 bits), equal contents always
    give equal keys and different contents cannot collide in practice.
    """
    entry = _DIGESTS.get(id(content))
    if entry is not None and entry[0] is content:
        return entry[1]
    digest = hashlib.sha256(content).hexdigest()
    if len(_DIGESTS) >= _DIGESTS_MAX:
        _DIGESTS.clear()
    _DIGESTS[id(content)] = (content, digest)
    return digest


def _file_key(file: InputFile) -> tuple[str, str, str]:
    return (file.role, file.name, content_digest(file.content))


#: How the cached functions hash their inputs (see ``_file_key``).
HASH_FUNCS: dict[str | type[Any], Callable[[Any], Any]] = {InputFile: _file_key}


# A resource, not data: the parsed inputs are read-only and large, and copying them on every
# call (as st.cache_data does) would cost more than the steps that use them.
@st.cache_resource(show_spinner=False, max_entries=16, hash_funcs=HASH_FUNCS)
def loaded_inputs(files: Files, quorum: int = DEFAULT_QUORUM) -> LoadedInputs:
    """Parse and validate the input files (raises InputError with every problem).

    The result is shared and must not be changed (it is a frozen value; its frames are read
    only by contract).
    """
    return load_inputs(files, quorum=quorum)


@st.cache_data(show_spinner=False, max_entries=64, hash_funcs=HASH_FUNCS)
def panel_summary(
    files: Files, panel: PanelChoice, iqr_share: float
) -> tuple[PanelAggregate, Agreement]:
    """The aggregated panel and its agreement statistics.

    Aggregated with the same settings as the ranking (aggregation, group balance, trim,
    expert weights, quorum); a cell lacks consensus when its IQR is above ``iqr_share`` of
    its criterion's scale range (:func:`~r57_mcda.panel.consensus.scale_thresholds`).
    """
    loaded = loaded_inputs(files, panel.quorum)
    _, aggregate = decision_matrix(loaded, _spec(loaded, panel))
    if loaded.panel is None or aggregate is None:
        raise InputError(Problem("input_scores_or_matrix"))
    thresholds = scale_thresholds(loaded.criteria, loaded.panel.scores, iqr_share)
    agreement = assess_agreement(loaded.panel, aggregate, iqr_threshold=thresholds)
    return aggregate, agreement


def _spec(
    loaded: LoadedInputs,
    panel: PanelChoice,
    weights: WeightSpec | None = None,
    method: MethodChoice | None = None,
) -> AnalysisSpec:
    spec = spec_for(loaded, **panel.spec_settings())
    if weights is not None:
        spec = spec.with_changes(weights=weights)
    if method is not None:
        spec = spec.with_changes(method=method.method, params=dict(method.params))
    return spec


@st.cache_data(show_spinner=False, max_entries=32, hash_funcs=HASH_FUNCS)
def decision(files: Files, panel: PanelChoice) -> pd.DataFrame:
    """The decision matrix: the panel aggregated as chosen, or the matrix loaded."""
    loaded = loaded_inputs(files, panel.quorum)
    matrix, _ = decision_matrix(loaded, _spec(loaded, panel))
    return matrix


@st.cache_data(show_spinner=False, max_entries=64, hash_funcs=HASH_FUNCS)
def weights_for(files: Files, panel: PanelChoice, weights: WeightSpec) -> Weights:
    """The criteria weights (summing to 1) of a weight choice."""
    loaded = loaded_inputs(files, panel.quorum)
    return criteria_weights(weights, decision(files, panel), loaded)


def _method_inputs(
    files: Files, run: RankingChoice
) -> tuple[LoadedInputs, pd.DataFrame, pd.Series]:
    loaded = loaded_inputs(files, run.panel.quorum)
    weights = weights_for(files, run.panel, run.weights).values
    return loaded, decision(files, run.panel), weights


@st.cache_data(show_spinner=False, max_entries=128, hash_funcs=HASH_FUNCS)
def ranking_for(files: Files, run: RankingChoice) -> Ranking:
    """The ranking of one method with the chosen weights."""
    loaded = loaded_inputs(files, run.panel.quorum)
    spec = _spec(loaded, run.panel, run.weights, run.method)
    weights = weights_for(files, run.panel, run.weights)
    return rank_matrix(decision(files, run.panel), weights, loaded.criteria, spec)


@st.cache_data(show_spinner=False, max_entries=64, hash_funcs=HASH_FUNCS)
def contributions_for(files: Files, run: RankingChoice) -> Contributions:
    """Per-criterion parts of each score (MethodError for a method that has none)."""
    loaded, matrix, weights = _method_inputs(files, run)
    method = run.method
    return contributions(
        matrix, weights, loaded.criteria, method=method.method, params=dict(method.params)
    )


@st.cache_data(show_spinner=False, max_entries=64, hash_funcs=HASH_FUNCS)
def pair_for(files: Files, run: RankingChoice, a: str, b: str) -> PairExplanation:
    """Technologies ``a`` and ``b`` side by side, with the weights that would swap them."""
    loaded, matrix, weights = _method_inputs(files, run)
    method = run.method
    return compare_pair(
        matrix, weights, loaded.criteria, a, b, method=method.method, params=dict(method.params)
    )


@dataclass(frozen=True, eq=False)
class MethodComparison:
    """The rankings of several methods compared, and the methods that could not rank."""

    comparison: Comparison | None
    failed: tuple[tuple[str, Message], ...]


@st.cache_data(show_spinner=False, max_entries=32, hash_funcs=HASH_FUNCS)
def comparison_for(files: Files, run: RankingChoice, methods: tuple[str, ...]) -> MethodComparison:
    """Rank with every method in ``methods`` and compare; the chosen method keeps its parameters.

    A method that cannot rank these inputs is listed in ``failed`` with its reason (a message,
    for the page to render in the user's language) instead of
    stopping the comparison.
    """
    rankings: list[Ranking] = []
    failed: list[tuple[str, Message]] = []
    for name in methods:
        chosen = run.method if name == run.method.method else MethodChoice(name)
        try:
            rankings.append(ranking_for(files, dataclasses.replace(run, method=chosen)))
        except R57Error as exc:
            failed.append((name, exc.message))
    compared = compare_rankings(rankings, labels=[r.method for r in rankings]) if rankings else None
    return MethodComparison(compared, tuple(failed))


# A resource for the reason given at loaded_inputs: the result holds the parsed inputs.
@st.cache_resource(show_spinner=False, max_entries=8, hash_funcs=HASH_FUNCS)
def analysis_for(files: Files, choices: Choices) -> AnalysisResult:
    """Every step of the analysis the choices describe (the result the report is built from).

    The result is shared and must not be changed.
    """
    loaded = loaded_inputs(files, choices.panel.quorum)
    return analyse(loaded, build_spec(loaded, choices))


def _run(
    files: Files,
    choices: Choices,
    settings: SensitivitySettings,
    progress: Callable[[int, int], None] | None = None,
) -> SensitivityResult:
    """One analysis of the library's sensitivity entry, on the core of the choices."""
    return run_sensitivity(analysis_for(files, choices.core), settings, progress=progress)


_Result = TypeVar("_Result")


def _with_bar(text: str, work: Callable[[Callable[[int, int], None] | None], _Result]) -> _Result:
    """Run ``work(progress)`` under a progress bar labelled ``text`` (none when ``text`` is "").

    Streamlit stops a running script at its next element update when the user presses a
    button; the bar's updates are those points, so a Stop button drawn before the run cancels
    it (and an interrupted run caches nothing).
    """
    if not text:
        return work(None)
    bar = st.progress(0.0, text=text)

    def progress(done: int, total: int) -> None:
        bar.progress(min(1.0, done / max(total, 1)), text=text)

    try:
        return work(progress)
    finally:
        bar.empty()


# ``_progress_text`` starts with an underscore: Streamlit leaves it out of the cache key, so
# switching the language replays the cached result instead of computing it again.
@st.cache_data(show_spinner=False, max_entries=32, hash_funcs=HASH_FUNCS)
def _stability(files: Files, core: Choices, _progress_text: str = "") -> StabilityResult:
    settings = SensitivitySettings(analysis="stability")
    result = _with_bar(_progress_text, lambda progress: _run(files, core, settings, progress))
    return cast(StabilityResult, result)


def stability_for(files: Files, choices: Choices, *, progress_text: str = "") -> StabilityResult:
    """Stability intervals of the first place and the top k for every criterion's weight,
    with a progress bar labelled ``progress_text`` while they compute."""
    return _stability(files, choices.core, progress_text)


# A resource: the exact WSM breakpoints of a large panel run to megabytes, too many to copy
# on every rerun; the library makes the result's arrays read-only.
@st.cache_resource(show_spinner=False, max_entries=32, hash_funcs=HASH_FUNCS)
def _sweep(files: Files, core: Choices, criterion: str) -> SweepResult:
    # One criterion at a time (the library's shared entry sweeps them all, which a page
    # showing one chart does not need).
    result = analysis_for(files, core)
    spec = result.spec
    return sweep_weights(
        result.matrix,
        result.weights.values,
        result.criteria,
        method=spec.method,
        params=dict(spec.params),
        criteria_ids=[criterion],
        points=DEFAULT_POINTS,
    )


def sweep_for(files: Files, choices: Choices, criterion: str) -> SweepResult:
    """One criterion's weight swept from 0 to 1 (the others in proportion)."""
    return _sweep(files, choices.core, criterion)


@st.cache_data(show_spinner=False, max_entries=16, hash_funcs=HASH_FUNCS)
def _monte_carlo(
    files: Files, core: Choices, settings: SensitivitySettings, _progress_text: str
) -> MonteCarloResult:
    # The bar is drawn and removed in here, so that a cached result replays nothing (a bar
    # drawn outside a cached function cannot be updated from inside it). The text is not part
    # of the cache key (leading underscore): a language switch does not re-run the simulation.
    result = _with_bar(
        _progress_text or " ", lambda progress: _run(files, core, settings, progress)
    )
    return cast(MonteCarloResult, result)


def monte_carlo_for(files: Files, choices: Choices, *, progress_text: str) -> MonteCarloResult:
    """The Monte Carlo run of the chosen settings, with a progress bar while it computes."""
    settings = dataclasses.replace(choices.sensitivity, analysis="montecarlo")
    return _monte_carlo(files, choices.core, settings, progress_text)


@st.cache_data(show_spinner=False, max_entries=8, hash_funcs=HASH_FUNCS)
def report_for(
    files: Files,
    choices: Choices,
    *,
    language: str,
    monte_carlo: bool,
    stability: bool,
    progress_text: str,
    rounds: RoundsSource | None = None,
    portfolio: PortfolioSettings | None = None,
    portfolio_text: str = "",
) -> bytes:
    """The Excel report of the current analysis, with the sensitivity results asked for.

    ``monte_carlo`` adds the Monte Carlo run of the chosen settings, ``stability`` the
    stability intervals of the chosen method and top k. For a study's data, ``rounds`` (the
    store's URL, the study and what its rounds' answers are) adds the Rounds sheet.
    ``portfolio`` (the Portfolio page's settings) adds the Portfolio sheet; a robustness run
    it asks for and the page has not made yet runs under a bar labelled ``portfolio_text``.
    """
    from r57_mcda.ui.pages.portfolio import portfolio_result
    from r57_mcda.ui.pages.rounds import rounds_data

    result = analysis_for(files, choices)
    mc = None
    if monte_carlo:
        mc = monte_carlo_for(files, choices, progress_text=progress_text)
    stable = stability_for(files, choices) if stability else None
    convergence = None
    if rounds is not None:
        url, study_id, digests, settings = rounds
        convergence = rounds_data(url, study_id, choices.method.method, digests, settings)
    selected = None
    if portfolio is not None:
        selected = portfolio_result(files, choices.core, portfolio, portfolio_text)
    return build_report(
        result,
        lang=language,
        sensitivity=SensitivityRun(mc, stable),
        rounds=None if convergence is None else convergence.convergence,
        portfolio=selected,
    )


#: A study's rounds as the report's cache key: the store's URL, the study id, and
#: ``r57_mcda.ui.pages.rounds.answers_key``'s (round, scores SHA-256) pairs and rules.
RoundsSource = tuple[str, int, tuple[tuple[int, str], ...], str]
