"""Self-rated expertise: how familiar each expert says they are with each technology (1-5).

Round 1 asks it (optional, per technology); later rounds do not ask again. Levels are stored
with the submission that gave them, append-only (table ``expertise``, one version per row; a
version with no level withdraws the earlier one). The level that counts in round N is the
latest version given in a round <= N, so a level given in round 1 is carried into every later
round's data, and a revision in round 2 counts from round 2 on. The Delphi reasons are
:mod:`r57_mcda.study.reasons`.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping, Sequence

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from r57_mcda.errors import R57Error
from r57_mcda.study.schema import ExpertiseRow
from r57_mcda.vocab import EXPERTISE_LEVELS  # 1: general knowledge only ... 5: leading expert


def expertise_asked(round_no: int) -> bool:
    """Whether round ``round_no`` asks the experts' expertise (exactly round 1)."""
    return round_no == 1


def expertise_level(value: object, *, technology: str = "") -> int | None:
    """A level read from a form, a workbook cell or a long file: "", None (and NaN) give None;
    "3", 3 and 3.0 give 3.

    Raises
    ------
    R57Error
        ``xpstore_level_invalid`` for anything else (another number, a fraction, text).
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, str):
        text = value.strip()
        if text == "":
            return None
        try:
            number = float(text)
        except ValueError:
            raise R57Error("xpstore_level_invalid", technology=technology, value=text) from None
    elif isinstance(value, numbers.Real) and not isinstance(value, bool):
        number = float(value)  # numpy's numbers too (a workbook read with pandas)
    else:
        raise R57Error("xpstore_level_invalid", technology=technology, value=value)
    if not number.is_integer() or int(number) not in EXPERTISE_LEVELS:
        raise R57Error("xpstore_level_invalid", technology=technology, value=value)
    return int(number)


def _latest(
    session: Session, study_id: int, round_no: int, experts: Sequence[str] | None
) -> list[ExpertiseRow]:
    latest = select(func.max(ExpertiseRow.id)).where(
        ExpertiseRow.study_id == study_id, ExpertiseRow.round_no <= round_no
    )
    if experts is not None:
        latest = latest.where(ExpertiseRow.expert_id.in_(list(experts)))
    latest = latest.group_by(ExpertiseRow.expert_id, ExpertiseRow.technology_id)
    return list(session.scalars(select(ExpertiseRow).where(ExpertiseRow.id.in_(latest))).all())


def current_expertise(
    session: Session, study_id: int, round_no: int, experts: Sequence[str] | None = None
) -> dict[tuple[str, str], int]:
    """(expert, technology) -> the level that counts in round ``round_no``: the latest version
    given in a round <= ``round_no`` (of ``experts`` if given); withdrawn levels are absent."""
    return {
        (r.expert_id, r.technology_id): r.level
        for r in _latest(session, study_id, round_no, experts)
        if r.level is not None
    }


def checked_levels(expertise: Mapping[str, object]) -> dict[str, int | None]:
    """``expertise`` (technology -> level, or None or "" to withdraw) with every level checked.

    Raises
    ------
    R57Error
        ``xpstore_level_invalid`` naming the technology and the value.
    """
    return {t: expertise_level(value, technology=t) for t, value in expertise.items()}


def store_expertise(
    session: Session,
    base: Mapping[str, object],
    expertise: Mapping[str, int | None],
    *,
    partial: bool,
) -> int:
    """Store the levels of one submission (``base``: its submission, study, round and expert
    ids) as new versions where they change what counts in its round; returns how many rows.

    ``expertise`` (already checked) is the expert's whole answer unless ``partial``: a level
    counting before and absent or None now is withdrawn. With ``partial`` a None withdraws,
    and an absent technology is left as it is.
    """
    expert = str(base["expert_id"])
    round_no = int(str(base["round_no"]))
    before = {
        t: level
        for (_, t), level in current_expertise(
            session, int(str(base["study_id"])), round_no, [expert]
        ).items()
    }
    wanted = dict(expertise)
    if not partial:
        wanted.update({t: None for t in before if t not in wanted})
    rows = [
        {**base, "technology_id": t, "level": level}
        for t, level in wanted.items()
        if before.get(t) != level
    ]
    if rows:
        session.execute(insert(ExpertiseRow), rows)
    return len(rows)
