"""The exception tree of r57-mcda and the located problems that input errors carry.

::

    R57Error                 anything r57-mcda raises on purpose
    ├── InputError           bad input files or values; carries every Problem found
    │   └── CriteriaError    a criteria set that cannot be used (directions, weights, ids)
    ├── MethodError          a method that cannot run on these inputs, or unknown parameters
    └── SpecError            an AnalysisSpec that cannot be read or no longer matches its inputs

The CLI turns any ``R57Error`` into a message on stderr and exit status 2; the app shows it
with ``st.error`` and the offending rows. Third-party errors are translated at the boundary
with ``raise ... from exc``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One problem found in an input, located as a secretary would look for it.

    ``row`` is the row number as shown by a spreadsheet or text editor: the header is row 1 and
    the first data row is row 2. ``column`` is the column's header text (or a TOML key).
    """

    message: str
    file: str = ""
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    severity: Severity = "error"

    def location(self) -> str:
        """Return ``file, sheet 'S', row R, column 'C'`` with the parts that are known."""
        parts = [self.file] if self.file else []
        if self.sheet:
            parts.append(f"sheet '{self.sheet}'")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column '{self.column}'")
        return ", ".join(parts)

    def __str__(self) -> str:
        where = self.location()
        return f"{where}: {self.message}" if where else self.message

    def as_dict(self) -> dict[str, object]:
        """Return the problem as a JSON-ready mapping."""
        return {
            "severity": self.severity,
            "file": self.file,
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


class R57Error(Exception):
    """Base of every error r57-mcda raises on purpose."""


class InputError(R57Error):
    """Invalid input: carries every problem found, not just the first."""

    def __init__(self, problems: Iterable[Problem] | str) -> None:
        if isinstance(problems, str):
            problems = [Problem(problems)]
        self.problems: tuple[Problem, ...] = tuple(problems)
        n = len(self.problems)
        head = f"{n} problem{'s' if n != 1 else ''} found in the input"
        super().__init__(head + "".join(f"\n  - {p}" for p in self.problems))

    @property
    def errors(self) -> tuple[Problem, ...]:
        """The problems of severity ``error``."""
        return tuple(p for p in self.problems if p.severity == "error")


class CriteriaError(InputError):
    """A criteria set that cannot be used."""


class MethodError(R57Error):
    """A ranking or weighting method that cannot run on the given inputs."""


class SpecError(R57Error):
    """An analysis specification that cannot be read, or whose inputs have changed."""


def raise_if_errors(problems: Iterable[Problem], *, error: type[InputError] = InputError) -> None:
    """Raise ``error`` with all problems (warnings included) if any problem is an error."""
    found = tuple(problems)
    if any(p.severity == "error" for p in found):
        raise error(found)
