"""What every analysis subcommand shares: its input options, the analysis run, the AHP block."""

from __future__ import annotations

import argparse
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from r57_mcda.cli.inputs import input_files
from r57_mcda.cli.options import add_aggregation_options, add_data_options
from r57_mcda.cli.spec_args import add_weight_options, build_spec
from r57_mcda.i18n import t

if TYPE_CHECKING:
    from r57_mcda.pipeline.analysis import AnalysisResult


def analysis_parser(sub: Any, name: str, *, help: str, description: str) -> Any:
    """A subcommand parser with the input, aggregation and weight options of every analysis."""
    p = sub.add_parser(name, help=help, description=description)
    add_data_options(p)
    add_aggregation_options(p)
    add_weight_options(p)
    return p


def run_analysis(args: argparse.Namespace, *, compare: tuple[str, ...] = ()) -> AnalysisResult:
    """Load the inputs the arguments name, build their AnalysisSpec, analyse (and save the spec)."""
    from r57_mcda.io.inputs import load_inputs
    from r57_mcda.io.spec_files import save_spec
    from r57_mcda.pipeline.analysis import analyse

    loaded = load_inputs(input_files(args), quorum=args.quorum)
    spec = build_spec(args, loaded, compare=compare)
    result = analyse(loaded, spec, agreement=False)
    if args.save_spec:
        save_spec(spec, args.save_spec)
    return result


def consistency_lines(rows: Sequence[Mapping[str, Any]], lang: str) -> list[str]:
    """The table output's AHP block: each matrix's CR, flagged when above 0.10."""
    from r57_mcda.weighting.ahp import CR_THRESHOLD

    if not rows:
        return []
    lines = ["", t("cli_ahp_consistency", lang, threshold=CR_THRESHOLD)]
    for row in rows:
        flag = "" if row["consistent"] else f" > {CR_THRESHOLD:.2f}"
        lines.append(f"  {row['matrix']}: CR {row['cr']:.3f}{flag}")
    return lines
