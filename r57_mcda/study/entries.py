"""The values a study passes around: one answered cell, and where a set of answers came from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

#: How a cell was answered: a number on the criterion's scale, "not able to assess" (NA), or a
#: declared conflict of interest (COI, which abstains the technology's whole row).
Status = Literal["score", "na", "coi"]
STATUSES: tuple[Status, ...] = ("score", "na", "coi")

#: Where a submission came from.
Channel = Literal["web", "workbook", "file"]
CHANNELS: tuple[Channel, ...] = ("web", "workbook", "file")


@dataclass(frozen=True)
class CellEntry:
    """One expert's answer for one technology on one criterion.

    ``value`` is set exactly when ``status`` is "score". ``comment`` is the expert's comment on
    the technology (a row's comment is carried by each of its cells). ``confidence`` is the
    expert's declared confidence in the score, when a score file gave one.
    """

    technology: str
    criterion: str
    status: Status
    value: float | None = None
    comment: str = ""
    confidence: float | None = None
    reason: str = ""

    def __post_init__(self) -> None:
        if (self.status == "score") != (self.value is not None):
            raise ValueError(f"{self.technology}/{self.criterion}: value and status disagree")

    @property
    def key(self) -> tuple[str, str]:
        """(technology, criterion): the cell."""
        return (self.technology, self.criterion)

    @property
    def long_score(self) -> str:
        """The ``score`` column of the long form: the number, ``NA`` or ``COI``."""
        if self.status == "na":
            return "NA"
        if self.status == "coi":
            return "COI"
        assert self.value is not None
        return f"{self.value:g}"


@dataclass(frozen=True)
class Origin:
    """Where a submission came from: the web form, or a file with its name and SHA-256."""

    channel: Channel
    file_name: str = ""
    sha256: str = ""
