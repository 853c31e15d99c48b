"""What an implementation of the listings may import: the book's data and random stream.

- ``grokking_spec.porting.mnist``: the book's MNIST subset, loaded offline and verified.
- ``grokking_spec.porting.mnist_bytes``: the same verified subset as raw bytes, without numpy.
- ``grokking_spec.porting.legacy_random``: numpy's legacy ``RandomState`` stream in pure
  Python, for ports that must draw the book's seeded weights and dropout masks without numpy.

These are helpers for implementations, kept apart from the harness that checks them.
"""
