"""A study's stated rules, kept with the study and printed beside every recommendation: the
Delphi stopping rule (r57_mcda.rounds.StoppingRule) and the consensus share of each
criterion's scale range (the Panel page's rule)."""

from __future__ import annotations

from dataclasses import dataclass, field

from r57_mcda.errors import R57Error
from r57_mcda.rounds import StoppingRule
from r57_mcda.study.db import Database
from r57_mcda.study.events import log_event
from r57_mcda.study.schema import StudyRow
from r57_mcda.study.studies import Study
from r57_mcda.vocab import DEFAULT_IQR_SHARE


@dataclass(frozen=True)
class StudyRules:
    """The rules a study states; the defaults until the secretariat sets others."""

    stopping: StoppingRule = field(default_factory=StoppingRule)
    iqr_share: float = DEFAULT_IQR_SHARE

    def to_dict(self) -> dict[str, object]:
        """As stored in the study's settings."""
        return {"stopping": self.stopping.to_dict(), "iqr_share": self.iqr_share}


def study_rules(study: Study) -> StudyRules:
    """The rules ``study`` states (defaults for what it does not)."""
    raw = dict(study.settings)
    stopping = raw.get("stopping")
    share = float(raw.get("iqr_share", DEFAULT_IQR_SHARE))
    return StudyRules(
        StoppingRule.from_dict(stopping) if isinstance(stopping, dict) else StoppingRule(),
        share,
    )


def set_study_rules(db: Database, study_id: int, rules: StudyRules) -> StudyRules:
    """Store ``rules`` as the study's (logged as ``settings_changed``, before and after).

    Raises
    ------
    R57Error
        An unknown study, or a consensus share outside (0, 1].
    """
    if not 0.0 < rules.iqr_share <= 1.0:
        raise R57Error("study_iqr_share_invalid", value=rules.iqr_share)
    with db.write() as session:
        row = session.get(StudyRow, study_id)
        if row is None:
            raise R57Error("study_not_found", study=study_id, url=db.shown_url)
        before = dict(row.settings or {})
        row.settings = {**before, **rules.to_dict()}
        log_event(
            session,
            study_id,
            "settings_changed",
            details={"before": before, "after": rules.to_dict()},
        )
    return rules
