"""``r57-mcda report``: the Excel shortlist report of an analysis."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from r57_mcda.cli.inputs import input_files
from r57_mcda.cli.options import add_aggregation_options, add_data_options
from r57_mcda.cli.portfolio_options import add_selection_options, check_selection_args
from r57_mcda.cli.spec_args import add_method_options, add_weight_options, build_spec
from r57_mcda.i18n import t
from r57_mcda.vocab import (
    DEFAULT_COMPARE,
    DEFAULT_DRAWS,
    DEFAULT_SEED,
    DEFAULT_WEIGHT_MODEL,
    WEIGHT_MODELS,
)

if TYPE_CHECKING:
    from r57_mcda.pipeline.analysis import AnalysisResult
    from r57_mcda.pipeline.rounds import Convergence
    from r57_mcda.pipeline.sensitivity import SensitivitySettings
    from r57_mcda.portfolio import PortfolioResult
    from r57_mcda.report.workbook import SensitivityRun
    from r57_mcda.spec import AnalysisSpec

#: Methods shown beside the main one on the Ranking sheet unless --methods says otherwise.
COMPARE_TEXT = ",".join(DEFAULT_COMPARE)


def register(sub: Any) -> None:
    """Add the ``report`` subcommand."""
    p = sub.add_parser(
        "report",
        help="write the Excel shortlist report (.xlsx)",
        description="Run the analysis and write an Excel workbook: Summary (shortlist, bar "
        "chart, key robustness figures), Ranking, Contributions, Weights, Panel, Sensitivity "
        "(Monte Carlo acceptability and stability intervals), Audit (versions, input "
        "SHA-256, the full AnalysisSpec, seed, time) and, with --study, Rounds (the "
        "convergence of the study's Delphi rounds and the stopping recommendation).",
    )
    add_data_options(p)
    add_aggregation_options(p)
    add_weight_options(p)
    add_method_options(p)
    g = p.add_argument_group("report")
    g.add_argument(
        "--output", type=Path, required=True, metavar="FILE.xlsx", help="the workbook to write"
    )
    g.add_argument(
        "--methods",
        default=COMPARE_TEXT,
        metavar="all|none|M1,M2,...",
        help=f"methods whose ranks the Ranking sheet shows (default {COMPARE_TEXT})",
    )
    # The old name, kept working (README: deprecated, use --methods as in compare/sensitivity).
    g.add_argument("--compare", dest="methods", help=argparse.SUPPRESS)
    g.add_argument(
        "--draws",
        type=int,
        default=DEFAULT_DRAWS,
        metavar="N",
        help=f"Monte Carlo weight draws for the Sensitivity sheet; 0 for none "
        f"(default {DEFAULT_DRAWS})",
    )
    g.add_argument(
        "--seed",
        type=int,
        default=DEFAULT_SEED,
        metavar="S",
        help=f"seed of the Monte Carlo run (default {DEFAULT_SEED})",
    )
    g.add_argument(
        "--weights-model",
        choices=WEIGHT_MODELS,
        default=DEFAULT_WEIGHT_MODEL,
        help="Monte Carlo weights: uniform over all weightings (no preference information), "
        "Dirichlet around the current weights, +/- 20 %% intervals, or fixed (with "
        f"--bootstrap-experts); default {DEFAULT_WEIGHT_MODEL}",
    )
    g.add_argument(
        "--bootstrap-experts",
        action="store_true",
        help="Monte Carlo: also resample the experts (score uncertainty)",
    )
    g.add_argument(
        "--no-sensitivity",
        action="store_true",
        help="leave out the Sensitivity sheet (no Monte Carlo, no stability intervals)",
    )
    g.add_argument(
        "--final",
        action="store_true",
        help="mark the report final (default: every page header and the Summary and Audit "
        "sheets say draft)",
    )
    g = p.add_argument_group(
        "portfolio (a Portfolio sheet with --portfolio-budget or --constraints; "
        "method wsm, topsis or promethee2)"
    )
    add_selection_options(g, budget_option="--portfolio-budget")
    p.set_defaults(handler=run_report)


def _check_args(args: argparse.Namespace) -> None:
    from r57_mcda.errors import InputError, Problem

    problems = []
    if args.output.suffix.lower() != ".xlsx":
        problems.append(Problem("cli_output_not_xlsx", file=str(args.output)))
    if args.draws < 0:
        problems.append(Problem("cli_draws_negative", params={"draws": args.draws}))
    if args.seed < 0:
        problems.append(Problem("cli_seed_negative", params={"seed": args.seed}))
    if problems:
        raise InputError(problems)
    check_selection_args(args)


def _compared(text: str) -> tuple[str, ...]:
    from r57_mcda.cli.rank_cmd import method_list

    return () if text.strip() == "none" else method_list(text)


def _settings(args: argparse.Namespace) -> SensitivitySettings | None:
    """The Monte Carlo settings of the command line (None for no Monte Carlo run)."""
    from r57_mcda.pipeline.sensitivity import SensitivitySettings

    if args.no_sensitivity or not args.draws:
        return None
    return SensitivitySettings(
        analysis="montecarlo",
        draws=args.draws,
        weights_model=args.weights_model,
        bootstrap_experts=args.bootstrap_experts,
    )


def report_sensitivity(
    result: AnalysisResult,
    monte_carlo: SensitivitySettings | None,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> SensitivityRun:
    """The stability intervals and, with settings, the Monte Carlo run the report shows.

    Both go through :func:`r57_mcda.sensitivity.run_sensitivity` with the analysis's method,
    weights, top k and seed.
    ``progress(done, total)`` follows the Monte Carlo run.
    """
    from r57_mcda.pipeline.sensitivity import SensitivitySettings, run_sensitivity
    from r57_mcda.report.workbook import SensitivityRun
    from r57_mcda.sensitivity import MonteCarloResult, StabilityResult

    stability = run_sensitivity(result, SensitivitySettings(analysis="stability"))
    assert isinstance(stability, StabilityResult)
    mc: MonteCarloResult | None = None
    if monte_carlo is not None:
        outcome = run_sensitivity(result, monte_carlo, progress=progress)
        assert isinstance(outcome, MonteCarloResult)
        mc = outcome
    return SensitivityRun(monte_carlo=mc, stability=stability)


def report_rounds(spec: AnalysisSpec, url: str | None) -> Convergence | None:
    """The convergence of the study's rounds for the Rounds sheet when the analysis read a
    study (from the store at ``url``), with the spec's method; None for files."""
    if spec.study is None:
        return None
    from r57_mcda.pipeline.rounds import study_convergence
    from r57_mcda.study.db import Database

    db = Database(url)
    try:
        return study_convergence(db, spec.study.id, method=spec.method)
    finally:
        db.close()


