"""``r57-mcda report``: the Excel shortlist report of an analysis."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from r57_mcda.cli.inputs import input_files
from r57_mcda.cli.options import add_aggregation_options, add_data_options
from r57_mcda.cli.spec_args import add_method_options, add_weight_options, build_spec

if TYPE_CHECKING:
    from r57_mcda.analysis import AnalysisResult
    from r57_mcda.io.report import SensitivityRun

#: Methods shown beside the main one on the Ranking sheet unless --compare says otherwise.
DEFAULT_COMPARE = "wsm,topsis,vikor,promethee2"
DEFAULT_DRAWS = 2000
WEIGHT_MODELS = ("dirichlet", "uniform")


def register(sub: Any) -> None:
    """Add the ``report`` subcommand."""
    p = sub.add_parser(
        "report",
        help="write the Excel shortlist report (.xlsx)",
        description="Run the analysis and write an Excel workbook: Summary (shortlist, bar "
        "chart, key robustness figures), Ranking, Contributions, Weights, Panel, Sensitivity "
        "(Monte Carlo acceptability and stability intervals) and Audit (versions, input "
        "SHA-256, the full AnalysisSpec, seed, time).",
    )
    add_data_options(p)
    add_aggregation_options(p)
    add_weight_options(p)
    add_method_options(p)
    g = p.add_argument_group("report")
    g.add_argument(
        "--output", type=Path, required=True, metavar="FILE.xlsx", help="the workbook to write"
    )
    g.add_argument("--lang", choices=("en", "vi"), default="en", help="language of the report")
    g.add_argument(
        "--compare",
        default=DEFAULT_COMPARE,
        metavar="all|none|M1,M2,...",
        help=f"methods whose ranks the Ranking sheet shows (default {DEFAULT_COMPARE})",
    )
    g.add_argument(
        "--draws",
        type=int,
        default=DEFAULT_DRAWS,
        metavar="N",
        help=f"Monte Carlo weight draws for the Sensitivity sheet; 0 for none "
        f"(default {DEFAULT_DRAWS})",
    )
    g.add_argument(
        "--seed", type=int, default=0, metavar="S", help="seed of the Monte Carlo run (default 0)"
    )
    g.add_argument(
        "--weight-model",
        choices=WEIGHT_MODELS,
        default="dirichlet",
        help="Monte Carlo weights: Dirichlet around the current weights (default) or uniform "
        "over all weightings (no preference information)",
    )
    g.add_argument(
        "--no-sensitivity",
        action="store_true",
        help="leave out the Sensitivity sheet (no Monte Carlo, no stability intervals)",
    )
    p.set_defaults(handler=run_report)


def _check_args(args: argparse.Namespace) -> None:
    from r57_mcda.errors import InputError, Problem

    problems = []
    if args.output.suffix.lower() != ".xlsx":
        problems.append(Problem("--output must name an .xlsx file", file=str(args.output)))
    if args.draws < 0:
        problems.append(Problem(f"--draws must be 0 or more, got {args.draws}"))
    if args.seed < 0:
        problems.append(Problem(f"--seed must be 0 or more, got {args.seed}"))
    if problems:
        raise InputError(problems)


def _compared(text: str) -> tuple[str, ...]:
    from r57_mcda.cli.rank_cmd import _method_list

    return () if text.strip() == "none" else _method_list(text)


def report_sensitivity(
    result: AnalysisResult, *, draws: int, seed: int, weight_model: str = "dirichlet"
) -> SensitivityRun:
    """Monte Carlo (unless ``draws`` is 0) and stability intervals of the result's ranking.

    Both use the analysis's method, parameters and weights, and a top k of at most the number
    of technologies.
    """
    from r57_mcda.io.report import SensitivityRun
    from r57_mcda.sensitivity import (
        DirichletWeights,
        UniformWeights,
        monte_carlo,
        stability_intervals,
    )

    method = result.ranking.method
    params = dict(result.spec.params)
    top_k = min(result.spec.top_k, len(result.matrix.index))
    weights = result.weights.values
    mc = None
    if draws:
        model = DirichletWeights() if weight_model == "dirichlet" else UniformWeights()
        mc = monte_carlo(
            result.matrix,
            weights,
            result.criteria,
            method=method,
            params=params,
            weight_model=model,
            draws=draws,
            top_k=top_k,
            seed=seed,
        )
    stability = stability_intervals(
        result.matrix, weights, result.criteria, method=method, params=params, top_k=top_k
    )
    return SensitivityRun(monte_carlo=mc, stability=stability)


def run_report(args: argparse.Namespace) -> int:
    """Analyse and write the workbook."""
    from r57_mcda.analysis import analyse
    from r57_mcda.io.inputs import load_inputs
    from r57_mcda.io.report import write_report
    from r57_mcda.io.spec_files import save_spec

    _check_args(args)
    loaded = load_inputs(input_files(args), quorum=args.quorum)
    spec = build_spec(args, loaded, compare=_compared(args.compare)).with_changes(seed=args.seed)
    result = analyse(loaded, spec)
    sensitivity = None
    if not args.no_sensitivity:
        sensitivity = report_sensitivity(
            result, draws=args.draws, seed=args.seed, weight_model=args.weight_model
        )
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    path = write_report(args.output, result, lang=args.lang, sensitivity=sensitivity)
    if args.save_spec:
        save_spec(spec, args.save_spec)
    print(f"wrote {path}", file=sys.stderr)
    return 0
