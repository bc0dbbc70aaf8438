"""AnalysisSpec: a complete, serialisable description of one analysis run."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any

from r57_mcda.errors import SpecError
from r57_mcda.i18n import Message, msg
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

SPEC_FORMAT = 1


@dataclass(frozen=True)
class InputRef:
    """An input file as recorded in a spec: its role, name (path) and SHA-256."""

    role: str
    name: str
    sha256: str


@dataclass(frozen=True)
class StudyRef:
    """The study an analysis read its data from: id, round and the SHA-256 of that round's
    scores in canonical long form (and of the study's criteria file), so that a re-run can
    tell whether the scores changed since."""

    id: int
    round: int
    scores_sha256: str
    criteria_sha256: str = ""

    @property
    def label(self) -> str:
        """``study 3, round 1`` as the data's name in messages and banners."""
        return f"study {self.id}, round {self.round}"


@dataclass(frozen=True)
class WeightSpec:
    """Where the criteria weights come from.

    ``source`` is one of :data:`WEIGHT_SOURCES`: the criteria set's declared weights, equal
    weights, ``direct`` values, a ``rank`` ordering (``order``, best first, with
    ``rank_method`` roc/rs/rr), ``ahp`` from pairwise judgments, or the objective
    ``entropy``/``critic`` weights of the decision matrix.

    AHP judgments are either the pairwise file(s) among the inputs or, when ``pairwise`` is
    given, the matrices themselves: ``{scope: {row id: {column id: a_ij}}}`` where scope
    ``top`` compares the criteria (or, in a grouped set, the groups and ungrouped criteria)
    and every other scope is a group id comparing that group's criteria. ``values`` may then
    hold the resulting weights, for a reader; they are recomputed from the judgments.
    """

    source: str = DEFAULT_WEIGHT_SOURCE
    values: Mapping[str, float] = field(default_factory=dict)
    order: tuple[str | tuple[str, ...], ...] = ()
    rank_method: str = DEFAULT_RANK_METHOD
    pairwise: Mapping[str, Mapping[str, Mapping[str, float]]] = field(default_factory=dict)


@dataclass(frozen=True)
class AnalysisSpec:
    """Everything needed to reproduce a run: inputs (with hashes) and every setting."""

    inputs: tuple[InputRef, ...]
    criteria_set: str = ""
    aggregation: str = DEFAULT_AGGREGATION
    balance_groups: bool = False
    #: Weigh each score by its expert's declared confidence (r57_mcda.panel.aggregation).
    use_confidence: bool = False
    #: How the experts' self-rated familiarity counts: ``none``, ``weight`` or ``min:K``
    #: (r57_mcda.panel.expertise); a spec saved before it existed reads as ``none``.
    expertise: str = DEFAULT_EXPERTISE
    trim: float = DEFAULT_TRIM
    quorum: int = DEFAULT_QUORUM
    expert_weights: Mapping[str, float] = field(default_factory=dict)
    weights: WeightSpec = field(default_factory=WeightSpec)
    method: str = DEFAULT_METHOD
    params: Mapping[str, Any] = field(default_factory=dict)
    compare: tuple[str, ...] = ()
    top_k: int = DEFAULT_TOP_K
    seed: int = DEFAULT_SEED
    sensitivity: Mapping[str, Any] = field(default_factory=dict)
    #: Set when the data came from a study (``inputs`` is then empty): see :class:`StudyRef`.
    study: StudyRef | None = None
    format: int = SPEC_FORMAT

    def __post_init__(self) -> None:
        if self.weights.source not in WEIGHT_SOURCES:
            raise SpecError(
                "spec_unknown_weight_source",
                source=self.weights.source,
                sources=", ".join(WEIGHT_SOURCES),
            )

    def with_changes(self, **changes: Any) -> AnalysisSpec:
        """A copy with some settings changed."""
        return replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        """The spec as plain data (JSON and TOML ready)."""
        data = asdict(self)
        data["inputs"] = [asdict(i) for i in self.inputs]
        data["weights"]["order"] = [
            list(o) if isinstance(o, tuple) else o for o in self.weights.order
        ]
        data["compare"] = list(self.compare)
        cleaned: dict[str, Any] = _drop_none(data)
        return cleaned

    def to_json(self) -> str:
        """The spec as JSON text (stable key order)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"

    def to_toml(self) -> str:
        """The spec as TOML text."""
        import tomli_w

        return tomli_w.dumps(self.to_dict())

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, source: str = "spec") -> AnalysisSpec:
        """Build a spec from plain data, rejecting unknown keys and wrong types clearly."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise SpecError("spec_unknown_keys", source=source, keys=", ".join(unknown))
        if data.get("format", SPEC_FORMAT) != SPEC_FORMAT:
            raise SpecError(
                "spec_format_unsupported", source=source, format=str(data.get("format"))
            )
        try:
            inputs = tuple(InputRef(**dict(i)) for i in data.get("inputs", ()))
            w = dict(data.get("weights", {}))
            weights = WeightSpec(
                source=str(w.get("source", DEFAULT_WEIGHT_SOURCE)),
                values={str(k): float(v) for k, v in dict(w.get("values", {})).items()},
                order=tuple(
                    tuple(str(x) for x in o) if isinstance(o, list | tuple) else str(o)
                    for o in w.get("order", ())
                ),
                rank_method=str(w.get("rank_method", DEFAULT_RANK_METHOD)),
                pairwise={
                    str(scope): {
                        str(row): {str(col): float(v) for col, v in dict(cells).items()}
                        for row, cells in dict(rows).items()
                    }
                    for scope, rows in dict(w.get("pairwise", {})).items()
                },
            )
            rest = {k: v for k, v in data.items() if k not in {"inputs", "weights", "study"}}
            study = _study_ref(data.get("study"))
            for flag in ("balance_groups", "use_confidence"):
                if flag in rest and not isinstance(rest[flag], bool):
                    raise ValueError(f"{flag} must be true or false, got {rest[flag]!r}")
            if "expertise" in rest and not isinstance(rest["expertise"], str):
                raise ValueError(
                    f"expertise must be none, weight or min:K, got {rest['expertise']!r}"
                )
            if "compare" in rest:
                rest["compare"] = tuple(rest["compare"])
            return cls(inputs=inputs, weights=weights, study=study, **rest)
        except (TypeError, ValueError) as exc:
            raise SpecError("spec_invalid_value", source=source, reason=str(exc)) from exc

    @classmethod
    def from_text(cls, text: str, *, source: str = "spec") -> AnalysisSpec:
        """Parse a spec from JSON or TOML text (JSON when it starts with ``{``)."""
        try:
            data = json.loads(text) if text.lstrip().startswith("{") else tomllib.loads(text)
        except (json.JSONDecodeError, tomllib.TOMLDecodeError) as exc:
            raise SpecError("spec_not_json_or_toml", source=source, reason=str(exc)) from exc
        return cls.from_dict(data, source=source)


def _study_ref(raw: Any) -> StudyRef | None:
    if raw is None:
        return None
    if not isinstance(raw, Mapping):
        raise ValueError(f"study must be a table (id, round, scores_sha256), got {raw!r}")
    keys = {f.name for f in fields(StudyRef)}
    unknown = sorted(set(raw) - keys)
    if unknown:
        raise ValueError(f"unknown keys in study: {', '.join(unknown)}")
    return StudyRef(
        id=int(raw["id"]),
        round=int(raw["round"]),
        scores_sha256=str(raw["scores_sha256"]),
        criteria_sha256=str(raw.get("criteria_sha256", "")),
    )


def _drop_none(value: Any) -> Any:
    # TOML has no null: leave unset values out (they take their defaults on reading).
    if isinstance(value, dict):
        return {k: _drop_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_drop_none(v) for v in value]
    return value


def changed_inputs(spec: AnalysisSpec, actual: Sequence[InputRef]) -> list[Message]:
    """Messages for every input whose content no longer matches the spec's hash."""
    recorded = {(r.role, r.name): r.sha256 for r in spec.inputs}
    messages = []
    for ref in actual:
        expected = recorded.get((ref.role, ref.name))
        if expected is not None and expected != ref.sha256:
            messages.append(
                msg(
                    "spec_input_changed",
                    name=ref.name,
                    role=ref.role,
                    actual=ref.sha256[:12],
                    expected=expected[:12],
                )
            )
    return messages
