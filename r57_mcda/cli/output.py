"""Render a command's result as a table, CSV or JSON, to stdout or a file."""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from r57_mcda.errors import InputError, Problem
from r57_mcda.i18n import DEFAULT_LANG, Message, t

if TYPE_CHECKING:
    import pandas as pd

FORMATS = ("table", "csv", "json")


@dataclass(frozen=True)
class Report:
    """What a command produced: JSON payload, the main table (CSV) and a text rendering.

    ``warnings`` and ``notes`` (e.g. how partial ``--weights`` were completed) go to stderr.
    """

    payload: Mapping[str, Any]
    frame: pd.DataFrame
    text: str
    warnings: tuple[Problem, ...] = field(default=())
    notes: tuple[Message, ...] = field(default=())


def to_jsonable(value: Any) -> Any:
    """Convert numpy/pandas values to plain JSON types; NaN and infinities become null.

    Tables become lists of rows (records), as the documented JSON outputs expect; any other
    object (a path, an enum, ...) becomes its text.
    """
    from r57_mcda.plain import plain

    converted = plain(value, records=True)
    if isinstance(converted, dict):
        return {k: to_jsonable(v) for k, v in converted.items()}
    if isinstance(converted, list):
        return [to_jsonable(v) for v in converted]
    if converted is None or isinstance(converted, str | int | float | bool):
        return converted
    return str(converted)


def render(report: Report, fmt: str) -> str:
    """The report as text in ``fmt`` (table, csv or json)."""
    if fmt == "json":
        return json.dumps(to_jsonable(report.payload), ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        return str(report.frame.to_csv(index=False, lineterminator="\n"))
    return report.text.rstrip("\n") + "\n"


def problem_rows(problems: Sequence[Problem], lang: str) -> list[dict[str, object]]:
    """Problems as JSON rows (``as_dict``: ``code``, ``params``, ``message`` in ``lang``)."""
    return [p.as_dict(lang) for p in problems]


def emit(report: Report, *, fmt: str, output: Path | None, lang: str = DEFAULT_LANG) -> None:
    """Print warnings to stderr in ``lang``, then write the report to ``output`` or stdout."""
    label = t("input_severity_warning", lang)
    for w in report.warnings:
        print(f"{label}: {w.render(lang)}", file=sys.stderr)
    for note in report.notes:
        print(f"{t('cli_note', lang)}: {note.text(lang)}", file=sys.stderr)
    text = render(report, fmt)
    if output is None:
        sys.stdout.write(text)
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        reason = exc.strerror or str(exc)
        problem = Problem("cli_cannot_write_output", str(output), params={"reason": reason})
        raise InputError(problem) from exc
    print(t("cli_wrote", lang, path=str(output)), file=sys.stderr)


def note_rows(notes: Sequence[Message], lang: str) -> list[dict[str, object]]:
    """Notes as JSON rows: ``code``, ``params`` and ``message`` in ``lang``."""
    from r57_mcda.plain import plain

    return [
        {"code": n.code, "params": plain(dict(n.params)), "message": n.text(lang)} for n in notes
    ]


def format_frame(frame: pd.DataFrame, *, digits: int = 3) -> str:
    """A DataFrame as an aligned text table with floats rounded for reading."""
    import pandas as pd

    if frame.empty:
        return "(none)"
    shown = frame.copy()
    for col in shown.columns:
        if pd.api.types.is_float_dtype(shown[col]):
            shown[col] = shown[col].map(lambda v: "" if pd.isna(v) else f"{v:.{digits}f}")
    return str(shown.to_string(index=False))
