"""``r57-mcda sensitivity``: weight sweeps, stability intervals, Monte Carlo, rank reversal."""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from r57_mcda.cli.analysis import consistency_lines
from r57_mcda.cli.options import add_aggregation_options, add_data_options, add_output_options
from r57_mcda.cli.output import Report, emit, format_frame
from r57_mcda.cli.spec_args import add_method_options, add_weight_options
from r57_mcda.errors import InputError, Problem
from r57_mcda.i18n import t
from r57_mcda.vocab import (
    ANALYSES,
    DEFAULT_ANALYSIS,
    DEFAULT_CONCENTRATION,
    DEFAULT_DRAWS,
    DEFAULT_INTERVAL,
    DEFAULT_POINTS,
    DEFAULT_REPEAT,
    DEFAULT_RESAMPLES,
    DEFAULT_SEED,
    DEFAULT_WEIGHT_MODEL,
    WEIGHT_MODELS,
)

if TYPE_CHECKING:
    from r57_mcda.pipeline.analysis import AnalysisResult
    from r57_mcda.pipeline.sensitivity import SensitivitySettings
    from r57_mcda.sensitivity import SweepResult

#: ``--interval`` is a percentage; rounded so that it gives back DEFAULT_INTERVAL exactly.
DEFAULT_INTERVAL_PERCENT = round(100 * DEFAULT_INTERVAL, 9)


def register(sub: Any) -> None:
    """Add the ``sensitivity`` subcommand."""
    p = sub.add_parser(
        "sensitivity",
        help="how robust is the ranking? sweeps, stability intervals, Monte Carlo, reversal",
        description="Sensitivity of the ranking to the weights, the experts and the method: "
        "one-at-a-time weight sweeps, stability intervals of the first place and the top-k set, "
        "Monte Carlo rank acceptability (SMAA-2) under weight uncertainty and/or an expert "
        "bootstrap, rank reversal, and the top-k set across methods. Seeded and reproducible.",
    )
    add_data_options(p)
    add_aggregation_options(p)
    add_weight_options(p)
    add_method_options(p)
    g = p.add_argument_group("sensitivity")
    g.add_argument(
        "--analysis",
        choices=ANALYSES,
        default=DEFAULT_ANALYSIS,
        help=f"which analysis (default {DEFAULT_ANALYSIS})",
    )
    add_monte_carlo_options(g, draws=DEFAULT_DRAWS, draws_help="Monte Carlo draws")
    g.add_argument(
        "--points",
        type=int,
        default=DEFAULT_POINTS,
        metavar="N",
        help=f"grid points for sweeps (default {DEFAULT_POINTS})",
    )
    g.add_argument(
        "--methods",
        default="",
        metavar="M1,M2",
        help="methods for --analysis methods (default: the five compared methods, moora, "
        "electre2 and --method)",
    )
    g.add_argument(
        "--criterion",
        metavar="ID",
        help="with --analysis sweep: the full table of one criterion's sweep (every grid "
        "weight and every technology's rank) instead of the summary",
    )
    g.add_argument(
        "--repeat",
        type=int,
        default=DEFAULT_REPEAT,
        help="repetitions for --analysis reversal",
    )
    add_output_options(p)
    p.set_defaults(handler=run_sensitivity_cmd)


class ProgressBar:
    """A one-line progress bar on stderr, drawn only when stderr is a terminal."""

    def __init__(self) -> None:
        self.enabled = sys.stderr.isatty()
        self.last = 0.0

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or total <= 0:
            return
        now = time.monotonic()
        if done < total and now - self.last < 0.1:
            return
        self.last = now
        width = 30
        filled = int(width * done / total)
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()


def run_sensitivity_cmd(args: argparse.Namespace) -> int:
    """Run one sensitivity analysis and report it."""
    from r57_mcda.cli.inputs import input_files
    from r57_mcda.cli.spec_args import build_spec
    from r57_mcda.io.inputs import load_inputs
    from r57_mcda.io.spec_files import save_spec
    from r57_mcda.pipeline.analysis import analyse
    from r57_mcda.pipeline.sensitivity import SensitivitySettings

    settings = SensitivitySettings(
        analysis=args.analysis,
        draws=args.draws,
        weights_model=args.weights_model,
        concentration=args.concentration,
        interval=args.interval / 100.0,
        bootstrap_experts=args.bootstrap_experts,
        resamples=args.resamples,
        points=args.points,
        methods=tuple(m.strip() for m in args.methods.split(",") if m.strip()),
        repeat=args.repeat,
    )
    if args.criterion is not None and settings.analysis != "sweep":
        raise InputError(Problem("cli_criterion_needs_sweep"))
    loaded = load_inputs(input_files(args), quorum=args.quorum)
    spec = build_spec(args, loaded).with_changes(seed=args.seed, sensitivity=settings.to_dict())
    result = analyse(loaded, spec, agreement=False)
    if args.save_spec:
        save_spec(spec, args.save_spec)
    report = sensitivity_report(result, settings, lang=args.lang, criterion=args.criterion)
    emit(
        Report(
            report.payload,
            report.frame,
            report.text,
            warnings=result.warnings,
            notes=tuple(args.notes),
        ),
        fmt=args.format,
        output=args.output,
        lang=args.lang,
    )
    return 0


