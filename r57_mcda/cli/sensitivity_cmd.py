"""``r57-mcda sensitivity``: weight sweeps, stability intervals, Monte Carlo, rank reversal."""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

from r57_mcda.cli.options import add_aggregation_options, add_data_options, add_output_options
from r57_mcda.cli.output import Report, emit, format_frame
from r57_mcda.cli.spec_args import add_method_options, add_weight_options
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
    g.add_argument(
        "--draws",
        type=int,
        default=DEFAULT_DRAWS,
        metavar="N",
        help=f"Monte Carlo draws (default {DEFAULT_DRAWS})",
    )
    g.add_argument(
        "--seed",
        type=int,
        default=DEFAULT_SEED,
        metavar="S",
        help=f"random seed (default {DEFAULT_SEED})",
    )
    g.add_argument(
        "--weights-model",
        choices=WEIGHT_MODELS,
        default=DEFAULT_WEIGHT_MODEL,
        help="weight uncertainty: uniform on the simplex (SMAA), Dirichlet around the current "
        f"weights, +/- intervals, or fixed weights (default {DEFAULT_WEIGHT_MODEL})",
    )
    g.add_argument(
        "--concentration",
        type=float,
        default=DEFAULT_CONCENTRATION,
        help=f"Dirichlet concentration (default {DEFAULT_CONCENTRATION:g})",
    )
    g.add_argument(
        "--interval",
        type=float,
        default=DEFAULT_INTERVAL_PERCENT,
        metavar="PERCENT",
        help=f"+/- percentage for --weights-model interval (default {DEFAULT_INTERVAL_PERCENT:g})",
    )
    g.add_argument(
        "--bootstrap-experts",
        action="store_true",
        help="also resample the experts (within stakeholder groups with --balance-groups)",
    )
    g.add_argument(
        "--resamples",
        type=int,
        default=DEFAULT_RESAMPLES,
        metavar="N",
        help=f"bootstrap resamples ({DEFAULT_RESAMPLES})",
    )
    g.add_argument(
        "--points",
        type=int,
        default=DEFAULT_POINTS,
        metavar="N",
        help=f"grid points for sweeps ({DEFAULT_POINTS})",
    )
    g.add_argument("--methods", default="", metavar="M1,M2", help="methods for --analysis methods")
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
    from r57_mcda.pipeline.sensitivity import SensitivitySettings, run_sensitivity

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
    loaded = load_inputs(input_files(args), quorum=args.quorum)
    spec = build_spec(args, loaded).with_changes(seed=args.seed, sensitivity=settings.to_dict())
    result = analyse(loaded, spec, agreement=False)
    if args.save_spec:
        save_spec(spec, args.save_spec)
    outcome = run_sensitivity(result, settings, progress=ProgressBar())
    payload = {
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
        "files": loaded.file_refs(),
    }
    frame = _frame(outcome)
    if any(name is not None for name in frame.index.names):
        frame = frame.reset_index()
    text = f"{settings.analysis} — method {spec.method}, top-k {spec.top_k}, seed {spec.seed}\n"
    summary = getattr(outcome, "summary", None)
    if callable(summary):
        text += str(summary(args.lang)) + "\n\n"
    text += format_frame(frame, digits=4)
    emit(
        Report(payload, frame, text, warnings=result.warnings),
        fmt=args.format,
        output=args.output,
        lang=args.lang,
    )
    return 0


def _frame(outcome: Any) -> Any:
    for name in ("table", "frame", "ranks_frame"):
        method = getattr(outcome, name, None)
        if callable(method):
            return method()
    raise TypeError(f"no table for {type(outcome).__name__}")  # pragma: no cover
