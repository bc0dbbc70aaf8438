"""``r57-mcda validate`` and ``r57-mcda panel``: check a panel's files, aggregate and measure
agreement."""

from __future__ import annotations

import argparse
from typing import Any

from r57_mcda.cli.inputs import input_files
from r57_mcda.cli.options import (
    add_aggregation_options,
    add_data_options,
    add_output_options,
)
from r57_mcda.cli.output import Report, emit, format_frame, problem_rows


def register(sub: Any) -> None:
    """Add the ``validate`` and ``panel`` subcommands."""
    p = sub.add_parser(
        "validate",
        help="check input files and list every problem (exit 2 when there is any)",
        description="Check the panel's files: every problem is listed with file, sheet, row and "
        "column. Exit status 0 when clean (warnings allowed), 2 when any problem is found.",
    )
    add_data_options(p)
    add_output_options(p)
    p.set_defaults(handler=run_validate)

    p = sub.add_parser(
        "panel",
        help="aggregate the experts' scores, with dispersion, agreement and flags",
        description="Aggregate the expert panel into a decision matrix, with per-cell n, "
        "standard deviation, IQR, min and max, Kendall's W per criterion and overall, cells "
        "without consensus and the cells where stakeholder groups diverge most.",
    )
    add_data_options(p, matrix=False)
    add_aggregation_options(p)
    p.add_argument(
        "--iqr-threshold",
        type=float,
        default=1.0,
        metavar="POINTS",
        help="flag cells whose IQR exceeds this many scale points (default 1.0)",
    )
    p.add_argument(
        "--top", type=int, default=10, metavar="N", help="how many divergent cells to list"
    )
    add_output_options(p)
    p.set_defaults(handler=run_panel)


def run_validate(args: argparse.Namespace) -> int:
    """Load and validate; problems raise InputError (exit 2)."""
    import pandas as pd

    from r57_mcda.io.inputs import load_inputs

    loaded = load_inputs(input_files(args), quorum=args.quorum)
    summary: dict[str, Any] = {
        "criteria_set": loaded.criteria.id,
        "criteria": len(loaded.criteria),
        "technologies": len(loaded.technologies),
    }
    if loaded.panel is not None:
        scores = loaded.panel.scores
        summary |= {
            "experts": len(loaded.panel.experts),
            "scores": int(scores["score"].notna().sum()),
            "abstentions": int(scores["score"].isna().sum()),
            "coi": int((scores["abstention"] == "COI").sum()),
        }
    payload = {
        "valid": True,
        "summary": summary,
        "files": loaded.file_refs(),
        "warnings": problem_rows(loaded.warnings, args.lang),
    }
    text = "valid: " + ", ".join(f"{k} {v}" for k, v in summary.items())
    # CSV: one warning a row; the params, a mapping, stay in the JSON.
    frame = pd.DataFrame(payload["warnings"]).drop(columns=["params"], errors="ignore")
    emit(
        Report(payload, frame, text, warnings=loaded.warnings),
        fmt=args.format,
        output=args.output,
        lang=args.lang,
    )
    return 0


def run_panel(args: argparse.Namespace) -> int:
    """Aggregate the panel and report dispersion and agreement."""
    from r57_mcda.cli.spec_args import expertise_setting
    from r57_mcda.io.inputs import load_inputs
    from r57_mcda.pipeline.analysis import decision_matrix, spec_for

    loaded = load_inputs(input_files(args), quorum=args.quorum)
    spec = spec_for(
        loaded,
        aggregation=args.aggregate,
        balance_groups=args.balance_groups,
        use_confidence=args.use_confidence,
        expertise=expertise_setting(args),
        trim=args.trim,
        quorum=args.quorum,
    )
    _, aggregate = decision_matrix(loaded, spec)
    assert loaded.panel is not None and aggregate is not None
    from r57_mcda.panel.agreement import assess_agreement

    agreement = assess_agreement(
        loaded.panel, aggregate, iqr_threshold=args.iqr_threshold, top=args.top
    )
    report = panel_report(loaded, aggregate, agreement, lang=args.lang, quorum=args.quorum)
    emit(report, fmt=args.format, output=args.output, lang=args.lang)
    return 0


