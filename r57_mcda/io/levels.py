"""The optional ``expertise`` column of score tables: each level read, and conflicting levels.

An expert's self-rated familiarity with a technology (a whole number 1 to 5, blank when not
given) is one value per expert x technology, repeated on each of that technology's rows (the
study's canonical long form writes it so). :mod:`r57_mcda.panel.expertise` says how the
aggregation uses it.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from r57_mcda.errors import Problem
from r57_mcda.io.located import locate
from r57_mcda.io.tables import parse_number
from r57_mcda.vocab import EXPERTISE_LEVELS

#: The column's header.
EXPERTISE = "expertise"


def parse_level(text: str, *, decimal_comma: bool = False) -> float | None:
    """The level written in a cell: NaN when blank, the level (1.0 to 5.0) for a whole number
    1 to 5 ("3", "3.0"; "3,0" with ``decimal_comma``), None for anything else."""
    if not text.strip():
        return math.nan
    value = parse_number(text, decimal_comma=decimal_comma)
    return value if value is not None and value in EXPERTISE_LEVELS else None


def level_conflicts(frame: pd.DataFrame) -> list[Problem]:
    """A problem at each row giving an expert x technology another level than its first row
    does (the rows in file order; blank levels are none), naming that first row.

    ``frame`` is a long score table with the ``source_*`` columns; without an ``expertise``
    column there is nothing to check.
    """
    if EXPERTISE not in frame.columns:
        return []
    levels = pd.to_numeric(frame[EXPERTISE], errors="coerce")
    given = frame.assign(level=levels).reset_index(drop=True)
    given = given[given["level"].notna()]
    first = given.groupby(["expert", "technology"], sort=False)["level"].transform("first")
    problems = []
    for k in np.flatnonzero((given["level"] != first).to_numpy()):
        row = given.iloc[k]
        pair = (given["expert"] == row["expert"]) & (given["technology"] == row["technology"])
        head = int(given.index[pair.to_numpy()][0])
        params = {
            "expert": str(row["expert"]),
            "technology": str(row["technology"]),
            "value": int(row["level"]),
            "first": int(first.iloc[k]),
            "also": locate(frame, head, "xpagg_level_conflict", None).place,
        }
        problems.append(
            locate(frame, int(given.index[k]), "xpagg_level_conflict", EXPERTISE, params)
        )
    return problems
