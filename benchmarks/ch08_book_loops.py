"""The book's own chapter 8 loops, kept for timing: numpy one image (or batch) at a time.

A line-for-line rewrite of what the listings do, with none of the reference's shortcuts:
every test evaluation walks the 10000 test images one at a time; every update of
``weights_0_1`` is the whole 784-row outer product; the published mini-batch listing
recomputes its deltas and both increments inside the per-image accuracy loop, as printed.
BLAS runs on one thread, like the reference, so the two compare on the same footing. The
trace has the reference's fields, so a run can be checked against the goldens.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits

from grokking_spec.porting.mnist import as_book_arrays, load_mnist

TEST_EVERY = 10


def relu(x: Any) -> Any:
    return (x >= 0) * x


def relu2deriv(output: Any) -> Any:
    return output >= 0


def fingerprint(weights: Any) -> dict[str, float]:
    values = weights.ravel().tolist()
    return {
        "sum": math.fsum(values),
        "sum_of_squares": math.fsum(value * value for value in values),
        "first": values[0],
        "last": values[-1],
    }


def run(listing_id: str, params: dict[str, Any]) -> dict[str, Any]:
    """One chapter 8 listing with ``params`` (the golden's), the book's way."""
    images, labels, test_images, test_labels = as_book_arrays(load_mnist())
    alpha, iterations, hidden_size = params["alpha"], params["iterations"], params["hidden_size"]
    batch_size = params.get("batch_size", 1)
    inside = params.get("updates_inside_accuracy_loop", False)
    test_at_end = listing_id == "ch08/three-layer-mnist"
    trace: dict[str, Any] = {
        name: []
        for name in (
            "train_error",
            "train_correct",
            "test_iteration",
            "test_error",
            "test_correct",
            "weights_0_1",
            "weights_1_2",
        )
    }
    with threadpool_limits(limits=1):
        np.random.seed(1)
        weights_0_1 = 0.2 * np.random.random((784, hidden_size)) - 0.1
        weights_1_2 = 0.2 * np.random.random((hidden_size, 10)) - 0.1
        for j in range(iterations):
            error, correct_cnt = 0.0, 0
            if listing_id == "ch08/batch-gradient-descent":
                for i in range(len(images) // batch_size):
                    batch_start, batch_end = i * batch_size, (i + 1) * batch_size
                    layer_0 = images[batch_start:batch_end]
                    layer_1 = relu(np.dot(layer_0, weights_0_1))
                    dropout_mask = np.random.randint(2, size=layer_1.shape)
                    layer_1 *= dropout_mask * 2
                    layer_2 = np.dot(layer_1, weights_1_2)
                    error += np.sum((labels[batch_start:batch_end] - layer_2) ** 2)
                    for k in range(batch_size):
                        correct_cnt += int(
                            np.argmax(layer_2[k : k + 1])
                            == np.argmax(labels[batch_start + k : batch_start + k + 1])
                        )
                        if inside:  # the published indentation: the updates run per image
                            layer_2_delta = (labels[batch_start:batch_end] - layer_2) / batch_size
                            layer_1_delta = layer_2_delta.dot(weights_1_2.T) * relu2deriv(layer_1)
                            layer_1_delta *= dropout_mask
                            weights_1_2 += alpha * layer_1.T.dot(layer_2_delta)
                            weights_0_1 += alpha * layer_0.T.dot(layer_1_delta)
                    if not inside:
                        layer_2_delta = (labels[batch_start:batch_end] - layer_2) / batch_size
                        layer_1_delta = layer_2_delta.dot(weights_1_2.T) * relu2deriv(layer_1)
                        layer_1_delta *= dropout_mask
                        weights_1_2 += alpha * layer_1.T.dot(layer_2_delta)
                        weights_0_1 += alpha * layer_0.T.dot(layer_1_delta)
            else:
                dropout = listing_id == "ch08/dropout"
                for i in range(len(images)):
                    layer_0 = images[i : i + 1]
                    layer_1 = relu(np.dot(layer_0, weights_0_1))
                    if dropout:
                        dropout_mask = np.random.randint(2, size=layer_1.shape)
                        layer_1 *= dropout_mask * 2
                    layer_2 = np.dot(layer_1, weights_1_2)
                    error += np.sum((labels[i : i + 1] - layer_2) ** 2)
                    correct_cnt += int(np.argmax(layer_2) == np.argmax(labels[i : i + 1]))
                    layer_2_delta = labels[i : i + 1] - layer_2
                    layer_1_delta = layer_2_delta.dot(weights_1_2.T) * relu2deriv(layer_1)
                    if dropout:
                        layer_1_delta *= dropout_mask
                    weights_1_2 += alpha * layer_1.T.dot(layer_2_delta)
                    weights_0_1 += alpha * layer_0.T.dot(layer_1_delta)
            trace["train_error"].append(float(error))
            trace["train_correct"].append(correct_cnt)
            if j % TEST_EVERY == 0 or (test_at_end and j == iterations - 1):
                test_error, test_correct_cnt = 0.0, 0
                for i in range(len(test_images)):
                    layer_0 = test_images[i : i + 1]
                    layer_1 = relu(np.dot(layer_0, weights_0_1))
                    layer_2 = np.dot(layer_1, weights_1_2)
                    test_error += np.sum((test_labels[i : i + 1] - layer_2) ** 2)
                    test_correct_cnt += int(np.argmax(layer_2) == np.argmax(test_labels[i : i + 1]))
                trace["test_iteration"].append(j)
                trace["test_error"].append(float(test_error))
                trace["test_correct"].append(test_correct_cnt)
                trace["weights_0_1"].append(fingerprint(weights_0_1))
                trace["weights_1_2"].append(fingerprint(weights_1_2))
    trace["final_weights_0_1"] = fingerprint(weights_0_1)
    trace["final_weights_1_2"] = fingerprint(weights_1_2)
    return trace
