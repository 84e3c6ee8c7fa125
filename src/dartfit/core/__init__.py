"""dartfit's pure-numpy math core: losses, lines, descent and darts (no UI imports here)."""

from dartfit.core.bias_variance import (
    CURVE_NAMES,
    BiasVariance,
    Curve,
    best_degree,
    bias_variance,
    degree_sweep,
    true_curve,
)
from dartfit.core.constant import best_constant_mae, best_constant_mse
from dartfit.core.curvature import max_stable_learning_rate, mse_hessian
from dartfit.core.darts import RoundScore, expected_best_mse, land, score_round, throw_dart
from dartfit.core.descent import (
    CRAWL_STRETCH,
    DescentResult,
    Step,
    crawl_reason,
    descend,
    divergence_reason,
    stretch,
)
from dartfit.core.lad import best_line_mae
from dartfit.core.landings import (
    DartsBiasVariance,
    LandingSplit,
    darts_bias_variance,
    split_landings,
)
from dartfit.core.likelihood import gaussian_log_likelihood, neg_log_likelihood_terms
from dartfit.core.line import best_line, line_gradient, line_predict
from dartfit.core.losses import mae, mse, residuals, rmse, sse
from dartfit.core.stats import LineStats
from dartfit.core.stepping import (
    DescentProblem,
    DescentState,
    descent_step,
    is_converged,
    make_problem,
    optimality_gap,
    start_state,
)
from dartfit.core.walk import STEP_CAP, Walk, blow_up_limit, is_finite_state, walk

__all__ = [
    "CRAWL_STRETCH",
    "CURVE_NAMES",
    "STEP_CAP",
    "BiasVariance",
    "Curve",
    "DartsBiasVariance",
    "DescentProblem",
    "DescentResult",
    "DescentState",
    "LandingSplit",
    "LineStats",
    "RoundScore",
    "Step",
    "Walk",
    "best_constant_mae",
    "best_constant_mse",
    "best_degree",
    "best_line",
    "best_line_mae",
    "bias_variance",
    "blow_up_limit",
    "crawl_reason",
    "darts_bias_variance",
    "degree_sweep",
    "descend",
    "descent_step",
    "divergence_reason",
    "expected_best_mse",
    "gaussian_log_likelihood",
    "is_converged",
    "is_finite_state",
    "land",
    "line_gradient",
    "line_predict",
    "mae",
    "make_problem",
    "max_stable_learning_rate",
    "mse",
    "mse_hessian",
    "neg_log_likelihood_terms",
    "optimality_gap",
    "residuals",
    "rmse",
    "score_round",
    "split_landings",
    "sse",
    "start_state",
    "stretch",
    "throw_dart",
    "true_curve",
    "walk",
]
