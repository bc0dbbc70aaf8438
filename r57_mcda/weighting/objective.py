"""Objective weights from the decision matrix (entropy, CRITIC), validated, with provenance."""

from __future__ import annotations

import math

import pandas as pd

from r57_mcda.errors import InputError, MethodError, Problem
from r57_mcda.models import CriteriaSet, Weights
from r57_mcda.vocab import OBJECTIVE_METHODS, ObjectiveMethod
from r57_mcda.weighting.direct import as_floats, require_criteria, weights_result


def objective_weights(
    matrix: pd.DataFrame, criteria: CriteriaSet, *, method: ObjectiveMethod
) -> Weights:
    """Objective weights from the spread of a decision matrix: entropy or CRITIC.

    Parameters
    ----------
    matrix
        Technologies (rows) x criterion ids (columns), finite numbers; entropy also needs
        non-negative values. Columns are matched by id, in any order.
    criteria
        The criteria set (its directions matter for CRITIC).
    method
        ``entropy`` (Shannon entropy of column proportions, direction-free) or ``critic``
        (Diakoulaki et al. 1995, cost criteria reversed). See
        :mod:`r57_mcda.weighting.entropy_critic` for the exact conventions.

    Raises
    ------
    InputError
        Missing or unknown columns, fewer than two technologies, non-numeric or missing cells,
        negative cells for entropy.
    MethodError
        An unknown method, or a matrix on which the method is undefined (e.g. no criterion
        varies).
    """
    require_criteria(criteria)
    if method not in OBJECTIVE_METHODS:
        raise MethodError(
            "weights_unknown_objective", method=method, choices=", ".join(OBJECTIVE_METHODS)
        )
    frame = _checked_matrix(matrix, criteria, non_negative=method == "entropy")
    from r57_mcda.weighting.entropy_critic import constant_columns, critic_weights, entropy_weights

    if method == "entropy":
        values = entropy_weights(frame)
        convention = "Shannon entropy of p_ij = x_ij / sum_i x_ij, log base m; direction-free"
    else:
        values = critic_weights(frame, criteria.directions)
        convention = "min-max scaling toward the ideal (cost reversed), population std, Pearson r"
    return weights_result(
        as_floats(values),
        criteria,
        method,
        convention=convention,
        technologies=[str(t) for t in frame.index],
        constant_criteria=constant_columns(frame),
    )


def _checked_matrix(
    matrix: pd.DataFrame, criteria: CriteriaSet, *, non_negative: bool
) -> pd.DataFrame:
    problems: list[Problem] = []
    cols = [str(c) for c in matrix.columns]
    unknown = [c for c in cols if c not in criteria]
    missing = [c for c in criteria.ids if c not in cols]
    if unknown:
        problems.append(Problem("weights_columns_not_criteria", params={"ids": ", ".join(unknown)}))
    if missing:
        problems.append(Problem("weights_columns_missing", params={"ids": ", ".join(missing)}))
    if len(matrix) < 2:
        problems.append(Problem("weights_objective_two_technologies"))
    if problems:
        raise InputError(problems)
    frame = matrix.copy()
    frame.columns = cols
    frame = frame[criteria.ids]
    numeric = frame.apply(pd.to_numeric, errors="coerce").astype(float)
    for c in criteria.ids:
        for t, x in numeric[c].items():
            if not math.isfinite(x):
                problems.append(
                    Problem(
                        "weights_cell_not_number",
                        column=c,
                        params={"technology": t, "value": repr(frame.at[t, c])},
                    )
                )
            elif non_negative and x < 0:
                problems.append(
                    Problem(
                        "weights_entropy_negative",
                        column=c,
                        params={"technology": t, "value": x},
                    )
                )
    if problems:
        raise InputError(problems)
    return numeric
