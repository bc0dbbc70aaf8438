"""Weight and method options, and the AnalysisSpec they describe."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from r57_mcda.errors import InputError, Problem
from r57_mcda.i18n import Message, msg
from r57_mcda.io.inputs import LoadedInputs
from r57_mcda.spec import AnalysisSpec, WeightSpec
from r57_mcda.vocab import (
    DEFAULT_AGGREGATION,
    DEFAULT_EXPERTISE,
    DEFAULT_METHOD,
    DEFAULT_QUORUM,
    DEFAULT_RANK_METHOD,
    DEFAULT_TOP_K,
    DEFAULT_TRIM,
    DEFAULT_WEIGHT_SOURCE,
    OBJECTIVE_METHODS,
    RANK_METHODS,
)

if TYPE_CHECKING:
    from r57_mcda.models import CriteriaSet

#: The weight sources ``--weights-from`` names: those that need no values of their own.
PLAIN_WEIGHT_SOURCES = (DEFAULT_WEIGHT_SOURCE, "equal", *OBJECTIVE_METHODS)


def add_weight_options(parser: argparse.ArgumentParser) -> None:
    """``--weights``, ``--weights-file``, ``--ahp``, ``--weights-from``, ``--rank-order``."""
    g = parser.add_argument_group("criteria weights (default: the criteria set's weights)")
    g.add_argument("--weights", metavar="ID=W,...", help="direct weights, e.g. autonomy=0.2,...")
    g.add_argument(
        "--weights-file",
        type=Path,
        metavar="FILE",
        help="direct weights from CSV/XLSX (criterion,weight) or TOML ([weights] table)",
    )
    g.add_argument(
        "--ahp",
        type=Path,
        action="append",
        metavar="FILE",
        help="AHP pairwise comparisons over the criteria or their groups; repeat for a panel "
        "(combined by the geometric mean)",
    )
    g.add_argument(
        "--weights-from",
        choices=PLAIN_WEIGHT_SOURCES,
        help="declared, equal, or objective weights (entropy, CRITIC)",
    )
    g.add_argument(
        "--rank-order",
        metavar="A>B=C>D",
        help="weights from an importance ordering of criteria ('=' for ties)",
    )
    g.add_argument(
        "--rank-method",
        choices=RANK_METHODS,
        default=DEFAULT_RANK_METHOD,
        help="rank-order centroid, rank sum or reciprocal (with --rank-order)",
    )


def add_method_options(parser: argparse.ArgumentParser, *, single: bool = True) -> None:
    """``--method``, ``--param``, ``--top-k`` and ``--save-spec``."""
    g = parser.add_argument_group("method")
    if single:
        g.add_argument(
            "--method",
            default=DEFAULT_METHOD,
            help=f"ranking method id (see `r57-mcda methods`; default {DEFAULT_METHOD})",
        )
    g.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="method parameter; VALUE may be JSON, e.g. v=0.4 or "
        'functions=\'{"autonomy": "linear"}\'',
    )
    g.add_argument(
        "--top-k",
        type=int,
        default=DEFAULT_TOP_K,
        metavar="K",
        help=f"shortlist size (default {DEFAULT_TOP_K})",
    )
    g.add_argument(
        "--save-spec",
        type=Path,
        metavar="PATH",
        help="write the spec of this run (TOML, or JSON for .json) to replay with `r57-mcda run`",
    )


def _pairs(text: str, *, option: str) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for item in filter(None, (p.strip() for p in text.split(","))):
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise InputError(
                Problem("cli_expected_key_value", params={"option": option, "item": item})
            )
        pairs[key.strip()] = value.strip()
    return pairs


def weight_spec(args: argparse.Namespace) -> WeightSpec:
    """The weight source the options ask for (at most one may be given)."""
    from r57_mcda.io.weights import load_weights

    given = [
        name
        for name in ("weights", "weights_file", "ahp", "weights_from", "rank_order")
        if getattr(args, name, None)
    ]
    if len(given) > 1:
        options = ", ".join("--" + g.replace("_", "-") for g in given)
        raise InputError(Problem("cli_one_weight_source", params={"options": options}))
    if args.weights:
        values: dict[str, float] = {}
        problems = []
        for k, v in _pairs(args.weights, option="--weights").items():
            try:
                values[k] = float(v)
            except ValueError:
                params = {"value": v, "criterion": k}
                problems.append(Problem("cli_weight_not_a_number", params=params))
        if problems:
            raise InputError(problems)
        return WeightSpec(source="direct", values=values)
    if args.weights_file:
        if not args.weights_file.is_file():
            raise InputError(Problem("file_not_found", file=str(args.weights_file)))
        return WeightSpec(source="direct", values=load_weights(args.weights_file))
    if args.ahp:
        return WeightSpec(source="ahp")
    if args.rank_order:
        order = tuple(
            tuple(x.strip() for x in level.split("=")) if "=" in level else level.strip()
            for level in args.rank_order.split(">")
        )
        return WeightSpec(source="rank", order=order, rank_method=args.rank_method)
    return WeightSpec(source=args.weights_from or DEFAULT_WEIGHT_SOURCE)


def method_params(items: list[str]) -> dict[str, Any]:
    """``--param KEY=VALUE`` options, VALUE parsed as JSON when it is JSON."""
    params: dict[str, Any] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep:
            params = {"option": "--param", "item": item}
            raise InputError(Problem("cli_expected_key_value", params=params))
        try:
            params[key.strip()] = json.loads(value)
        except json.JSONDecodeError:
            params[key.strip()] = value
    return params


def complete_weights(
    values: dict[str, float], criteria: CriteriaSet
) -> tuple[dict[str, float], Message | None]:
    """``--weights`` for some of the criteria made into a weight for every criterion.

    The criteria given get exactly the shares given (of a total of 1); the others share the
    rest in proportion to their declared weights (equally when those are all 0 or none is
    declared). Weights for every criterion, or naming unknown ids, are returned as they are
    (normalised and checked later); the note says what was filled in (None when nothing was).

    Raises
    ------
    InputError
        The partial weights add up to more than 1 (no share left for the others).
    """
    ids = list(criteria.ids)
    if not values or set(values) >= set(ids) or not set(values) <= set(ids):
        return values, None
    given = sum(values.values())
    if given > 1.0 + 1e-12:
        raise InputError(Problem("cli_weights_partial_too_large", params={"total": given}))
    rest = max(0.0, 1.0 - given)
    others = [c for c in ids if c not in values]
    declared = criteria.default_weights()[others].clip(lower=0.0)
    total = float(declared.sum())
    shares = (
        {c: float(declared[c]) / total for c in others}
        if total > 0
        else {c: 1.0 / len(others) for c in others}
    )
    completed = {c: values[c] if c in values else rest * shares[c] for c in ids}
    text = ", ".join(f"{k}={v:g}" for k, v in values.items())
    return completed, msg("cli_weights_completed", given=text, rest=rest)


def expertise_setting(args: argparse.Namespace) -> str:
    """``--expertise`` as a spec records it (``none``, ``weight``, ``min:K``).

    Raises
    ------
    MethodError
        For a value that is not one of those forms.
    """
    from r57_mcda.panel.expertise import Expertise

    return str(Expertise.parse(getattr(args, "expertise", DEFAULT_EXPERTISE)))


def build_spec(
    args: argparse.Namespace, loaded: LoadedInputs, *, compare: tuple[str, ...] = ()
) -> AnalysisSpec:
    """The AnalysisSpec of this command line on these inputs.

    Notes for the reader (partial ``--weights`` completed from the declared weights) are left
    in ``args.notes``, where the commands print them.
    """
    from r57_mcda.pipeline.analysis import spec_for

    weights = weight_spec(args)
    notes: list[Message] = []
    if weights.source == "direct" and getattr(args, "weights", None):
        values, note = complete_weights(dict(weights.values), loaded.criteria)
        if note is not None:
            weights = WeightSpec(source="direct", values=values)
            notes.append(note)
    args.notes = notes
    return spec_for(
        loaded,
        aggregation=getattr(args, "aggregate", DEFAULT_AGGREGATION),
        balance_groups=bool(getattr(args, "balance_groups", False)),
        use_confidence=bool(getattr(args, "use_confidence", False)),
        expertise=expertise_setting(args),
        trim=float(getattr(args, "trim", DEFAULT_TRIM)),
        quorum=int(getattr(args, "quorum", DEFAULT_QUORUM)),
        weights=weights,
        method=getattr(args, "method", DEFAULT_METHOD) or DEFAULT_METHOD,
        params=method_params(getattr(args, "param", [])),
        compare=compare,
        top_k=int(getattr(args, "top_k", DEFAULT_TOP_K)),
    )
