"""A study's data as the input files of an analysis, with the scores in canonical long form.

The canonical long form is the CSV ``expert,technology,criterion,score,confidence,comment,
round`` of the round's data, sorted by expert, technology and criterion id, numbers written
with ``%g``, ``NA``/``COI`` for abstentions, ``round`` the round the answer was given in,
UTF-8, ``\\n`` line ends. Its SHA-256 identifies the round's scores in an AnalysisSpec: the
same answers always give the same bytes. The score readers ignore the ``round`` column.

When at least one expert rated their expertise (:mod:`r57_mcda.study.expertise`), the long
form has an ``expertise`` column between ``comment`` and ``round``: on each answer the level
its expert gave for its technology that counts in the round (empty where none). Without any
level the column is left out, so the bytes, and the hashes already recorded in specs, of the
studies without expertise are those they had before the column existed. The experts'
reasons are not part of it: they change no figure.

A round's data (:mod:`r57_mcda.study.rounds` states each round's rules):

- Round 1: its current answers.
- Round N > 1: the current answers given in round N, except on the cells the round dropped at
  consensus, which keep every expert's values of round N - 1's data (a dropped cell keeps its
  last values for everybody). With ``non_response = "carry"``, an expert who gave no answer in
  round N keeps their values of the latest earlier round they answered (that round's data, so
  an expert silent in rounds 2 and 3 carries round 1) on the other cells; with ``"exclude"``
  they are left out of those cells. A carried answer keeps the round it was given in.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from sqlalchemy.orm import Session

from r57_mcda.errors import R57Error, SpecError
from r57_mcda.io.inputs import InputFile
from r57_mcda.models import Technology
from r57_mcda.spec import StudyRef
from r57_mcda.study.answers import StoredAnswer, current_answers
from r57_mcda.study.db import Database
from r57_mcda.study.entries import CellEntry
from r57_mcda.study.expertise import current_expertise
from r57_mcda.study.rounds import RoundSettings, rounds_settings
from r57_mcda.study.studies import Study, StudyExpert, read_study

LONG_HEADER = (
    "expert",
    "technology",
    "criterion",
    "score",
    "confidence",
    "comment",
    "round",
)
#: The column the long form has after ``comment`` when an expert rated their expertise.
EXPERTISE_COLUMN = "expertise"
TECHNOLOGY_HEADER = (
    "id",
    "name",
    "name_vi",
    "group",
    "description",
    "budget",
    "group_name",
    "group_name_vi",
)
EXPERT_HEADER = ("id", "name", "group", "group_name", "group_name_vi")


def _csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _exact(value: float) -> str:
    """A number as the shortest text that reads back as the same float (a budget of 1234567.89
    stays exact, where ``%g`` would round it to six digits); whole numbers without ``.0``."""
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


@dataclass(frozen=True)
class DataAnswer:
    """An answer of a round's data: who gave it, the round it was given in, and the expert's
    self-rated expertise on its technology that counts in the data's round (None: not given)."""

    expert: str
    entry: CellEntry
    round_no: int
    expertise: int | None = None

    @property
    def key(self) -> tuple[str, str, str]:
        """(expert, technology, criterion)."""
        return (self.expert, self.entry.technology, self.entry.criterion)


def canonical_scores(answers: Iterable[StoredAnswer | DataAnswer], round_no: int = 1) -> bytes:
    """The answers in canonical long form (see the module's docstring); a StoredAnswer was
    given in ``round_no`` and carries no expertise."""
    found = list(answers)
    levels = [a.expertise if isinstance(a, DataAnswer) else None for a in found]
    rated = any(level is not None for level in levels)
    rows = sorted(
        (
            a.expert,
            a.entry.technology,
            a.entry.criterion,
            a.entry.long_score,
            "" if a.entry.confidence is None else f"{a.entry.confidence:g}",
            a.entry.comment,
            *([] if not rated else ["" if level is None else str(level)]),
            str(a.round_no if isinstance(a, DataAnswer) else round_no),
        )
        for a, level in zip(found, levels, strict=True)
    )
    header = (*LONG_HEADER[:-1], EXPERTISE_COLUMN, LONG_HEADER[-1]) if rated else LONG_HEADER
    return _csv(header, rows)


def technologies_csv(technologies: Sequence[Technology]) -> bytes:
    """The study's technologies as a ``technologies.csv``."""
    return _csv(
        TECHNOLOGY_HEADER,
        (
            (
                x.id,
                x.name,
                x.name_vi,
                x.group,
                x.description,
                "" if x.budget is None else _exact(x.budget),
                x.group_name,
                x.group_name_vi,
            )
            for x in technologies
        ),
    )


