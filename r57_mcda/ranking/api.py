"""``rank``: validate the inputs, run one method, turn its native scores into ranks."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

import pandas as pd

from r57_mcda.i18n import Message, msg
from r57_mcda.models import CriteriaSet, Ranking
from r57_mcda.ranking import external as skc
from r57_mcda.ranking.classic import topsis_parts, wpm_scores, wsm_contributions
from r57_mcda.ranking.normalise import scale_bounds
from r57_mcda.ranking.prepare import (
    MethodOutcome,
    Prepared,
    check_method_inputs,
    check_param_names,
    unit_interval,
    validate_inputs,
)
from r57_mcda.ranking.promethee import promethee_flows, promethee_settings
from r57_mcda.ranking.registry import MethodInfo, method_info
from r57_mcda.ranking.ties import competition_ranks
from r57_mcda.ranking.vikor import vikor_parts

Runner = Callable[[MethodInfo, Prepared, dict[str, Any]], tuple[dict[str, Any], MethodOutcome]]


def _wsm(
    info: MethodInfo, prep: Prepared, params: dict[str, Any]
) -> tuple[dict[str, Any], MethodOutcome]:
    contributions = wsm_contributions(prep.matrix, prep.weights, prep.criteria)
    extras = {
        "contributions": contributions,
        "bounds": scale_bounds(prep.matrix, prep.criteria, declared=True),
    }
    return {}, MethodOutcome(contributions.sum(axis=1), extras)


def _wpm(
    info: MethodInfo, prep: Prepared, params: dict[str, Any]
) -> tuple[dict[str, Any], MethodOutcome]:
    return {}, MethodOutcome(wpm_scores(prep.matrix, prep.weights, prep.criteria))


def _topsis(
    info: MethodInfo, prep: Prepared, params: dict[str, Any]
) -> tuple[dict[str, Any], MethodOutcome]:
    parts = topsis_parts(prep.matrix, prep.weights, prep.criteria)
    extras = {
        "d_plus": parts.d_plus,
        "d_minus": parts.d_minus,
        "ideal": parts.ideal,
        "anti_ideal": parts.anti_ideal,
    }
    return {}, MethodOutcome(parts.closeness, extras)


def _vikor(
    info: MethodInfo, prep: Prepared, params: dict[str, Any]
) -> tuple[dict[str, Any], MethodOutcome]:
    v = unit_interval(info, "v", params["v"])
    parts = vikor_parts(prep.matrix, prep.weights, prep.criteria, v=v)
    notes: list[Message] = []
    if parts.constant_criteria:
        names = ", ".join(map(repr, parts.constant_criteria))
        notes.append(msg("rank_note_vikor_constant", names=names))
    for flag, name in ((parts.constant_s, "S"), (parts.constant_r, "R")):
        if flag:
            notes.append(msg("rank_note_vikor_flat", part=name))
    extras = {
        "S": parts.s,
        "R": parts.r,
        "Q": parts.q,
        "compromise_set": parts.compromise_set,
        "acceptable_advantage": parts.acceptable_advantage,
        "acceptable_stability": parts.acceptable_stability,
        "dq": parts.dq,
        "constant_criteria": parts.constant_criteria,
    }
    return {"v": v}, MethodOutcome(parts.q, extras, tuple(notes))


def _promethee2(
    info: MethodInfo, prep: Prepared, params: dict[str, Any]
) -> tuple[dict[str, Any], MethodOutcome]:
    every = [str(c) for c in prep.all_weights.index]
    settings = promethee_settings(
        every, functions=params["functions"], thresholds=params["thresholds"]
    )
    used = [str(c) for c in prep.matrix.columns]
    flows = promethee_flows(
        prep.matrix,
        prep.weights,
        prep.criteria,
        functions={c: settings.functions[c] for c in used},
        thresholds={c: t for c, t in settings.thresholds.items() if c in used},
    )
    silent = [c for c in used if (flows.criterion_flows[c] == 0).all()]
    notes: list[Message] = []
    if silent:
        notes.append(msg("rank_note_promethee_silent", names=", ".join(map(repr, silent))))
    extras = {
        "phi_plus": flows.phi_plus,
        "phi_minus": flows.phi_minus,
        "phi_net": flows.phi_net,
        "criterion_flows": flows.criterion_flows,
    }
    return settings.as_params(), MethodOutcome(flows.phi_net, extras, tuple(notes))


_NATIVE: Mapping[str, Runner] = MappingProxyType(
    {"wsm": _wsm, "wpm": _wpm, "topsis": _topsis, "vikor": _vikor, "promethee2": _promethee2}
)


def rank(
    matrix: pd.DataFrame,
    weights: pd.Series,
    criteria: CriteriaSet,
    *,
    method: str = "wsm",
    params: Mapping[str, Any] | None = None,
) -> Ranking:
    """Rank technologies with one MCDA method.

    Parameters
    ----------
    matrix
        Decision matrix: rows technology ids, columns criterion ids (any subset and order of
        ``criteria``), numbers. Not modified.
    weights
        Weight per criterion id, non-negative, for exactly the matrix columns; normalised to
        sum 1 here. A zero weight removes the criterion (listed in
        ``extras["dropped_zero_weight"]``); the result is the same as without that column.
    criteria
        The criteria set: directions and declared scales.
    method
        A method id from :func:`list_methods` (``wsm`` by default).
    params
        Method parameters; every key must be one of the method's ``defaults``.

    Returns
    -------
    Ranking
        Native scores (read with ``higher_is_better``), competition ranks (ties share the best
        rank and are flagged), the weights used, the effective parameters, and extras: the
        method's own outputs plus ``dropped_zero_weight``, ``notes`` (a tuple of
        :class:`~r57_mcda.i18n.Message`, for front ends to render with ``note.text(lang)``)
        and ``notes_vi`` (the same notes rendered in Vietnamese, as the documented JSON has
        them).

    Raises
    ------
    MethodError
        Unknown method or parameter, a parameter out of range, or inputs this method cannot
        rank (too few technologies, non-positive values for ratio methods, a constant column
        where the method divides by its range, ...).
    InputError
        The matrix or weights themselves are invalid (every problem listed).
    """
    info = method_info(method)
    merged = check_param_names(info, params)
    # Parameter values that do not depend on the data are checked before the data.
    resolved = skc.resolve_params(info, merged) if info.backend == "scikit-criteria" else {}
    prepared = validate_inputs(matrix, weights, criteria)
    check_method_inputs(prepared, info)
    runner = _NATIVE.get(info.id)
    if runner is None:
        outcome = skc.run_skcriteria(info, prepared, resolved)
    else:
        resolved, outcome = runner(info, prepared, merged)
    scores = outcome.scores.rename("score")
    ranks, tied = competition_ranks(scores, higher_is_better=info.higher_is_better)
    notes = list(outcome.notes)
    if prepared.dropped:
        notes.append(msg("rank_note_zero_weight", names=", ".join(map(repr, prepared.dropped))))
    extras = {
        **outcome.extras,
        "dropped_zero_weight": prepared.dropped,
        "notes": tuple(notes),
        "notes_vi": tuple(note.text("vi") for note in notes),
    }
    return Ranking(
        method=info.id,
        scores=scores,
        higher_is_better=info.higher_is_better,
        ranks=ranks,
        tied=tied,
        weights=prepared.all_weights,
        params=resolved,
        extras=extras,
    )
