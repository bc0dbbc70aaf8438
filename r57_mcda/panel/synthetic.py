"""Seeded synthetic panels of any size, for benchmarks and tests (never for decisions)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from r57_mcda.models import SCORE_COLUMNS, CriteriaSet, Criterion, Expert, Panel, Technology

STAKEHOLDER_GROUPS = ("science", "industry", "government")


def synthetic_criteria(n_criteria: int, *, n_cost: int | None = None) -> CriteriaSet:
    """``n_criteria`` criteria on a 1-5 scale; the last ``n_cost`` (default a fifth) are costs."""
    n_cost = max(1, n_criteria // 5) if n_cost is None else n_cost
    criteria = tuple(
        Criterion(
            id=f"c{j + 1:02d}",
            name=f"Criterion {j + 1}",
            name_vi=f"Tiêu chí {j + 1}",
            direction="cost" if j >= n_criteria - n_cost else "benefit",
            scale=(1.0, 5.0),
            group=f"g{j % 3 + 1}",
        )
        for j in range(n_criteria)
    )
    return CriteriaSet(id="synthetic", name="Synthetic criteria", criteria=criteria)


def synthetic_panel(
    n_technologies: int,
    n_criteria: int,
    n_experts: int,
    *,
    seed: int = 0,
    abstention_rate: float = 0.02,
) -> Panel:
    """A panel whose experts score noisy copies of a hidden profile per technology.

    Scores are integers 1-5; about ``abstention_rate`` of them are blank abstentions.
    """
    rng = np.random.default_rng(seed)
    criteria = synthetic_criteria(n_criteria)
    techs = tuple(
        Technology(id=f"t{i + 1:03d}", name=f"Technology {i + 1}", name_vi=f"Công nghệ {i + 1}")
        for i in range(n_technologies)
    )
    experts = tuple(
        Expert(id=f"e{k + 1:02d}", name=f"Expert {k + 1}", group=STAKEHOLDER_GROUPS[k % 3])
        for k in range(n_experts)
    )
    profile = rng.uniform(1.5, 4.5, size=(1, n_technologies, n_criteria))
    noise = rng.normal(0.0, 0.7, size=(n_experts, n_technologies, n_criteria))
    cube = np.clip(np.rint(profile + noise), 1, 5)
    blank = rng.random(cube.shape) < abstention_rate
    e, t, c = np.meshgrid(
        np.arange(n_experts), np.arange(n_technologies), np.arange(n_criteria), indexing="ij"
    )
    n = cube.size
    scores = pd.DataFrame(
        {
            "expert": np.array([x.id for x in experts], dtype=object)[e.ravel()],
            "technology": np.array([x.id for x in techs], dtype=object)[t.ravel()],
            "criterion": np.array(criteria.ids, dtype=object)[c.ravel()],
            "score": np.where(blank, np.nan, cube).ravel(),
            "abstention": np.where(blank.ravel(), "blank", ""),
            "confidence": np.full(n, np.nan),
            "comment": np.full(n, "", dtype=object),
            "source_file": np.full(n, "synthetic", dtype=object),
            "source_sheet": np.full(n, None, dtype=object),
            "source_row": np.arange(2, n + 2),
        },
        columns=list(SCORE_COLUMNS),
    )
    return Panel(criteria=criteria, technologies=techs, experts=experts, scores=scores)
