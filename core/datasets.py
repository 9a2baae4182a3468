"""Small datasets for the network trainer: the series' sine fit, 2-D toys and 8×8 digits.

Every generator is seeded (``np.random.default_rng(seed)``), so the same call gives the
same arrays.  Classification targets are one-hot (samples, classes), ready for a softmax
output with cross-entropy; ``Dataset.labels_train`` / ``labels_test`` give the class indices.
Nothing is downloaded: digits is scikit-learn's bundled copy (the ``gradscape[data]`` extra).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = ["Dataset", "digits", "moons", "sine", "spirals", "xor"]


@dataclass
class Dataset:
    """A train/test split.

    ``kind`` is "regression" or "classification"; ``classes`` the number of classes (0 for
    regression).
    """

    x_train: np.ndarray
    t_train: np.ndarray
    x_test: np.ndarray
    t_test: np.ndarray
    name: str
    kind: str = "classification"
    classes: int = 0

    @property
    def labels_train(self) -> np.ndarray:
        """Class index of every training sample (classification only)."""
        return self.t_train.argmax(axis=1)

    @property
    def labels_test(self) -> np.ndarray:
        """Class index of every test sample (classification only)."""
        return self.t_test.argmax(axis=1)

    def __repr__(self) -> str:
        return (
            f"Dataset({self.name!r}, {self.kind}, train={self.x_train.shape}, "
            f"test={self.x_test.shape}, classes={self.classes})"
        )


def _check_int(name: str, value: Any, low: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
        raise ValueError(f"{name} must be an integer >= {low}, got {value!r}")
    return int(value)


def _check_float(name: str, value: Any, low: float, high: float, high_open: bool = False) -> float:
    if isinstance(value, (int, float, np.floating)) and not isinstance(value, bool):
        v = float(value)
        if math.isfinite(v) and low <= v and (v < high if high_open else v <= high):
            return v
    rb = ")" if high_open else "]"
    raise ValueError(f"{name} must be a number in [{low:g}, {high:g}{rb}, got {value!r}")


def _split(
    x: np.ndarray,
    t: np.ndarray,
    test_fraction: float,
    rng: np.random.Generator,
    name: str,
    kind: str,
    classes: int,
    dtype: Any,
) -> Dataset:
    """Shuffled split; for classification stratified (each class split in proportion)."""
    n = len(x)
    if kind == "classification":
        labels = t.argmax(axis=1)
        per_class = []
        for c in range(classes):
            idx = rng.permutation(np.flatnonzero(labels == c))
            per_class.append(idx[: int(round(test_fraction * len(idx)))])
        test = np.zeros(n, bool)
        test[np.concatenate(per_class)] = True
    else:
        test = np.zeros(n, bool)
        test[rng.permutation(n)[: int(round(test_fraction * n))]] = True
    train_idx = rng.permutation(np.flatnonzero(~test))
    test_idx = rng.permutation(np.flatnonzero(test))
    dt = np.dtype(dtype)
    return Dataset(
        x[train_idx].astype(dt),
        t[train_idx].astype(dt),
        x[test_idx].astype(dt),
        t[test_idx].astype(dt),
        name,
        kind,
        classes,
    )


def _one_hot(labels: np.ndarray, classes: int) -> np.ndarray:
    return np.eye(classes)[labels]


def sine(
    n: int = 200,
    noise: float = 0.1,
    seed: int | None = 0,
    *,
    test_fraction: float = 0.2,
    dtype: Any = np.float64,
) -> Dataset:
    """The series' 1-D curve fitting: t = sin(x) + noise·N(0, 1), x uniform on [−π, π].

    x has shape (n, 1), t (n, 1); ``kind`` is "regression".
    """
    n = _check_int("n", n, 2)
    noise = _check_float("noise", noise, 0.0, 10.0)
    test_fraction = _check_float("test_fraction", test_fraction, 0.0, 1.0, high_open=True)
    rng = np.random.default_rng(seed)
    x = rng.uniform(-math.pi, math.pi, (n, 1))
    t = np.sin(x) + noise * rng.standard_normal((n, 1))
    return _split(x, t, test_fraction, rng, "sine", "regression", 0, dtype)


def spirals(
    n: int = 300,
    classes: int = 3,
    noise: float = 0.2,
    seed: int | None = 0,
    *,
    test_fraction: float = 0.2,
    dtype: Any = np.float64,
) -> Dataset:
    """``classes`` interleaved spiral arms in the plane, n points in all (as even as possible).

    Arm k: radius r ∈ [0, 1], angle 4r + 2πk/classes, plus noise·N(0, 1) on the angle.
    """
    n = _check_int("n", n, 2)
    classes = _check_int("classes", classes, 2)
    noise = _check_float("noise", noise, 0.0, 10.0)
    test_fraction = _check_float("test_fraction", test_fraction, 0.0, 1.0, high_open=True)
    rng = np.random.default_rng(seed)
    labels = np.arange(n) % classes
    r = rng.uniform(0.0, 1.0, n)
    angle = 4.0 * r + 2.0 * math.pi * labels / classes + noise * rng.standard_normal(n)
    x = np.stack([r * np.cos(angle), r * np.sin(angle)], axis=1)
    return _split(
        x, _one_hot(labels, classes), test_fraction, rng, "spirals", "classification",
        classes, dtype,
    )  # fmt: skip


def moons(
    n: int = 300,
    noise: float = 0.1,
    seed: int | None = 0,
    *,
    test_fraction: float = 0.2,
    dtype: Any = np.float64,
) -> Dataset:
    """Two interleaving half circles (class 0 upper, class 1 lower), Gaussian noise·N(0, 1)."""
    n = _check_int("n", n, 2)
    noise = _check_float("noise", noise, 0.0, 10.0)
    test_fraction = _check_float("test_fraction", test_fraction, 0.0, 1.0, high_open=True)
    rng = np.random.default_rng(seed)
    labels = np.arange(n) % 2
    a = rng.uniform(0.0, math.pi, n)
    x = np.where(
        labels[:, None] == 0,
        np.stack([np.cos(a), np.sin(a)], axis=1),
        np.stack([1.0 - np.cos(a), 0.5 - np.sin(a)], axis=1),
    )
    x = x + noise * rng.standard_normal((n, 2))
    return _split(x, _one_hot(labels, 2), test_fraction, rng, "moons", "classification", 2,
                  dtype)  # fmt: skip


def xor(
    n: int = 200,
    noise: float = 0.2,
    seed: int | None = 0,
    *,
    test_fraction: float = 0.2,
    dtype: Any = np.float64,
) -> Dataset:
    """XOR: points around the four corners (±1, ±1); class 1 where the signs differ."""
    n = _check_int("n", n, 2)
    noise = _check_float("noise", noise, 0.0, 10.0)
    test_fraction = _check_float("test_fraction", test_fraction, 0.0, 1.0, high_open=True)
    rng = np.random.default_rng(seed)
    corner = np.arange(n) % 4
    sx = np.where(corner % 2 == 0, 1.0, -1.0)
    sy = np.where(corner < 2, 1.0, -1.0)
    labels = (sx != sy).astype(np.int64)
    x = np.stack([sx, sy], axis=1) + noise * rng.standard_normal((n, 2))
    return _split(x, _one_hot(labels, 2), test_fraction, rng, "xor", "classification", 2,
                  dtype)  # fmt: skip


def digits(test_fraction: float = 0.2, seed: int | None = 0, *, dtype: Any = np.float64) -> Dataset:
    """scikit-learn's bundled 8×8 handwritten digits (1797 images, 10 classes, no download).

    Pixels are scaled from 0..16 to [0, 1]; targets are one-hot; the split is stratified
    and seeded.

    Raises
    ------
    ImportError
        When scikit-learn is missing: ``pip install gradscape[data]``.
    """
    test_fraction = _check_float("test_fraction", test_fraction, 0.0, 1.0, high_open=True)
    try:
        from sklearn.datasets import load_digits
    except ImportError as err:
        raise ImportError(
            "the digits dataset needs scikit-learn: pip install 'gradscape[data]'"
        ) from err
    d = load_digits()
    x = d.data / 16.0
    labels = d.target.astype(np.int64)
    rng = np.random.default_rng(seed)
    return _split(x, _one_hot(labels, 10), test_fraction, rng, "digits", "classification", 10,
                  dtype)  # fmt: skip
