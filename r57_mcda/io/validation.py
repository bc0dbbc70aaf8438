"""Check loaded panel inputs and decision matrices, returning every problem located in its file."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from r57_mcda.errors import InputError, Problem, Severity
from r57_mcda.models import SCORE_COLUMNS, CriteriaSet, Expert, Technology

__all__ = ["duplicate_ids", "not_a_score", "validate_matrix", "validate_panel"]

_KEY = ["expert", "technology", "criterion"]
_ABSTENTIONS = ("blank", "NA", "COI")


def not_a_score(text: str) -> str:
    """The message for a score cell whose text is not a number nor an abstention."""
    hint = "; write decimals with a point (3.5)" if "," in text else ""
    return (
        f"score '{text}' is not a number: write a number, leave the cell blank, "
        f"or write NA (no opinion) or COI (conflict of interest){hint}"
    )


def duplicate_ids(
    ids: Sequence[str],
    *,
    what: str,
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
        head = f"{what} id '{value}' appears more than once"
        if rows is None:
            message = f"{head} ({len(found)} times); ids must be unique"
            problems.append(Problem(message, file, sheet, None, column))
            continue
        for k in found:
            others = ", ".join(str(rows[o]) for o in found if o != k)
            message = f"{head} (also row {others}); ids must be unique"
            problems.append(Problem(message, file, sheet, rows[k], column))
    return problems


def validate_panel(
    criteria: CriteriaSet,
    technologies: Sequence[Technology],
    experts: Sequence[Expert],
    scores: pd.DataFrame,
    *,
    quorum: int = 3,
    sources: Mapping[str, str] | None = None,
) -> tuple[Problem, ...]:
    """Check a panel's long score table against its criteria, technologies and experts.

    Parameters
    ----------
    criteria, technologies, experts
        The loaded reference lists.
    scores
        Long table with the columns of :data:`r57_mcda.models.SCORE_COLUMNS`; ``source_file``,
        ``source_sheet`` and ``source_row`` locate each row.
    quorum
        Fewest experts that should score each technology on each criterion; fewer is a warning.
    sources
        File names by role (``criteria``, ``technologies``, ``experts``, ``scores``) used in
        messages and for problems that belong to no single row.

    Returns
    -------
    tuple of Problem
        Errors (unknown ids, duplicate rows, non-numeric or out-of-scale scores, duplicate ids,
        a technology or criterion nobody scored, missing columns, no scores) and warnings (cells
        below the quorum, experts without scores).
    """
    if quorum < 1:
        raise InputError(f"the quorum must be at least 1 expert, got {quorum}")
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
        message = f"the score table lacks the columns {', '.join(missing)}"
        return (*problems, Problem(message, scores_file))
    if scores.empty:
        return (*problems, Problem("no scores: the score files have no rows", scores_file))
    frame = scores.reset_index(drop=True)
    known = {
        "technology": (
            {t.id for t in technologies},
            names.get("technologies") or "the technology list",
        ),
        "criterion": (set(criteria.ids), names.get("criteria") or f"criteria set '{criteria.id}'"),
        "expert": ({e.id for e in experts}, names.get("experts") or "the expert list"),
    }
    for column, (ids, where) in known.items():
        problems += _unknown(frame, column, ids, where)
    numeric = _numbers(frame["score"])
    problems += _bad_scores(frame, numeric)
    problems += _outside_scale(frame, numeric, criteria)
    problems += _duplicate_rows(frame)
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
    )
    return tuple(problems)


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
    ids = [str(c) for c in matrix.columns] if criteria is None else criteria.ids
    set_name = "the matrix" if criteria is None else f"'{criteria.id}'"
    if rows is not None and len(rows) != len(matrix):
        rows = None

    def row_of(k: int) -> int | None:
        return None if rows is None else rows[k]

    problems: list[Problem] = []
    if len(matrix) == 0:
        problems.append(Problem("the decision matrix has no technologies", file, sheet))
    for cid in ids:
        if cid not in matrix.columns:
            message = f"missing column '{cid}': every criterion of {set_name} needs a column"
            problems.append(Problem(message, file, sheet, None, cid))
    for column in matrix.columns:
        if column not in ids:
            message = f"column '{column}' is not a criterion of {set_name}; it is ignored"
            problems.append(Problem(message, file, sheet, None, str(column), "warning"))
    technologies = [str(t) for t in matrix.index]
    problems += duplicate_ids(
        technologies, what="technology", file=file, sheet=sheet, rows=rows, column="technology"
    )
    for cid in (c for c in ids if c in matrix.columns):
        raw = matrix[cid]
        for k in np.flatnonzero(_numbers(raw).isna().to_numpy()):
            value = raw.iloc[k]
            if _is_blank(value):
                message = f"no value for technology '{technologies[k]}' on criterion '{cid}'"
            else:
                message = f"value '{value}' for technology '{technologies[k]}' is not a number"
            problems.append(Problem(message, file, sheet, row_of(int(k)), cid))
    return tuple(problems)


def _numbers(values: pd.Series) -> pd.Series:
    """Finite floats, NaN for anything else (text, blanks, infinities)."""
    numeric = pd.to_numeric(values, errors="coerce").astype(float)
    return numeric.where(np.isfinite(numeric))


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or bool(pd.isna(value))


def _locate(
    frame: pd.DataFrame, k: int, message: str, column: str | None, severity: Severity = "error"
) -> Problem:
    file, sheet, row = frame.iloc[k][["source_file", "source_sheet", "source_row"]]
    return Problem(
        message,
        file if isinstance(file, str) else "",
        sheet if isinstance(sheet, str) and sheet else None,
        None if pd.isna(row) else int(row),
        column,
        severity,
    )


def _unknown(frame: pd.DataFrame, column: str, known: set[str], where: str) -> list[Problem]:
    """One problem per unknown id and file/sheet, at its first row, with the count."""
    values = frame[column]
    flagged = np.flatnonzero((~values.isin(known) & (values != "")).to_numpy())
    first: dict[tuple[object, object, str], list[int]] = {}
    for k in flagged:
        key = (frame["source_file"].iat[k], frame["source_sheet"].iat[k], str(values.iat[k]))
        first.setdefault(key, []).append(int(k))
    problems = []
    for (_, _, value), found in first.items():
        count = f" ({len(found)} rows)" if len(found) > 1 else ""
        message = (
            f"unknown {column} '{value}'{count}: not in {where}; check the spelling or add it there"
        )
        problems.append(_locate(frame, found[0], message, column))
    return problems


def _bad_scores(frame: pd.DataFrame, numeric: pd.Series) -> list[Problem]:
    raw = frame["score"]
    present = ~raw.map(_is_blank).astype(bool)
    not_number = present & numeric.isna()
    unexplained = ~present & ~frame["abstention"].isin(_ABSTENTIONS)
    problems = []
    for k in np.flatnonzero(not_number.to_numpy()):
        problems.append(_locate(frame, int(k), not_a_score(str(raw.iat[k])), "score"))
    for k in np.flatnonzero(unexplained.to_numpy()):
        message = "score is missing without a reason: abstention must be 'blank', 'NA' or 'COI'"
        problems.append(_locate(frame, int(k), message, "score"))
    return problems


def _outside_scale(frame: pd.DataFrame, numeric: pd.Series, criteria: CriteriaSet) -> list[Problem]:
    scales = {c.id: c.scale for c in criteria.criteria if c.scale is not None}
    lo = frame["criterion"].map({cid: s[0] for cid, s in scales.items()}).astype(float)
    hi = frame["criterion"].map({cid: s[1] for cid, s in scales.items()}).astype(float)
    outside = ((numeric < lo) | (numeric > hi)).to_numpy()
    problems = []
    for k in np.flatnonzero(outside):
        cid = frame["criterion"].iat[k]
        message = (
            f"score {numeric.iat[k]:g} is outside the scale {lo.iat[k]:g}-{hi.iat[k]:g} "
            f"of criterion '{cid}'"
        )
        problems.append(_locate(frame, int(k), message, "score"))
    return problems


def _duplicate_rows(frame: pd.DataFrame) -> list[Problem]:
    """Each repeated (expert, technology, criterion) row, pointing at its twins."""
    repeated = np.flatnonzero(frame.duplicated(_KEY, keep=False).to_numpy())
    groups: dict[tuple[str, ...], list[int]] = {}
    for position in repeated:
        key = tuple(frame[_KEY].iloc[position].astype(str))
        groups.setdefault(key, []).append(int(position))
    problems = []
    for (expert, technology, criterion), found in groups.items():
        where = {k: _locate(frame, k, "", None).location() for k in found}
        for k in found:
            also = "; ".join(where[o] for o in found if o != k)
            message = (
                f"expert '{expert}' scored technology '{technology}' on criterion "
                f"'{criterion}' more than once (also at {also}); keep one row"
            )
            problems.append(_locate(frame, k, message, None))
    return problems


def _coverage(
    usable: pd.DataFrame,
    criteria: CriteriaSet,
    *,
    technologies: Sequence[Technology],
    experts: Sequence[Expert],
    quorum: int,
    names: Mapping[str, str],
) -> list[Problem]:
    """Criteria and technologies nobody scored (errors); thin cells and idle experts (warnings)."""
    scores_file = names.get("scores", "")
    counts = usable.groupby(["technology", "criterion"])["expert"].nunique()
    scored_criteria = set(counts.index.get_level_values("criterion"))
    scored_technologies = set(counts.index.get_level_values("technology"))
    problems = [
        Problem(f"nobody scored criterion '{cid}': it has no numeric score", scores_file)
        for cid in criteria.ids
        if cid not in scored_criteria
    ]
    problems += [
        Problem(f"nobody scored technology '{t.id}': it has no numeric score", scores_file)
        for t in technologies
        if t.id not in scored_technologies
    ]
    active = set(usable["expert"])
    problems += [
        Problem(f"expert '{e.id}' has no scores", names.get("experts", ""), severity="warning")
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
            message = (
                f"technology '{t.id}' is scored by fewer than {quorum} experts on "
                f"{len(thin)} criteria: {', '.join(thin)}"
            )
            problems.append(Problem(message, scores_file, severity="warning"))
    return problems
