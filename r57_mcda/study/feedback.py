"""What an expert sees of the panel in a later Delphi round: per cell the previous round's
median and quartiles (r57_mcda.rounds, on that round's analysis data, carried answers
included), the expert's own previous answer, and whether the cell was dropped at consensus.
Only aggregates and the expert's own answers: never another expert's name or score."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from r57_mcda.study.entries import CellEntry
from r57_mcda.study.inputs import read_study_data, round_data
from r57_mcda.study.rounds import round_settings
from r57_mcda.study.settings import study_rules
from r57_mcda.study.studies import Study

if TYPE_CHECKING:
    from r57_mcda.rounds import RoundStats


@dataclass(frozen=True)
class CellFeedback:
    """One cell's feedback: the panel's median and quartiles in the previous round (None
    where nobody scored it), how many scored it, the expert's own previous answer, and whether
    this round asks the cell at all."""

    n: int
    median: float | None
    q1: float | None
    q3: float | None
    own: CellEntry | None
    dropped: bool


@dataclass(frozen=True)
class Feedback:
    """The feedback of round ``round_no`` (from round ``round_no - 1``) for one expert."""

    round_no: int
    cells: Mapping[tuple[str, str], CellFeedback]

    def cell(self, technology: str, criterion: str) -> CellFeedback | None:
        """The feedback of one cell (None for a cell the previous round did not have)."""
        return self.cells.get((technology, criterion))


def panel_stats(session: Session, study: Study, round_no: int) -> RoundStats:
    """The Delphi statistics of round ``round_no``'s analysis data (carried answers included)
    for the whole panel: what every expert's feedback of the next round, and the reasons that
    round requires (:mod:`r57_mcda.study.reasons`), are computed from."""
    from r57_mcda.io.scores import load_scores
    from r57_mcda.rounds import round_stats

    data = read_study_data(session, study.id, round_no)
    table = load_scores(data.files[-1].content, name=data.files[-1].name)
    return round_stats(
        table,
        study.criteria,
        invited=max(len(study.experts), table["expert"].nunique()),
        round_no=round_no,
        iqr_share=study_rules(study).iqr_share,
    )


def expert_feedback(
    session: Session, study: Study, round_no: int, expert_id: str
) -> Feedback | None:
    """The feedback ``expert_id`` sees in round ``round_no`` (None in the first round)."""
    if round_no <= 1:
        return None
    previous = round_no - 1
    stats = panel_stats(session, study, previous)
    own = {
        a.entry.key: a.entry for a in round_data(session, study, previous) if a.expert == expert_id
    }
    settings = round_settings(session, study.id, round_no)
    cells = {
        (c.technology, c.criterion): CellFeedback(
            c.n,
            c.median,
            c.q1,
            c.q3,
            own.get((c.technology, c.criterion)),
            settings.is_dropped(c.technology, c.criterion),
        )
        for c in stats.cells
    }
    return Feedback(round_no, cells)
