"""AHP: priorities and consistency of a pairwise matrix, and a panel's combined judgments.

Conventions (pinned here, cited in the README's methods section):

- Priorities are the principal right eigenvector of the matrix (``numpy.linalg.eig``, real part),
  normalised to sum 1 (Saaty 1977, "A scaling method for priorities in hierarchical structures",
  Journal of Mathematical Psychology 15(3)).
- ``CI = (lambda_max - n) / (n - 1)`` and ``CR = CI / RI(n)``, where RI is the ONE random index
  table of :data:`RANDOM_INDEX`; ``CR <= 0.10`` is consistent. CR is 0 for n <= 2, where every
  reciprocal matrix is consistent.
- A panel's judgments are combined cell by cell with the (optionally weighted) geometric mean,
  the aggregation of individual judgments (AIJ) of Forman & Peniwati 1998, "Aggregating
  individual judgments and priorities with the analytic hierarchy process", European Journal of
  Operational Research 108(1); it keeps the combined matrix reciprocal.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from r57_mcda.errors import InputError, MethodError, Problem
from r57_mcda.i18n import DEFAULT_LANG, Message, t

#: Random consistency index RI(n) for n = 1..15: Saaty, T. L. (2005), *Theory and Applications of
#: the Analytic Network Process*, Pittsburgh: RWS Publications, p. 31 (the same values for
#: n <= 10 as in Saaty 2008, "Decision making with the analytic hierarchy process", Int. J.
#: Services Sciences 1(1), 83-98). One table for every n, so CRs are comparable across sizes.
RANDOM_INDEX: Mapping[int, float] = {
    1: 0.0,
    2: 0.0,
    3: 0.52,
    4: 0.89,
    5: 1.11,
    6: 1.25,
    7: 1.35,
    8: 1.40,
    9: 1.45,
    10: 1.49,
    11: 1.52,
    12: 1.54,
    13: 1.56,
    14: 1.58,
    15: 1.59,
}
RANDOM_INDEX_SOURCE = (
    "Saaty (2005), Theory and Applications of the Analytic Network Process, RWS Publications, p. 31"
)
CR_THRESHOLD = 0.10
#: Judgments are ratios on Saaty's 1-9 scale, so a cell lies in [1/9, 9].
SCALE_MAX = 9.0
#: ``a_ij * a_ji`` may miss 1 by this much when reciprocals are typed as rounded decimals
#: (0.333 for 1/3, 0.143 for 1/7); such pairs are made exactly reciprocal by the geometric mean.
RECIPROCAL_TOLERANCE = 1e-2
#: Below this, a pair counts as exactly reciprocal (binary floating point of 1/3, 1/7, ...).
EXACT_TOLERANCE = 1e-6


@dataclass(frozen=True)
class PairwiseIssue:
    """A problem in a pairwise matrix, located by row and column id (None: the whole matrix).

    ``code`` is the catalog's message id and ``params`` its placeholders, as for a
    :class:`~r57_mcda.errors.Problem`.
    """

    code: str
    row: str | None = None
    column: str | None = None
    params: Mapping[str, Any] = field(default_factory=dict, hash=False)

    @property
    def message(self) -> str:
        """The issue in English."""
        return self.text(DEFAULT_LANG)

    def text(self, lang: str = DEFAULT_LANG) -> str:
        """The issue (without its location) in ``lang``."""
        return t(self.code, lang, **self.params)


@dataclass(frozen=True)
class AHPResult:
    """Priorities and consistency of one pairwise comparison matrix.

    ``matrix`` is the matrix the priorities were computed from: the input, made exactly
    reciprocal when ``symmetrised`` is true (rounded reciprocals such as 0.333 for 1/3).
    """

    priorities: pd.Series
    lambda_max: float
    ci: float
    cr: float
    ri: float
    consistent: bool
    matrix: pd.DataFrame
    symmetrised: bool = False

    def as_dict(self) -> dict[str, Any]:
        """The result as JSON-ready plain data (floats, lists and dicts)."""
        return {
            "priorities": {str(k): float(v) for k, v in self.priorities.items()},
            "lambda_max": self.lambda_max,
            "ci": self.ci,
            "cr": self.cr,
            "ri": self.ri,
            "consistent": self.consistent,
            "cr_threshold": CR_THRESHOLD,
            "random_index_source": RANDOM_INDEX_SOURCE,
            "symmetrised": self.symmetrised,
            "matrix": matrix_as_dict(self.matrix),
        }


def matrix_as_dict(matrix: pd.DataFrame) -> dict[str, dict[str, float]]:
    """A square matrix as ``{row id: {column id: value}}`` with plain floats."""
    return {str(r): {str(c): float(matrix.at[r, c]) for c in matrix.columns} for r in matrix.index}


def random_index(n: int) -> float:
    """Saaty's random index RI(n) from :data:`RANDOM_INDEX`.

    Raises
    ------
    MethodError
        When n is outside the table (n < 1 or n > 15).
    """
    if n not in RANDOM_INDEX:
        raise MethodError(
            "ahp_random_index_missing",
            n=n,
            source=RANDOM_INDEX_SOURCE,
            largest=max(RANDOM_INDEX),
        )
    return RANDOM_INDEX[n]


def pairwise_issues(matrix: pd.DataFrame) -> list[PairwiseIssue]:
    """Every problem that makes ``matrix`` unusable as a pairwise comparison matrix.

    Checks: at least one row; unique ids; the same ids on rows and columns; every cell a
    positive finite number within [1/9, 9]; the diagonal 1; ``a_ij * a_ji`` within 1 % of 1.
    Cells must already be numbers (readers convert "1/3" before calling this).
    """
    issues: list[PairwiseIssue] = []
    rows = [str(r) for r in matrix.index]
    cols = [str(c) for c in matrix.columns]
    if not rows:
        return [PairwiseIssue("ahp_matrix_empty")]
    for code, ids in (("ahp_duplicate_row_ids", rows), ("ahp_duplicate_column_ids", cols)):
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            issues.append(PairwiseIssue(code, params={"ids": ", ".join(dupes)}))
    missing_cols = [r for r in rows if r not in cols]
    extra_cols = [c for c in cols if c not in rows]
    if missing_cols:
        issues.append(
            PairwiseIssue("ahp_rows_without_column", params={"ids": ", ".join(missing_cols)})
        )
    if extra_cols:
        issues.append(
            PairwiseIssue("ahp_columns_without_row", params={"ids": ", ".join(extra_cols)})
        )
    if issues:
        return issues

    values = _as_float_frame(matrix)
    values.index, values.columns = rows, cols
    values = values.loc[rows, rows]
    lo = 1.0 / SCALE_MAX * (1.0 - RECIPROCAL_TOLERANCE)
    hi = SCALE_MAX * (1.0 + RECIPROCAL_TOLERANCE)
    bad: set[tuple[str, str]] = set()
    for r in rows:
        for c in rows:
            x = values.at[r, c]
            if not math.isfinite(x) or x <= 0:
                issues.append(PairwiseIssue("ahp_not_positive", r, c, {"value": float(x)}))
                bad.add((r, c))
            elif r == c and abs(x - 1.0) > EXACT_TOLERANCE:
                issues.append(PairwiseIssue("ahp_diagonal_not_one", r, c, {"value": float(x)}))
            elif not lo <= x <= hi:
                issues.append(PairwiseIssue("ahp_outside_scale", r, c, {"value": float(x)}))
    for i, r in enumerate(rows):
        for c in rows[i + 1 :]:
            if (r, c) in bad or (c, r) in bad:
                continue
            a, b = values.at[r, c], values.at[c, r]
            if abs(a * b - 1.0) > RECIPROCAL_TOLERANCE:
                params = {
                    "value": float(a),
                    "other": float(b),
                    "other_row": c,
                    "other_column": r,
                    "expected": 1.0 / float(b),
                }
                issues.append(PairwiseIssue("ahp_not_reciprocal", r, c, params))
    return issues


def _as_float_frame(matrix: pd.DataFrame) -> pd.DataFrame:
    # Non-numeric cells become NaN so that they are reported as cells, not as a crash.
    return matrix.apply(pd.to_numeric, errors="coerce").astype(float)


Label = str | Message


def _issue_problem(issue: PairwiseIssue, who: Label | None) -> Problem:
    """The issue as a problem: prefixed by its row id and by the panel member it is from."""
    code, params = issue.code, issue.params
    if issue.row is not None:
        code, params = "ahp_issue_in_row", {"row": issue.row, "issue": Message(code, params)}
    if who is not None:
        code, params = "ahp_member_issue", {"member": who, "issue": Message(code, params)}
    return Problem(code, column=issue.column, params=params)


def _raise_issues(issues: Sequence[PairwiseIssue], *, who: Label | None = None) -> None:
    if not issues:
        return
    raise InputError(_issue_problem(i, who) for i in issues)


def _clean(matrix: pd.DataFrame, *, who: Label | None = None) -> tuple[pd.DataFrame, bool]:
    """Validate, order columns like rows and make exactly reciprocal; say whether it changed."""
    _raise_issues(pairwise_issues(matrix), who=who)
    ids = [str(r) for r in matrix.index]
    values = _as_float_frame(matrix)
    values.index, values.columns = ids, [str(c) for c in matrix.columns]
    arr = values.loc[ids, ids].to_numpy(dtype=float, copy=True)
    deviation = np.abs(arr * arr.T - 1.0)
    symmetrised = bool(np.any(deviation > EXACT_TOLERANCE))
    # The geometric mean of a_ij and 1/a_ji is the reciprocal-consistent compromise of the two
    # cells; applying it everywhere keeps exact reciprocals as they are.
    upper = np.sqrt(arr / arr.T)
    np.fill_diagonal(upper, 1.0)
    return pd.DataFrame(upper, index=ids, columns=ids), symmetrised


def _principal(arr: npt.NDArray[np.float64]) -> tuple[npt.NDArray[np.float64], float]:
    eigenvalues, eigenvectors = np.linalg.eig(arr)
    k = int(np.argmax(eigenvalues.real))
    vector = eigenvectors[:, k].real
    # The Perron vector has one sign; dividing by its sum fixes both sign and scale.
    return vector / vector.sum(), float(eigenvalues[k].real)


def ahp_priorities(matrix: pd.DataFrame) -> AHPResult:
    """Principal-eigenvector priorities and the consistency ratio of a pairwise matrix.

    Parameters
    ----------
    matrix
        Square matrix of judgments ``a_ij`` = how much more important row i is than column j,
        with the same ids on rows and columns (any column order), ``a_ji = 1 / a_ij``.

    Returns
    -------
    AHPResult
        Priorities (indexed like the rows, summing to 1), lambda_max, CI, RI, CR and the
        consistency flag (CR <= 0.10).

    Raises
    ------
    InputError
        Every problem of the matrix (see :func:`pairwise_issues`).
    MethodError
        More than 15 rows: no random index is pinned for that size.
    """
    clean, symmetrised = _clean(matrix)
    n = len(clean)
    ri = random_index(n)
    priorities, lambda_max = _principal(clean.to_numpy())
    # lambda_max >= n for every positive reciprocal matrix (Saaty 1977); less is float noise.
    ci = max(0.0, (lambda_max - n) / (n - 1)) if n > 2 else 0.0
    cr = ci / ri if ri > 0 else 0.0
    return AHPResult(
        priorities=pd.Series(priorities, index=clean.index, name="priority"),
        lambda_max=lambda_max,
        ci=ci,
        cr=cr,
        ri=ri,
        consistent=cr <= CR_THRESHOLD,
        matrix=clean,
        symmetrised=symmetrised,
    )


def combine_judgments(
    matrices: Sequence[pd.DataFrame],
    *,
    weights: Sequence[float] | None = None,
    names: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Combine a panel's pairwise matrices cell by cell with the geometric mean (AIJ).

    Parameters
    ----------
    matrices
        One pairwise matrix per panel member, all with the same ids (any order).
    weights
        Optional non-negative member weights (normalised here): a weighted geometric mean.
        Equal weights when omitted.
    names
        Optional member names used in error messages (default "member 1", "member 2", ...).

    Returns
    -------
    pandas.DataFrame
        The combined matrix, in the first matrix's row order; reciprocal by construction.

    Raises
    ------
    InputError
        An empty panel, invalid member matrices (every problem, prefixed by the member's
        name), members whose ids differ, or unusable weights.
    """
    if not matrices:
        raise InputError(Problem("ahp_no_matrices"))
    labels = _member_labels(matrices, names)
    problems: list[Problem] = []
    cleaned: list[pd.DataFrame] = []
    for label, m in zip(labels, matrices, strict=True):
        try:
            cleaned.append(_clean(m, who=label)[0])
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    ids = list(cleaned[0].index)
    for label, m in zip(labels[1:], cleaned[1:], strict=True):
        if set(m.index) != set(ids):
            params = {
                "member": label,
                "ids": ", ".join(sorted(m.index)),
                "first": labels[0],
                "first_ids": ", ".join(sorted(ids)),
            }
            problems.append(Problem("ahp_members_differ", params=params))
    w = _member_weights(weights, len(cleaned), problems)
    if problems:
        raise InputError(problems)
    logs = np.stack([np.log(m.loc[ids, ids].to_numpy()) for m in cleaned])
    combined = np.exp(np.tensordot(w, logs, axes=1))
    return pd.DataFrame(combined, index=ids, columns=ids)


