"""The one vocabulary: every choice list and default shared by the CLI, the app, the report and run.

A front end offers exactly these choices and starts from exactly these defaults, so that the same
inputs give the same numbers whichever way a run is started. Standard library only: it sits at
the bottom of the layers, and ``r57-mcda --help`` reads its choices without importing pandas.
"""

from __future__ import annotations

from typing import Final, Literal

# ----------------------------------------------------------------- the panel's aggregation

AggregationMethod = Literal["mean", "median", "trimmed", "geometric"]
#: How the experts' scores of one cell become one value (see :mod:`r57_mcda.panel.aggregation`).
AGGREGATION_METHODS: Final[tuple[AggregationMethod, ...]] = (
    "mean",
    "median",
    "trimmed",
    "geometric",
)
DEFAULT_AGGREGATION: Final[AggregationMethod] = "mean"
#: Proportion cut from each end of a cell by ``trimmed``.
DEFAULT_TRIM: Final = 0.1
#: Cells scored by fewer experts than this are flagged.
DEFAULT_QUORUM: Final = 3
#: A cell lacks consensus when its IQR is above this share of its criterion's scale range
#: (0.25: 1 point on a 1-5 scale, 2 points on a 1-9 scale); see
#: :func:`r57_mcda.panel.consensus.scale_thresholds`.
DEFAULT_IQR_SHARE: Final = 0.25
#: The experts' self-rated familiarity with a technology (asked in round 1, optional).
EXPERTISE_LEVELS: Final[tuple[int, ...]] = (1, 2, 3, 4, 5)
#: How the aggregation uses it: ``none`` (ignore), ``weight`` (weigh by it) or ``min:K`` (count
#: only experts at level K or above); see :mod:`r57_mcda.panel.expertise`.
DEFAULT_EXPERTISE: Final = "none"

# ----------------------------------------------------------------- criteria weights

WeightSource = Literal["criteria", "equal", "direct", "rank", "ahp", "entropy", "critic"]
#: Where an AnalysisSpec's weights come from (see :class:`r57_mcda.spec.WeightSpec`).
WEIGHT_SOURCES: Final[tuple[WeightSource, ...]] = (
    "criteria",
    "equal",
    "direct",
    "rank",
    "ahp",
    "entropy",
    "critic",
)
DEFAULT_WEIGHT_SOURCE: Final[WeightSource] = "criteria"

RankMethod = Literal["roc", "rs", "rr"]
#: Weights from an importance ordering: rank-order centroid, rank sum, reciprocal rank.
RANK_METHODS: Final[tuple[RankMethod, ...]] = ("roc", "rs", "rr")
DEFAULT_RANK_METHOD: Final[RankMethod] = "roc"

ObjectiveMethod = Literal["entropy", "critic"]
#: Weights from the decision matrix itself.
OBJECTIVE_METHODS: Final[tuple[ObjectiveMethod, ...]] = ("entropy", "critic")
DEFAULT_OBJECTIVE_METHOD: Final[ObjectiveMethod] = "entropy"

# ----------------------------------------------------------------- ranking

#: The ranking method until the user chooses one (an id of :mod:`r57_mcda.ranking.registry`).
DEFAULT_METHOD: Final = "wsm"
#: Shortlist size: every technology ranked k or better (a tie at rank k keeps them all).
DEFAULT_TOP_K: Final = 5
#: Methods compared by default (app's Compare page, the report's Ranking sheet): the five whose
#: conventions DESIGN.md fixes, each with a batch kernel.
DEFAULT_COMPARE: Final[tuple[str, ...]] = ("wsm", "wpm", "topsis", "vikor", "promethee2")

# ----------------------------------------------------------------- sensitivity

Analysis = Literal["sweep", "stability", "montecarlo", "reversal", "methods"]
#: The analyses of ``r57-mcda sensitivity --analysis`` and of an AnalysisSpec's sensitivity.
ANALYSES: Final[tuple[Analysis, ...]] = ("sweep", "stability", "montecarlo", "reversal", "methods")
DEFAULT_ANALYSIS: Final[Analysis] = "montecarlo"

WeightModelName = Literal["uniform", "dirichlet", "interval", "fixed"]
#: Monte Carlo weight models; ``fixed`` keeps the current weights (with an expert bootstrap).
WEIGHT_MODELS: Final[tuple[WeightModelName, ...]] = ("uniform", "dirichlet", "interval", "fixed")
#: Uniform on the simplex: SMAA's model of "no preference information" (Lahdelma & Salminen
#: 2001), which asks how much of the whole weight space supports each rank.
DEFAULT_WEIGHT_MODEL: Final[WeightModelName] = "uniform"
#: Monte Carlo draws. 10,000 keeps the standard error of a reported probability at or below
#: 0.5 percentage point (sqrt(0.25 / 10,000)), against 1.1 at 2,000; and it is fast with the
#: batch kernels: on the sample panel (14 technologies x 12 criteria x 9 experts) 10,000
#: uniform draws took 20-60 ms for wsm, wpm, topsis, vikor and promethee2 (2,000: 10-25 ms),
#: so the app stays responsive. A method without a kernel ranks one draw at a time (about
#: 5 ms a draw there) behind a progress bar; the draws can be lowered for it.
DEFAULT_DRAWS: Final = 10_000
#: Dirichlet concentration: ``alpha = concentration * w``; the sd of a weight w is about
#: ``sqrt(w (1 - w) / 101)``, e.g. 0.03 for w = 0.1.
DEFAULT_CONCENTRATION: Final = 100.0
#: Interval model: each weight uniform in ``w (1 +/- spread)``, as a fraction.
DEFAULT_INTERVAL: Final = 0.2
#: Expert bootstrap resamples, shared out among the draws.
DEFAULT_RESAMPLES: Final = 200
#: Grid points of a weight sweep (a step of 0.01) and of the stability intervals' grid.
DEFAULT_POINTS: Final = 101
#: Repetitions of the rank-reversal check.
DEFAULT_REPEAT: Final = 1
#: The seed of every stochastic run unless one is given.
DEFAULT_SEED: Final = 0
#: Methods of ``--analysis methods`` (the top-k set across methods) unless others are named:
#: the compared five plus MOORA and ELECTRE II, for a wider check.
DEFAULT_ROBUSTNESS_METHODS: Final[tuple[str, ...]] = (*DEFAULT_COMPARE, "moora", "electre2")
#: Portfolio selection: the technologies column holding the costs unless another is named.
DEFAULT_COST_COLUMN: Final = "budget"
#: Portfolio robustness draws: each draw solves the selection again, so fewer than a ranking's
#: Monte Carlo; 1,000 keeps the standard error of a funding frequency at or below 1.6
#: percentage points (sqrt(0.25 / 1,000)).
DEFAULT_PORTFOLIO_DRAWS: Final = 1000
