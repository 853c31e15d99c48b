"""Pure Python, no numpy: the book's ``w_sum`` / ``ele_mul`` / ``vect_mat_mul`` style.

It covers the listings the book itself writes without numpy, and from chapter 5 on the
numpy ones too (seeded weights from ``grokking_spec.porting.legacy_random``).
"""

from __future__ import annotations

from grokking_spec import Implementation

from . import ch03, ch04, ch05, ch06, ch07, ch08

_MNIST = ("ch08/three-layer-mnist", "ch08/dropout", "ch08/batch-gradient-descent")

implementation = Implementation(
    name="lists",
    description="pure Python lists and floats, no numpy",
    level="exact",
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
    # Pure Python takes seconds per MNIST iteration (3-11 s here, 10000 test images each
    # time it evaluates), tens of minutes per whole run: chapter 8 is checked on its first
    # iteration only.
    prefix_budgets=dict.fromkeys(_MNIST, 1),
    # The reference's MNIST products run in BLAS, which adds a 784-term sum in blocks (with
    # fused multiply-adds); pure Python adds the terms in order. Within tolerance (2-5 ULP
    # measured on the goldens' kernel), not bit for bit. Matching BLAS bit for bit would
    # take a software fused multiply-add below Python 3.13: about 20 times the time.
    tolerance_only={
        **dict.fromkeys(_MNIST, "BLAS adds the MNIST products' terms in blocks"),
        "ch08/batch-gradient-descent": "BLAS adds the MNIST products' terms in blocks; "
        "the published code's repeated updates are summed in linear form (ch08.batch_epoch)",
    },
)
