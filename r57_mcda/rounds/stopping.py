"""When to stop a Delphi: consensus and stability against per-study thresholds (issue 11, item 5).

The rule: recommend stopping when at least ``min_consensus_share`` of the scored cells are at
consensus AND at most ``max_changed_share`` of the answers changed since the previous round, or
once ``max_rounds`` rounds are done. Stability needs two rounds, so round 1 alone never meets it.
Consensus alone is a weak stopping criterion: the committee must see both figures and every
threshold, which each reason names (von der Gracht, H. A. (2012), "Consensus measurement in
Delphi studies: review and implications for future quality assurance", Technological
Forecasting and Social Change 79(8), 1525-1536; Diamond, I. R. et al. (2014), "Defining
consensus: a systematic review recommends methodologic criteria for reporting of Delphi
studies", Journal of Clinical Epidemiology 67(4), 401-409).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, fields
from itertools import pairwise

from r57_mcda.errors import MethodError
from r57_mcda.i18n import Message
from r57_mcda.rounds.convergence import RoundStats


@dataclass(frozen=True)
class StoppingRule:
    """The thresholds of the stopping rule, configurable per study.

    The defaults are issue 11's: 75 % of the cells at consensus, at most 15 % of the answers
    changed, at most 3 rounds (consensus and stability together, after von der Gracht 2012 and
    Diamond et al. 2014; see the module docstring).
    """

    min_consensus_share: float = 0.75
    max_changed_share: float = 0.15
    max_rounds: int = 3

    def __post_init__(self) -> None:
        shares = (self.min_consensus_share, self.max_changed_share)
        numbers = all(isinstance(v, int | float) and not isinstance(v, bool) for v in shares)
        if not numbers or not all(0.0 <= float(v) <= 1.0 for v in shares):
            raise MethodError(
                "rounds_rule_share_invalid",
                min_consensus=self.min_consensus_share,
                max_changed=self.max_changed_share,
            )
        if not isinstance(self.max_rounds, int) or isinstance(self.max_rounds, bool):
            raise MethodError("rounds_rule_rounds_invalid", max_rounds=self.max_rounds)
        if self.max_rounds < 1:
            raise MethodError("rounds_rule_rounds_invalid", max_rounds=self.max_rounds)

    def to_dict(self) -> dict[str, object]:
        """JSON-ready: the three thresholds by field name."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> StoppingRule:
        """The rule of a :meth:`to_dict` mapping; a threshold left out keeps its default.

        Raises
        ------
        MethodError
            For a key that is not a threshold, or a threshold out of range.
        """
        names = [f.name for f in fields(cls)]
        unknown = sorted(set(data) - set(names))
        if unknown:
            raise MethodError(
                "rounds_rule_unknown_keys", keys=", ".join(unknown), known=", ".join(names)
            )
        return cls(**data)  # type: ignore[arg-type]


@dataclass(frozen=True)
class StoppingAdvice:
    """Whether to stop after the latest round, why (figures and thresholds), and the rule."""

    recommend_stop: bool
    reason: Message
    rule: StoppingRule

    def as_dict(self, lang: str = "en") -> dict[str, object]:
        """JSON-ready: ``recommend_stop``, ``reason`` (its text in ``lang``) and ``rule``."""
        return {
            "recommend_stop": self.recommend_stop,
            "reason": self.reason.text(lang),
            "rule": self.rule.to_dict(),
        }


def stopping_advice(
    rounds: Sequence[RoundStats], rule: StoppingRule | None = None
) -> StoppingAdvice:
    """Advise whether the Delphi can stop after the latest of ``rounds``.

    Parameters
    ----------
    rounds
        The rounds so far, oldest first; the latest one is judged (its ``changed_share``
        compares it with the round before).
    rule
        The thresholds; None takes the defaults of :class:`StoppingRule`.

    Returns
    -------
    StoppingAdvice
        The recommendation and its reason, a message naming the round's consensus share and
        changed share beside every threshold.

    Raises
    ------
    MethodError
        Without rounds, or when their numbers do not increase.
    """
    rule = StoppingRule() if rule is None else rule
    if not rounds:
        raise MethodError("rounds_none")
    numbers = [r.round for r in rounds]
    if any(b <= a for a, b in pairwise(numbers)):
        raise MethodError("rounds_order_invalid", rounds=", ".join(map(str, numbers)))
    last = rounds[-1]
    params: dict[str, object] = {
        "round": last.round,
        "consensus": last.consensus_share,
        "min_consensus": rule.min_consensus_share,
        "max_changed": rule.max_changed_share,
        "max_rounds": rule.max_rounds,
    }
    consensus = last.consensus_share >= rule.min_consensus_share
    changed = last.changed_share
    if changed is None:
        code = (
            "rounds_stop_max_rounds_first"
            if last.round >= rule.max_rounds
            else "rounds_continue_first"
        )
        return StoppingAdvice(last.round >= rule.max_rounds, Message(code, params), rule)
    params["changed"] = changed
    stable = changed <= rule.max_changed_share
    if consensus and stable:
        code = "rounds_stop_converged"
    elif last.round >= rule.max_rounds:
        code = "rounds_stop_max_rounds"
    elif consensus:
        code = "rounds_continue_unstable"
    elif stable:
        code = "rounds_continue_no_consensus"
    else:
        code = "rounds_continue_neither"
    return StoppingAdvice(code.startswith("rounds_stop_"), Message(code, params), rule)
