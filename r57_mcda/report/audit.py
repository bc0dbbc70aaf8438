"""The report's Audit sheet: software versions, inputs and their SHA-256, the full spec (in one
cell, ready to copy), time, and whether the data are the synthetic sample."""

from __future__ import annotations

import json
import platform
from importlib import metadata

from openpyxl.worksheet.worksheet import Worksheet

from r57_mcda.report.cells import SheetWriter
from r57_mcda.report.context import ReportContext, sample_hashes
from r57_mcda.spec import AnalysisSpec

#: Distributions whose versions can change the numbers (importlib.metadata names).
PACKAGES: tuple[str, ...] = ("r57-mcda", "numpy", "pandas", "scipy", "scikit-criteria", "openpyxl")


def package_versions() -> dict[str, str | None]:
    """Python's version and each of :data:`PACKAGES`' (None when not installed)."""
    versions: dict[str, str | None] = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def spec_cell_text(spec: AnalysisSpec) -> str:
    """The spec as the Audit sheet's one cell holds it: JSON on a single line.

    One line, because a spreadsheet copies a cell with line breaks wrapped in quotes (and its
    quotes doubled), which would no longer be a spec file; ``r57-mcda run`` reads JSON as well
    as TOML.
    """
    return json.dumps(spec.to_dict(), ensure_ascii=False, sort_keys=True, separators=(", ", ": "))


def write_audit(ws: Worksheet, ctx: ReportContext) -> None:
    """Fill ``ws`` with everything needed to trace and reproduce the run.

    The spec comes last: whole in one cell (column A, after its heading and the note on how
    to re-run it), so that it can be copied at once; then as TOML, one line per row, so that
    the lines from the row after that heading to the end of the sheet are the spec file.
    """
    result = ctx.result
    out = SheetWriter(ws)
    out.title(ctx.text("rpt_audit_title"))
    if ctx.on_sample:
        out.paragraph(ctx.sample_note(), warning=True)
    out.pairs(
        [
            (ctx.text("rpt_timestamp"), ctx.timestamp()),
            (ctx.text("rpt_status"), ctx.status()),
            (ctx.text("rpt_seed"), result.spec.seed),
        ]
    )
    out.heading(ctx.text("rpt_versions"))
    out.table(
        [ctx.text("rpt_col_package"), ctx.text("rpt_col_version")],
        [
            (name, version or ctx.text("rpt_not_installed"))
            for name, version in package_versions().items()
        ],
    )
    out.heading(ctx.text("rpt_inputs"))
    sample = set(sample_hashes())
    out.table(
        [
            ctx.text("rpt_col_role"),
            ctx.text("col_file"),
            ctx.text("rpt_col_sha256"),
            ctx.text("rpt_col_sample"),
        ],
        [
            (
                ref["role"],
                ref["name"],
                ref["sha256"],
                ctx.yes_no(ref["role"] != "criteria" and ref["sha256"] in sample),
            )
            for ref in result.inputs.file_refs()
        ],
    )
    sensitivity = ctx.sensitivity
    if sensitivity is not None and sensitivity.monte_carlo is not None:
        mc = sensitivity.monte_carlo
        out.heading(ctx.text("rpt_mc_run"))
        out.pairs(
            (key, ctx.method(str(value)), value)
            if key == "method"
            else (
                key,
                json.dumps(value, ensure_ascii=False) if isinstance(value, dict | list) else value,
            )
            for key, value in mc.to_dict().items()
            if key != "technologies"
        )
    if sensitivity is not None and sensitivity.stability is not None:
        stability = sensitivity.stability
        out.heading(ctx.text("rpt_stab_run"))
        out.pairs(
            [
                ("method", ctx.method(stability.method), stability.method),
                ("top_k", stability.top_k),
                ("exact", all(i.exact for i in stability.first)),
                ("resolution", max((i.resolution for i in stability.first), default=0.0)),
            ]
        )
    if result.warnings:
        out.heading(ctx.text("rpt_warnings"))
        out.table(
            [ctx.text("col_severity"), ctx.text("rpt_col_location"), ctx.text("col_message")],
            [
                (ctx.text(f"input_severity_{p.severity}"), p.location(ctx.lang), p.text(ctx.lang))
                for p in result.warnings
            ],
        )
    out.heading(ctx.text("rpt_spec_copy"))
    out.paragraph(ctx.text("rpt_spec_how"))
    out.paragraph(spec_cell_text(result.spec))
    # The same spec as TOML, one line per row, for reading (the lines to the end of the sheet
    # are a spec file too).
    out.heading(ctx.text("rpt_spec"))
    out.lines(result.spec.to_toml().splitlines())
    out.finish()
