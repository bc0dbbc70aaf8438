"""Translations: one TOML catalog per language (``en.toml``, ``vi.toml``) and the lookup ``t``.

A catalog maps a message id (snake_case, naming the message, not its text) to its text, with
``{name}`` placeholders filled by :func:`t`. An entry that depends on a count is a table of plural
forms (``{ one = "...", other = "..." }``) chosen by the ``n`` placeholder: English has ``one``
(n = 1) and ``other``; Vietnamese, which does not inflect for number, has only ``other``.

Numbers given as placeholder values are written in the language's convention: ``1,234.5`` in
English, ``1.234,5`` in Vietnamese (decimal comma, dot between thousands). Placeholders may carry
a format spec (``{share:.1%}``, ``{w:.3f}``) that is applied before the separators are swapped.

A placeholder value that has a ``text(lang)`` method (a :class:`Message`, or the lists of
:mod:`r57_mcda.i18n.phrases`) is written in the language of the message around it.

Engines do not render text: they return :class:`Message` values (an id and its parameters), and
front ends (CLI, app, report) render them in the user's language with :meth:`Message.text`.
"""

from __future__ import annotations

import string
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any, Literal, TypeAlias

Lang = Literal["en", "vi"]
LANGUAGES: dict[str, str] = {"en": "English", "vi": "Tiếng Việt"}
DEFAULT_LANG: Lang = "en"
#: The plural forms each language uses (CLDR cardinal categories).
PLURAL_FORMS: dict[str, tuple[str, ...]] = {"en": ("one", "other"), "vi": ("other",)}

Entry: TypeAlias = str | dict[str, str]


@cache
def catalog(lang: str) -> Mapping[str, Entry]:
    """The catalog of ``lang`` ("en" or "vi"), read once from the package.

    Raises
    ------
    KeyError
        ``lang`` is not a supported language.
    """
    if lang not in LANGUAGES:
        raise KeyError(f"unsupported language {lang!r}; known: {', '.join(LANGUAGES)}")
    text = resources.files(__package__).joinpath(f"{lang}.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def language(value: str | None) -> Lang:
    """``value`` if it names a supported language, else the default ("en")."""
    return "vi" if value == "vi" else "en"


def plural_form(lang: str, n: object) -> str:
    """The plural category of count ``n`` in ``lang`` (``one`` or ``other``)."""
    if lang == "en" and isinstance(n, int | float) and not isinstance(n, bool) and n == 1:
        return "one"
    return "other"


def format_number(value: float | int, lang: str, spec: str = "") -> str:
    """``value`` formatted by ``spec`` with the separators of ``lang``."""
    text = format(value, spec)
    if lang == "vi":
        text = text.translate(str.maketrans(",.", ".,"))
    return text


class _Formatter(string.Formatter):
    def __init__(self, lang: str) -> None:
        self.lang = lang

    def format_field(self, value: Any, format_spec: str) -> str:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return format_number(value, self.lang, format_spec)
        render = getattr(value, "text", None)
        if callable(render) and not isinstance(value, str):
            # A message inside a message is written in the language of the one around it.
            return format(str(render(self.lang)), format_spec)
        if isinstance(value, str) and format_spec:
            # A value shown already as text (e.g. "" for "not computed") keeps its text.
            try:
                return format(value, format_spec)
            except ValueError:
                return value
        return str(super().format_field(value, format_spec))


def entry_text(entry: Entry, lang: str, n: object = None) -> str:
    """The text of a catalog entry, choosing the plural form for ``n``."""
    if isinstance(entry, str):
        return entry
    form = plural_form(lang, n)
    return entry.get(form) or entry["other"]


def t(key: str, lang: str = DEFAULT_LANG, /, **values: object) -> str:
    """The text of message ``key`` in ``lang`` ("en" or "vi"), formatted with ``values``.

    Raises
    ------
    KeyError
        ``key`` is in neither catalog: a typo fails in tests rather than showing a raw key.
    """
    lang = language(lang)
    entries = catalog(lang)
    entry = entries.get(key)
    if entry is None:
        entry = catalog(DEFAULT_LANG)[key]
        lang = DEFAULT_LANG
    text = entry_text(entry, lang, values.get("n"))
    return _Formatter(lang).vformat(text, (), values) if values else text


def has(key: str) -> bool:
    """Whether ``key`` is a message id of the English catalog."""
    return key in catalog(DEFAULT_LANG)


@dataclass(frozen=True)
class Message:
    """A message id and its parameters: what engines return for front ends to render."""

    code: str
    params: Mapping[str, object] = field(default_factory=dict)

    def text(self, lang: str = DEFAULT_LANG) -> str:
        """The message in ``lang``."""
        return t(self.code, lang, **self.params)

    def __str__(self) -> str:
        return self.text(DEFAULT_LANG)

    def as_dict(self) -> dict[str, object]:
        """JSON-ready: ``code``, ``params`` and the English text."""
        return {"code": self.code, "params": dict(self.params), "message": self.text()}


def msg(code: str, /, **params: object) -> Message:
    """Shorthand for ``Message(code, params)``."""
    return Message(code, params)


__all__ = [
    "DEFAULT_LANG",
    "LANGUAGES",
    "PLURAL_FORMS",
    "Entry",
    "Lang",
    "Message",
    "catalog",
    "entry_text",
    "format_number",
    "has",
    "language",
    "msg",
    "plural_form",
    "t",
]