def experts_csv(experts: Sequence[StudyExpert]) -> bytes:
    """The study's experts as an ``experts.csv`` (no e-mail: analyses do not need it)."""
    return _csv(
        EXPERT_HEADER, ((e.id, e.name, e.group, e.group_name, e.group_name_vi) for e in experts)
    )


@dataclass(frozen=True)
class StudyData:
    """A round of a study as analysis inputs, and the reference a spec records: ``answers``
    counts the answers of the data, ``carried`` those given in an earlier round."""

    study: Study
    round_no: int
    files: tuple[InputFile, ...]
    ref: StudyRef
    answers: int
    carried: int = 0


def study_data(db: Database, study_id: int, round_no: int | None = None) -> StudyData:
    """The study's criteria, technologies, experts and the round's current scores as files.

    Raises
    ------
    R57Error
        An unknown study or round, or a round nobody has answered yet.
    """
    with db.read() as session:
        return read_study_data(session, study_id, round_no, where=db.shown_url)


def read_study_data(
    session: Session, study_id: int, round_no: int | None = None, *, where: str = ""
) -> StudyData:
    """:func:`study_data` in an open session."""
    study = read_study(session, study_id, where)
    number = study.round(round_no).number
    answers = round_data(session, study, number)
    if not answers:
        raise R57Error("study_no_answers", study=study_id, round=number)
    scores = canonical_scores(answers)
    digest = hashlib.sha256(scores).hexdigest()
    ref = StudyRef(study_id, number, digest, study.criteria_file.sha256)
    prefix = f"study-{study_id}"
    # Every file carries the reference: an analysis records the study, not these files.
    files = (
        replace(study.criteria_file, study=ref),
        InputFile(
            "technologies",
            f"{prefix}/technologies.csv",
            technologies_csv(study.technologies),
            study=ref,
        ),
        InputFile("experts", f"{prefix}/experts.csv", experts_csv(study.experts), study=ref),
        InputFile("scores", f"{prefix}/round-{number}/scores.csv", scores, study=ref),
    )
    carried = sum(1 for a in answers if a.round_no != number)
    return StudyData(study, number, files, ref, len(answers), carried)


def round_data(session: Session, study: Study, round_no: int) -> list[DataAnswer]:
    """The answers of round ``round_no``'s data, carried ones included (module docstring),
    each with its expert's expertise level on its technology counting in round ``round_no``
    (carried answers too: a level given in round 1 counts in every later round)."""
    settings = rounds_settings(session, study.id)
    data: dict[int, list[DataAnswer]] = {}
    answered: dict[int, set[str]] = {}
    for number in range(1, round_no + 1):
        own = current_answers(session, study.id, number)
        answered[number] = {a.expert for a in own}
        rules = settings.get(number, RoundSettings())
        dropped = set(rules.dropped) if number > 1 else set()
        found = [DataAnswer(a.expert, a.entry, number) for a in own if a.entry.key not in dropped]
        if number > 1:
            found += [a for a in data[number - 1] if a.entry.key in dropped]
        if number > 1 and rules.non_response == "carry":
            for expert in study.experts:
                if expert.id in answered[number]:
                    continue
                last = max((k for k in range(1, number) if expert.id in answered[k]), default=0)
                if last:
                    found += [
                        a
                        for a in data[last]
                        if a.expert == expert.id and a.entry.key not in dropped
                    ]
        data[number] = found
    levels = current_expertise(session, study.id, round_no)
    return [
        replace(a, expertise=levels.get((a.expert, a.entry.technology))) for a in data[round_no]
    ]


def reproduce_study_data(db: Database, ref: StudyRef) -> StudyData:
    """The study round a spec records, refused when its scores (or criteria) changed since.

    Raises
    ------
    SpecError
        ``spec_study_changed`` naming the study, the round and both hashes.
    """
    data = study_data(db, ref.id, ref.round)
    if data.ref.scores_sha256 != ref.scores_sha256:
        raise SpecError(
            "spec_study_changed",
            study=ref.id,
            round=ref.round,
            expected=ref.scores_sha256,
            actual=data.ref.scores_sha256,
        )
    if ref.criteria_sha256 and data.ref.criteria_sha256 != ref.criteria_sha256:
        raise SpecError(
            "spec_study_criteria_changed",
            study=ref.id,
            expected=ref.criteria_sha256,
            actual=data.ref.criteria_sha256,
        )
    return data
