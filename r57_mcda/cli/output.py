"""Render a command's result as a table, CSV or JSON, to stdout or a file."""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from r57_mcda.errors import InputError, Problem

if TYPE_CHECKING:
    import pandas as pd

FORMATS = ("table", "csv", "json")


@dataclass(frozen=True)
class Report:
    """What a command produced: JSON payload, the main table (CSV) and a text rendering."""

    payload: Mapping[str, Any]
    frame: pd.DataFrame
    text: str
    warnings: tuple[Problem, ...] = field(default=())


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


def emit(report: Report, *, fmt: str, output: Path | None) -> None:
    """Print warnings to stderr, then write the report to ``output`` or stdout."""
    for w in report.warnings:
        print(f"warning: {w}", file=sys.stderr)
    text = render(report, fmt)
    if output is None:
        sys.stdout.write(text)
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(
            [Problem(f"cannot write the output: {exc.strerror}", file=str(output))]
        ) from exc
    print(f"wrote {output}", file=sys.stderr)


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