def panel_report(
    loaded: Any, aggregate: Any, agreement: Any, *, lang: str = "en", quorum: int = 3
) -> Report:
    """The panel command's JSON payload, CSV table and text (``quorum`` for the warnings of
    the cells that count too few experts under ``--expertise min:K``)."""
    from r57_mcda.panel.agreement import interpret_w

    cells = aggregate.long()
    consensus = agreement.consensus.stack(future_stack=True)
    cells["consensus"] = [
        bool(consensus[(t, c)]) for t, c in zip(cells.technology, cells.criterion, strict=True)
    ]
    kendall = agreement.kendall.reset_index(names="criterion")
    for col in ("dropped_experts", "dropped_technologies"):
        kendall[col] = kendall[col].map(list)
    scores = loaded.panel.scores
    warnings = (*loaded.warnings, *aggregate.quorum_warnings(quorum))
    left_out = aggregate.experts_left_out
    payload = {
        "criteria_set": loaded.criteria.id,
        "aggregation": {
            "method": aggregate.method,
            "balance_groups": aggregate.balance_groups,
            "use_confidence": aggregate.use_confidence,
            "expertise": aggregate.expertise,
            "experts_left_out": None
            if left_out is None
            else {str(k): int(v) for k, v in left_out.items()},
            "trim": aggregate.trim,
        },
        "panel": {
            "experts": len(loaded.panel.experts),
            "technologies": len(loaded.technologies),
            "criteria": len(loaded.criteria),
            "scores": int(scores["score"].notna().sum()),
            "abstentions": int(scores["score"].isna().sum()),
            "coi": int((scores["abstention"] == "COI").sum()),
        },
        "files": loaded.file_refs(),
        "warnings": problem_rows(warnings, lang),
        "matrix": {t: dict(row) for t, row in aggregate.matrix.iterrows()},
        "cells": cells,
        "agreement": {
            "overall_w": agreement.overall_w,
            "overall_interpretation": interpret_w(agreement.overall_w),
            "mean_w": agreement.mean_w,
            "iqr_threshold": float(agreement.iqr_threshold.iloc[0]),
            "criteria": kendall,
        },
        "flags": agreement.flags,
        "divergence": agreement.divergence,
    }
    lines = [
        f"Panel: {payload['panel']['experts']} experts, {payload['panel']['technologies']} "
        f"technologies, {payload['panel']['criteria']} criteria; aggregation "
        f"{aggregate.method}{' (stakeholder groups balanced)' if aggregate.balance_groups else ''}",
        "",
        "Aggregated decision matrix:",
        str(aggregate.matrix.round(2).to_string()),
        "",
        f"Kendall's W overall: {agreement.overall_w:.3f} ({interpret_w(agreement.overall_w)}); "
        f"mean over criteria: {agreement.mean_w:.3f}",
        format_frame(kendall[["criterion", "W", "p_value", "m", "n"]]),
        "",
        f"Cells without consensus (IQR > {payload['agreement']['iqr_threshold']:g}): "
        f"{len(agreement.flags)}",
        format_frame(agreement.flags),
        "",
        "Where stakeholder groups diverge most:",
        format_frame(_group_labels(agreement.divergence, loaded.panel.experts, lang)),
    ]
    return Report(payload, cells, "\n".join(lines), warnings=warnings)


def _group_labels(divergence: Any, experts: Any, lang: str) -> Any:
    """The divergence table with the stakeholder groups' labels instead of their ids (text only:
    the JSON keeps the ids)."""
    from r57_mcda.models import group_label

    shown = divergence.copy()
    for column in ("highest_group", "lowest_group"):
        if column in shown.columns:
            shown[column] = [group_label(g, lang, experts) for g in shown[column]]
    return shown
