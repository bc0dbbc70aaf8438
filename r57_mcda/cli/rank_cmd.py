"""``r57-mcda rank``, ``compare`` and ``run`` (``explain`` and ``methods``: explain_cmd)."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from r57_mcda.cli.analysis import analysis_parser, consistency_lines, run_analysis
from r57_mcda.cli.explain_cmd import run_explain, run_methods
from r57_mcda.cli.options import add_db_option, add_output_options
from r57_mcda.cli.output import Report, emit, format_frame, note_rows, problem_rows
from r57_mcda.cli.spec_args import add_method_options
from r57_mcda.i18n import t

if TYPE_CHECKING:
    from r57_mcda.i18n import Message
    from r57_mcda.io.inputs import InputFile
    from r57_mcda.pipeline.analysis import AnalysisResult
    from r57_mcda.spec import AnalysisSpec


def register(sub: Any) -> None:
    """Add the analysis subcommands."""
    p = sub.add_parser("methods", help="list the ranking methods with their descriptions")
    add_output_options(p)
    p.set_defaults(handler=run_methods)

    p = analysis_parser(
        sub,
        "rank",
        help="rank the technologies with one method",
        description="Aggregate the panel (or read a decision matrix), weight the criteria and "
        "rank the technologies with one MCDA method; scores, ranks, ties and method extras.",
    )
    add_method_options(p)
    add_output_options(p)
    p.set_defaults(handler=run_rank)

    p = analysis_parser(
        sub,
        "compare",
        help="rank with several methods and compare them",
        description="Ranks side by side, Kendall's tau-b and Spearman's rho between methods, "
        "and Borda and Copeland consensus rankings.",
    )
    p.add_argument(
        "--methods",
        default="all",
        metavar="all|M1,M2,...",
        help="methods to compare (default all)",
    )
    add_method_options(p, single=False)
    add_output_options(p)
    p.set_defaults(handler=run_compare)

    p = analysis_parser(
        sub,
        "explain",
        help="explain the scores criterion by criterion, and why A is above B",
        description="Per-criterion contributions to each score (wsm, topsis, promethee2) and, "
        "with --pair A B, the criteria on which each beats the other and the smallest weight "
        "change that would swap them (wsm, topsis).",
    )
    p.add_argument("--pair", nargs=2, metavar=("A", "B"), help="two technology ids")
    add_method_options(p)
    add_output_options(p)
    p.set_defaults(handler=run_explain)

    p = sub.add_parser(
        "run",
        help="re-run a saved AnalysisSpec (same inputs, same numbers)",
        description="Run the analysis a spec file (from --save-spec or the app) describes: the "
        "ranking, the comparison of methods and the sensitivity analysis it records. The "
        "inputs are read from the recorded paths (relative to the spec file; the bundled "
        "sample's files from the package) and their SHA-256 checked: a changed file is "
        "reported and nothing is computed. A spec of a study's round reads that round's "
        "current scores from the store (--db) and refuses when their SHA-256 changed. A "
        "portfolio spec (`portfolio --save-spec`) gives the same portfolio again.",
    )
    p.add_argument("spec", type=Path, metavar="SPEC", help="a .toml or .json spec file")
    p.add_argument(
        "--no-sensitivity",
        action="store_true",
        help="leave out the sensitivity analysis the spec records (ranking and comparison only)",
    )
    add_db_option(p)
    add_output_options(p)
    p.set_defaults(handler=run_spec)


def ranking_payload(
    result: AnalysisResult, *, lang: str = "en", notes: Sequence[Message] = ()
) -> dict[str, Any]:
    """The documented JSON of ``rank`` (also used by ``run``); warnings' messages in ``lang``."""
    from r57_mcda.ranking import method_info
    from r57_mcda.weighting.ahp_weights import consistency_rows

    ranking = result.ranking
    info = method_info(ranking.method)
    techs = {t.id: t for t in result.inputs.technologies}
    table = ranking.table()
    rows = [
        {
            "id": tid,
            "name": techs[tid].name if tid in techs else tid,
            "name_vi": techs[tid].name_vi if tid in techs else "",
            "score": float(row["score"]),
            "rank": int(row["rank"]),
            "tied": bool(row["tied"]),
        }
        for tid, row in table.iterrows()
    ]
    top_k = result.spec.top_k
    payload: dict[str, Any] = {
        "method": ranking.method,
        "method_name": info.name,
        "score_name": info.score_name,
        "score_direction": ranking.score_direction,
        "params": dict(ranking.params),
        "weights": {k: float(v) for k, v in result.weights.values.items()},
        "weights_source": result.weights.method,
        "weights_details": dict(result.weights.details),
        "ranking": rows,
        "shortlist": ranking.top(top_k),
        "extras": dict(ranking.extras),
        "criteria_set": result.criteria.id,
        "aggregation": {
            "method": result.spec.aggregation,
            "balance_groups": result.spec.balance_groups,
            "use_confidence": result.spec.use_confidence,
            "expertise": result.spec.expertise,
        }
        if result.inputs.panel is not None
        else None,
        "files": result.inputs.file_refs(),
        "warnings": problem_rows(result.warnings, lang),
        "notes": note_rows(notes, lang),
        "ahp_consistency": consistency_rows(result.weights),
    }
    return payload


