"""Repeated ids in a list, and scores given twice (row by row, or whole files repeated)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal

import numpy as np
import pandas as pd

from r57_mcda.errors import Problem
from r57_mcda.i18n.phrases import Phrases
from r57_mcda.io.located import SCORE_KEY, locate

#: What a reference list holds: technologies or experts.
Listed = Literal["technology", "expert"]

#: Message ids of a repeated id: (counted, pointing at the other rows), by what the list holds.
_DUPLICATE_CODES: dict[str, tuple[str, str]] = {
    "technology": ("input_duplicate_technology_id", "input_duplicate_technology_id_rows"),
    "expert": ("input_duplicate_expert_id", "input_duplicate_expert_id_rows"),
}


def duplicate_ids(
    ids: Sequence[str],
    *,
    what: Listed,
    file: str = "",
    sheet: str | None = None,
    rows: Sequence[int] | None = None,
    column: str = "id",
) -> list[Problem]:
    """Problems for ids that occur more than once (blank ids are the readers' concern).

    With ``rows`` (the spreadsheet row of each id) every occurrence is reported and points at
    the others; without, one problem per repeated id.
    """
    positions: dict[str, list[int]] = {}
    for k, value in enumerate(ids):
        if value:
            positions.setdefault(value, []).append(k)
    problems = []
    for value, found in positions.items():
        if len(found) < 2:
            continue
        counted, pointing = _DUPLICATE_CODES[what]
        if rows is None:
            params: dict[str, object] = {"id": value, "n": len(found)}
            problems.append(Problem(counted, file, sheet, None, column, params=params))
            continue
        for k in found:
            others = ", ".join(str(rows[o]) for o in found if o != k)
            params = {"id": value, "rows": others}
            problems.append(Problem(pointing, file, sheet, rows[k], column, params=params))
    return problems


def duplicate_rows(frame: pd.DataFrame) -> list[Problem]:
    """Repeated (expert, technology, criterion) rows.

    A file or sheet whose rows and those of one earlier file or sheet all repeat each other
    (the same scores uploaded twice, or a corrected copy beside the old one) is one problem
    naming both; any other repeated row is a problem of its own
    pointing at its twins.
    """
    mask = frame.duplicated(SCORE_KEY, keep=False).to_numpy()
    if not mask.any():
        return []
    places = list(
        zip(
            frame["source_file"].astype(str),
            frame["source_sheet"].fillna("").astype(str),
            strict=True,
        )
    )
    sizes: dict[tuple[str, str], int] = {}
    for place in places:
        sizes[place] = sizes.get(place, 0) + 1
    keys = frame[SCORE_KEY].astype(str).to_numpy()
    groups: dict[tuple[str, ...], list[int]] = {}
    for position in np.flatnonzero(mask):
        groups.setdefault(tuple(keys[position]), []).append(int(position))
    problems, covered = duplicated_places(groups, places, sizes)
    for (expert, technology, criterion), twins in groups.items():
        found = [k for k in twins if k not in covered]
        if len(found) < 2:
            continue
        # The twins' places, rendered in the reader's language ("row" / "dòng").
        where = {k: locate(frame, k, "input_duplicate_score", None) for k in found}
        for k in found:
            also = Phrases.of(where[o].place for o in found if o != k)
            params = {"expert": expert, "technology": technology, "criterion": criterion}
            problems.append(
                locate(frame, k, "input_duplicate_score", None, {**params, "also": also})
            )
    return problems


def duplicated_places(
    groups: Mapping[tuple[str, ...], list[int]],
    places: Sequence[tuple[str, str]],
    sizes: Mapping[tuple[str, str], int],
) -> tuple[list[Problem], set[int]]:
    """One problem per file or sheet that wholly repeats one earlier file or sheet (and the
    other way round), and the row positions (of both) that it accounts for."""
    first_seen = {p: i for i, p in reversed(list(enumerate(places)))}
    repeats: dict[tuple[str, str], dict[tuple[str, str], list[int]]] = {}
    key_of: dict[int, tuple[str, ...]] = {}
    for key, found in groups.items():
        for k in found:
            key_of[k] = key
            others = {places[o] for o in found if places[o] != places[k]}
            for other in others:
                repeats.setdefault(places[k], {}).setdefault(other, []).append(k)
    problems: list[Problem] = []
    covered: set[int] = set()
    for place, partners in repeats.items():
        if len(partners) != 1:
            continue
        ((other, rows),) = partners.items()
        twins = {o for k in rows for o in groups[key_of[k]] if places[o] == other}
        # Both files (or sheets) wholly repeat each other: the same scores given twice.
        whole = len(rows) == sizes[place] and len(twins) == sizes[other]
        if first_seen[other] > first_seen[place] or not whole:
            continue
        file, sheet = place
        other_name = other[0] if not other[1] else f"{other[0]} ({other[1]})"
        problems.append(
            Problem(
                "ui_duplicate_scores_file",
                file,
                sheet or None,
                params={"n": len(rows), "other": other_name},
            )
        )
        covered.update(rows)
        covered.update(twins)
    return problems, covered
