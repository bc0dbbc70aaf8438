"""Small ranking problems: a random one by seed and a hand-computed two-criteria one."""

from __future__ import annotations

import numpy as np
import pandas as pd

from r57_mcda.models import CriteriaSet, Criterion


def random_problem(
    seed: int, n: int = 7, m: int = 4, *, scales: bool = False
) -> tuple[pd.DataFrame, pd.Series, CriteriaSet]:
    """A random n x m problem on a 1-10 scale; criterion c1 (and every third after it) is a cost.

    With ``scales`` every criterion declares the scale [0, 10] (WSM then uses it).
    """
    rng = np.random.default_rng(seed)
    columns = [f"c{j}" for j in range(m)]
    criteria = CriteriaSet(
        id="random",
        name="random",
        criteria=tuple(
            Criterion(
                id=c,
                name=c,
                direction="cost" if j % 3 == 1 else "benefit",
                scale=(0.0, 10.0) if scales else None,
            )
            for j, c in enumerate(columns)
        ),
    )
    matrix = pd.DataFrame(
        rng.uniform(1.0, 10.0, size=(n, m)), index=[f"t{i}" for i in range(n)], columns=columns
    )
    raw = rng.uniform(0.05, 1.0, size=m)
    return matrix, pd.Series(raw / raw.sum(), index=columns), criteria


# The hand-computed sweep problem: two benefit criteria on [0, 10], technologies A, B, C.
CRITERIA = CriteriaSet(
    id="hand",
    name="hand",
    criteria=(
        Criterion(id="c1", name="c1", direction="benefit", scale=(0.0, 10.0)),
        Criterion(id="c2", name="c2", direction="benefit", scale=(0.0, 10.0)),
    ),
)
#: Value scores A = (1, 0), B = (0.6, 0.5), C = (0, 1). Sweeping c1 (w1 = t, w2 = 1 - t):
#: A = t, B = 0.5 + 0.1 t, C = 1 - t, crossing at B = C: t = 5/11, A = C: t = 1/2,
#: A = B: t = 5/9.
HAND = pd.DataFrame({"c1": [10.0, 6.0, 0.0], "c2": [0.0, 5.0, 10.0]}, index=["A", "B", "C"])
EVEN = pd.Series({"c1": 0.5, "c2": 0.5})