def member_names(matrices: Sequence[pd.DataFrame], names: Sequence[str] | None = None) -> list[str]:
    """Names of a panel's members: ``names``, else each matrix's ``attrs["name"]`` (set by the
    pairwise reader), else "member k"."""
    return [str(label) for label in _member_labels(matrices, names)]


def _member_labels(
    matrices: Sequence[pd.DataFrame], names: Sequence[str] | None = None
) -> list[Label]:
    """The members' names for messages: "member k" is said in the message's language."""
    if names is not None:
        if len(names) != len(matrices):
            params = {"names": len(names), "matrices": len(matrices)}
            raise InputError(Problem("ahp_names_count", params=params))
        return [str(n) for n in names]
    return [
        str(m.attrs["name"]) if m.attrs.get("name") else Message("ahp_member", {"k": k})
        for k, m in enumerate(matrices, start=1)
    ]


def _member_weights(
    weights: Sequence[float] | None, k: int, problems: list[Problem]
) -> npt.NDArray[np.float64]:
    if weights is None:
        return np.full(k, 1.0 / k)
    arr: npt.NDArray[np.float64] = np.asarray(list(weights), dtype=float)
    if arr.shape != (k,):
        params = {"weights": int(arr.size), "matrices": k}
        problems.append(Problem("ahp_member_weights_count", params=params))
    elif not np.all(np.isfinite(arr)) or np.any(arr < 0) or arr.sum() <= 0:
        problems.append(Problem("ahp_member_weights_invalid"))
    else:
        return arr / float(arr.sum())
    return np.full(k, 1.0 / k)