def report_portfolio(args: argparse.Namespace, result: AnalysisResult) -> PortfolioResult | None:
    """The portfolio of the Portfolio sheet: with ``--portfolio-budget`` or ``--constraints``
    (None without either), on the analysis's ranking."""
    if args.budget is None and args.constraints is None:
        return None
    from r57_mcda.cli.portfolio_options import portfolio_settings
    from r57_mcda.pipeline.portfolio import portfolio_for

    return portfolio_for(result, portfolio_settings(args, result.inputs))


def run_report(args: argparse.Namespace) -> int:
    """Analyse and write the workbook."""
    from r57_mcda.io.inputs import load_inputs
    from r57_mcda.io.spec_files import save_spec
    from r57_mcda.pipeline.analysis import analyse
    from r57_mcda.report.workbook import write_report

    _check_args(args)
    loaded = load_inputs(input_files(args), quorum=args.quorum)
    settings = _settings(args)
    spec = build_spec(args, loaded, compare=_compared(args.methods)).with_changes(
        seed=args.seed, sensitivity=settings.to_dict() if settings is not None else {}
    )
    result = analyse(loaded, spec)
    rounds = report_rounds(spec, getattr(args, "db", None))
    portfolio = report_portfolio(args, result)
    sensitivity = None
    if not args.no_sensitivity:
        # Methods without a batch kernel rank each draw on its own: show how far it got.
        from r57_mcda.cli.sensitivity_cmd import ProgressBar

        sensitivity = report_sensitivity(result, settings, progress=ProgressBar())
    label = t("input_severity_warning", args.lang)
    for warning in result.warnings:
        print(f"{label}: {warning.render(args.lang)}", file=sys.stderr)
    for note in args.notes:
        print(f"{t('cli_note', args.lang)}: {note.text(args.lang)}", file=sys.stderr)
    path = write_report(
        args.output,
        result,
        lang=args.lang,
        sensitivity=sensitivity,
        final=args.final,
        rounds=rounds,
        portfolio=portfolio,
    )
    if args.save_spec:
        save_spec(spec, args.save_spec)
    print(t("cli_wrote", args.lang, path=str(path)), file=sys.stderr)
    return 0
