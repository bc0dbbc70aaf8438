"""Panels built from arrays: experts x technologies x criteria scores with abstentions."""

from __future__ import annotations

import numpy as np
import pandas as pd

from r57_mcda.models import SCORE_COLUMNS, CriteriaSet, Criterion, Expert, Panel, Technology


def panel_from_array(
    values: np.ndarray,
    *,
    reasons: dict[tuple[int, int, int], str] | None = None,
    groups: list[str] | None = None,
    directions: list[str] | None = None,
    scales: list[tuple[float, float] | None] | None = None,
) -> Panel:
    """A panel whose experts x technologies x criteria scores are ``values``.

    Experts are e0, e1, ..., technologies t0, ..., criteria c0, ...; a NaN score is an abstention
    with reason "NA" unless ``reasons`` gives another for that (expert, technology, criterion).
    """
    values = np.asarray(values, dtype=float)
    n_e, n_t, n_c = values.shape
    groups = groups or [""] * n_e
    directions = directions or ["benefit"] * n_c
    scales = scales or [None] * n_c
    criteria = CriteriaSet(
        id="test",
        name="test",
        criteria=tuple(
            Criterion(id=f"c{j}", name=f"c{j}", direction=d, scale=s)  # type: ignore[arg-type]
            for j, (d, s) in enumerate(zip(directions, scales, strict=True))
        ),
    )
    e, t, c = (a.ravel() for a in np.indices(values.shape))
    score = values.ravel().copy()
    reason = np.where(np.isnan(score), "NA", "").astype(object)
    for (ei, ti, ci), why in (reasons or {}).items():
        flat = np.ravel_multi_index((ei, ti, ci), values.shape)
        reason[flat] = why
        score[flat] = np.nan
    scores = pd.DataFrame(
        {
            "expert": [f"e{i}" for i in e],
            "technology": [f"t{i}" for i in t],
            "criterion": [f"c{i}" for i in c],
            "score": score,
            "abstention": reason,
            "confidence": np.nan,
            "comment": "",
            "source_file": "scores.csv",
            "source_sheet": None,
            "source_row": np.arange(len(score)) + 2,
        },
        columns=list(SCORE_COLUMNS),
    )
    return Panel(
        criteria=criteria,
        technologies=tuple(Technology(id=f"t{i}", name=f"t{i}") for i in range(n_t)),
        experts=tuple(Expert(id=f"e{i}", name=f"e{i}", group=g) for i, g in enumerate(groups)),
        scores=scores,
    )
