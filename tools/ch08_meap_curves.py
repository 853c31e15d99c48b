"""Try to reproduce the meap chapter 8 curves: which data pipeline printed them?

The meap tables of chapter 8 do not come out of the listings run on the book's data
(the first 1000 training images, pixels / 255, all 10000 test images), which the
published notebook's outputs do reproduce to the digit. The meap's data came from a
chapter 6 notebook the book does not print. This script runs the listings' first
iterations under other plausible pipelines and prints, per attempt, the ``I:0`` (and
optionally ``I:10``) record beside the seed's:

- pixel scaling: / 255, / 256 (the classic ``mnist.pkl.gz`` floats), raw 0..255, and the
  float32 images of that pickle;
- test set: all 10000 images or the first 1000 (every meap ``Test-Acc`` has at most
  three decimals, which 10000 images would rarely give);
- hidden size 40 or 100, ``relu2deriv`` as printed (``>= 0``) or ``> 0``;
- training order: the first 1000 images in order, or reversed.

Usage::

    python tools/ch08_meap_curves.py             # I:0 of every attempt
    python tools/ch08_meap_curves.py --iterations 11
"""

from __future__ import annotations

import argparse
import itertools
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from threadpoolctl import threadpool_limits

from grokking_spec.porting.mnist import load_mnist

F64 = npt.NDArray[np.float64]

#: The seed's I:0 and I:10 rows of the three meap tables.
SEED_ROWS = {
    "three-layer": (
        "I:0 Test-Err:0.650 Test-Acc:0.595 Train-Err:0.743 Train-Acc:0.511",
        "I:10 Test-Err:0.471 Test-Acc:0.746 Train-Err:0.293 Train-Acc:0.917",
    ),
    "dropout": (
        "I:0 Test-Err:0.681 Test-Acc:0.57 Train-Err:0.926 Train-Acc:0.388",
        "I:10 Test-Err:0.495 Test-Acc:0.746 Train-Err:0.474 Train-Acc:0.769",
    ),
    "batch": (
        "I:0 Test-Err:0.849 Test-Acc:0.325 Train-Err:1.347 Train-Acc:0.159",
        "I:10 Test-Err:0.603 Test-Acc:0.643 Train-Err:0.602 Train-Acc:0.659",
    ),
}


@dataclass(frozen=True)
class Pipeline:
    scale: str  # "255", "256", "raw" or "float32/256"
    test_images: int
    hidden_size: int
    strict_deriv: bool
    reversed_order: bool

    def describe(self) -> str:
        return (
            f"pixels {self.scale:>11}, {self.test_images:>5} test, hidden {self.hidden_size:>3}, "
            f"relu2deriv {'> 0' if self.strict_deriv else '>=0'}, "
            f"{'reversed' if self.reversed_order else 'in order'}"
        )


def _data(pipeline: Pipeline) -> tuple[F64, F64, F64, F64]:
    data = load_mnist()

    def scaled(x: npt.NDArray[np.uint8]) -> F64:
        flat = x.reshape(len(x), 784)
        if pipeline.scale == "255":
            return flat / 255
        if pipeline.scale == "256":
            return flat / 256
        if pipeline.scale == "float32/256":
            return (flat / np.float32(256)).astype(np.float32)  # type: ignore[return-value]
        return flat.astype(np.float64)

    def one_hot(y: npt.NDArray[np.uint8]) -> F64:
        out = np.zeros((len(y), 10))
        out[np.arange(len(y)), y] = 1
        return out

    images, labels = scaled(data.x_train), one_hot(data.y_train)
    if pipeline.reversed_order:
        images, labels = images[::-1], labels[::-1]
    test = slice(0, pipeline.test_images)
    return images, labels, scaled(data.x_test[test]), one_hot(data.y_test[test])


def _relu(x: F64) -> F64:
    return (x >= 0) * x  # type: ignore[no-any-return]


def run(listing: str, pipeline: Pipeline, iterations: int) -> Iterator[str]:
    """The meap table rows of the first ``iterations`` iterations under ``pipeline``."""
    images, labels, test_images, test_labels = _data(pipeline)
    alpha = {"three-layer": 0.005, "dropout": 0.005, "batch": 0.1}[listing]
    random = np.random.RandomState(1)
    weights_0_1 = 0.2 * random.random_sample((784, pipeline.hidden_size)) - 0.1
    weights_1_2 = 0.2 * random.random_sample((pipeline.hidden_size, 10)) - 0.1
    batch = 100 if listing == "batch" else 1
    for j in range(iterations):
        error, correct = 0.0, 0
        for i in range(len(images) // batch):
            layer_0 = images[i * batch : (i + 1) * batch]
            target = labels[i * batch : (i + 1) * batch]
            layer_1 = _relu(np.dot(layer_0, weights_0_1))
            mask = np.ones_like(layer_1)
            if listing != "three-layer":
                mask = random.randint(2, size=layer_1.shape)
                layer_1 *= mask * 2
            layer_2 = np.dot(layer_1, weights_1_2)
            error += float(np.sum((target - layer_2) ** 2))
            correct += int(np.sum(np.argmax(layer_2, axis=1) == np.argmax(target, axis=1)))
            layer_2_delta = (target - layer_2) / batch
            deriv = layer_1 > 0 if pipeline.strict_deriv else layer_1 >= 0
            layer_1_delta = layer_2_delta.dot(weights_1_2.T) * deriv * mask
            weights_1_2 += alpha * layer_1.T.dot(layer_2_delta)
            weights_0_1 += alpha * layer_0.T.dot(layer_1_delta)
        if j % 10 == 0:
            layer_2 = _relu(test_images.dot(weights_0_1)).dot(weights_1_2)
            test_error = float(np.sum((test_labels - layer_2) ** 2))
            test_correct = int(np.sum(np.argmax(layer_2, 1) == np.argmax(test_labels, 1)))
            yield (
                f"I:{j} Test-Err:{str(test_error / len(test_images))[0:5]}"
                f" Test-Acc:{test_correct / len(test_images)}"
                f" Train-Err:{str(error / len(images))[0:5]}"
                f" Train-Acc:{correct / len(images)}"
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--iterations", type=int, default=1)
    parser.add_argument("--listing", choices=sorted(SEED_ROWS), action="append")
    arguments = parser.parse_args()
    attempts = [
        Pipeline(scale, tests, hidden, strict, backwards)
        for scale, tests, hidden, strict, backwards in itertools.product(
            ("255", "256", "float32/256", "raw"),
            (10000, 1000),
            (40, 100),
            (False, True),
            (False, True),
        )
    ]
    with threadpool_limits(limits=1):
        for listing in arguments.listing or sorted(SEED_ROWS):
            print(f"== {listing}: the seed prints")
            for row in SEED_ROWS[listing][: 1 + arguments.iterations // 11]:
                print(f"   {row}")
            for pipeline in attempts:
                rows = list(run(listing, pipeline, arguments.iterations))
                print(f"   {pipeline.describe()}: " + " | ".join(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
