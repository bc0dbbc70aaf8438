"""The portfolio options ``portfolio`` and ``report`` share, and the settings they describe."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from r57_mcda.cli.sensitivity_cmd import add_monte_carlo_options
from r57_mcda.errors import InputError, Problem
from r57_mcda.vocab import (
    DEFAULT_COST_COLUMN,
    DEFAULT_PORTFOLIO_DRAWS,
)

if TYPE_CHECKING:
    from r57_mcda.io.inputs import LoadedInputs
    from r57_mcda.pipeline.portfolio import PortfolioSettings


def add_selection_options(
    group: argparse._ActionsContainer, *, budget_option: str = "--budget"
) -> None:
    """``--budget`` (``report``: ``--portfolio-budget``), ``--cost-column``, ``--constraints``
    and ``--min-per-group``: what the funded set must respect."""
    group.add_argument(
        budget_option,
        dest="budget",
        type=float,
        metavar="B",
        help="the total budget, in the unit of the cost column (default: the constraints "
        "file's budget)",
    )
    group.add_argument(
        "--cost-column",
        default=DEFAULT_COST_COLUMN,
        metavar="C",
        help="the technologies file's column holding each technology's cost",
    )
    group.add_argument(
        "--constraints",
        type=Path,
        metavar="FILE",
        help="portfolio constraints (TOML): must, must_not, requires, excludes, groups "
        "(min, max, max_share), resources (limit), partial (min_share), budget",
    )
    group.add_argument(
        "--min-per-group",
        type=int,
        default=0,
        metavar="N",
        help="fund at least N technologies of every group (a shortcut for [groups.<g>] min)",
    )


def add_analysis_options(group: argparse._ActionsContainer) -> None:
    """``--frontier`` and the robustness run: ``--robust`` with the Monte Carlo options of
    ``r57-mcda sensitivity`` (``--draws``, ``--seed``, ``--weights-model``, ...)."""
    group.add_argument(
        "--frontier",
        metavar="LO:HI",
        help="the efficient frontier between budgets LO and HI (HI left out: the budget)",
    )
    group.add_argument(
        "--robust",
        action="store_true",
        help="how often each technology is funded when the weights (and, with "
        "--bootstrap-experts, the experts) vary: Monte Carlo draws, each solved again",
    )
    add_monte_carlo_options(group, draws=DEFAULT_PORTFOLIO_DRAWS, draws_help="robustness draws")


def parse_frontier(text: str) -> tuple[float, float | None]:
    """``LO:HI`` (or ``LO:``) as ``(low, high)``.

    Raises
    ------
    InputError
        Not two numbers separated by ``:``, a negative bound, or ``LO`` above ``HI``.
    """
    low_text, sep, high_text = text.partition(":")
    problem = Problem("pfcli_frontier_invalid", params={"value": text})
    try:
        low = float(low_text)
        high = float(high_text) if high_text.strip() else None
    except ValueError as exc:
        raise InputError(problem) from exc
    if not sep or low < 0 or (high is not None and high < low):
        raise InputError(problem)
    return low, high


def _option_problems(args: argparse.Namespace) -> list[Problem]:
    problems: list[Problem] = []
    budget = getattr(args, "budget", None)
    if budget is not None and not budget >= 0:
        problems.append(Problem("pfcli_budget_negative", params={"budget": budget}))
    if args.min_per_group < 0:
        problems.append(Problem("pfcli_min_per_group_negative", params={"n": args.min_per_group}))
    if getattr(args, "robust", False):
        if args.draws < 1:
            problems.append(Problem("pfcli_draws_invalid", params={"draws": args.draws}))
        if args.seed < 0:
            problems.append(Problem("cli_seed_negative", params={"seed": args.seed}))
    frontier = getattr(args, "frontier", None)
    if frontier is not None:
        try:
            parse_frontier(frontier)
        except InputError as exc:
            problems.extend(exc.problems)
    return problems


def check_selection_args(args: argparse.Namespace) -> None:
    """Refuse a negative budget or count, a bad ``--frontier`` or robustness option, before
    any file is read.

    Raises
    ------
    InputError
        Every problem of the options at once.
    """
    problems = _option_problems(args)
    if problems:
        raise InputError(problems)


def portfolio_settings(args: argparse.Namespace, loaded: LoadedInputs) -> PortfolioSettings:
    """The portfolio settings of the command line on these inputs (the constraints file read
    and checked against them). ``report`` has no frontier and no robustness options.

    Raises
    ------
    InputError
        A bad option (see :func:`check_selection_args`); any problem of the constraints file,
        located by file and key path.
    """
    from r57_mcda.pipeline.portfolio import PortfolioSettings, read_constraints

    check_selection_args(args)
    values: dict[str, Any] = {
        "budget": args.budget,
        "cost_column": args.cost_column,
        "min_per_group": args.min_per_group,
    }
    path: Path | None = args.constraints
    if path is not None:
        constraints, sha256 = read_constraints(loaded, path, name=str(path))
        values |= {
            "constraints": constraints,
            "constraints_file": str(path),
            "constraints_sha256": sha256,
        }
    if hasattr(args, "robust"):
        frontier = args.frontier
        values |= {
            "frontier": parse_frontier(frontier) if frontier is not None else None,
            "robust": args.robust,
            "draws": args.draws,
            "seed": args.seed,
            "weights_model": args.weights_model,
            "concentration": args.concentration,
            "interval": args.interval / 100.0,
            "bootstrap_experts": args.bootstrap_experts,
            "resamples": args.resamples,
        }
    return PortfolioSettings(**values)
