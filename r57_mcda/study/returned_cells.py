"""One cell of a returned scoring workbook read as an answer (used by :mod:`.returned`)."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass

from r57_mcda.i18n.phrases import shown
from r57_mcda.study.entries import Status
from r57_mcda.study.template_layout import COI_TEXT

NA_TEXTS = frozenset({"NA", "N/A"})
_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")


def cell_text(value: object) -> str:
    """A cell as trimmed text ("" for an empty cell); whole floats lose their ".0"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


@dataclass(frozen=True)
class Bad:
    """A cell that cannot be read: the problem's code and parameters."""

    code: str
    params: Mapping[str, object]


Answer = tuple[Status, float | None]


def cell_answer(value: object, lo: int, hi: int) -> Answer | Bad | None:
    """One input cell: an answer, a problem, or None when blank."""
    if value is None:
        return None
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        if text.upper() in NA_TEXTS:
            return ("na", None)
        if text.upper() == COI_TEXT:
            return ("coi", None)
        if _NUMBER.fullmatch(text) is None:
            return Bad("ret_not_a_score", {"value": shown(text), "lo": lo, "hi": hi})
        number = float(text.replace(",", "."))
    elif isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
    else:
        return Bad("ret_not_a_score", {"value": shown(str(value)), "lo": lo, "hi": hi})
    if not math.isfinite(number) or not number.is_integer():
        return Bad("ret_score_not_whole", {"value": number, "lo": lo, "hi": hi})
    if not lo <= number <= hi:
        return Bad("ret_score_out_of_scale", {"value": number, "lo": lo, "hi": hi})
    return ("score", number)
