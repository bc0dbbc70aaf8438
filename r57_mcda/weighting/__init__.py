"""Criteria weights: direct, equal, rank-based, objective, two-level and AHP, with provenance.

Every function returns :class:`~r57_mcda.models.Weights`: non-negative values indexed by
criterion id in the criteria set's order, summing to 1, and JSON-ready ``details`` saying how
they were obtained. Inputs are validated first; an :class:`~r57_mcda.errors.InputError` lists
every problem found.

Two-level weights (criteria with a ``group``): the top level holds the groups **and the
criteria without a group**, each ungrouped criterion standing for itself; a criterion's weight is
its group's weight times its weight within the group (an ungrouped criterion: its top-level
weight). Each level is normalised on its own.
"""

from r57_mcda.weighting.ahp_weights import TOP_SCOPE, ahp_weights, ahp_weights_from_judgments
from r57_mcda.weighting.direct import direct_weights, equal_weights
from r57_mcda.weighting.hierarchy import declared_within, hierarchical_weights
from r57_mcda.weighting.objective import objective_weights
from r57_mcda.weighting.rank_order import rank_position_weights, rank_weights
from r57_mcda.weighting.rescale import rescale_weights

__all__ = [
    "TOP_SCOPE",
    "ahp_weights",
    "ahp_weights_from_judgments",
    "declared_within",
    "direct_weights",
    "equal_weights",
    "hierarchical_weights",
    "objective_weights",
    "rank_position_weights",
    "rank_weights",
    "rescale_weights",
]