def sensitivity_report(
    result: AnalysisResult,
    settings: SensitivitySettings,
    *,
    lang: str = "en",
    criterion: str | None = None,
    ahp_block: bool = True,
) -> Report:
    """Run the analysis ``settings`` describe on ``result`` and report it (also for ``run``).

    A sweep is summarised by default (per criterion, the weights at which the leader or the
    top-k set changes); ``criterion`` gives that criterion's full table instead. The JSON
    always holds every detail.
    """
    from r57_mcda.pipeline.sensitivity import run_sensitivity
    from r57_mcda.sensitivity import SweepResult
    from r57_mcda.weighting.ahp_weights import consistency_rows

    spec = result.spec
    if criterion is not None and criterion not in result.criteria.ids:
        params = {"criterion": criterion, "known": ", ".join(result.criteria.ids)}
        raise InputError(Problem("cli_unknown_sweep_criterion", params=params))
    outcome = run_sensitivity(result, settings, progress=ProgressBar())
    payload: dict[str, Any] = {
        "analysis": settings.analysis,
        "settings": settings.to_dict(),
        "method": spec.method,
        "top_k": spec.top_k,
        "seed": spec.seed,
        "weights": {k: float(v) for k, v in result.weights.values.items()},
        "current_ranking": [
            {"id": t, "rank": int(result.ranking.ranks[t])} for t in result.ranking.order()
        ],
        "result": outcome.to_dict(),
        "files": result.inputs.file_refs(),
    }
    text = f"{settings.analysis} — method {spec.method}, top-k {spec.top_k}, seed {spec.seed}\n"
    if isinstance(outcome, SweepResult):
        summary = sweep_summary(outcome, spec.top_k)
        payload["summary"] = summary
        if criterion is None:
            frame = _summary_frame(summary)
            text += t("cli_sweep_summary", lang, k=spec.top_k) + "\n"
            text += "\n".join(_summary_lines(summary, spec.top_k, lang))
        else:
            frame = _criterion_frame(outcome, criterion)
            text += format_frame(frame, digits=4)
    else:
        frame = _frame(outcome)
        if any(name is not None for name in frame.index.names):
            frame = frame.reset_index()
        summary_text = getattr(outcome, "summary", None)
        if callable(summary_text):
            text += str(summary_text(lang)) + "\n\n"
        text += format_frame(frame, digits=4)
    if ahp_block:
        text += "\n".join(consistency_lines(consistency_rows(result.weights), lang))
    return Report(payload, frame, text, warnings=result.warnings)


def sweep_summary(outcome: SweepResult, top_k: int) -> list[dict[str, Any]]:
    """Per criterion: the current weight, the leader there, and the weights at which the
    leader or the top-k set changes along the sweep.

    A change is reported at the first weight of the new stretch: the exact breakpoint for
    ``wsm``, else the first grid point where the new order holds. Grid points where the method
    failed are counted.
    """
    rows = []
    for sweep in outcome.sweeps:
        techs = sweep.technologies
        pieces = [p for p in sweep.segments if not (p.is_point and p.start in (0.0, 1.0))]
        pieces = pieces or list(sweep.segments)

        leader_changes: list[dict[str, Any]] = []
        top_changes: list[dict[str, Any]] = []
        for before, after in itertools.pairwise(pieces):
            lead_before, lead_after = (
                _within(techs, before.ranks, 1),
                _within(techs, after.ranks, 1),
            )
            if lead_before != lead_after:
                leader_changes.append(
                    {"weight": float(after.start), "from": lead_before, "to": lead_after}
                )
            top_before = set(_within(techs, before.ranks, top_k))
            top_after = set(_within(techs, after.ranks, top_k))
            if top_before != top_after:
                top_changes.append(
                    {
                        "weight": float(after.start),
                        "enter": sorted(top_after - top_before),
                        "leave": sorted(top_before - top_after),
                    }
                )
        current = outcome.current_ranks
        rows.append(
            {
                "criterion": sweep.criterion,
                "current_weight": float(sweep.current),
                "leader": [t for t, r in zip(outcome.technologies, current, strict=True) if r == 1],
                "leader_changes": leader_changes,
                "top_k_changes": top_changes,
                "failed_share": float(sweep.failed_share),
            }
        )
    return rows


