"""Value types passed between the layers: criteria sets, panel inputs, weights and rankings."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from r57_mcda.errors import MethodError
from r57_mcda.i18n import has, t

Direction = Literal["benefit", "cost"]
DIRECTIONS: tuple[Direction, ...] = ("benefit", "cost")

#: Columns of the long score table every reader returns (``source_*`` locate each row).
SCORE_COLUMNS: tuple[str, ...] = (
    "expert",
    "technology",
    "criterion",
    "score",
    "abstention",
    "confidence",
    "comment",
    "source_file",
    "source_sheet",
    "source_row",
)


def _frozen(mapping: Mapping[str, Any] | None) -> Mapping[str, Any]:
    # A private copy (plain dict so results pickle for st.cache_data); typed read-only.
    return dict(mapping or {})


@dataclass(frozen=True)
class CriteriaGroup:
    """A group of criteria (one level of hierarchy)."""

    id: str
    name: str
    name_vi: str = ""


@dataclass(frozen=True)
class Criterion:
    """One criterion of a criteria set."""

    id: str
    name: str
    direction: Direction
    name_vi: str = ""
    description: str = ""
    description_vi: str = ""
    scale: tuple[float, float] | None = None
    weight: float | None = None
    group: str | None = None

    def label(self, lang: str = "en") -> str:
        """The criterion's name in ``lang`` ("en" or "vi"), falling back to English."""
        return (self.name_vi or self.name) if lang == "vi" else self.name


@dataclass(frozen=True)
class CriteriaSet:
    """A named, ordered set of criteria with optional groups."""

    id: str
    name: str
    criteria: tuple[Criterion, ...]
    name_vi: str = ""
    groups: tuple[CriteriaGroup, ...] = ()
    source: str = ""

    @property
    def ids(self) -> list[str]:
        """Criterion ids in the set's order."""
        return [c.id for c in self.criteria]

    def __getitem__(self, criterion_id: str) -> Criterion:
        for c in self.criteria:
            if c.id == criterion_id:
                return c
        raise KeyError(criterion_id)

    def __contains__(self, criterion_id: object) -> bool:
        return any(c.id == criterion_id for c in self.criteria)

    def __len__(self) -> int:
        return len(self.criteria)

    @property
    def directions(self) -> pd.Series:
        """``benefit``/``cost`` per criterion id."""
        return pd.Series({c.id: c.direction for c in self.criteria}, dtype=object, name="direction")

    @property
    def signs(self) -> pd.Series:
        """+1 for benefit, -1 for cost, per criterion id."""
        return pd.Series(
            {c.id: 1 if c.direction == "benefit" else -1 for c in self.criteria}, name="sign"
        )

    def default_weights(self) -> pd.Series:
        """The declared weights normalised to sum 1; equal weights when none is declared."""
        raw = [c.weight for c in self.criteria]
        if all(w is None for w in raw):
            values = np.full(len(raw), 1.0 / len(raw))
        else:
            arr = np.array([0.0 if w is None else float(w) for w in raw])
            values = arr / arr.sum()
        return pd.Series(values, index=self.ids, name="weight")

    def subset(self, ids: list[str]) -> CriteriaSet:
        """A copy with only ``ids``, in that order."""
        by_id = {c.id: c for c in self.criteria}
        return CriteriaSet(
            id=self.id,
            name=self.name,
            name_vi=self.name_vi,
            criteria=tuple(by_id[i] for i in ids),
            groups=self.groups,
            source=self.source,
        )


@dataclass(frozen=True)
class Technology:
    """A candidate technology.

    ``group_name``/``group_name_vi`` label its group when the data give a label (see
    :func:`group_label`).
    """

    id: str
    name: str
    name_vi: str = ""
    group: str = ""
    description: str = ""
    budget: float | None = None
    group_name: str = ""
    group_name_vi: str = ""

    def label(self, lang: str = "en") -> str:
        """The technology's name in ``lang`` ("en" or "vi"), falling back to English."""
        return (self.name_vi or self.name) if lang == "vi" else self.name


@dataclass(frozen=True)
class Expert:
    """A panel member and the stakeholder group they represent.

    ``group_name``/``group_name_vi`` label the group when the data give a label (see
    :func:`group_label`).
    """

    id: str
    name: str
    group: str = ""
    group_name: str = ""
    group_name_vi: str = ""


#: Group ids the catalogs label (``group_<id>``): the stakeholder groups of the experts and the
#: technology families of the bundled sample. Other ids are labelled by the data or shown as is.
KNOWN_GROUPS: frozenset[str] = frozenset(
    {
        "science",
        "industry",
        "government",
        "digital",
        "hardware",
        "automation",
        "energy",
        "materials",
        "life_sciences",
        "aerospace",
    }
)


