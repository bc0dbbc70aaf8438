"""Delphi rounds of a study: closing the open round, and opening the next one with its rules.

A study has one open round at most, the latest. Closing it freezes its answers: submissions,
drafts and imports are refused from then on (:func:`r57_mcda.study.answers.open_round`).
Opening the next round needs the previous one closed and answered; its rules are stated when it
opens and stored with it (:class:`RoundSettings`, in ``rounds.settings``), never changed after:

- ``drop_consensus``: the cells at consensus in the previous round's data (the Delphi statistics
  of :func:`r57_mcda.rounds.round_stats`, the Panel page's rule: IQR at most ``iqr_share`` of
  the criterion's scale range) are not asked again; they are recorded as ``dropped`` and keep
  their last values for everybody (:mod:`r57_mcda.study.inputs`).
- ``require_reasons``: a new score outside the previous round's interquartile range needs a
  reason (collected with the feedback forms).
- ``non_response``: ``carry`` (an expert who gives no answer in the round keeps the answers of
  the latest round they answered, marked with that round) or ``exclude`` (they are left out).

Both events are logged with counts only (no expert is named: the panel stays anonymous).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from r57_mcda.errors import Problem, R57Error
from r57_mcda.study.answers import current_answers
from r57_mcda.study.db import Database
from r57_mcda.study.entries import CellEntry
from r57_mcda.study.events import log_event
from r57_mcda.study.schema import RoundRow, StudyRow, utcnow
from r57_mcda.study.studies import Study, read_study

NonResponse = Literal["carry", "exclude"]
#: What happens to an expert who does not answer a round.
NON_RESPONSES: tuple[NonResponse, ...] = ("carry", "exclude")


@dataclass(frozen=True)
class RoundSettings:
    """The rules a round opened with (round 1: the defaults, nothing dropped).

    ``dropped`` lists the cells ``(technology, criterion)`` not asked in the round, sorted;
    ``iqr_share`` is the consensus threshold they were chosen with (a share of each
    criterion's scale range), None when no cell was chosen by consensus.
    """

    drop_consensus: bool = False
    require_reasons: bool = False
    non_response: NonResponse = "carry"
    dropped: tuple[tuple[str, str], ...] = ()
    iqr_share: float | None = None

    def __post_init__(self) -> None:
        if self.non_response not in NON_RESPONSES:
            raise R57Error(
                "dround_non_response_invalid",
                value=self.non_response,
                choices=", ".join(NON_RESPONSES),
            )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, as stored in ``rounds.settings`` and logged."""
        return {
            "drop_consensus": self.drop_consensus,
            "require_reasons": self.require_reasons,
            "non_response": self.non_response,
            "dropped": [list(cell) for cell in self.dropped],
            "iqr_share": self.iqr_share,
        }

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> RoundSettings:
        """The settings :meth:`to_dict` stored (an empty mapping gives the defaults)."""
        share = raw.get("iqr_share")
        return cls(
            drop_consensus=bool(raw.get("drop_consensus", False)),
            require_reasons=bool(raw.get("require_reasons", False)),
            non_response=cast(NonResponse, str(raw.get("non_response", "carry"))),
            dropped=tuple((str(t), str(c)) for t, c in raw.get("dropped", ())),
            iqr_share=None if share is None else float(share),
        )

    def is_dropped(self, technology: str, criterion: str) -> bool:
        """Whether the cell is not asked in this round."""
        return (technology, criterion) in set(self.dropped)


def round_settings(
    session_or_db: Session | Database, study_id: int, round_no: int
) -> RoundSettings:
    """The settings round ``round_no`` of the study opened with.

    Raises
    ------
    R57Error
        ``study_no_such_round`` for a round the study does not have.
    """
    if isinstance(session_or_db, Database):
        with session_or_db.read() as session:
            return round_settings(session, study_id, round_no)
    row = session_or_db.get(RoundRow, (study_id, round_no))
    if row is None:
        raise R57Error("study_no_such_round", study=study_id, round=round_no, last="-")
    return RoundSettings.from_dict(row.settings or {})


def check_not_dropped(
    settings: RoundSettings, entries: Iterable[CellEntry], *, file: str = ""
) -> list[Problem]:
    """One error per answer given to a cell the round does not ask (dropped at consensus)."""
    dropped = set(settings.dropped)
    return [
        Problem(
            "dround_cell_dropped",
            file,
            params={"technology": e.technology, "criterion": e.criterion},
        )
        for e in entries
        if e.key in dropped
    ]


def _latest(session: Session, study_id: int, where: str) -> tuple[Study, RoundRow]:
    """The study (its row locked on PostgreSQL, so two secretaries cannot both act) and its
    latest round."""
    session.get(StudyRow, study_id, with_for_update=True)
    study = read_study(session, study_id, where)
    number = study.current_round.number
    row = session.get(RoundRow, (study_id, number))
    assert row is not None
    return study, row


def close_round(db: Database, study_id: int) -> int:
    """Close the study's open round (its answers are frozen); returns its number.

    Logs ``round_closed`` with the number of respondents and of current answers.

    Raises
    ------
    R57Error
        ``dround_already_closed`` when no round is open; an unknown study.
    """
    with db.write() as session:
        _, row = _latest(session, study_id, db.shown_url)
        if row.closed_at is not None:
            raise R57Error("dround_already_closed", study=study_id, round=row.number)
        respondents, answers = round_counts(session, study_id, row.number)
        row.closed_at = utcnow()
        log_event(
            session,
            study_id,
            "round_closed",
            round_no=row.number,
            details={"respondents": respondents, "answers": answers},
        )
        return row.number


def round_counts(session: Session, study_id: int, round_no: int) -> tuple[int, int]:
    """The experts who answered in the round, and their current answers there (carried
    answers not counted)."""
    answers = current_answers(session, study_id, round_no)
    return len({a.expert for a in answers}), len(answers)


def consensus_cells(
    session: Session, study: Study, round_no: int, iqr_share: float
) -> tuple[tuple[str, str], ...]:
    """The cells at consensus in the round's analysis data (carried answers included), sorted."""
    # Imported here: the analysis data (r57_mcda.study.inputs) read the rounds' settings.
    from r57_mcda.io.scores import load_scores
    from r57_mcda.rounds import round_stats
    from r57_mcda.study.inputs import read_study_data

    data = read_study_data(session, study.id, round_no)
    table = load_scores(data.files[-1].content, name=data.files[-1].name)
    if not (table["abstention"] == "").any():
        return ()  # nothing scored (only NA/COI): no cell is at consensus
    stats = round_stats(
        table,
        study.criteria,
        invited=max(len(study.experts), table["expert"].nunique()),
        round_no=round_no,
        iqr_share=iqr_share,
    )
    return tuple(sorted((c.technology, c.criterion) for c in stats.cells if c.consensus))


def open_next_round(
    db: Database,
    study_id: int,
    *,
    drop_consensus: bool = False,
    require_reasons: bool = False,
    non_response: str = "carry",
    iqr_share: float | None = None,
) -> int:
    """Open the round after the latest one, with its rules (see the module); returns its number.

    ``iqr_share`` is the consensus threshold for ``drop_consensus``; None: the study's stated
    share (:func:`r57_mcda.study.settings.study_rules`). Logs ``round_opened`` with the
    settings and the number of cells dropped.

    Raises
    ------
    R57Error
        ``dround_previous_open`` (close it first), ``dround_previous_no_answers``,
        ``dround_non_response_invalid``, ``dround_iqr_share_invalid``; an unknown study.
    """
    if non_response not in NON_RESPONSES:
        raise R57Error(
            "dround_non_response_invalid", value=non_response, choices=", ".join(NON_RESPONSES)
        )
    if iqr_share is not None and not 0.0 < iqr_share <= 1.0:
        raise R57Error("dround_iqr_share_invalid", value=iqr_share)
    with db.write() as session:
        study, previous = _latest(session, study_id, db.shown_url)
        if previous.closed_at is None:
            raise R57Error("dround_previous_open", study=study_id, round=previous.number)
        if round_counts(session, study_id, previous.number)[1] == 0:
            raise R57Error("dround_previous_no_answers", study=study_id, round=previous.number)
        share: float | None = None
        dropped: tuple[tuple[str, str], ...] = ()
        if drop_consensus:
            from r57_mcda.study.settings import study_rules

            share = study_rules(study).iqr_share if iqr_share is None else float(iqr_share)
            dropped = consensus_cells(session, study, previous.number, share)
        settings = RoundSettings(
            drop_consensus=drop_consensus,
            require_reasons=require_reasons,
            non_response=non_response,
            dropped=dropped,
            iqr_share=share,
        )
        number = previous.number + 1
        session.add(RoundRow(study_id=study_id, number=number, settings=settings.to_dict()))
        log_event(
            session,
            study_id,
            "round_opened",
            round_no=number,
            details={
                "previous": previous.number,
                "settings": settings.to_dict(),
                "dropped": len(dropped),
                "cells": study.cells,
            },
        )
        return number


def rounds_settings(session: Session, study_id: int) -> dict[int, RoundSettings]:
    """Every round's settings, by number."""
    rows = session.scalars(
        select(RoundRow).where(RoundRow.study_id == study_id).order_by(RoundRow.number)
    ).all()
    return {r.number: RoundSettings.from_dict(r.settings or {}) for r in rows}
