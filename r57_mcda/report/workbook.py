"""The Excel shortlist report of an analysis: ``build_report`` (xlsx bytes), ``write_report``.

Sheets, in order: Summary, Ranking, Contributions, Weights, Panel, Sensitivity (only when
sensitivity results are given), Audit, Rounds (only when a study's convergence is given) and
Portfolio (only when a portfolio is given).
Sheet names stay in English whatever the language, so that scripts can find them; everything
written inside follows ``lang``. Every cell goes through :func:`r57_mcda.report.cells.put`,
which stores text as text, never as a formula.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from r57_mcda.errors import InputError, Problem
from r57_mcda.report.audit import write_audit
from r57_mcda.report.cells import header_text, page_setup
from r57_mcda.report.context import ReportContext, SensitivityRun, utc
from r57_mcda.report.panel import write_panel
from r57_mcda.report.portfolio import write_portfolio
from r57_mcda.report.ranking import write_contributions, write_ranking
from r57_mcda.report.rounds import write_rounds
from r57_mcda.report.sensitivity import write_sensitivity
from r57_mcda.report.summary import write_summary
from r57_mcda.report.weights import write_weights

if TYPE_CHECKING:
    from r57_mcda.pipeline.analysis import AnalysisResult
    from r57_mcda.pipeline.rounds import Convergence
    from r57_mcda.portfolio import PortfolioResult

REPORT_LANGUAGES: tuple[str, ...] = ("en", "vi")
SHEETS: tuple[str, ...] = (
    "Summary",
    "Ranking",
    "Contributions",
    "Weights",
    "Panel",
    "Sensitivity",
    "Audit",
)
#: Sheets of a study's report only, after :data:`SHEETS`: the convergence of its rounds.
STUDY_SHEETS: tuple[str, ...] = ("Rounds",)
#: The last sheet, of a report with a portfolio: the funded technologies under the budget.
PORTFOLIO_SHEETS: tuple[str, ...] = ("Portfolio",)

__all__ = [
    "PORTFOLIO_SHEETS",
    "REPORT_LANGUAGES",
    "SHEETS",
    "STUDY_SHEETS",
    "SensitivityRun",
    "build_report",
    "write_report",
]


def build_report(
    result: AnalysisResult,
    *,
    lang: str = "en",
    sensitivity: SensitivityRun | None = None,
    generated_at: datetime | None = None,
    final: bool = False,
    title: str | None = None,
    rounds: Convergence | None = None,
    portfolio: PortfolioResult | None = None,
) -> bytes:
    """The Excel report of ``result`` as the bytes of an .xlsx file.

    Parameters
    ----------
    result
        The analysis (from :func:`r57_mcda.pipeline.analysis.analyse`); the Panel sheet shows
        agreement when the analysis computed it.
    lang
        ``en`` or ``vi``: the language of every text in the workbook.
    sensitivity
        Monte Carlo and/or stability results for the Sensitivity sheet; without them (or when
        both are None) the sheet is left out.
    generated_at
        The report's time, shown on the Summary and Audit sheets (a naive time is taken as
        UTC); default now. The same inputs and time give the same bytes.
    final
        Whether the report is marked final; until then every page header and the Summary
        and Audit sheets say "draft".
    title
        The study's name for every page header; default the criteria set's name.
    rounds
        The convergence of a study's Delphi rounds
        (:func:`r57_mcda.pipeline.rounds.study_convergence`) for the Rounds sheet; without
        it the sheet is left out.
    portfolio
        The selected portfolio (:func:`r57_mcda.pipeline.portfolio.run_portfolio`, or the
        app's Portfolio page) for the Portfolio sheet; without it the sheet is left out.

    Raises
    ------
    InputError
        For a language other than ``en`` or ``vi``.
    """
    if lang not in REPORT_LANGUAGES:
        raise InputError(Problem("rpt_unknown_language", params={"lang": lang}))
    moment = utc(generated_at)
    run = sensitivity if sensitivity is not None and not sensitivity.empty else None
    ctx = ReportContext(
        result=result,
        lang=lang,
        generated_at=moment,
        sensitivity=run,
        final=final,
        title=title,
    )
    writers: dict[str, Callable[[Worksheet], None]] = {
        "Summary": lambda ws: write_summary(ws, ctx),
        "Ranking": lambda ws: write_ranking(ws, ctx),
        "Contributions": lambda ws: write_contributions(ws, ctx),
        "Weights": lambda ws: write_weights(ws, ctx),
        "Panel": lambda ws: write_panel(ws, ctx),
        "Audit": lambda ws: write_audit(ws, ctx),
    }
    if run is not None:
        writers["Sensitivity"] = lambda ws: write_sensitivity(ws, ctx, run)
    if rounds is not None:
        writers["Rounds"] = lambda ws: write_rounds(ws, ctx, rounds)
    if portfolio is not None:
        writers["Portfolio"] = lambda ws: write_portfolio(ws, ctx, portfolio)
    workbook = Workbook()
    for default in list(workbook.worksheets):
        workbook.remove(default)
    for name in (*SHEETS, *STUDY_SHEETS, *PORTFOLIO_SHEETS):
        if name in writers:
            ws = workbook.create_sheet(name)
            writers[name](ws)
            _print_setup(ws, ctx)
    # Excel stores naive times, read as UTC.
    naive = moment.replace(tzinfo=None)
    workbook.properties.created = naive
    workbook.properties.modified = naive
    workbook.properties.creator = "r57-mcda"
    return _save(workbook, naive)


def write_report(
    path: str | Path,
    result: AnalysisResult,
    *,
    lang: str = "en",
    sensitivity: SensitivityRun | None = None,
    generated_at: datetime | None = None,
    final: bool = False,
    title: str | None = None,
    rounds: Convergence | None = None,
    portfolio: PortfolioResult | None = None,
) -> Path:
    """Write the report of :func:`build_report` to ``path``; return the path.

    Raises
    ------
    InputError
        When the file cannot be written (naming it), or for an unknown language.
    """
    target = Path(path)
    content = build_report(
        result,
        lang=lang,
        sensitivity=sensitivity,
        generated_at=generated_at,
        final=final,
        title=title,
        rounds=rounds,
        portfolio=portfolio,
    )
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise InputError(
            Problem("rpt_cannot_write", str(target), params={"reason": reason})
        ) from exc
    return target


def _print_setup(ws: Worksheet, ctx: ReportContext) -> None:
    """Print area, and the page header (study or criteria set, date, draft or final, and
    the synthetic-sample label when it applies) and footer (page x of y) of every page."""
    date = ctx.generated_at.strftime("%Y-%m-%d")
    center = header_text(ctx.text("rpt_sample_header")) + "  " + date if ctx.on_sample else date
    page_setup(
        ws,
        left=header_text(ctx.heading_name()),
        center=center,
        right=header_text(ctx.text("rpt_header_final" if ctx.final else "rpt_header_draft")),
        footer=ctx.text("rpt_footer_page"),
    )


def _save(workbook: Workbook, moment: datetime) -> bytes:
    """The workbook's bytes, every zip member stamped with ``moment``.

    openpyxl's ``save`` would stamp the file with the clock; the writer it wraps does not.
    The members are re-packed because the zip module stamps them with the clock too.
    """
    raw = BytesIO()
    with ZipFile(raw, "w", ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(workbook, archive).write_data()
    # Zip times start in 1980.
    stamp = max(moment.timetuple()[:6], (1980, 1, 1, 0, 0, 0))
    packed = BytesIO()
    with ZipFile(BytesIO(raw.getvalue())) as source, ZipFile(packed, "w", ZIP_DEFLATED) as target:
        for info in source.infolist():
            member = ZipInfo(info.filename, date_time=stamp)
            member.compress_type = ZIP_DEFLATED
            target.writestr(member, source.read(info.filename))
    return packed.getvalue()
