"""Vectorized numpy: whole-array operations wherever the book loops over elements.

``w_sum`` becomes ``dot``, ``ele_mul`` broadcasting, ``vect_mat_mul`` a matrix-vector
product, ``outer_prod`` and the per-weight update loops ``np.outer`` and array arithmetic;
the test set of chapter 8 is one matrix product per layer. Updates keep the book's order
(one per example, or per mini-batch, in sequence). Sums may be added in another order than
the book's, so the results agree with the goldens within rounding, not bit for bit.
"""

from __future__ import annotations

from grokking_spec import Implementation

from . import ch03, ch04, ch05, ch06, ch07, ch08

implementation = Implementation(
    name="vectorized",
    description="numpy array operations (dot, outer, broadcasting) in place of element loops",
    level="tolerance",
    listings={
        "ch03/single-weight": ch03.single_weight,
        "ch03/multiple-inputs": ch03.weighted_sum_of_inputs,
        "ch03/multiple-inputs-numpy": ch03.weighted_sum_of_inputs,
        "ch03/dot-product-similarity": ch03.dot_product_similarity,
        "ch03/multiple-outputs": ch03.multiple_outputs,
        "ch03/multiple-inputs-outputs": ch03.multiple_inputs_outputs,
        "ch03/predicting-on-predictions": ch03.predicting_on_predictions,
        "ch03/predicting-on-predictions-numpy": ch03.predicting_on_predictions,
        "ch03/numpy-primer": ch03.numpy_primer,
        "ch04/error-measure": ch04.error_measure,
        "ch04/hot-cold-one-step": ch04.hot_cold_one_step,
        "ch04/hot-and-cold-learning": ch04.hot_and_cold_learning,
        "ch04/hot-and-cold-overshoot": ch04.hot_and_cold_overshoot,
        "ch04/direction-and-amount": ch04.gradient_descent,
        "ch04/one-step-gradient-descent": ch04.one_step_gradient_descent,
        "ch04/learning-is-reducing-error": ch04.gradient_descent,
        "ch04/watch-several-steps": ch04.gradient_descent,
        "ch04/breaking-gradient-descent": ch04.gradient_descent,
        "ch04/alpha": ch04.gradient_descent_with_alpha,
        "ch05/multiple-inputs-one-step": ch05.multiple_inputs_one_step,
        "ch05/multiple-inputs-three-steps": ch05.multiple_inputs_three_steps,
        "ch05/freezing-one-weight": ch05.freezing_one_weight,
        "ch05/multiple-outputs": ch05.multiple_outputs,
        "ch05/multiple-inputs-outputs": ch05.multiple_inputs_outputs,
        "ch06/streetlight-one-example": ch06.streetlight_one_example,
        "ch06/numpy-elementwise": ch06.numpy_elementwise,
        "ch06/streetlight-full-dataset": ch06.streetlight_full_dataset,
        "ch06/deep-forward": ch06.deep_forward,
        "ch06/backpropagation": ch06.backpropagation,
        "ch06/backprop-one-iteration": ch06.backprop_one_iteration,
        "ch07/forward-formula": ch07.forward_formula,
        "ch08/three-layer-mnist": ch08.three_layer_mnist,
        "ch08/dropout": ch08.dropout,
        "ch08/batch-gradient-descent": ch08.batch_gradient_descent,
    },
    # The default test run checks chapter 8 on its first iteration only; whole runs are
    # measured apart (tools/implementation_drift.py --full).
    prefix_budgets={
        "ch08/three-layer-mnist": 1,
        "ch08/dropout": 1,
        "ch08/batch-gradient-descent": 1,
    },
)
