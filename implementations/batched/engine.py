"""A small training framework: layers on arrays with a batch axis, and one mini-batch loop.

Every array the engine passes around has the batch on its first axis: one example is a
``(1, n)`` row, a mini-batch of 100 a ``(100, n)`` block, and the same code runs both.

- Layers (``Dense``, ``ReLU``, ``Dropout``) have ``forward`` and ``backward``; ``Dense``
  holds its weights as ``(inputs, outputs)``, so a layer is ``x @ W``, its weight gradient
  ``x.T @ grad`` and the gradient it passes back ``grad @ W.T``.
- ``Sequential`` chains them and keeps each layer's output (``activations``) and the
  gradient that reached each layer's output (``output_gradients``) for hooks to read.
- ``SquaredError``: the summed squared error of a batch (what the book prints), and its
  gradient ``(prediction - target) / batch_size`` (the book divides by the batch size).
- A ``Rule`` turns one forward pass into a weight update: ``GradientDescent`` (backward,
  then ``W -= alpha * grad``; ``repeats`` re-runs backward and update on the same forward
  pass), or ``HotAndCold`` (chapter 4's rule: probe ``W + step`` and ``W - step`` with two
  more forward passes and keep the better move; no gradient).
- ``fit`` is the loop: for each epoch, for each mini-batch of ``batch_size`` examples in
  order, forward, error, then the rule. Hooks see each forward pass, each step between the
  rule's ``prepare`` (gradients computed, weights not yet moved) and its ``apply``, and
  each epoch's summed error.

The book's quirks are options, named where they are used: its relu derivative (``> 0`` in
chapter 6, ``>= 0`` in chapter 8), its dropout (the forward pass scaled by 2, the gradient
masked but not scaled), the as-printed chapter 6 code that updates once per epoch from the
last example (``update_after_loop``), and the published chapter 8 code that repeats the
update once per image of the batch (``GradientDescent(repeats=...)``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

import numpy as np
import numpy.typing as npt

Array = npt.NDArray[np.float64]


@dataclass
class Parameter:
    """A trainable array, its last gradient, and optionally entries that never move."""

    value: Array
    grad: Array | None = None
    #: True where the gradient is forced to 0 (a frozen weight).
    frozen: npt.NDArray[np.bool_] | None = None


class Layer(Protocol):
    def forward(self, x: Array, training: bool) -> Array: ...

    def backward(self, grad: Array, need_input_grad: bool) -> Array | None: ...

    def parameters(self) -> list[Parameter]: ...


class Dense:
    """``x @ W``, no bias (the book's networks have none)."""

    def __init__(self, weights: Array) -> None:
        self.weights = Parameter(np.array(weights, dtype=np.float64))
        self._input: Array | None = None

    def forward(self, x: Array, training: bool) -> Array:
        self._input = x
        return x @ self.weights.value

    def backward(self, grad: Array, need_input_grad: bool) -> Array | None:
        assert self._input is not None, "backward before forward"
        weight_grad = self._input.T @ grad
        if self.weights.frozen is not None:
            weight_grad = np.where(self.weights.frozen, 0.0, weight_grad)
        self.weights.grad = weight_grad
        return grad @ self.weights.value.T if need_input_grad else None

    def parameters(self) -> list[Parameter]:
        return [self.weights]


class ReLU:
    """``x * (x > 0)``: the book's form, which keeps -0.0 for a negative input.

    ``derivative`` is the book's ``relu2deriv`` test on the layer's output: ``">"`` in
    chapter 6; ``">="`` in chapter 8, true for every output, so the gradient passes whole.
    """

    def __init__(self, derivative: Literal[">", ">="] = ">") -> None:
        self.derivative = derivative
        self._output: Array | None = None

    def forward(self, x: Array, training: bool) -> Array:
        self._output = (x > 0) * x
        return self._output

    def backward(self, grad: Array, need_input_grad: bool) -> Array | None:
        assert self._output is not None, "backward before forward"
        passes = self._output > 0 if self.derivative == ">" else self._output >= 0
        return grad * passes

    def parameters(self) -> list[Parameter]:
        return []


class Dropout:
    """The book's dropout: a 0/1 mask per activation, drawn as ``randint(2)`` from ``random``.

    Training, the output is ``x * (mask * 2)``; the gradient is multiplied by the mask
    only, as the book writes it (not the factor 2 of the true derivative). The mask is
    drawn when the layer runs, so a stream shared with the initial weights gives the
    book's masks in the book's order. Outside training the layer passes ``x`` through.
    """

    def __init__(self, random: np.random.RandomState) -> None:
        self.random = random
        self._mask: npt.NDArray[np.int_] | None = None

    def forward(self, x: Array, training: bool) -> Array:
        if not training:
            return x
        self._mask = self.random.randint(2, size=x.shape)
        return x * (self._mask * 2)

    def backward(self, grad: Array, need_input_grad: bool) -> Array | None:
        assert self._mask is not None, "backward before a training forward pass"
        return grad * self._mask

    def parameters(self) -> list[Parameter]:
        return []


class Sequential:
    """Layers applied in order; remembers the last pass for hooks."""

    def __init__(self, layers: Sequence[Layer]) -> None:
        self.layers = list(layers)
        self.activations: list[Array] = []
        self.output_gradients: list[Array] = []

    def forward(self, x: Array, training: bool = False) -> Array:
        self.activations = []
        for layer in self.layers:
            x = layer.forward(x, training)
            self.activations.append(x)
        return x

    def backward(self, grad: Array) -> None:
        """Gradients of every parameter from the gradient at the network's output.

        ``output_gradients[i]`` is the gradient at layer ``i``'s output. The first layer's
        input is data, so no gradient is computed for it.
        """
        gradients = [grad]
        for index in range(len(self.layers) - 1, -1, -1):
            back = self.layers[index].backward(gradients[0], need_input_grad=index > 0)
            if back is not None:
                gradients.insert(0, back)
        self.output_gradients = gradients

    def parameters(self) -> list[Parameter]:
        return [p for layer in self.layers for p in layer.parameters()]

    def dense_layers(self) -> list[Dense]:
        return [layer for layer in self.layers if isinstance(layer, Dense)]


class SquaredError:
    """Summed squared error of a batch; gradient ``(prediction - target) / batch_size``."""

    def value(self, prediction: Array, target: Array) -> float:
        return float(np.sum((prediction - target) ** 2))

    def gradient(self, prediction: Array, target: Array) -> Array:
        return (prediction - target) / len(prediction)


@dataclass
class Step:
    """One mini-batch: what the forward pass and the rule's preparation computed."""

    epoch: int
    batch: int
    inputs: Array
    targets: Array
    prediction: Array
    error: float
    #: What the rule computed before moving the weights (rule-specific names).
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class EpochSummary:
    epoch: int
    #: The batches' summed squared errors, added in order from 0.0.
    error: float


class Rule(Protocol):
    def prepare(self, network: Sequential, loss: SquaredError, step: Step) -> None:
        """Compute the update from the step's forward pass; the weights do not move yet."""

    def apply(self, network: Sequential) -> None:
        """Move the weights."""


class GradientDescent:
    """Backpropagation, then ``W -= alpha * grad`` for every parameter.

    ``repeats`` > 1 runs backward and update that many times on the same forward pass:
    the output gradient stays, the gradients further back follow the moved weights.
    """

    def __init__(self, alpha: float = 1.0, repeats: int = 1) -> None:
        self.alpha = alpha
        self.repeats = repeats
        self._output_gradient: Array | None = None

    def prepare(self, network: Sequential, loss: SquaredError, step: Step) -> None:
        self._output_gradient = loss.gradient(step.prediction, step.targets)
        network.backward(self._output_gradient)

    def apply(self, network: Sequential) -> None:
        assert self._output_gradient is not None, "apply before prepare"
        for repeat in range(self.repeats):
            if repeat > 0:
                network.backward(self._output_gradient)
            for parameter in network.parameters():
                assert parameter.grad is not None
                parameter.value -= self.alpha * parameter.grad


class HotAndCold:
    """Chapter 4's rule for a network of one weight: try ``w + step`` and ``w - step``.

    No gradient: two more forward passes give the errors of both moves, and the weight
    moves to the one with the smaller error (not at all on a tie). ``step.details`` gets
    ``up_prediction``, ``up_error``, ``down_prediction``, ``down_error``.
    """

    def __init__(self, step_amount: float) -> None:
        self.step_amount = step_amount
        #: -1 (down), +1 (up) or 0 (a tie: stay), decided by ``prepare``.
        self._move = 0

    def prepare(self, network: Sequential, loss: SquaredError, step: Step) -> None:
        (weight,) = network.parameters()
        start = weight.value
        errors = {}
        for name, tried in (("up", start + self.step_amount), ("down", start - self.step_amount)):
            weight.value = tried
            prediction = network.forward(step.inputs)
            errors[name] = loss.value(prediction, step.targets)
            step.details[name + "_prediction"] = prediction
            step.details[name + "_error"] = errors[name]
        weight.value = start
        self._move = 0
        if errors["down"] < errors["up"]:
            self._move = -1
        if errors["down"] > errors["up"]:
            self._move = 1

    def apply(self, network: Sequential) -> None:
        (weight,) = network.parameters()
        if self._move < 0:
            weight.value = weight.value - self.step_amount
        elif self._move > 0:
            weight.value = weight.value + self.step_amount


def batches(count: int, batch_size: int) -> Iterator[slice]:
    """The mini-batches of ``count`` examples, in order; a last short batch is dropped."""
    for start in range(0, count - batch_size + 1, batch_size):
        yield slice(start, start + batch_size)


def fit(
    network: Sequential,
    rule: Rule,
    inputs: Array,
    targets: Array,
    *,
    batch_size: int,
    epochs: int,
    loss: SquaredError | None = None,
    on_forward: Callable[[Step], None] | None = None,
    on_step: Callable[[Step], None] | None = None,
    on_epoch: Callable[[EpochSummary], None] | None = None,
    update_after_loop: bool = False,
) -> None:
    """Train ``network`` on ``inputs``/``targets`` (batch on the first axis).

    Hooks: ``on_forward`` after each batch's forward pass (``network.activations`` hold
    its layers), ``on_step`` between the rule's ``prepare`` and ``apply`` (gradients in
    ``network``, weights not yet moved), ``on_epoch`` after each epoch.

    ``update_after_loop`` is the as-printed chapter 6 code, whose update sits after the
    loop over examples: each epoch forwards every batch without learning, then updates
    once from the last batch's forward pass.
    """
    loss = loss or SquaredError()
    for epoch in range(epochs):
        total = 0.0
        last: Step | None = None
        for index, where in enumerate(batches(len(inputs), batch_size)):
            prediction = network.forward(inputs[where], training=True)
            error = loss.value(prediction, targets[where])
            total += error
            last = Step(epoch, index, inputs[where], targets[where], prediction, error)
            if on_forward is not None:
                on_forward(last)
            if not update_after_loop:
                _update(network, rule, loss, last, on_step)
        if update_after_loop and last is not None:
            _update(network, rule, loss, last, on_step)
        if on_epoch is not None:
            on_epoch(EpochSummary(epoch, total))


def _update(
    network: Sequential,
    rule: Rule,
    loss: SquaredError,
    step: Step,
    on_step: Callable[[Step], None] | None,
) -> None:
    rule.prepare(network, loss, step)
    if on_step is not None:
        on_step(step)
    rule.apply(network)


def uniform_weights(
    random: np.random.RandomState, shape: tuple[int, int], scale: float, shift: float
) -> Array:
    """``scale * random_sample(shape) - shift``: the book's seeded initialisation."""
    return scale * random.random_sample(shape) - shift
