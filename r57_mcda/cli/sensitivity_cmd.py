"""``r57-mcda sensitivity``: weight sweeps, stability intervals, Monte Carlo, rank reversal."""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

from r57_mcda.cli.options import add_aggregation_options, add_data_options, add_output_options
from r57_mcda.cli.output import Report, emit, format_frame
from r57_mcda.cli.spec_args import add_method_options, add_weight_options

ANALYSES = ("sweep", "stability", "montecarlo", "reversal", "methods")


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
    g.add_argument("--analysis", choices=ANALYSES, default="montecarlo", help="which analysis")
    g.add_argument("--draws", type=int, default=10_000, metavar="N", help="Monte Carlo draws")
    g.add_argument("--seed", type=int, default=0, metavar="S", help="random seed (default 0)")
    g.add_argument(
        "--weights-model",
        choices=("uniform", "dirichlet", "interval", "fixed"),
        default="uniform",
        help="weight uncertainty: uniform on the simplex (SMAA), Dirichlet around the current "
        "weights, +/- intervals, or fixed weights",
    )
    g.add_argument(
        "--concentration", type=float, default=100.0, help="Dirichlet concentration (default 100)"
    )
    g.add_argument(
        "--interval",
        type=float,
        default=20.0,
        metavar="PERCENT",
        help="+/- percentage for --weights-model interval (default 20)",
    )
    g.add_argument(
        "--bootstrap-experts",
        action="store_true",
        help="also resample the experts (within stakeholder groups with --balance-groups)",
    )
    g.add_argument(
        "--resamples", type=int, default=200, metavar="N", help="bootstrap resamples (200)"
    )
    g.add_argument(
        "--points", type=int, default=101, metavar="N", help="grid points for sweeps (101)"
    )
    g.add_argument("--methods", default="", metavar="M1,M2", help="methods for --analysis methods")
    g.add_argument("--repeat", type=int, default=1, help="repetitions for --analysis reversal")
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
        text += str(summary("en")) + "\n\n"
    text += format_frame(frame, digits=4)
    emit(
        Report(payload, frame, text, warnings=result.warnings),
        fmt=args.format,
        output=args.output,
    )
    return 0


def _frame(outcome: Any) -> Any:
    for name in ("table", "frame", "ranks_frame"):
        method = getattr(outcome, name, None)
        if callable(method):
            return method()
    raise TypeError(f"no table for {type(outcome).__name__}")  # pragma: no cover
