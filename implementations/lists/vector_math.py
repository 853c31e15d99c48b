"""The book's list-based vector helpers, written once for every chapter."""

from __future__ import annotations

from collections.abc import Sequence


def w_sum(a: Sequence[float], b: Sequence[float]) -> float:
    """Weighted sum (dot product), added left to right from 0 like the book's loop."""
    assert len(a) == len(b)
    output: float = 0
    for i in range(len(a)):
        output += a[i] * b[i]
    return output


def ele_mul(number: float, vector: Sequence[float]) -> list[float]:
    """Scale every element of ``vector`` by ``number`` (number on the left, as in the book)."""
    return [number * vector[i] for i in range(len(vector))]


def vect_mat_mul(vect: Sequence[float], matrix: Sequence[Sequence[float]]) -> list[float]:
    """One weighted sum of ``vect`` per row of ``matrix``."""
    return [w_sum(vect, matrix[i]) for i in range(len(matrix))]


def outer_prod(vec_a: Sequence[float], vec_b: Sequence[float]) -> list[list[float]]:
    """``out[i][j] = vec_a[i] * vec_b[j]``: one weight delta per (output, input) pair."""
    return [[vec_a[i] * vec_b[j] for j in range(len(vec_b))] for i in range(len(vec_a))]


def transpose(matrix: Sequence[Sequence[float]]) -> list[list[float]]:
    """Rows become columns (numpy's ``.T``)."""
    return [[row[j] for row in matrix] for j in range(len(matrix[0]))]


def vect_dot_mat(vect: Sequence[float], matrix: Sequence[Sequence[float]]) -> list[float]:
    """numpy's ``vect.dot(matrix)``: one weighted sum of ``vect`` per column of ``matrix``."""
    return vect_mat_mul(vect, transpose(matrix))
