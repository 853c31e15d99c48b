"""The layout of a chapter 8 trace, which its printouts, prefix rule and book lines share.

The three chapter 8 listings train on the book's MNIST subset (``porting.mnist``). Their
trace (``reference/ch08_regularization.py``) holds raw per-iteration training sums and
counts (``train_error``, ``train_correct``), the test-set sums and counts and two weight
fingerprints at every iteration that evaluates the test set (``PER_TEST``), and the
fingerprints after the last iteration (``final_weights_0_1``, ``final_weights_1_2``).
"""

from __future__ import annotations

#: What the training sums and the test-set sums are over (the printouts divide by these).
TRAIN_IMAGES = 1000
TEST_IMAGES = 10000

#: The listings evaluate the test set after iteration j when j % TEST_EVERY == 0.
TEST_EVERY = 10

#: Trace fields with one entry per test evaluation.
PER_TEST = ("test_iteration", "test_error", "test_correct", "weights_0_1", "weights_1_2")
