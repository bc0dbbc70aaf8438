"""Metadata of every ranking method: citations, defaults and what the data must satisfy.

The reader's texts (name, description, pre-processing, what the score means) are catalog
entries ``method_<id>_name``, ``method_<id>_description``, ``method_<id>_preprocessing`` and
``method_<id>_score`` in both languages (:mod:`r57_mcda.i18n`); citations are bibliographic
references and stay here as data.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal

from r57_mcda.errors import MethodError
from r57_mcda.i18n import DEFAULT_LANG, Message, t

#: How a method makes criteria comparable before aggregating them (see ``normalise.py``).
Normalisation = Literal["value_scale", "minmax", "ratio", "vector", "average", "bounds", "none"]
Backend = Literal["numpy", "scikit-criteria"]


@dataclass(frozen=True)
class MethodInfo:
    """What a ranking method does, how to read its score and which parameters it takes.

    ``defaults`` lists every parameter the method accepts with its default value; ``rank``
    rejects any other key. Mappings are plain dicts (so values pickle, as in ``models``) and
    are read-only by contract: ``rank`` copies them before use. ``normalisation`` names the
    pre-processing ``rank`` applies before aggregating; :meth:`text` says the same in words.
    """

    id: str
    citation: str
    higher_is_better: bool
    normalisation: Normalisation
    backend: Backend
    defaults: Mapping[str, Any] = field(default_factory=dict, hash=False)
    requires_positive: bool = False
    requires_non_negative: bool = False
    min_technologies: int = 2
    #: The score is an ordinal rank position (ELECTRE II), not a measure: front ends show it
    #: as a whole number and never chart it or print it with decimals.
    ordinal_score: bool = False

    def label(self, lang: str = DEFAULT_LANG) -> str:
        """The method's name in ``lang`` ("en" or "vi")."""
        return t(f"method_{self.id}_name", lang)

    def score_label(self, lang: str = DEFAULT_LANG) -> str:
        """What the method's score is, in ``lang``: e.g. "points (0-100)"."""
        return t(f"method_{self.id}_score", lang)

    def description_text(self, lang: str = DEFAULT_LANG) -> str:
        """What the method does and how to read its score, in ``lang``."""
        return t(f"method_{self.id}_description", lang)

    def preprocessing_text(self, lang: str = DEFAULT_LANG) -> str:
        """How the method makes the criteria comparable, in ``lang``."""
        return t(f"method_{self.id}_preprocessing", lang)

    def text(self, lang: str = DEFAULT_LANG) -> str:
        """Description and pre-processing in ``lang``, as one paragraph for a reader."""
        return f"{self.description_text(lang)} {self.preprocessing_text(lang)}"

    @property
    def phrase(self) -> Message:
        """The method's name as a placeholder value of another message (any language)."""
        return Message(f"method_{self.id}_name")

    # The English and Vietnamese texts as attributes, as front ends and the JSON read them.
    @property
    def name(self) -> str:
        return self.label("en")

    @property
    def name_vi(self) -> str:
        return self.label("vi")

    @property
    def description(self) -> str:
        return self.description_text("en")

    @property
    def description_vi(self) -> str:
        return self.description_text("vi")

    @property
    def preprocessing(self) -> str:
        return self.preprocessing_text("en")

    @property
    def preprocessing_vi(self) -> str:
        return self.preprocessing_text("vi")

    @property
    def score_name(self) -> str:
        return self.score_label("en")

    @property
    def score_name_vi(self) -> str:
        return self.score_label("vi")


def _info(**kwargs: Any) -> MethodInfo:
    return MethodInfo(**kwargs)


