"""The reference implementation: seeded numpy, the book's arithmetic, the only golden writer."""

from __future__ import annotations

from grokking_spec import Implementation

from . import ch03_prediction as ch03
from . import ch04_compare_and_learn as ch04
from . import ch05_learning_multiple_weights as ch05
from . import ch06_backpropagation as ch06
from . import ch07_picturing_networks as ch07
from . import ch08_regularization as ch08

implementation = Implementation(
    name="reference",
    description="seeded numpy (plain floats where the book uses plain Python); writes goldens",
    writes_goldens=True,
    level="exact",
    listings={
        "ch03/single-weight": ch03.single_weight,
        "ch03/multiple-inputs": ch03.multiple_inputs,
        "ch03/multiple-inputs-numpy": ch03.multiple_inputs_numpy,
        "ch03/dot-product-similarity": ch03.dot_product_similarity,
        "ch03/multiple-outputs": ch03.multiple_outputs,
        "ch03/multiple-inputs-outputs": ch03.multiple_inputs_outputs,
        "ch03/predicting-on-predictions": ch03.predicting_on_predictions,
        "ch03/predicting-on-predictions-numpy": ch03.predicting_on_predictions_numpy,
        "ch03/numpy-primer": ch03.numpy_primer,
        "ch04/error-measure": ch04.error_measure,
        "ch04/hot-cold-one-step": ch04.hot_cold_one_step,
        "ch04/hot-and-cold-learning": ch04.hot_and_cold_learning,
        "ch04/hot-and-cold-overshoot": ch04.hot_and_cold_overshoot,
        "ch04/direction-and-amount": ch04.direction_and_amount,
        "ch04/one-step-gradient-descent": ch04.one_step_gradient_descent,
        "ch04/learning-is-reducing-error": ch04.learning_is_reducing_error,
        "ch04/watch-several-steps": ch04.watch_several_steps,
        "ch04/breaking-gradient-descent": ch04.breaking_gradient_descent,
        "ch04/alpha": ch04.alpha,
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
)
