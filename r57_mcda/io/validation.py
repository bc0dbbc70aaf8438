"""Check loaded panel inputs and decision matrices, returning every problem located in its file."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from r57_mcda.errors import InputError, Problem
from r57_mcda.io.duplicates import Listed, duplicate_ids, duplicate_rows
from r57_mcda.io.levels import level_conflicts
from r57_mcda.io.located import finite_numbers, is_blank, locate
from r57_mcda.models import SCORE_COLUMNS, CriteriaSet, Expert, Technology

__all__ = ["Listed", "duplicate_ids", "not_a_score", "validate_matrix", "validate_panel"]


_ABSTENTIONS = ("blank", "NA", "COI")


#: Message ids of an unknown id: by column, (where = a file, where = the default list) and each
#: (at one row, at several rows, counted).
_UNKNOWN_CODES: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    "technology": (
        ("input_unknown_technology", "input_unknown_technology_rows"),
        ("input_unknown_technology_nolist", "input_unknown_technology_nolist_rows"),
    ),
    "criterion": (
        ("input_unknown_criterion", "input_unknown_criterion_rows"),
        ("input_unknown_criterion_set", "input_unknown_criterion_set_rows"),
    ),
    "expert": (
        ("input_unknown_expert", "input_unknown_expert_rows"),
        ("input_unknown_expert_nolist", "input_unknown_expert_nolist_rows"),
    ),
}


def not_a_score(text: str) -> tuple[str, dict[str, Any]]:
    """The message id and params for a score cell that is neither a number nor an abstention."""
    # A comma most likely means a decimal comma in a comma-separated file: say how to write it.
    code = "input_score_not_a_number_comma" if "," in text else "input_score_not_a_number"
    return code, {"text": text}


def validate_panel(
    criteria: CriteriaSet,
    technologies: Sequence[Technology],
    experts: Sequence[Expert],
    scores: pd.DataFrame,
    *,
    quorum: int = 3,
    sources: Mapping[str, str] | None = None,
    coverage: bool = True,
) -> tuple[Problem, ...]:
    """Check a panel's long score table against its criteria, technologies and experts.

    Parameters
    ----------
    criteria, technologies, experts
        The loaded reference lists.
    scores
        Long table with the columns of :data:`r57_mcda.models.SCORE_COLUMNS`; ``source_file``,
        ``source_sheet`` and ``source_row`` locate each row; an ``expertise`` column (the
        experts' self-rated familiarity, :mod:`r57_mcda.io.levels`) is optional.
    quorum
        Fewest experts that should score each technology on each criterion; fewer is a warning.
    sources
        File names by role (``criteria``, ``technologies``, ``experts``, ``scores``) used in
        messages and for problems that belong to no single row.
    coverage
        Also check that the panel as a whole can be ranked (every criterion, technology and
        cell scored by someone) and warn of thin cells and idle experts. A study's import of
        some experts' answers checks their rows only (``False``).

    Returns
    -------
    tuple of Problem
        Errors (unknown ids, duplicate rows, non-numeric or out-of-scale scores, duplicate ids,
        two familiarity levels for one expert and technology, a technology or criterion nobody
        scored, missing columns, no scores) and warnings (cells below the quorum, experts
        without scores).
    """
    if quorum < 1:
        raise InputError(Problem("input_quorum_too_small", params={"quorum": quorum}))
    names = dict(sources or {})
    scores_file = names.get("scores", "")
    problems = [
        *duplicate_ids(
            [t.id for t in technologies], what="technology", file=names.get("technologies", "")
        ),
        *duplicate_ids([e.id for e in experts], what="expert", file=names.get("experts", "")),
    ]
    missing = [c for c in SCORE_COLUMNS if c not in scores.columns]
    if missing:
        params = {"columns": ", ".join(missing)}
        return (*problems, Problem("input_score_columns_missing", scores_file, params=params))
    if scores.empty:
        return (*problems, Problem("input_no_scores", scores_file))

    frame = scores.reset_index(drop=True)
    # Where each list comes from, for "not in ...": its file, else "" (the list as such).
    known = {
        "technology": ({t.id for t in technologies}, names.get("technologies", "")),
        "criterion": (set(criteria.ids), names.get("criteria", "")),
        "expert": ({e.id for e in experts}, names.get("experts", "")),
    }
    for column, (ids, where) in known.items():
        problems += _unknown(frame, column, ids, where, set_id=criteria.id)
    numeric = finite_numbers(frame["score"])
    problems += _bad_scores(frame, numeric)
    problems += _outside_scale(frame, numeric, criteria)
    problems += duplicate_rows(frame)
    problems += level_conflicts(frame)
    if not coverage:
        return tuple(problems)
    usable = numeric.notna()
    for column, (ids, _) in known.items():
        usable = usable & frame[column].isin(ids)
    problems += _coverage(
        frame[usable],
        criteria,
        technologies=technologies,
        experts=experts,
        quorum=quorum,
        names=names,
        sheetless=_sheetless_experts(frame, experts),
    )
    return tuple(problems)


def _sheetless_experts(frame: pd.DataFrame, experts: Sequence[Expert]) -> set[str]:
    """Listed experts without a sheet, when the scores come in sheets named for the experts."""
    by_sheet = frame["source_sheet"].astype(str) == frame["expert"].astype(str)
    if not by_sheet.any():
        return set()
    present = set(frame["expert"].astype(str))
    return {e.id for e in experts if e.id not in present}


def validate_matrix(
    matrix: pd.DataFrame,
    criteria: CriteriaSet | None,
    *,
    file: str,
    sheet: str | None = None,
    rows: Sequence[int] | None = None,
) -> tuple[Problem, ...]:
    """Check an aggregated decision matrix (rows = technology ids, columns = criterion ids).

    ``rows`` (the spreadsheet row of each matrix row) locates cell problems when known.
    Errors: no rows, missing criterion columns, duplicate technologies, empty (NaN) or
    non-numeric cells. Warnings: columns that are not criteria (ignored). With ``criteria``
    None, every column is taken for a criterion.
    """
    # Without a criteria set every column is a criterion: no column is missing or extra.
    ids = [str(c) for c in matrix.columns] if criteria is None else criteria.ids
    set_id = "" if criteria is None else criteria.id
    if rows is not None and len(rows) != len(matrix):
        rows = None

    def row_of(k: int) -> int | None:
        return None if rows is None else rows[k]

    problems: list[Problem] = []
    if len(matrix) == 0:
        problems.append(Problem("input_matrix_no_technologies", file, sheet))

    for cid in ids:
        if cid not in matrix.columns:
            params = {"criterion": cid, "set": set_id}
            problems.append(
                Problem("input_matrix_missing_column", file, sheet, None, cid, params=params)
            )
    for column in matrix.columns:
        if column not in ids:
            params = {"column": str(column), "set": set_id}
            problems.append(
                Problem(
                    "input_matrix_extra_column", file, sheet, None, str(column), "warning", params
                )
            )
    technologies = [str(t) for t in matrix.index]
    problems += duplicate_ids(
        technologies, what="technology", file=file, sheet=sheet, rows=rows, column="technology"
    )
    for cid in (c for c in ids if c in matrix.columns):
        raw = matrix[cid]
        for k in np.flatnonzero(finite_numbers(raw).isna().to_numpy()):
            value = raw.iloc[k]
            if is_blank(value):
                code = "input_matrix_no_value"
                params = {"technology": technologies[k], "criterion": cid}
            else:
                code = "input_matrix_not_a_number"
                params = {"technology": technologies[k], "value": str(value)}
            problems.append(Problem(code, file, sheet, row_of(int(k)), cid, params=params))
        problems += _matrix_outside_scale(
            finite_numbers(raw), cid, criteria, technologies, file=file, sheet=sheet, rows=rows
        )
    return tuple(problems)


def _matrix_outside_scale(
    values: pd.Series,
    cid: str,
    criteria: CriteriaSet | None,
    technologies: Sequence[str],
    *,
    file: str,
    sheet: str | None,
    rows: Sequence[int] | None,
) -> list[Problem]:
    """Cells of column ``cid`` outside its declared scale, with the ranking's tolerance."""
    from r57_mcda.ranking.prepare import SCALE_TOLERANCE

    scale = None if criteria is None or cid not in criteria else criteria[cid].scale
    if scale is None:
        return []
    lo, hi = float(scale[0]), float(scale[1])
    slack = SCALE_TOLERANCE * max(hi - lo, 0.0)
    outside = ((values < lo - slack) | (values > hi + slack)).to_numpy()
    problems = []
    for k in map(int, np.flatnonzero(outside)):
        params = {
            "technology": technologies[k],
            "value": float(values.iloc[k]),
            "lo": lo,
            "hi": hi,
            "criterion": cid,
        }
        row = None if rows is None else rows[k]
        problems.append(Problem("input_matrix_outside_scale", file, sheet, row, cid, params=params))
    return problems


def _unknown(
    frame: pd.DataFrame, column: str, known: set[str], where: str, *, set_id: str
) -> list[Problem]:
    """One problem per unknown id and file/sheet, at its first row, with the count.

    ``where`` is the file the ids should be in ("" when the list has none: the message then
    names the list, or for criteria the set ``set_id``).
    """
    values = frame[column]
    flagged = np.flatnonzero((~values.isin(known) & (values != "")).to_numpy())
    first: dict[tuple[object, object, str], list[int]] = {}
    for k in flagged:
        key = (frame["source_file"].iat[k], frame["source_sheet"].iat[k], str(values.iat[k]))
        first.setdefault(key, []).append(int(k))
    in_file, in_list = _UNKNOWN_CODES[column]
    one, several = in_file if where else in_list
    problems = []
    for (_, _, value), found in first.items():
        code = several if len(found) > 1 else one
        params: dict[str, object] = {"value": value, "n": len(found)}
        params |= {"where": where} if where else {"set": set_id}
        problems.append(locate(frame, found[0], code, column, params))
    return problems


def _bad_scores(frame: pd.DataFrame, numeric: pd.Series) -> list[Problem]:
    raw = frame["score"]
    present = ~raw.map(is_blank).astype(bool)
    not_number = present & numeric.isna()
    unexplained = ~present & ~frame["abstention"].isin(_ABSTENTIONS)
    problems = []
    for k in np.flatnonzero(not_number.to_numpy()):
        code, params = not_a_score(str(raw.iat[k]))
        problems.append(locate(frame, int(k), code, "score", params))
    for k in np.flatnonzero(unexplained.to_numpy()):
        problems.append(locate(frame, int(k), "input_score_missing_reason", "score"))
    return problems


def _outside_scale(frame: pd.DataFrame, numeric: pd.Series, criteria: CriteriaSet) -> list[Problem]:
    scales = {c.id: c.scale for c in criteria.criteria if c.scale is not None}
    lo = frame["criterion"].map({cid: s[0] for cid, s in scales.items()}).astype(float)
    hi = frame["criterion"].map({cid: s[1] for cid, s in scales.items()}).astype(float)
    outside = ((numeric < lo) | (numeric > hi)).to_numpy()
    problems = []
    for k in np.flatnonzero(outside):
        params = {
            "score": float(numeric.iat[k]),
            "lo": float(lo.iat[k]),
            "hi": float(hi.iat[k]),
            "criterion": frame["criterion"].iat[k],
        }
        problems.append(locate(frame, int(k), "input_score_outside_scale", "score", params))
    return problems


def _coverage(
    usable: pd.DataFrame,
    criteria: CriteriaSet,
    *,
    technologies: Sequence[Technology],
    experts: Sequence[Expert],
    quorum: int,
    names: Mapping[str, str],
    sheetless: set[str] | None = None,
) -> list[Problem]:
    """Criteria, technologies and cells nobody scored (errors); thin cells and idle experts
    (warnings), an expert of ``sheetless`` said to have no sheet in the workbook."""
    scores_file = names.get("scores", "")
    counts = usable.groupby(["technology", "criterion"])["expert"].nunique()
    scored_criteria = set(counts.index.get_level_values("criterion"))
    scored_technologies = set(counts.index.get_level_values("technology"))
    problems = [
        Problem("input_criterion_not_scored", scores_file, params={"criterion": cid})
        for cid in criteria.ids
        if cid not in scored_criteria
    ]
    problems += [
        Problem("input_technology_not_scored", scores_file, params={"technology": t.id})
        for t in technologies
        if t.id not in scored_technologies
    ]
    # A cell nobody scored, in a row and a column that others did score: the ranking cannot
    # use it (the aggregated matrix would have a hole), so it is an error here too.
    problems += [
        Problem(
            "input_cell_not_scored",
            scores_file,
            column=cid,
            params={"technology": t.id, "criterion": cid},
        )
        for t in technologies
        if t.id in scored_technologies
        for cid in criteria.ids
        if cid in scored_criteria and counts.get((t.id, cid), 0) == 0
    ]
    active = set(usable["expert"])
    experts_file = names.get("experts", "")
    missing_sheet = sheetless or set()
    problems += [
        Problem(
            "input_expert_sheet_missing",
            experts_file,
            severity="warning",
            params={"expert": e.id, "where": experts_file},
        )
        if e.id in missing_sheet and experts_file
        else Problem(
            "input_expert_no_scores", experts_file, severity="warning", params={"expert": e.id}
        )
        for e in experts
        if e.id not in active
    ]
    for t in technologies:
        if t.id not in scored_technologies:
            continue
        thin = [
            f"{cid} ({counts.get((t.id, cid), 0)})"
            for cid in criteria.ids
            if cid in scored_criteria and counts.get((t.id, cid), 0) < quorum
        ]
        if thin:
            params = {
                "technology": t.id,
                "quorum": quorum,
                "n": len(thin),
                "cells": ", ".join(thin),
            }
            problems.append(
                Problem("input_below_quorum", scores_file, severity="warning", params=params)
            )
    return problems
