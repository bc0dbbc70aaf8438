"""Ranking methods: our own (WSM, WPM, TOPSIS, VIKOR, PROMETHEE II) and scikit-criteria's.

``rank`` runs one method on a decision matrix; ``list_methods`` / ``method_info`` describe
the methods (their texts are in the catalogs). The normalisations and intermediate results
each method uses are public so that explanations reuse them instead of re-implementing them;
they expect inputs that ``rank`` has accepted (same matrix, weights and criteria) and do not
validate again.
"""

from r57_mcda.ranking.api import rank
from r57_mcda.ranking.classic import (
    TopsisParts,
    topsis_parts,
    wpm_scores,
    wsm_contributions,
    wsm_scores,
)
from r57_mcda.ranking.normalise import (
    minmax_values,
    ratio_values,
    scale_bounds,
    vector_normalise,
    wsm_values,
)
from r57_mcda.ranking.promethee import (
    PREFERENCE_FUNCTIONS,
    PrometheeFlows,
    PrometheeSettings,
    preference_degrees,
    promethee_flows,
    promethee_settings,
)
from r57_mcda.ranking.registry import MethodInfo, list_methods, method_info
from r57_mcda.ranking.vikor import VikorParts, vikor_parts

__all__ = [
    "PREFERENCE_FUNCTIONS",
    "MethodInfo",
    "PrometheeFlows",
    "PrometheeSettings",
    "TopsisParts",
    "VikorParts",
    "list_methods",
    "method_info",
    "minmax_values",
    "preference_degrees",
    "promethee_flows",
    "promethee_settings",
    "rank",
    "ratio_values",
    "scale_bounds",
    "topsis_parts",
    "vector_normalise",
    "vikor_parts",
    "wpm_scores",
    "wsm_contributions",
    "wsm_scores",
    "wsm_values",
]