def ranking_report(
    result: AnalysisResult, *, lang: str = "en", notes: Sequence[Message] = ()
) -> Report:
    """Text, CSV and JSON of a ranking (warnings and notes in ``lang``).

    ``notes`` are the command line's own (partial ``--weights`` completed); the table shows
    them with the method's notes, and each AHP matrix's CR when the weights come from AHP.
    """
    import pandas as pd

    from r57_mcda.ranking import method_info

    payload = ranking_payload(result, lang=lang, notes=notes)
    info = method_info(result.ranking.method)
    frame = pd.DataFrame(payload["ranking"])
    better = "higher" if result.ranking.higher_is_better else "lower"
    weights = ", ".join(f"{k} {v:.3f}" for k, v in payload["weights"].items())
    table = frame[["rank", "id", "name", "score", "tied"]]
    if info.ordinal_score:
        # A rank position (ELECTRE II) is a whole number, not a measure: no decimals.
        table = table.assign(score=table["score"].round().astype("Int64"))
    lines = [
        f"{info.name} — {info.score_name} ({better} is better); weights: {result.weights.method}",
        f"weights: {weights}",
        "",
        format_frame(table, digits=4),
    ]
    from r57_mcda.pipeline.shortlist import degenerate_shortlist

    degenerate = degenerate_shortlist(result.ranking, result.spec.top_k)
    if degenerate is not None:
        lines += ["", degenerate.text(lang)]
    lines += consistency_lines(payload["ahp_consistency"], lang)
    shown = [*notes, *(result.ranking.extras.get("notes") or ())]
    if shown:
        lines += ["", t("cli_notes", lang)] + [f"  - {n.text(lang)}" for n in shown]
    if "compromise_set" in result.ranking.extras:
        ex = result.ranking.extras
        lines += [
            "",
            f"VIKOR compromise set: {', '.join(ex['compromise_set'])} (acceptable advantage: "
            f"{ex['acceptable_advantage']}, acceptable stability: {ex['acceptable_stability']})",
        ]
    return Report(payload, frame, "\n".join(lines), warnings=result.warnings, notes=tuple(notes))


def run_rank(args: argparse.Namespace) -> int:
    """Rank with one method."""
    result = run_analysis(args)
    report = ranking_report(result, lang=args.lang, notes=args.notes)
    emit(report, fmt=args.format, output=args.output, lang=args.lang)
    return 0


def run_spec(args: argparse.Namespace) -> int:
    """Re-run a saved spec (a portfolio spec: ``portfolio_cmd.run_portfolio_spec``)."""
    from r57_mcda.io.inputs import load_inputs
    from r57_mcda.io.spec_files import load_spec
    from r57_mcda.pipeline.analysis import analyse
    from r57_mcda.pipeline.portfolio_spec import PORTFOLIO_KIND, spec_kind

    if spec_kind(args.spec) == PORTFOLIO_KIND:
        from r57_mcda.cli.portfolio_cmd import run_portfolio_spec

        return run_portfolio_spec(args)
    spec: AnalysisSpec = load_spec(args.spec)
    files = spec_input_files(spec, args.spec, args.db)
    loaded = load_inputs(files, quorum=spec.quorum)
    result = analyse(loaded, spec, agreement=False)
    report = ranking_report(result, lang=args.lang)
    if result.comparison is not None:
        report = comparison_report(result, report, lang=args.lang)
    if spec.sensitivity and not args.no_sensitivity:
        report = _with_sensitivity(report, result, args.lang)
    emit(report, fmt=args.format, output=args.output, lang=args.lang)
    return 0


