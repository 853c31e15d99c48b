"""The listings as a framework user writes them: one small mini-batch training engine.

``engine`` is the framework (layers on arrays with a batch axis, a squared-error loss,
backpropagation, update rules, one loop over mini-batches with hooks); one module per
chapter configures it for each listing and builds the golden's trace from its hooks.
Training listings run through ``engine.fit`` at their own batch size (1 for the
per-example listings, 100 for chapter 8's mini-batches); forward-only listings run every
example of their data as one batch. Sums follow numpy's matrix products, not the book's
loops, so the numbers agree with the goldens to rounding: the level is ``tolerance``.
"""

from __future__ import annotations

from pathlib import Path

from grokking_spec import Implementation, read_expectations

from . import ch03, ch04, ch05, ch06, ch07, ch08
from .plain import returns_plain

implementation = Implementation(
    name="batched",
    description="a small numpy training engine: batched layers, one mini-batch loop",
    level="tolerance",
    listings={
        "ch03/single-weight": returns_plain(ch03.single_weight),
        "ch03/multiple-inputs": returns_plain(ch03.multiple_inputs),
        "ch03/multiple-inputs-numpy": returns_plain(ch03.multiple_inputs),
        "ch03/dot-product-similarity": returns_plain(ch03.dot_product_similarity),
        "ch03/multiple-outputs": returns_plain(ch03.multiple_outputs),
        "ch03/multiple-inputs-outputs": returns_plain(ch03.multiple_inputs_outputs),
        "ch03/predicting-on-predictions": returns_plain(ch03.predicting_on_predictions),
        "ch03/predicting-on-predictions-numpy": returns_plain(ch03.predicting_on_predictions),
        "ch03/numpy-primer": returns_plain(ch03.numpy_primer),
        "ch04/error-measure": returns_plain(ch04.error_measure),
        "ch04/hot-cold-one-step": returns_plain(ch04.hot_cold_one_step),
        "ch04/hot-and-cold-learning": returns_plain(ch04.hot_and_cold_learning),
        "ch04/hot-and-cold-overshoot": returns_plain(ch04.hot_and_cold_overshoot),
        "ch04/direction-and-amount": returns_plain(ch04.gradient_descent),
        "ch04/one-step-gradient-descent": returns_plain(ch04.one_step_gradient_descent),
        "ch04/learning-is-reducing-error": returns_plain(ch04.gradient_descent),
        "ch04/watch-several-steps": returns_plain(ch04.gradient_descent),
        "ch04/breaking-gradient-descent": returns_plain(ch04.gradient_descent),
        "ch04/alpha": returns_plain(ch04.gradient_descent),
        "ch05/multiple-inputs-one-step": returns_plain(ch05.multiple_inputs_one_step),
        "ch05/multiple-inputs-three-steps": returns_plain(ch05.multiple_inputs_three_steps),
        "ch05/freezing-one-weight": returns_plain(ch05.freezing_one_weight),
        "ch05/multiple-outputs": returns_plain(ch05.multiple_outputs),
        "ch05/multiple-inputs-outputs": returns_plain(ch05.multiple_inputs_outputs),
        "ch06/streetlight-one-example": returns_plain(ch06.streetlight_one_example),
        "ch06/numpy-elementwise": returns_plain(ch06.numpy_elementwise),
        "ch06/streetlight-full-dataset": returns_plain(ch06.streetlight_full_dataset),
        "ch06/deep-forward": returns_plain(ch06.deep_forward),
        "ch06/backpropagation": returns_plain(ch06.backpropagation),
        "ch06/backprop-one-iteration": returns_plain(ch06.backprop_one_iteration),
        "ch07/forward-formula": returns_plain(ch07.forward_formula),
        "ch08/three-layer-mnist": returns_plain(ch08.three_layer_mnist),
        "ch08/dropout": returns_plain(ch08.dropout),
        "ch08/batch-gradient-descent": returns_plain(ch08.batch_gradient_descent),
    },
    # The default run checks chapter 8 on its first iteration; whole runs under --full.
    prefix_budgets={
        "ch08/three-layer-mnist": 1,
        "ch08/dropout": 1,
        "ch08/batch-gradient-descent": 1,
    },
    expected_failures=read_expectations(Path(__file__).with_name("expectations.txt")),
)
