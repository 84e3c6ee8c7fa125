"""dartfit's pure-numpy math core: losses, lines, descent and darts (no UI imports here).

Lazily: a name is imported from its module when first used, so a screen that needs the line's
MSE does not pay for the bias-variance sweep's or the descent's imports (about 70 ms of a
level's first frame, most of the core's own import time).
"""

from __future__ import annotations

import importlib
import importlib.util
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dartfit.core.constant import best_constant_mae, best_constant_mse, constant_descent
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
    from dartfit.core.huber import best_line_huber, huber_loss, huber_terms
    from dartfit.core.lad import best_line_mae
    from dartfit.core.landings import (
        DartsBiasVariance,
        LandingSplit,
        darts_bias_variance,
        split_landings,
    )
    from dartfit.core.likelihood import gaussian_log_likelihood, neg_log_likelihood_terms
    from dartfit.core.line import (
        FitScale,
        best_line,
        fitted_values,
        line_gradient,
        line_predict,
        round_off_mse,
    )
    from dartfit.core.losses import mae, mse, residuals, rmse, sse
    from dartfit.core.stats import LineStats
    from dartfit.core.stepping import (
        DescentProblem,
        DescentState,
        descent_step,
        is_converged,
        make_problem,
        mse_at,
        optimality_gap,
        start_state,
    )
    from dartfit.core.sweep import (
        CURVE_NAMES,
        BiasVariance,
        Curve,
        best_degree,
        bias_variance,
        degree_sweep,
        true_curve,
    )
    from dartfit.core.walking import STEP_CAP, Walk, blow_up_limit, is_finite_state, walk

_WHERE = {
    "CURVE_NAMES": "sweep",
    "BiasVariance": "sweep",
    "Curve": "sweep",
    "best_degree": "sweep",
    "bias_variance": "sweep",
    "degree_sweep": "sweep",
    "true_curve": "sweep",
    "best_constant_mae": "constant",
    "best_constant_mse": "constant",
    "constant_descent": "constant",
    "best_line_huber": "huber",
    "huber_terms": "huber",
    "huber_loss": "huber",
    "max_stable_learning_rate": "curvature",
    "mse_hessian": "curvature",
    "RoundScore": "darts",
    "expected_best_mse": "darts",
    "land": "darts",
    "score_round": "darts",
    "throw_dart": "darts",
    "CRAWL_STRETCH": "descent",
    "DescentResult": "descent",
    "Step": "descent",
    "crawl_reason": "descent",
    "descend": "descent",
    "divergence_reason": "descent",
    "stretch": "descent",
    "best_line_mae": "lad",
    "DartsBiasVariance": "landings",
    "LandingSplit": "landings",
    "darts_bias_variance": "landings",
    "split_landings": "landings",
    "gaussian_log_likelihood": "likelihood",
    "neg_log_likelihood_terms": "likelihood",
    "best_line": "line",
    "FitScale": "line",
    "fitted_values": "line",
    "round_off_mse": "line",
    "line_gradient": "line",
    "line_predict": "line",
    "mae": "losses",
    "mse": "losses",
    "residuals": "losses",
    "rmse": "losses",
    "sse": "losses",
    "LineStats": "stats",
    "DescentProblem": "stepping",
    "DescentState": "stepping",
    "descent_step": "stepping",
    "is_converged": "stepping",
    "make_problem": "stepping",
    "mse_at": "stepping",
    "optimality_gap": "stepping",
    "start_state": "stepping",
    "STEP_CAP": "walking",
    "Walk": "walking",
    "blow_up_limit": "walking",
    "is_finite_state": "walking",
    "walk": "walking",
}
"""Each public name and the module of the core that holds it."""


def __getattr__(name: str) -> Any:
    """The public name, imported from its module on first use (PEP 562); a module of the
    core by its name (`core.stats`), imported as `import dartfit.core.stats` would."""
    module = _WHERE.get(name)
    if module is None:
        if importlib.util.find_spec(f"dartfit.core.{name}") is None:
            raise AttributeError(f"module 'dartfit.core' has no attribute {name!r}")
        return importlib.import_module(f"dartfit.core.{name}")
    value = getattr(importlib.import_module(f"dartfit.core.{module}"), name)
    globals()[name] = value
    return value


def load_everything() -> None:
    """Import every module of the core now: a class host's warm process, whose forked games
    then share what it loaded instead of each importing it again."""
    for module in sorted(set(_WHERE.values())):
        importlib.import_module(f"dartfit.core.{module}")


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
    "FitScale",
    "LandingSplit",
    "LineStats",
    "RoundScore",
    "Step",
    "Walk",
    "best_constant_mae",
    "best_constant_mse",
    "best_degree",
    "best_line",
    "best_line_huber",
    "best_line_mae",
    "bias_variance",
    "blow_up_limit",
    "constant_descent",
    "crawl_reason",
    "darts_bias_variance",
    "degree_sweep",
    "descend",
    "descent_step",
    "divergence_reason",
    "expected_best_mse",
    "fitted_values",
    "gaussian_log_likelihood",
    "huber_loss",
    "huber_terms",
    "is_converged",
    "is_finite_state",
    "land",
    "line_gradient",
    "line_predict",
    "mae",
    "make_problem",
    "max_stable_learning_rate",
    "mse",
    "mse_at",
    "mse_hessian",
    "neg_log_likelihood_terms",
    "optimality_gap",
    "residuals",
    "rmse",
    "round_off_mse",
    "score_round",
    "split_landings",
    "sse",
    "start_state",
    "stretch",
    "throw_dart",
    "true_curve",
    "walk",
]