def _within(techs: Sequence[str], ranks: Sequence[int], k: int) -> list[str]:
    """The technologies ranked ``k`` or better (rank 0: a failed grid point, none)."""
    return [t for t, r in zip(techs, ranks, strict=True) if 0 < r <= k]


def _leader_change(change: Mapping[str, Any]) -> str:
    return f"({', '.join(change['from'])} -> {', '.join(change['to'])})"


def _top_change(change: Mapping[str, Any]) -> str:
    moves = [*(f"+{x}" for x in change["enter"]), *(f"-{x}" for x in change["leave"])]
    return f"({' '.join(moves)})"


def _changes(items: list[dict[str, Any]], describe: Any) -> str:
    return "; ".join(f"{c['weight']:.3f} {describe(c)}" for c in items)


def _summary_lines(summary: list[dict[str, Any]], top_k: int, lang: str) -> list[str]:
    """The sweep summary as text: a short block per criterion."""
    lines: list[str] = []
    for row in summary:
        leader = ", ".join(row["leader"])
        head = t(
            "cli_sweep_criterion_head",
            lang,
            criterion=row["criterion"],
            weight=row["current_weight"],
            leader=leader,
        )
        lines += ["", head]
        none = t("cli_sweep_no_change", lang)
        leaders = _changes(row["leader_changes"], _leader_change) or none
        tops = _changes(row["top_k_changes"], _top_change) or none
        lines.append("  " + t("cli_sweep_leader_changes", lang, changes=leaders))
        lines.append("  " + t("cli_sweep_top_changes", lang, k=top_k, changes=tops))
        if row["failed_share"] > 0:
            lines.append("  " + t("cli_sweep_failed", lang, share=row["failed_share"]))
    return lines


def _summary_frame(summary: list[dict[str, Any]]) -> Any:
    import pandas as pd

    return pd.DataFrame(
        [
            {
                "criterion": row["criterion"],
                "current_weight": row["current_weight"],
                "leader": ", ".join(row["leader"]),
                "leader_changes": _changes(row["leader_changes"], _leader_change),
                "top_k_changes": _changes(row["top_k_changes"], _top_change),
                "failed_share": row["failed_share"],
            }
            for row in summary
        ]
    )


def _criterion_frame(outcome: SweepResult, criterion: str) -> Any:
    """One criterion's full sweep: a row per weight, a column per technology (its rank)."""
    known = [s.criterion for s in outcome.sweeps]
    if criterion not in known:
        params = {"criterion": criterion, "known": ", ".join(known)}
        raise InputError(Problem("cli_unknown_sweep_criterion", params=params))
    return outcome[criterion].ranks_frame().reset_index()


def _frame(outcome: Any) -> Any:
    for name in ("table", "frame", "ranks_frame"):
        method = getattr(outcome, name, None)
        if callable(method):
            return method()
    raise TypeError(f"no table for {type(outcome).__name__}")  # pragma: no cover


def add_monte_carlo_options(
    group: argparse._ActionsContainer, *, draws: int, draws_help: str
) -> None:
    """The Monte Carlo options ``sensitivity`` and ``portfolio --robust`` share: ``--draws``
    (default ``draws``), ``--seed``, ``--weights-model``, ``--concentration``, ``--interval``,
    ``--bootstrap-experts`` and ``--resamples``."""
    group.add_argument(
        "--draws",
        type=int,
        default=draws,
        metavar="N",
        help=f"{draws_help} (default {draws})",
    )
    group.add_argument(
        "--seed",
        type=int,
        default=DEFAULT_SEED,
        metavar="S",
        help=f"random seed (default {DEFAULT_SEED})",
    )
    group.add_argument(
        "--weights-model",
        choices=WEIGHT_MODELS,
        default=DEFAULT_WEIGHT_MODEL,
        help="weight uncertainty: uniform on the simplex (SMAA), Dirichlet around the current "
        f"weights, +/- intervals, or fixed weights (default {DEFAULT_WEIGHT_MODEL})",
    )
    group.add_argument(
        "--concentration",
        type=float,
        default=DEFAULT_CONCENTRATION,
        help=f"Dirichlet concentration (default {DEFAULT_CONCENTRATION:g})",
    )
    group.add_argument(
        "--interval",
        type=float,
        default=DEFAULT_INTERVAL_PERCENT,
        metavar="PERCENT",
        help=f"+/- percentage for --weights-model interval (default {DEFAULT_INTERVAL_PERCENT:g})",
    )
    group.add_argument(
        "--bootstrap-experts",
        action="store_true",
        help="also resample the experts (within stakeholder groups with --balance-groups)",
    )
    group.add_argument(
        "--resamples",
        type=int,
        default=DEFAULT_RESAMPLES,
        metavar="N",
        help=f"bootstrap resamples (default {DEFAULT_RESAMPLES})",
    )
