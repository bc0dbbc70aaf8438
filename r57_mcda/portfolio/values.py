"""Technology values on a ratio scale with a stated zero, so that a portfolio's value is a sum.

A portfolio adds up its technologies' values, which is meaningful only when the value scale
has a true zero (a ratio scale). Per method:

- ``wsm``: the WSM score as is, ``100 * sum_j w_j v_ij`` with ``v`` the declared-scale value
  (0 at the worst end of the criterion's declared scale, 1 at the best; a criterion without a
  declared scale uses its observed range) and weights summing to 1. Zero: every criterion at
  the worst end of its scale; 100: every criterion at the best end.
- ``topsis``: the closeness ``d- / (d+ + d-)`` as is, in [0, 1]. Zero: at the anti-ideal.
- ``promethee2``: the net flow minus the lowest net flow among the candidates, as Vetschera &
  de Almeida (2012) do for PROMETHEE V. Zero: the candidate with the lowest net flow.

Other methods are refused: their scores have no zero one could state honestly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from r57_mcda.errors import MethodError
from r57_mcda.i18n import DEFAULT_LANG, t
from r57_mcda.models import CriteriaSet, Ranking
from r57_mcda.ranking import method_info

FloatArray = npt.NDArray[np.float64]

#: The methods whose scores are put on a ratio scale, and the unit of each.
VALUE_METHODS: tuple[str, ...] = ("wsm", "topsis", "promethee2")
_UNITS = {"wsm": "points", "topsis": "closeness", "promethee2": "net_flow_shifted"}


@dataclass(frozen=True)
class ValueScale:
    """The scale technology values are on: the method, its unit and its zero.

    ``observed`` lists, for ``wsm``, the weighted criteria without a declared scale, whose
    zero is the observed worst value rather than the bottom of a declared scale.
    """

    method: str
    unit: str
    observed: tuple[str, ...] = ()

    def unit_text(self, lang: str = DEFAULT_LANG) -> str:
        """The unit, in ``lang``."""
        return t(f"pf_scale_unit_{self.unit}", lang)

    def zero_text(self, lang: str = DEFAULT_LANG) -> str:
        """What 0 means on this scale, in ``lang``."""
        text = t(f"pf_scale_zero_{self.method}", lang)
        if self.observed:
            text += " " + t("pf_scale_observed", lang, names=", ".join(self.observed))
        return text

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: method, unit and zero, the texts in English and Vietnamese."""
        return {
            "method": self.method,
            "unit": self.unit,
            "unit_text": self.unit_text("en"),
            "unit_text_vi": self.unit_text("vi"),
            "zero": self.zero_text("en"),
            "zero_vi": self.zero_text("vi"),
            "observed": list(self.observed),
        }


def check_value_method(method: str) -> str:
    """The registry's id of ``method`` if its scores can be portfolio values.

    Raises
    ------
    MethodError
        An unknown method, or one of no stated zero (naming the supported ones).
    """
    info = method_info(method)
    if info.id not in VALUE_METHODS:
        raise MethodError(
            "pf_method_unsupported", method=info.phrase, supported=", ".join(VALUE_METHODS)
        )
    return info.id


def value_scale(method: str, criteria: CriteriaSet, weights: pd.Series) -> ValueScale:
    """The value scale of ``method`` with these criteria and weights.

    Raises
    ------
    MethodError
        ``method`` is not one of :data:`VALUE_METHODS`.
    """
    method = check_value_method(method)
    observed: tuple[str, ...] = ()
    if method == "wsm":
        observed = tuple(
            str(c) for c, w in weights.items() if float(w) > 0 and criteria[str(c)].scale is None
        )
    return ValueScale(method, _UNITS[method], observed)


def to_values(method: str, scores: npt.ArrayLike) -> FloatArray:
    """Native scores (one row per draw, or one vector) on the method's ratio scale.

    ``wsm`` and ``topsis`` as they are; ``promethee2`` minus each row's lowest net flow.

    Raises
    ------
    MethodError
        ``method`` is not one of :data:`VALUE_METHODS`.
    """
    method = check_value_method(method)
    values = np.array(scores, dtype=np.float64)
    if method == "promethee2":
        values = values - values.min(axis=-1, keepdims=True)
    return values


def ranking_values(ranking: Ranking, criteria: CriteriaSet) -> tuple[pd.Series, ValueScale]:
    """The ranking's technologies valued on its method's ratio scale, and that scale.

    Raises
    ------
    MethodError
        The ranking's method is not one of :data:`VALUE_METHODS`.
    """
    scale = value_scale(ranking.method, criteria, ranking.weights)
    values = to_values(ranking.method, ranking.scores.to_numpy(dtype=float))
    return pd.Series(values, index=ranking.scores.index.copy(), name="value"), scale
