"""The score cube: a panel's long score table as a dense experts x technologies x criteria array."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeVar

import numpy as np
import numpy.typing as npt
import pandas as pd

from r57_mcda.errors import Problem, raise_if_errors
from r57_mcda.models import Panel

FloatArray = npt.NDArray[np.float64]


BoolArray = npt.NDArray[np.bool_]


IntArray = npt.NDArray[np.int64]


_ArrayT = TypeVar("_ArrayT", FloatArray, BoolArray, npt.NDArray[np.object_])


def _frozen_array(array: _ArrayT) -> _ArrayT:
    array.setflags(write=False)
    return array


def _no_confidence() -> FloatArray:
    # Replaced by an all-NaN array of the right shape in ScoreCube.__post_init__.
    return np.empty(0)


@dataclass(frozen=True, eq=False)
class ScoreCube:
    """The panel's scores as a dense cube: experts x technologies x criteria.

    ``values`` holds the scores, NaN where an expert gave none; ``coi`` is True where the expert
    declared a conflict of interest. ``expert_groups`` gives each expert's stakeholder group
    ("" for none), in the order of ``experts``. ``confidence`` holds the experts' self-declared
    confidence in each score (the score table's optional ``confidence`` column), NaN where none
    was given or nothing was scored; left out, it is NaN everywhere. ``expertise`` holds each
    expert's self-rated familiarity with each technology (experts x technologies, the optional
    ``expertise`` column, 1 to 5), NaN where none was given; left out, NaN everywhere. The
    arrays are read-only.
    """

    values: FloatArray
    coi: BoolArray
    experts: tuple[str, ...]
    technologies: tuple[str, ...]
    criteria: tuple[str, ...]
    expert_groups: npt.NDArray[np.object_]
    confidence: FloatArray = field(default_factory=_no_confidence)
    expertise: FloatArray = field(default_factory=_no_confidence)

    def __post_init__(self) -> None:
        shape = (len(self.experts), len(self.technologies), len(self.criteria))
        for name, size in (("confidence", shape), ("expertise", shape[:2])):
            array = getattr(self, name)
            if array.ndim == 1 and array.size == 0:
                object.__setattr__(self, name, _frozen_array(np.full(size, np.nan)))
        if self.values.shape != shape or self.coi.shape != shape or self.confidence.shape != shape:
            raise ValueError(f"cube arrays must have shape {shape}")
        if self.expertise.shape != shape[:2]:
            raise ValueError(f"expertise must have shape {shape[:2]}")
        if self.expert_groups.shape != (len(self.experts),):
            raise ValueError("expert_groups must hold one group per expert")

    @property
    def scored(self) -> BoolArray:
        """True where an expert scored the technology on the criterion."""
        return ~np.isnan(self.values)

    @property
    def has_confidence(self) -> bool:
        """Whether any expert gave a confidence for a score they gave."""
        return bool((self.scored & ~np.isnan(self.confidence)).any())

    @property
    def has_expertise(self) -> bool:
        """Whether any expert rated their familiarity with any technology."""
        return bool((~np.isnan(self.expertise)).any())

    def take_experts(self, indices: npt.ArrayLike) -> ScoreCube:
        """A cube with the experts at ``indices`` (repeats allowed), e.g. a bootstrap resample."""
        idx = np.asarray(indices, dtype=np.intp)
        return ScoreCube(
            values=_frozen_array(self.values[idx]),
            coi=_frozen_array(self.coi[idx]),
            experts=tuple(self.experts[i] for i in idx),
            technologies=self.technologies,
            criteria=self.criteria,
            expert_groups=_frozen_array(self.expert_groups[idx]),
            confidence=_frozen_array(self.confidence[idx]),
            expertise=_frozen_array(self.expertise[idx]),
        )

    def keep_cells(self, keep: BoolArray) -> ScoreCube:
        """The cube with only the scores of the experts x technologies where ``keep`` (experts
        x technologies) is True: the others become unscored (NaN, without a confidence); the
        declared conflicts of interest and the levels stay as they are."""
        mask = np.asarray(keep, dtype=bool)[:, :, None]
        return ScoreCube(
            values=_frozen_array(np.where(mask, self.values, np.nan)),
            coi=self.coi,
            experts=self.experts,
            technologies=self.technologies,
            criteria=self.criteria,
            expert_groups=self.expert_groups,
            confidence=_frozen_array(np.where(mask, self.confidence, np.nan)),
            expertise=self.expertise,
        )


#: The problems of an axis (expert, technology, criterion) of the score table.
_DUPLICATE_IDS = {
    "expert": "panel_duplicate_expert_ids",
    "technology": "panel_duplicate_technology_ids",
    "criterion": "panel_duplicate_criterion_ids",
}
_UNKNOWN_ID = {
    "expert": "panel_unknown_expert_id",
    "technology": "panel_unknown_technology_id",
    "criterion": "panel_unknown_criterion_id",
}


def score_cube(panel: Panel) -> ScoreCube:
    """Build the dense score cube of a panel from its long score table.

    Raises
    ------
    InputError
        If the table names an expert, technology or criterion the panel does not have, or holds
        two rows for the same expert, technology and criterion.
    """
    scores = panel.scores
    axes = (
        ("expert", panel.expert_ids),
        ("technology", panel.technology_ids),
        ("criterion", panel.criteria.ids),
    )
    problems: list[Problem] = []
    codes: list[IntArray] = []
    for column, ids in axes:
        index = pd.Index(ids)
        if not index.is_unique:
            dupes = sorted(set(index[index.duplicated()]))
            problems.append(Problem(_DUPLICATE_IDS[column], params={"ids": ", ".join(dupes)}))
            continue
        code = _codes(scores[column], index)
        for pos in _first_positions(scores[column], code < 0):
            value = scores[column].iloc[pos]
            problems.append(_problem_at(scores, pos, _UNKNOWN_ID[column], column, id=value))
        codes.append(code)
    raise_if_errors(problems)

    shape = tuple(len(ids) for _, ids in axes)
    size = shape[0] * shape[1] * shape[2]
    flat = (codes[0] * shape[1] + codes[1]) * shape[2] + codes[2]
    repeated = pd.Series(flat).duplicated().to_numpy()
    for dup in np.flatnonzero(repeated):
        e, t, c = (scores[name].iloc[dup] for name, _ in axes)
        params = {"expert": e, "technology": t, "criterion": c}
        problems.append(_problem_at(scores, int(dup), "panel_duplicate_score_row", None, **params))
    raise_if_errors(problems)

    reasons = (
        scores["abstention"].fillna("").astype(str)
        if "abstention" in scores
        else pd.Series("", index=scores.index)
    )
    score = pd.to_numeric(scores["score"], errors="coerce").to_numpy(dtype=np.float64)
    has_score = np.isfinite(score) & (reasons == "").to_numpy()
    values = np.full(size, np.nan)
    values[flat[has_score]] = score[has_score]
    coi = np.zeros(size, dtype=bool)
    coi[flat[(reasons == "COI").to_numpy()]] = True
    confidence = np.full(size, np.nan)
    if "confidence" in scores:
        given = pd.to_numeric(scores["confidence"], errors="coerce").to_numpy(dtype=np.float64)
        # Only a confidence in a score counts: one beside an abstention says nothing.
        keep = has_score & ~np.isnan(given)
        confidence[flat[keep]] = given[keep]
    expertise = _expertise(scores, codes[0], codes[1], shape[:2])
    groups = np.array([e.group for e in panel.experts], dtype=object)
    return ScoreCube(
        values=_frozen_array(values.reshape(shape)),
        coi=_frozen_array(coi.reshape(shape)),
        experts=tuple(panel.expert_ids),
        technologies=tuple(panel.technology_ids),
        criteria=tuple(panel.criteria.ids),
        expert_groups=_frozen_array(groups),
        confidence=_frozen_array(confidence.reshape(shape)),
        expertise=_frozen_array(expertise),
    )


def _expertise(
    scores: pd.DataFrame, experts: IntArray, technologies: IntArray, shape: tuple[int, ...]
) -> FloatArray:
    """Each expert's level for each technology from the optional ``expertise`` column (any row
    of the pair gives it, abstentions included; the readers refuse two levels for one pair),
    NaN where none is given."""
    levels = np.full(shape, np.nan)
    if "expertise" not in scores:
        return levels
    given = pd.to_numeric(scores["expertise"], errors="coerce").to_numpy(dtype=np.float64)
    pairs = pd.DataFrame({"e": experts, "t": technologies, "level": given})
    first = pairs[~np.isnan(given)].drop_duplicates(["e", "t"])
    levels[first["e"].to_numpy(), first["t"].to_numpy()] = first["level"].to_numpy()
    return levels


def _codes(column: pd.Series, index: pd.Index) -> IntArray:
    """Position in ``index`` of each value of ``column``, -1 if absent."""
    # Factorising first looks up each distinct id once: about 4x faster than get_indexer on
    # 90,000 arrow-backed strings.
    codes, uniques = pd.factorize(column)
    positions = np.append(np.asarray(index.get_indexer(uniques), dtype=np.int64), -1)
    return np.asarray(positions[codes], dtype=np.int64)


def _first_positions(column: pd.Series, bad: BoolArray) -> list[int]:
    """Positions of the first row of each distinct bad value."""
    if not bad.any():
        return []
    positions = np.flatnonzero(bad)
    first = ~column.iloc[positions].duplicated().to_numpy()
    return [int(p) for p in positions[first]]


def _problem_at(
    scores: pd.DataFrame, pos: int, code: str, column: str | None, **params: object
) -> Problem:
    """Problem ``code`` located at the source of row ``pos`` when the table records it."""

    def source(name: str) -> object:
        value = scores[name].iloc[pos] if name in scores else None
        return None if value is None or pd.isna(value) else value

    row = source("source_row")
    sheet = source("source_sheet")
    return Problem(
        code,
        file=str(source("source_file") or ""),
        sheet=None if sheet is None else str(sheet),
        row=int(row) if isinstance(row, int | float | np.number) else None,
        column=column,
        params=params,
    )


def expertise_given(panel: Panel) -> bool:
    """Whether any expert of ``panel`` rated their familiarity with a technology (what the
    ``expertise`` settings ``weight`` and ``min:K`` need; the column is optional)."""
    scores = panel.scores
    if "expertise" not in scores:
        return False
    return bool(pd.to_numeric(scores["expertise"], errors="coerce").notna().any())


def confidence_given(panel: Panel) -> bool:
    """Whether any expert of ``panel`` declared a confidence in a score they gave (what
    ``use_confidence`` needs; the score table's ``confidence`` column is optional)."""
    scores = panel.scores
    if "confidence" not in scores:
        return False
    score = pd.to_numeric(scores["score"], errors="coerce")
    given = pd.to_numeric(scores["confidence"], errors="coerce").notna() & score.notna()
    if "abstention" in scores:
        given &= scores["abstention"].fillna("").astype(str) == ""
    return bool(given.any())
