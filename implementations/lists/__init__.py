"""Pure Python, no numpy: the book's ``w_sum`` / ``ele_mul`` / ``vect_mat_mul`` style.

It covers the listings the book itself writes without numpy.
"""

from __future__ import annotations

from grokking_spec.implementations import Implementation
from implementations.lists import ch03, ch04

implementation = Implementation(
    name="lists",
    description="pure Python lists and floats, no numpy",
    listings={
        "ch03/single-weight": ch03.single_weight,
        "ch03/multiple-inputs": ch03.multiple_inputs,
        "ch03/dot-product-similarity": ch03.dot_product_similarity,
        "ch03/multiple-outputs": ch03.multiple_outputs,
        "ch03/multiple-inputs-outputs": ch03.multiple_inputs_outputs,
        "ch03/predicting-on-predictions": ch03.predicting_on_predictions,
        "ch04/error-measure": ch04.error_measure,
        "ch04/hot-cold-one-step": ch04.hot_cold_one_step,
        "ch04/hot-and-cold-learning": ch04.hot_and_cold_learning,
        "ch04/hot-and-cold-overshoot": ch04.hot_and_cold_overshoot,
        "ch04/direction-and-amount": ch04.gradient_descent,
        "ch04/one-step-gradient-descent": ch04.one_step_gradient_descent,
        "ch04/learning-is-reducing-error": ch04.gradient_descent,
        "ch04/watch-several-steps": ch04.gradient_descent,
        "ch04/breaking-gradient-descent": ch04.gradient_descent,
        "ch04/alpha": ch04.gradient_descent,
    },
)
