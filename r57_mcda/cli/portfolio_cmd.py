"""``r57-mcda portfolio``: the funded set of technologies under a budget and constraints."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from r57_mcda.cli.analysis import analysis_parser
from r57_mcda.cli.options import add_output_options
from r57_mcda.cli.output import Report, emit, note_rows, problem_rows
from r57_mcda.cli.portfolio_options import add_analysis_options, add_selection_options
from r57_mcda.cli.spec_args import add_method_options

if TYPE_CHECKING:
    import pandas as pd

    from r57_mcda.i18n import Message
    from r57_mcda.pipeline.analysis import AnalysisResult
    from r57_mcda.pipeline.portfolio import PortfolioSettings
    from r57_mcda.portfolio import PortfolioResult


def register(sub: Any) -> None:
    """Add the ``portfolio`` subcommand."""
    p = analysis_parser(
        sub,
        "portfolio",
        help="select the funded technologies under a budget and constraints (exact MILP)",
        description="Rank the technologies (wsm, topsis or promethee2: a value scale with a "
        "stated zero), then select the set of greatest total value whose cost fits the budget "
        "and that meets the constraints (must, must-not, requires, excludes, group counts and "
        "budget shares, resource limits, partial funding); beside it the greedy "
        "value-per-cost rule and the value it loses, the efficient frontier over a budget "
        "range, and how robust the selection is to the weights and the experts. An "
        "infeasible problem is explained (exit status 0; the JSON's status says infeasible).",
    )
    add_method_options(p)
    g = p.add_argument_group("portfolio")
    add_selection_options(g)
    add_analysis_options(g)
    add_output_options(p)
    p.set_defaults(handler=run_portfolio_cmd)


def run_portfolio_cmd(args: argparse.Namespace) -> int:
    """Analyse, select the portfolio, report it (and save the spec)."""
    from r57_mcda.cli.inputs import input_files
    from r57_mcda.cli.portfolio_options import check_selection_args, portfolio_settings
    from r57_mcda.cli.spec_args import build_spec
    from r57_mcda.io.inputs import load_inputs
    from r57_mcda.pipeline.analysis import analyse
    from r57_mcda.pipeline.portfolio_spec import PortfolioSpec, save_portfolio_spec

    check_selection_args(args)  # before any file is read
    loaded = load_inputs(input_files(args), quorum=args.quorum)
    settings = portfolio_settings(args, loaded)
    spec = build_spec(args, loaded).with_changes(seed=settings.seed)
    result = analyse(loaded, spec, agreement=False)
    report = portfolio_report(result, settings, lang=args.lang, notes=args.notes)
    if args.save_spec:
        save_portfolio_spec(PortfolioSpec(spec, settings), args.save_spec)
    emit(report, fmt=args.format, output=args.output, lang=args.lang)
    return 0


def run_portfolio_spec(args: argparse.Namespace) -> int:
    """``r57-mcda run SPEC`` for a portfolio spec: the same inputs, hash-checked, the same
    portfolio."""
    from r57_mcda.cli.rank_cmd import spec_input_files
    from r57_mcda.io.inputs import load_inputs
    from r57_mcda.pipeline.analysis import analyse
    from r57_mcda.pipeline.portfolio_spec import load_portfolio_spec

    saved = load_portfolio_spec(args.spec)
    files = spec_input_files(saved.analysis, args.spec, getattr(args, "db", None))
    loaded = load_inputs(files, quorum=saved.analysis.quorum)
    result = analyse(loaded, saved.analysis, agreement=False)
    report = portfolio_report(result, saved.portfolio, lang=args.lang)
    emit(report, fmt=args.format, output=args.output, lang=args.lang)
    return 0


def portfolio_report(
    result: AnalysisResult,
    settings: PortfolioSettings,
    *,
    lang: str = "en",
    notes: tuple[Message, ...] | list[Message] = (),
) -> Report:
    """Select the portfolio of ``result`` and report it: the JSON of
    :meth:`PortfolioResult.to_dict` with the run's context, the candidates' table (CSV) and
    the text in ``lang``. A progress bar follows the robustness run on a terminal."""
    from r57_mcda.cli.portfolio_text import portfolio_text
    from r57_mcda.cli.sensitivity_cmd import ProgressBar
    from r57_mcda.pipeline.portfolio import portfolio_for

    outcome = portfolio_for(result, settings, progress=ProgressBar() if settings.robust else None)
    payload: dict[str, Any] = {
        **outcome.to_dict(),
        "settings": settings.to_dict(),
        "criteria_set": result.criteria.id,
        "weights": {k: float(v) for k, v in result.weights.values.items()},
        "weights_source": result.weights.method,
        "files": result.inputs.file_refs(),
        "warnings": problem_rows(result.warnings, lang),
        "notes": note_rows(notes, lang),
    }
    frame = candidates_frame(result, outcome)
    text = portfolio_text(result, outcome, frame, lang)
    return Report(payload, frame, text, warnings=result.warnings, notes=tuple(notes))


def candidates_frame(result: AnalysisResult, outcome: PortfolioResult) -> pd.DataFrame:
    """One row per candidate, best value first: id, name, group, cost, value, selected,
    share (funded share, 0 when not funded) and, after a robustness run, frequency."""
    import pandas as pd

    problem, best = outcome.problem, outcome.optimal
    names = {x.id: x.name for x in result.inputs.technologies}
    shares = {} if best is None else dict(best.shares)
    order = problem.values.sort_values(ascending=False, kind="stable").index
    frame = pd.DataFrame(
        {
            "id": [str(i) for i in order],
            "name": [names.get(str(i), str(i)) for i in order],
            "group": [str(problem.groups[i]) for i in order],
            "cost": [float(problem.costs[i]) for i in order],
            "value": [float(problem.values[i]) for i in order],
            "selected": [str(i) in shares for i in order],
            "share": [float(shares.get(str(i), 0.0)) for i in order],
        }
    )
    if outcome.robustness is not None:
        frequency = outcome.robustness.frequency
        frame["frequency"] = [float(frequency[i]) for i in order]
    return frame
