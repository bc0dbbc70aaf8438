"""Importing returned answers: scoring workbooks made for the experts, and the long score files
(CSV/XLSX) a secretariat already has. Every file is validated first; then all are stored in one
transaction, or nothing is (a rejected import is logged with its problems, and changes nothing
else). A file already imported into the round is skipped, and the outcome says so.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from r57_mcda.errors import InputError, Problem
from r57_mcda.study.answers import file_already_imported, open_round, submit
from r57_mcda.study.db import Database
from r57_mcda.study.entries import Origin
from r57_mcda.study.events import log_event
from r57_mcda.study.file_answers import FileAnswers, long_file_answers, workbook_answers
from r57_mcda.study.reasons import panel_ranges
from r57_mcda.study.returned import is_scoring_workbook
from r57_mcda.study.rounds import check_not_dropped, round_settings
from r57_mcda.study.studies import Study, read_study


@dataclass(frozen=True)
class ImportOutcome:
    """What an import stored: (file, expert, cells changed) per submission; files skipped
    as already imported; warnings (e.g. a comment on a row without answers)."""

    imported: tuple[tuple[str, str, int], ...]
    skipped: tuple[str, ...]
    warnings: tuple[Problem, ...] = ()


def read_answers(
    files: Sequence[tuple[str, bytes]],
    study: Study,
    round_no: int,
    dropped: frozenset[tuple[str, str]] = frozenset(),
) -> tuple[list[FileAnswers], list[Problem]]:
    """Every file's answers, and every problem of every file (nothing is stored). A
    workbook's ``dropped`` cells (not asked this round: they show the panel's value) are not
    read."""
    found: list[FileAnswers] = []
    problems: list[Problem] = []
    for name, content in files:
        try:
            if is_scoring_workbook(content):
                found.append(workbook_answers(content, name, study, round_no, dropped))
            else:
                found.append(long_file_answers(content, name, study))
        except InputError as exc:
            problems.extend(exc.problems)
    by_expert: dict[str, str] = {}
    for item in found:
        for expert in item.answers:
            if expert in by_expert and by_expert[expert] != item.name:
                problems.append(
                    Problem(
                        "study_import_expert_twice",
                        item.name,
                        params={"expert": expert, "other": by_expert[expert]},
                    )
                )
            by_expert.setdefault(expert, item.name)
    return found, problems


def import_files(
    db: Database, study_id: int, files: Sequence[tuple[str, bytes]], round_no: int | None = None
) -> ImportOutcome:
    """Validate ``(name, content)`` files and store them all in one transaction.

    A round that requires reasons refuses every score outside the previous round's panel
    range [Q1, Q3] without a reason (``imprsn_reason_missing``, located at the reason's
    cell). The familiarity levels a file gives are stored with its answers (only the
    technologies given).

    Raises
    ------
    InputError
        Every problem of every file, located; nothing is stored (the rejection is logged).
    R57Error
        An unknown study, or a round that is closed.
    """
    with db.read() as session:
        study = read_study(session, study_id, db.shown_url)
        number = study.round(round_no).number
        open_round(session, study_id, number)
        fresh: list[tuple[str, bytes]] = []
        skipped: list[str] = []
        seen: set[str] = set()
        for name, content in files:
            sha = hashlib.sha256(content).hexdigest()
            if sha in seen or file_already_imported(session, study_id, number, sha):
                skipped.append(name)
            else:
                seen.add(sha)
                fresh.append((name, content))
    with db.read() as session:
        settings = round_settings(session, study_id, number)
        # The previous round's quartiles, once for the whole import (empty when the round
        # requires no reasons).
        ranges = panel_ranges(session, study, number)
    found, problems = read_answers(fresh, study, number, frozenset(settings.dropped))
    for item in found:
        for entries in item.answers.values():
            problems += check_not_dropped(settings, entries, file=item.name)
        problems += item.missing_reasons(ranges)
    if any(p.severity == "error" for p in problems):
        _log_rejection(db, study_id, number, fresh, problems)
        raise InputError(problems)
    imported: list[tuple[str, str, int]] = []
    with db.write() as session:
        for item in found:
            # An expert may give familiarity levels alone (no answer yet).
            experts = list(dict.fromkeys([*item.answers, *item.expertise]))
            for expert in experts:
                origin = Origin(item.channel, item.name, item.sha256)  # type: ignore[arg-type]
                result = submit(
                    session,
                    study_id,
                    number,
                    expert_id=expert,
                    entries=item.answers.get(expert, ()),
                    origin=origin,
                    partial=True,
                    expertise=item.expertise.get(expert) or None,
                )
                imported.append((item.name, expert, result.changed + result.cleared))
            log_event(
                session,
                study_id,
                "import",
                round_no=number,
                details={"file": item.name, "sha256": item.sha256, "experts": experts},
            )
    warnings = tuple(w for item in found for w in item.warnings)
    return ImportOutcome(tuple(imported), tuple(skipped), warnings)


def _log_rejection(
    db: Database,
    study_id: int,
    round_no: int,
    files: Sequence[tuple[str, bytes]],
    problems: Sequence[Problem],
) -> None:
    with db.write() as session:
        log_event(
            session,
            study_id,
            "import_rejected",
            round_no=round_no,
            details={
                "files": [name for name, _ in files],
                "problems": [p.as_dict() for p in problems[:200]],
                "count": len(problems),
            },
        )
