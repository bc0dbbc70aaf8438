"""The user's choices as plain values, and how they map to and from an AnalysisSpec."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd

from r57_mcda.errors import R57Error, SpecError
from r57_mcda.i18n import Message
from r57_mcda.io.inputs import InputFile, LoadedInputs
from r57_mcda.pipeline.analysis import spec_for
from r57_mcda.pipeline.sensitivity import SensitivitySettings
from r57_mcda.spec import AnalysisSpec, WeightSpec
from r57_mcda.vocab import (
    DEFAULT_AGGREGATION,
    DEFAULT_EXPERTISE,
    DEFAULT_METHOD,
    DEFAULT_QUORUM,
    DEFAULT_RANK_METHOD,
    DEFAULT_SEED,
    DEFAULT_TOP_K,
    DEFAULT_TRIM,
    DEFAULT_WEIGHT_SOURCE,
    WEIGHT_SOURCES,
)

#: Where the app's weights come from: the AnalysisSpec sources plus ``ahp_grid``, AHP
#: judgments entered in the app (saved in a spec as ``ahp`` with the matrices themselves).
CHOICE_SOURCES = (*WEIGHT_SOURCES, "ahp_grid")

#: Pairwise matrices in a hashable form: ((scope, ((row, ((column, a_ij), ...)), ...)), ...).
Judgments = tuple[tuple[str, tuple[tuple[str, tuple[tuple[str, float], ...]], ...]], ...]


def _pairs(values: Mapping[str, float]) -> tuple[tuple[str, float], ...]:
    return tuple(sorted((str(k), float(v)) for k, v in values.items()))


def freeze_judgments(pairwise: Mapping[str, Mapping[str, Mapping[str, float]]]) -> Judgments:
    """Nested pairwise matrices as hashable tuples (row and column order kept)."""
    return tuple(
        (
            str(scope),
            tuple(
                (str(row), tuple((str(col), float(v)) for col, v in cells.items()))
                for row, cells in rows.items()
            ),
        )
        for scope, rows in pairwise.items()
    )


def thaw_judgments(judgments: Judgments) -> dict[str, dict[str, dict[str, float]]]:
    """The nested mappings of :func:`freeze_judgments`'s tuples."""
    return {scope: {row: dict(cells) for row, cells in rows} for scope, rows in judgments}


def store_key(scope: str, a: str, b: str) -> str:
    """The session key of the judgment of ``a`` over ``b`` in matrix ``scope``."""
    return f"{scope}|{a}|{b}"


def slider_positions(judgments: Judgments) -> dict[str, int]:
    """The AHP grid's slider positions (Saaty 9..1..-9) that give these matrices."""
    positions: dict[str, int] = {}
    for scope, rows in thaw_judgments(judgments).items():
        ids = list(rows)
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                value = rows[a][b]
                positions[store_key(scope, a, b)] = (
                    round(value) if value >= 1 else -round(1 / value)
                )
    return positions


