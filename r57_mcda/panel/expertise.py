"""Self-rated expertise in the aggregation: the setting, and how it weighs or selects experts.

Round 1 of a study asks each expert how familiar they are with each technology, from 1 (general
knowledge only) to 5 (does research or development in it), optionally. The score table carries
the answer in its optional ``expertise`` column, one level per expert x technology, and the cube
in :attr:`~r57_mcda.panel.cube.ScoreCube.expertise`. The aggregation
(:func:`r57_mcda.panel.aggregation.aggregate_cube`) uses it as its ``expertise`` setting says:

- ``none`` (default): the levels are ignored; every number is exactly as without them.
- ``weight``: each expert's weight on technology t is multiplied by their level for t, in every
  aggregation method, as the confidence weighting does with each score's confidence. A
  technology the expert gave no level for takes the mean of the levels they gave (in the cube
  aggregated); an expert who gave none at all takes the mean of every level given in the panel,
  so as to count as familiar as the panel's average (not penalised, not favoured). With group
  balancing, the balancing acts on these expertise-weighted weights; with ``use_confidence``
  the two factors multiply (expert weight x level x confidence).
- ``min:K`` (K from 1 to 5): a cell of technology t aggregates only the experts whose level for
  t is at least K; an expert who gave no level for t is left out of it. Every statistic of the
  cell (n, spread, extremes) then describes the scores counted; the aggregate counts the scores
  and experts left out, and the quorum warning applies to the experts counted
  (:func:`below_quorum`). This is how the NISTEP Delphi surveys report their results for the
  respondents of high self-rated expertise beside those of all respondents (NISTEP's Science
  and Technology Foresight Surveys, Japan's national Delphi surveys).

A panel without any level refuses ``weight`` and ``min:K`` (``xpagg_none``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from r57_mcda.errors import InputError, MethodError, Problem
from r57_mcda.i18n import Message, msg
from r57_mcda.i18n.phrases import Localised, shown
from r57_mcda.panel.cube import BoolArray, FloatArray, IntArray, ScoreCube
from r57_mcda.panel.weighing import divide
from r57_mcda.vocab import DEFAULT_EXPERTISE, EXPERTISE_LEVELS

ExpertiseMode = Literal["none", "weight", "min"]
#: The setting's forms, as the messages name them.
EXPERTISE_FORMS = "none, weight, min:K"
_LEVEL_TEXTS = {str(level): level for level in EXPERTISE_LEVELS}


@dataclass(frozen=True)
class Expertise:
    """How the aggregation uses the experts' self-rated expertise: ``mode`` ``none``,
    ``weight`` or ``min`` (then ``level`` is K). ``str()`` gives the setting's text
    (``none``, ``weight``, ``min:3``), as an AnalysisSpec records it."""

    mode: ExpertiseMode = "none"
    level: int | None = None

    @classmethod
    def parse(cls, value: str | Expertise) -> Expertise:
        """The setting written ``none``, ``weight`` or ``min:K`` (K a whole number 1 to 5;
        case and spaces around the parts do not matter).

        Raises
        ------
        MethodError
            For any other text (``xpagg_unknown``) or a K that is not a level
            (``xpagg_min_level``).
        """
        if isinstance(value, Expertise):
            return value
        text = str(value).strip().casefold()
        if text in {"none", "weight"}:
            return cls(text)  # type: ignore[arg-type]
        head, colon, tail = text.partition(":")
        if head.strip() != "min" or not colon:
            raise MethodError("xpagg_unknown", value=shown(str(value)), forms=EXPERTISE_FORMS)
        level = _LEVEL_TEXTS.get(tail.strip())
        if level is None:
            raise MethodError("xpagg_min_level", value=tail.strip())
        return cls("min", level)

    def __str__(self) -> str:
        return f"min:{self.level}" if self.mode == "min" else self.mode

    @property
    def active(self) -> bool:
        """Whether the setting changes anything (not ``none``)."""
        return self.mode != "none"

    def phrase(self, aggregation: Localised | str) -> Message:
        """The aggregation's label with this rule stated (``aggregation`` itself for
        ``none``), for captions and the report."""
        if self.mode == "weight":
            return msg("xpagg_weighed", aggregation=aggregation)
        if self.mode == "min":
            return msg("xpagg_at_least", aggregation=aggregation, level=self.level)
        return msg("xpagg_ignored", aggregation=aggregation)


#: The default setting: the levels are ignored.
NO_EXPERTISE = Expertise.parse(DEFAULT_EXPERTISE)


def expertise_levels(cube: ScoreCube) -> FloatArray:
    """The cube's levels (experts x technologies, NaN where none was given), checked.

    Raises
    ------
    InputError
        When no level is given at all (``xpagg_none``), or for levels that are not whole
        numbers 1 to 5 (``xpagg_level_invalid``, one problem per expert and technology).
    """
    levels = cube.expertise
    given = ~np.isnan(levels)
    if not given.any():
        raise InputError(Problem("xpagg_none", column="expertise"))
    bad = given & ~np.isin(levels, EXPERTISE_LEVELS)
    if bad.any():
        raise InputError(
            Problem(
                "xpagg_level_invalid",
                column="expertise",
                params={
                    "expert": cube.experts[e],
                    "technology": cube.technologies[t],
                    "value": float(levels[e, t]),
                },
            )
            for e, t in zip(*np.nonzero(bad), strict=True)
        )
    return levels


def expertise_factors(cube: ScoreCube) -> FloatArray:
    """Each expert's factor on each technology under ``weight``: their level, a missing one
    filled by the rule of the module docstring (experts x technologies).

    Raises
    ------
    InputError
        As :func:`expertise_levels`.
    """
    levels = expertise_levels(cube)
    given = ~np.isnan(levels)
    filled = np.where(given, levels, 0.0)
    expert_mean = divide(filled.sum(axis=1), given.sum(axis=1), fill=filled.sum() / given.sum())
    return np.where(given, levels, expert_mean[:, None])


def counted_experts(cube: ScoreCube, level: int) -> BoolArray:
    """Under ``min:K`` with K = ``level``: True where the expert's level for the technology is
    at least K (experts x technologies; no level is never counted).

    Raises
    ------
    InputError
        As :func:`expertise_levels`.
    """
    return np.nan_to_num(expertise_levels(cube), nan=0.0) >= level


def experts_left_out(cube: ScoreCube, counted: BoolArray) -> IntArray:
    """Per technology, the experts who scored it at least once but are not ``counted``."""
    scored = cube.scored.any(axis=2)
    return np.asarray((scored & ~counted).sum(axis=0), dtype=np.int64)


def below_quorum(n: pd.DataFrame, setting: Expertise, quorum: int) -> list[Problem]:
    """Under ``min:K``, a warning per technology with cells counting fewer than ``quorum``
    experts (``n``: technologies x criteria, the scores counted), as the readers warn of the
    cells below the quorum; nothing for the other settings."""
    if setting.mode != "min":
        return []
    problems = []
    for technology, row in n.iterrows():
        thin = [f"{c} ({int(v)})" for c, v in row.items() if v < quorum]
        if thin:
            params = {
                "technology": str(technology),
                "quorum": quorum,
                "level": setting.level,
                "n": len(thin),
                "cells": ", ".join(thin),
            }
            problems.append(Problem("xpagg_below_quorum", severity="warning", params=params))
    return problems