def group_label(
    group_id: str | None, lang: str = "en", members: Iterable[Expert | Technology] = ()
) -> str:
    """The label of a stakeholder group (experts) or a technology group in ``lang``.

    The label the data give comes first: the ``group_name`` (English) or ``group_name_vi``
    (Vietnamese, falling back to ``group_name``) of the first of ``members`` in the group that
    has one. Else the catalog's label of a known id (:data:`KNOWN_GROUPS`; case, spaces and
    hyphens aside: "life sciences" is ``life_sciences``), else the id itself ("" for none).
    """
    if not group_id:
        return ""
    for member in members:
        if member.group == group_id and member.group_name:
            vi = member.group_name_vi or member.group_name
            return vi if lang == "vi" else member.group_name
    key = group_id.strip().casefold().replace(" ", "_").replace("-", "_")
    if key in KNOWN_GROUPS and has(f"group_{key}"):
        return t(f"group_{key}", lang)
    return group_id


@dataclass(frozen=True)
class Panel:
    """Everything a panel produced, loaded and validated.

    ``scores`` is the long table with the columns of :data:`SCORE_COLUMNS`: ``score`` is a
    float, NaN for an abstention, and ``abstention`` says why ("" when scored, "blank", "NA",
    "COI").
    """

    criteria: CriteriaSet
    technologies: tuple[Technology, ...]
    experts: tuple[Expert, ...]
    scores: pd.DataFrame
    sources: Mapping[str, str] = field(default_factory=lambda: _frozen(None))

    @property
    def technology_ids(self) -> list[str]:
        """Technology ids in file order."""
        return [t.id for t in self.technologies]

    @property
    def expert_ids(self) -> list[str]:
        """Expert ids in file order."""
        return [e.id for e in self.experts]

    @property
    def expert_groups(self) -> pd.Series:
        """Stakeholder group per expert id."""
        return pd.Series({e.id: e.group for e in self.experts}, dtype=object, name="group")


@dataclass(frozen=True)
class Weights:
    """Criteria weights (summing to 1) and where they came from."""

    values: pd.Series
    method: str
    details: Mapping[str, Any] = field(default_factory=lambda: _frozen(None))


@dataclass(frozen=True)
class Ranking:
    """The result of one ranking method.

    ``scores`` holds each technology's native score; ``higher_is_better`` says how to read it.
    ``ranks`` are 1 = best with shared ranks for ties, flagged in ``tied``. ``extras`` holds the
    method's own outputs (distances, flows, VIKOR's S, R, Q, ...), as Series indexed by
    technology id or plain values.
    """

    method: str
    scores: pd.Series
    higher_is_better: bool
    ranks: pd.Series
    tied: pd.Series
    weights: pd.Series
    params: Mapping[str, Any] = field(default_factory=lambda: _frozen(None))
    extras: Mapping[str, Any] = field(default_factory=lambda: _frozen(None))

    @property
    def score_direction(self) -> str:
        """``higher`` or ``lower``: which scores are better."""
        return "higher" if self.higher_is_better else "lower"

    def order(self) -> list[str]:
        """Technology ids from best to worst (ties in input order)."""
        return list(self.ranks.sort_values(kind="stable").index)

    def table(self) -> pd.DataFrame:
        """Technology, score, rank and tie flag, in rank order."""
        frame = pd.DataFrame({"score": self.scores, "rank": self.ranks, "tied": self.tied})
        return frame.loc[self.order()]

    def top(self, k: int) -> list[str]:
        """The shortlist: every technology ranked ``k`` or better, best first (see :func:`top_k`).

        Raises
        ------
        MethodError
            ``k`` is not a whole number of at least 1.
        """
        return top_k(self.ranks, k)


def checked_top_k(k: object) -> int:
    """``k`` as an int if it is a whole number of at least 1 (a shortlist size).

    Raises
    ------
    MethodError
        Otherwise (a bool, a float, 0 or less).
    """
    if isinstance(k, bool) or not isinstance(k, int | np.integer) or k < 1:
        raise MethodError("spec_top_k_invalid", value=repr(k))
    return int(k)


def top_k(ranks: pd.Series, k: int) -> list[str]:
    """The project's shortlist rule: the ids whose competition rank is ``k`` or better.

    A tie across the k-th place keeps every member of the tie, so the list can be longer than
    ``k``; a ``k`` larger than the number of ids keeps them all. Best first; ids of equal rank
    stay in input order.

    Parameters
    ----------
    ranks
        Competition ranks (1 = best) indexed by technology id.
    k
        The shortlist size, a whole number of at least 1.

    Raises
    ------
    MethodError
        ``k`` is not a whole number of at least 1.
    """
    size = checked_top_k(k)
    ordered = ranks.sort_values(kind="stable")
    return [str(tid) for tid in ordered.index[ordered.to_numpy() <= size]]