def spec_input_files(spec: AnalysisSpec, path: Path, db: str | None) -> list[InputFile]:
    """The inputs a spec file at ``path`` records, hash-checked: its files (relative to it) or
    its study's round from the store at ``db``."""
    from r57_mcda.io.spec_files import spec_files

    base = path.resolve().parent
    if spec.study is None:
        return spec_files(spec, base)
    from r57_mcda.cli.inputs import spec_study_files

    # The study's round from the store, and the files recorded beside it (AHP judgments).
    return spec_study_files(spec.study, db) + spec_files(spec, base)


def _with_sensitivity(base: Report, result: AnalysisResult, lang: str) -> Report:
    """``base`` followed by the sensitivity analysis the spec records (same seed, same draws)."""
    from r57_mcda.cli.sensitivity_cmd import sensitivity_report
    from r57_mcda.pipeline.sensitivity import SensitivitySettings

    settings = SensitivitySettings.from_dict(result.spec.sensitivity)
    section = sensitivity_report(result, settings, lang=lang, ahp_block=False)
    payload = {**base.payload, "sensitivity": section.payload}
    text = base.text.rstrip("\n") + "\n\n" + section.text
    # CSV holds one table: the ranking's (the sensitivity tables are in the JSON and the text).
    return Report(payload, base.frame, text, warnings=base.warnings, notes=base.notes)


def method_list(text: str) -> tuple[str, ...]:
    from r57_mcda.ranking import list_methods, method_info

    if text.strip() == "all":
        return tuple(m.id for m in list_methods())
    ids = tuple(m.strip() for m in text.split(",") if m.strip())
    for m in ids:
        method_info(m)  # unknown ids fail here, naming the valid ones
    return ids


def comparison_report(
    result: AnalysisResult,
    base: Report | None = None,
    *,
    lang: str = "en",
    notes: Sequence[Message] = (),
) -> Report:
    """Ranks side by side, correlations and consensus."""
    from r57_mcda.weighting.ahp_weights import consistency_rows

    comparison = result.comparison
    assert comparison is not None
    ranks = comparison.ranks.copy()
    ranks.insert(0, "borda", comparison.borda["rank"])
    ranks.insert(1, "copeland", comparison.copeland["rank"])
    ranks = ranks.sort_values(["borda", "copeland"], kind="stable")
    payload: dict[str, Any] = {
        "methods": list(comparison.methods),
        "ranks": {t: {k: int(v) for k, v in row.items()} for t, row in ranks.iterrows()},
        "kendall_tau": comparison.kendall_tau,
        "spearman_rho": comparison.spearman_rho,
        "borda": comparison.borda.reset_index(names="id"),
        "copeland": comparison.copeland.reset_index(names="id"),
        "mean_kendall_tau": comparison.agreement,
        "weights": {k: float(v) for k, v in result.weights.values.items()},
        "weights_source": result.weights.method,
        "criteria_set": result.criteria.id,
        "files": result.inputs.file_refs(),
    }
    payload["kendall_tau"] = {m: dict(row) for m, row in comparison.kendall_tau.iterrows()}
    payload["spearman_rho"] = {m: dict(row) for m, row in comparison.spearman_rho.iterrows()}
    if base is not None:
        payload = {**base.payload, "comparison": payload}
    lines = [base.text.rstrip("\n"), ""] if base is not None else []
    lines += [
        f"Ranks under {len(comparison.methods)} methods, with Borda and Copeland consensus:",
        ranks.to_string(),
        "",
        f"Kendall's tau-b between methods (mean {comparison.agreement:.3f}):",
        comparison.kendall_tau.round(2).to_string(),
    ]
    if base is None:  # the ranking's text already shows it
        lines += consistency_lines(consistency_rows(result.weights), lang)
    frame = ranks.reset_index(names="id")
    return Report(payload, frame, "\n".join(lines), warnings=result.warnings, notes=tuple(notes))


def run_compare(args: argparse.Namespace) -> int:
    """Compare several methods."""
    result = run_analysis(args, compare=method_list(args.methods))
    report = comparison_report(result, lang=args.lang, notes=args.notes)
    emit(report, fmt=args.format, output=args.output, lang=args.lang)
    return 0
