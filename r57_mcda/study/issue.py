"""Issuing the experts' scoring workbooks for a round (each signed for its expert)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence

from r57_mcda.study.answers import current_answers, open_round
from r57_mcda.study.db import Database
from r57_mcda.study.entries import CellEntry
from r57_mcda.study.events import log_event
from r57_mcda.study.expertise import current_expertise, expertise_asked
from r57_mcda.study.feedback import expert_feedback
from r57_mcda.study.rounds import round_settings
from r57_mcda.study.signing import template_signature
from r57_mcda.study.studies import read_study
from r57_mcda.study.templates import TemplateSpec, scoring_workbook


def issue_templates(
    db: Database,
    study_id: int,
    round_no: int | None = None,
    *,
    lang: str | None = None,
    experts: Sequence[str] | None = None,
) -> dict[str, bytes]:
    """Each expert's scoring workbook for the open round, by expert id (all experts unless
    ``experts`` names some), in the expert's language unless ``lang`` is given, prefilled
    with their current answers (in round 1 their familiarity levels as well); from round 2 on,
    with the feedback of the previous round (:func:`r57_mcda.study.feedback.expert_feedback`)
    and, when the round requires reasons, a reason column per criterion; one
    ``template_issued`` event per workbook.

    Raises
    ------
    R57Error
        An unknown study, round or expert, or a closed round.
    """
    with db.write() as session:
        study = read_study(session, study_id, db.shown_url)
        number = study.round(round_no).number
        open_round(session, study_id, number)
        chosen = [study.expert(e) for e in experts] if experts else list(study.experts)
        ids = [e.id for e in chosen]
        prefill: dict[str, dict[tuple[str, str], CellEntry]] = {e: {} for e in ids}
        for answer in current_answers(session, study_id, number, ids):
            prefill[answer.expert][answer.entry.key] = answer.entry
        levels: dict[str, dict[str, int]] = {e: {} for e in ids}
        if expertise_asked(number):
            for (expert_id, technology), level in current_expertise(
                session, study_id, number, ids
            ).items():
                levels[expert_id][technology] = level
        reasons = round_settings(session, study_id, number).require_reasons
        books: dict[str, bytes] = {}
        for expert in chosen:
            language = lang or expert.lang
            spec = TemplateSpec(
                study_id=study.id,
                study_name=study.name,
                round_no=number,
                expert=expert,
                criteria=study.criteria,
                technologies=study.technologies,
                signature=template_signature(study.secret, study.id, number, expert.id),
                lang=language,
                deadline=study.deadline,
                prefill=prefill[expert.id],
                feedback=expert_feedback(session, study, number, expert.id),
                expertise=levels[expert.id],
                require_reasons=reasons,
            )
            books[expert.id] = scoring_workbook(spec)
            log_event(
                session,
                study_id,
                "template_issued",
                round_no=number,
                expert_id=expert.id,
                details={"lang": language, "prefilled": len(prefill[expert.id])},
            )
    return books


def zip_workbooks(books: dict[str, bytes]) -> bytes:
    """The workbooks as one zip archive, ``<expert id>.xlsx`` each."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for expert_id, content in books.items():
            archive.writestr(f"{expert_id}.xlsx", content)
    return buffer.getvalue()
