"""Placeholder values that are text themselves: messages, lists and places inside a message.

:func:`r57_mcda.i18n.t` renders any placeholder value that has a ``text(lang)`` method (a
:class:`~r57_mcda.i18n.Message`, :class:`Phrases`, :class:`Listing`, a problem's place) in the
language of the message around it, so a catalog text simply writes ``{method}``. ``str()`` of
these values is English, as JSON ``params`` show them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from r57_mcda.i18n import DEFAULT_LANG, t

#: Most items a listing names; the rest are counted ("'a', 'b' and 3 more").
LISTING_LIMIT = 10


@runtime_checkable
class Localised(Protocol):
    """A value that can be written in either language."""

    def text(self, lang: str = DEFAULT_LANG) -> str:
        """The value in ``lang``."""
        ...


@dataclass(frozen=True)
class Phrases:
    """Several localised items (or plain names) joined by ``separator``."""

    items: tuple[Localised | str, ...]
    separator: str = "; "

    @classmethod
    def of(cls, items: Iterable[Localised | str], *, separator: str = "; ") -> Phrases:
        """The phrases of ``items``, in order."""
        return cls(tuple(items), separator)

    def text(self, lang: str = DEFAULT_LANG) -> str:
        """Every item in ``lang``, joined."""
        return self.separator.join(
            item if isinstance(item, str) else item.text(lang) for item in self.items
        )

    def __str__(self) -> str:
        return self.text(DEFAULT_LANG)


@dataclass(frozen=True)
class Listing:
    """The first :data:`LISTING_LIMIT` items (as their repr), then how many more."""

    named: tuple[str, ...]
    more: int = 0

    def text(self, lang: str = DEFAULT_LANG) -> str:
        """The named items, and the count of the rest, in ``lang``."""
        items = ", ".join(self.named)
        return t("rank_listing_more", lang, items=items, n=self.more) if self.more > 0 else items

    def __str__(self) -> str:
        return self.text(DEFAULT_LANG)


def listing(items: Iterable[object]) -> Listing:
    """``items`` for a message: the first :data:`LISTING_LIMIT` as their repr, then a count."""
    found = list(items)
    return Listing(tuple(map(repr, found[:LISTING_LIMIT])), max(0, len(found) - LISTING_LIMIT))


def shown(value: object) -> object:
    """``value`` as a message shows it: a number as itself (written with the decimal mark of the
    message's language), anything else as its repr."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return repr(value)