@dataclass(frozen=True)
class WeightChoice:
    """The criteria weights a user chose: a source and, where the source needs them, values.

    ``values`` are direct values (any non-negative scale) for ``direct`` and the priorities for
    ``ahp_grid``, sorted by criterion id so that equal choices compare equal. ``order`` (best
    first, a tuple for tied criteria) and ``rank_method`` are for ``rank``; ``cr`` is the
    consistency ratio of an ``ahp_grid`` choice.
    """

    source: str = DEFAULT_WEIGHT_SOURCE
    values: tuple[tuple[str, float], ...] = ()
    order: tuple[str | tuple[str, ...], ...] = ()
    rank_method: str = DEFAULT_RANK_METHOD
    cr: float | None = None
    pairwise: Judgments = ()

    @classmethod
    def direct(
        cls,
        values: Mapping[str, float],
        *,
        source: str = "direct",
        cr: float | None = None,
        pairwise: Judgments = (),
    ) -> WeightChoice:
        """A ``direct`` (or ``ahp_grid``) choice from a mapping of criterion id to value."""
        return cls(source=source, values=_pairs(values), cr=cr, pairwise=pairwise)

    def spec(self) -> WeightSpec:
        """The WeightSpec that reproduces these weights."""
        if self.source == "ahp_grid" and self.pairwise:
            return WeightSpec(
                source="ahp", values=dict(self.values), pairwise=thaw_judgments(self.pairwise)
            )
        if self.source in ("direct", "ahp_grid"):
            return WeightSpec(source="direct", values=dict(self.values))
        if self.source == "rank":
            return WeightSpec(source="rank", order=self.order, rank_method=self.rank_method)
        if self.source == "ahp":
            # The AHP files loaded with the data (one per judge, combined by AIJ).
            return WeightSpec(source="ahp")
        return WeightSpec(source=self.source)

    @classmethod
    def from_spec(cls, spec: WeightSpec) -> WeightChoice:
        """The choice a saved WeightSpec describes."""
        if spec.source == "ahp" and spec.pairwise:
            from r57_mcda.weighting.ahp import ahp_priorities
            from r57_mcda.weighting.ahp_weights import TOP_SCOPE

            # Uploaded content: a file without the matrices asked for is an error the user
            # reads, never an assertion.
            if TOP_SCOPE not in spec.pairwise:
                raise SpecError(
                    "ui_settings_no_ahp_matrix",
                    scope=TOP_SCOPE,
                    found=", ".join(map(str, spec.pairwise)) or "-",
                )
            judgments = freeze_judgments(spec.pairwise)
            crs = []
            for scope, rows in spec.pairwise.items():
                try:
                    table = pd.DataFrame.from_dict(dict(rows), orient="index")[list(rows)]
                    crs.append(ahp_priorities(table.astype(float)).cr)
                except R57Error as exc:
                    raise SpecError(
                        "ui_settings_bad_ahp_matrix", scope=scope, reason=exc.message
                    ) from exc
                except (KeyError, TypeError, ValueError) as exc:
                    reason = Message("ui_settings_ahp_not_square", {})
                    raise SpecError(
                        "ui_settings_bad_ahp_matrix", scope=scope, reason=reason
                    ) from exc
            cr = max(crs)
            return cls(source="ahp_grid", values=_pairs(spec.values), cr=cr, pairwise=judgments)
        return cls(
            source=spec.source,
            values=_pairs(spec.values),
            order=tuple(spec.order),
            rank_method=spec.rank_method,
        )

    def fits(self, criteria_ids: Sequence[str]) -> bool:
        """Whether the choice names exactly these criteria (where it names any)."""
        ids = set(criteria_ids)
        if self.source in ("direct", "ahp_grid"):
            return {k for k, _ in self.values} == ids
        if self.source == "rank":
            flat = [c for o in self.order for c in ((o,) if isinstance(o, str) else o)]
            return sorted(flat) == sorted(ids)
        return True


@dataclass(frozen=True)
class PanelChoice:
    """How the panel's scores become a decision matrix (the spec's aggregation settings)."""

    aggregation: str = DEFAULT_AGGREGATION
    balance_groups: bool = False
    trim: float = DEFAULT_TRIM
    quorum: int = DEFAULT_QUORUM
    expert_weights: tuple[tuple[str, float], ...] = ()
    use_confidence: bool = False
    #: ``none``, ``weight`` or ``min:K`` (:mod:`r57_mcda.panel.expertise`).
    expertise: str = DEFAULT_EXPERTISE

    def spec_settings(self) -> dict[str, Any]:
        """These choices as AnalysisSpec keyword arguments."""
        return {
            "aggregation": self.aggregation,
            "balance_groups": self.balance_groups,
            "use_confidence": self.use_confidence,
            "expertise": self.expertise,
            "trim": self.trim,
            "quorum": self.quorum,
            "expert_weights": dict(self.expert_weights),
        }


@dataclass(frozen=True)
class MethodChoice:
    """The ranking method and the parameters the user changed from its defaults."""

    method: str = DEFAULT_METHOD
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RankingChoice:
    """What one ranking depends on: the aggregation, the weights and the method."""

    panel: PanelChoice
    weights: WeightSpec
    method: MethodChoice


#: The app's Monte Carlo settings until the user changes them: the defaults every front end
#: shares (:mod:`r57_mcda.vocab`).
DEFAULT_SENSITIVITY = SensitivitySettings()