_METHODS: tuple[MethodInfo, ...] = (
    _info(
        id="wsm",
        citation=(
            "Fishburn, P. C. (1967). Additive utilities with incomplete product sets: application "
            "to priorities and assignments. Operations Research, 15(3), 537-542."
        ),
        higher_is_better=True,
        normalisation="value_scale",
        backend="numpy",
    ),
    _info(
        id="wpm",
        citation=(
            "Bridgman, P. W. (1922). Dimensional Analysis. Yale University Press; Triantaphyllou, "
            "E. (2000). Multi-Criteria Decision Making Methods: A Comparative Study. Kluwer."
        ),
        higher_is_better=True,
        normalisation="ratio",
        backend="numpy",
        requires_positive=True,
    ),
    _info(
        id="topsis",
        citation=(
            "Hwang, C.-L., & Yoon, K. (1981). Multiple Attribute Decision Making: Methods and "
            "Applications. Lecture Notes in Economics and Mathematical Systems 186, Springer."
        ),
        higher_is_better=True,
        normalisation="vector",
        backend="numpy",
    ),
    _info(
        id="vikor",
        citation=(
            "Opricovic, S., & Tzeng, G.-H. (2004). Compromise solution by MCDM methods: A "
            "comparative analysis of VIKOR and TOPSIS. European Journal of Operational Research, "
            "156(2), 445-455."
        ),
        higher_is_better=False,
        normalisation="none",
        backend="numpy",
        defaults={"v": 0.5},
    ),
    _info(
        id="promethee2",
        citation=(
            "Brans, J.-P., & Vincke, Ph. (1985). A preference ranking organisation method (The "
            "PROMETHEE method for multiple criteria decision-making). Management Science, 31(6), "
            "647-656."
        ),
        higher_is_better=True,
        normalisation="none",
        backend="numpy",
        defaults={"functions": {}, "thresholds": {}},
    ),
    _info(
        id="moora",
        citation=(
            "Brauers, W. K. M., & Zavadskas, E. K. (2006). The MOORA method and its application to "
            "privatization in a transition economy. Control and Cybernetics, 35(2), 445-469."
        ),
        higher_is_better=True,
        normalisation="vector",
        backend="scikit-criteria",
    ),
    _info(
        id="electre2",
        citation=(
            "Roy, B., & Bertier, P. (1973). La méthode ELECTRE II: une application au "
            "media-planning. In M. Ross (Ed.), OR'72 (pp. 291-302). North-Holland; variant of "
            "Gomes, L. F. A. M. et al. (2004), Tomada de decisões em cenários complexos, Thomson, "
            "as implemented by scikit-criteria."
        ),
        higher_is_better=False,
        normalisation="minmax",
        backend="scikit-criteria",
        defaults={"p0": 0.65, "p1": 0.5, "p2": 0.35, "q0": 0.65, "q1": 0.35},
        ordinal_score=True,
    ),
    _info(
        id="waspas",
        citation=(
            "Zavadskas, E. K., Turskis, Z., Antucheviciene, J., & Zakarevicius, A. (2012). "
            "Optimization of weighted aggregated sum product assessment. Elektronika ir "
            "Elektrotechnika, 122(6), 3-6."
        ),
        higher_is_better=True,
        normalisation="ratio",
        backend="scikit-criteria",
        requires_positive=True,
        defaults={"lambda_value": 0.5},
    ),
    _info(
        id="edas",
        citation=(
            "Keshavarz Ghorabaee, M., Zavadskas, E. K., Olfat, L., & Turskis, Z. (2015). "
            "Multi-criteria inventory classification using a new method of evaluation based on "
            "distance from average solution (EDAS). Informatica, 26(3), 435-451."
        ),
        higher_is_better=True,
        normalisation="average",
        backend="scikit-criteria",
        requires_non_negative=True,
    ),
    _info(
        id="cocoso",
        citation=(
            "Yazdani, M., Zarate, P., Zavadskas, E. K., & Turskis, Z. (2019). A combined "
            "compromise solution (CoCoSo) method for multi-criteria decision-making problems. "
            "Management Decision, 57(9), 2501-2519."
        ),
        higher_is_better=True,
        normalisation="minmax",
        backend="scikit-criteria",
        defaults={"lambda_value": 0.5},
    ),
    _info(
        id="mabac",
        citation=(
            "Pamučar, D., & Ćirović, G. (2015). The selection of transport and handling resources "
            "in logistics centers using Multi-Attributive Border Approximation area Comparison "
            "(MABAC). Expert Systems with Applications, 42(6), 3016-3028."
        ),
        higher_is_better=True,
        normalisation="minmax",
        backend="scikit-criteria",
    ),
    _info(
        id="codas",
        citation=(
            "Keshavarz Ghorabaee, M., Zavadskas, E. K., Turskis, Z., & Antucheviciene, J. (2016). "
            "A new combinative distance-based assessment (CODAS) method for multi-criteria "
            "decision-making. Economic Computation and Economic Cybernetics Studies and Research, "
            "50(3), 25-44."
        ),
        higher_is_better=True,
        normalisation="ratio",
        backend="scikit-criteria",
        requires_positive=True,
        defaults={"tau": 0.02},
    ),
    _info(
        id="spotis",
        citation=(
            "Dezert, J., Tchamova, A., Han, D., & Tacnet, J.-M. (2020). The SPOTIS rank reversal "
            "free method for multi-criteria decision-making support. 23rd International "
            "Conference on Information Fusion (FUSION 2020), IEEE, 1-8."
        ),
        higher_is_better=False,
        normalisation="bounds",
        backend="scikit-criteria",
    ),
)

_BY_ID: Mapping[str, MethodInfo] = MappingProxyType({m.id: m for m in _METHODS})


def list_methods() -> list[MethodInfo]:
    """Every ranking method, in the order a user should meet them."""
    return list(_METHODS)


def method_info(method_id: str) -> MethodInfo:
    """Metadata of ``method_id``.

    Raises
    ------
    MethodError
        If no method has that id; the message lists the valid ids.
    """
    try:
        return _BY_ID[method_id]
    except (KeyError, TypeError):
        raise MethodError(
            "rank_unknown_method", method=repr(method_id), valid=", ".join(_BY_ID)
        ) from None
