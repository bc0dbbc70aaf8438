"""The Delphi reasons: in a round that requires them (``require_reasons``), every score an
expert gives, new or kept, that lies strictly outside the previous round's panel interquartile
range [Q1, Q3] of its cell needs a non-empty reason (the RAND/Delphi practice: an expert
outside the IQR justifies their position).

The ranges are the previous round's quartiles of the whole panel, computed once per round
(:func:`r57_mcda.study.feedback.panel_stats`, the figures the experts' feedback shows). A score
on a bound (Q1 or Q3) is inside. NA, COI, dropped and carried cells need no reason, nor does a
cell the previous round has no quartiles for. The reason is stored with the score's version
(:attr:`r57_mcda.study.entries.CellEntry.reason`); it is not part of the analysis data.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sqlalchemy.orm import Session

from r57_mcda.errors import R57Error
from r57_mcda.study.entries import CellEntry
from r57_mcda.study.feedback import Feedback, panel_stats
from r57_mcda.study.rounds import round_settings
from r57_mcda.study.studies import Study

#: (technology, criterion) -> (Q1, Q3) of the previous round's panel.
Ranges = Mapping[tuple[str, str], tuple[float, float]]


def panel_ranges(
    session: Session, study: Study, round_no: int
) -> dict[tuple[str, str], tuple[float, float]]:
    """The previous round's panel quartiles (Q1, Q3) per cell that round ``round_no`` asks:
    empty in round 1 and in a round that does not require reasons.

    Raises
    ------
    R57Error
        ``study_no_such_round`` for a round the study does not have.
    """
    if round_no <= 1:
        return {}
    settings = round_settings(session, study.id, round_no)
    if not settings.require_reasons:
        return {}
    try:
        stats = panel_stats(session, study, round_no - 1)
    except R57Error as error:
        if error.code == "rounds_no_scores":
            return {}  # the previous round has only NA/COI: no quartiles anywhere
        raise
    return {
        (c.technology, c.criterion): (c.q1, c.q3)
        for c in stats.cells
        if c.q1 is not None
        and c.q3 is not None
        and not settings.is_dropped(c.technology, c.criterion)
    }


def ranges_of(feedback: Feedback | None) -> dict[tuple[str, str], tuple[float, float]]:
    """The same ranges from an expert's feedback (no cell without quartiles, no dropped cell);
    empty without feedback. The caller knows whether the round requires reasons."""
    if feedback is None:
        return {}
    return {
        key: (cell.q1, cell.q3)
        for key, cell in feedback.cells.items()
        if cell.q1 is not None and cell.q3 is not None and not cell.dropped
    }


def needs_reason(ranges: Ranges, entry: CellEntry) -> bool:
    """Whether ``entry`` is a score strictly outside its cell's range (a bound is inside)."""
    if entry.status != "score" or entry.value is None:
        return False
    bounds = ranges.get(entry.key)
    if bounds is None:
        return False
    q1, q3 = bounds
    return entry.value < q1 or entry.value > q3


def missing_reasons(ranges: Ranges, entries: Iterable[CellEntry]) -> list[CellEntry]:
    """The scored entries that need a reason and have none (blank), in the order given."""
    return [e for e in entries if needs_reason(ranges, e) and not e.reason.strip()]