@dataclass(frozen=True)
class Choices:
    """Every choice an AnalysisSpec records, as the app keeps them.

    ``sensitivity`` holds the Monte Carlo settings of the sensitivity page (a spec saved by
    the command line may name another analysis: it is kept as it is, so that saving the
    settings again gives the same spec).
    """

    panel: PanelChoice = field(default_factory=PanelChoice)
    weights: WeightChoice = field(default_factory=WeightChoice)
    method: MethodChoice = field(default_factory=MethodChoice)
    compare: tuple[str, ...] = ()
    top_k: int = DEFAULT_TOP_K
    seed: int = DEFAULT_SEED
    sensitivity: SensitivitySettings = DEFAULT_SENSITIVITY

    @property
    def ranking(self) -> RankingChoice:
        """The choices one ranking depends on."""
        return RankingChoice(self.panel, self.weights.spec(), self.method)

    @property
    def core(self) -> Choices:
        """The choices a ranking and its sensitivity depend on: without the methods to compare
        and the Monte Carlo settings (so that changing those does not redo the rest)."""
        return replace(self, compare=(), sensitivity=DEFAULT_SENSITIVITY)


def build_spec(loaded: LoadedInputs, choices: Choices) -> AnalysisSpec:
    """The AnalysisSpec of ``choices`` applied to ``loaded`` (file names and SHA-256 recorded)."""
    return spec_for(
        loaded,
        **choices.panel.spec_settings(),
        weights=choices.weights.spec(),
        method=choices.method.method,
        params=dict(choices.method.params),
        compare=choices.compare,
        top_k=choices.top_k,
        seed=choices.seed,
        sensitivity=choices.sensitivity.to_dict(),
    )


def choices_from_spec(spec: AnalysisSpec) -> Choices:
    """The choices a saved spec records (the inverse of :func:`build_spec`)."""
    return Choices(
        panel=PanelChoice(
            aggregation=spec.aggregation,
            balance_groups=spec.balance_groups,
            trim=spec.trim,
            quorum=spec.quorum,
            expert_weights=_pairs(spec.expert_weights),
            use_confidence=spec.use_confidence,
            expertise=spec.expertise,
        ),
        weights=WeightChoice.from_spec(spec.weights),
        method=MethodChoice(spec.method, dict(spec.params)),
        compare=tuple(spec.compare),
        top_k=spec.top_k,
        seed=spec.seed,
        sensitivity=SensitivitySettings.from_dict(spec.sensitivity)
        if spec.sensitivity
        else DEFAULT_SENSITIVITY,
    )


@dataclass(frozen=True)
class InputMismatch:
    """An input of a saved spec that the loaded files do not reproduce.

    ``kind`` is ``changed`` (same role, other content), ``missing`` (the spec has a file of
    this role the session lacks), ``extra`` (the session has a file the spec did not record)
    or ``study`` (the spec is of a study's round, ``name`` the study and ``role`` the round,
    whose scores the session does not hold).
    """

    kind: str
    role: str
    name: str
    expected: str = ""
    actual: str = ""


def input_mismatches(spec: AnalysisSpec, files: Sequence[InputFile]) -> list[InputMismatch]:
    """Every difference between the spec's recorded inputs and ``files``, by role and content.

    Names are not compared (a spec saved by the CLI records paths, the app file names): two
    sessions are the same analysis when each role has files with the same SHA-256 hashes. A
    spec of a study's round matches the data of that round when its scores hash is the same
    (kind ``study``); the files recorded beside it are compared as files.
    """
    out: list[InputMismatch] = []
    if spec.study is not None:
        loaded = next((f.study for f in files if f.study is not None), None)
        if loaded is None or (loaded.id, loaded.round, loaded.scores_sha256) != (
            spec.study.id,
            spec.study.round,
            spec.study.scores_sha256,
        ):
            actual = loaded.scores_sha256 if loaded is not None else ""
            out.append(
                InputMismatch(
                    "study",
                    str(spec.study.round),
                    str(spec.study.id),
                    spec.study.scores_sha256,
                    actual,
                )
            )
        files = [f for f in files if f.study is None]
    roles = list(dict.fromkeys([r.role for r in spec.inputs] + [f.role for f in files]))
    for role in roles:
        wanted = [r for r in spec.inputs if r.role == role]
        have = [f for f in files if f.role == role]
        unmatched = [f for f in have if f.sha256 not in {r.sha256 for r in wanted}]
        for ref in wanted:
            if any(f.sha256 == ref.sha256 for f in have):
                continue
            if unmatched:
                other = unmatched.pop(0)
                out.append(InputMismatch("changed", role, ref.name, ref.sha256, other.sha256))
            else:
                out.append(InputMismatch("missing", role, ref.name, ref.sha256))
        out.extend(InputMismatch("extra", role, f.name, actual=f.sha256) for f in unmatched)
    return out
