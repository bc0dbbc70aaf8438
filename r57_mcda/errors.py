"""The exception tree of r57-mcda and the located problems that input errors carry.

::

    R57Error                 anything r57-mcda raises on purpose
    ├── InputError           bad input files or values; carries every Problem found
    │   └── CriteriaError    a criteria set that cannot be used (directions, weights, ids)
    ├── MethodError          a method that cannot run on these inputs, or unknown parameters
    └── SpecError            an AnalysisSpec that cannot be read or no longer matches its inputs

Every error and problem carries a message id of the catalogs (:mod:`r57_mcda.i18n`) and its
parameters, never finished text: ``str()`` gives English, and front ends call ``text(lang)`` for
the user's language. The CLI turns any ``R57Error`` into a message on stderr and exit status 2;
the app shows it with ``st.error`` and the offending rows. Third-party errors are translated at
the boundary with ``raise ... from exc``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from r57_mcda.i18n import DEFAULT_LANG, Message, t

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One problem found in an input, located as a secretary would look for it.

    ``code`` is the catalog's message id and ``params`` its placeholders. ``row`` is the row
    number as shown by a spreadsheet or text editor: the header is row 1 and the first data row
    is row 2. ``column`` is the column's header text (or a TOML key).
    """

    code: str
    file: str = ""
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    severity: Severity = "error"
    params: Mapping[str, object] = field(default_factory=dict, hash=False)

    @property
    def message(self) -> str:
        """The problem's message in English."""
        return self.text(DEFAULT_LANG)

    def text(self, lang: str = DEFAULT_LANG) -> str:
        """The problem's message (without its location) in ``lang``."""
        return t(self.code, lang, **self.params)

    def location(self, lang: str = DEFAULT_LANG) -> str:
        """Return ``file, sheet 'S', row R, column 'C'`` with the parts that are known."""
        parts = [self.file] if self.file else []
        if self.sheet:
            parts.append(t("loc_sheet", lang, sheet=self.sheet))
        if self.row is not None:
            parts.append(t("loc_row", lang, row=str(self.row)))
        if self.column:
            parts.append(t("loc_column", lang, column=self.column))
        return ", ".join(parts)

    @property
    def place(self) -> Place:
        """The problem's location alone, as a value another message can name."""
        return Place(self)

    def render(self, lang: str = DEFAULT_LANG) -> str:
        """Location and message in ``lang``, as printed on the command line."""
        where = self.location(lang)
        text = self.text(lang)
        return f"{where}: {text}" if where else text

    def __str__(self) -> str:
        return self.render(DEFAULT_LANG)

    def as_dict(self, lang: str = DEFAULT_LANG) -> dict[str, object]:
        """Return the problem as a JSON-ready mapping (``message`` in ``lang``)."""
        return {
            "severity": self.severity,
            "file": self.file,
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "code": self.code,
            "params": {k: _plain(v) for k, v in self.params.items()},
            "message": self.text(lang),
        }


@dataclass(frozen=True)
class Place:
    """Where a problem is (``file, sheet 'S', row R``), written in either language."""

    problem: Problem

    def text(self, lang: str = DEFAULT_LANG) -> str:
        """The location in ``lang``."""
        return self.problem.location(lang)

    def __str__(self) -> str:
        return self.text(DEFAULT_LANG)


def _plain(value: object) -> object:
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


class R57Error(Exception):
    """Base of every error r57-mcda raises on purpose: a message id and its parameters."""

    def __init__(self, code: str, /, **params: object) -> None:
        self.code = code
        self.params: Mapping[str, object] = params
        super().__init__(self.text(DEFAULT_LANG))

    @property
    def message(self) -> Message:
        """The error as a :class:`~r57_mcda.i18n.Message`."""
        return Message(self.code, dict(self.params))

    def text(self, lang: str = DEFAULT_LANG) -> str:
        """The error's message in ``lang``."""
        return t(self.code, lang, **self.params)


class InputError(R57Error):
    """Invalid input: carries every problem found, not just the first."""

    def __init__(self, problems: Iterable[Problem] | Problem) -> None:
        if isinstance(problems, Problem):
            problems = [problems]
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("input_problems_found", n=len(self.problems))

    def text(self, lang: str = DEFAULT_LANG) -> str:
        """The head line and every problem, located, in ``lang``."""
        head = t("input_problems_found", lang, n=len(self.problems))
        return head + "".join(f"\n  - {p.render(lang)}" for p in self.problems)

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
