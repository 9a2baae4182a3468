"""Datasets: shapes, seeding, the generating equations, stratified digits split."""

from __future__ import annotations

import math

import numpy as np
import pytest

from gradscape.core import datasets


@pytest.mark.parametrize("make", [datasets.sine, datasets.spirals, datasets.moons, datasets.xor])
def test_generators_are_seeded_and_split(make):
    a, b, c = make(seed=3), make(seed=3), make(seed=4)
    np.testing.assert_array_equal(a.x_train, b.x_train)
    np.testing.assert_array_equal(a.t_test, b.t_test)
    assert not np.array_equal(a.x_train, c.x_train)
    n = len(a.x_train) + len(a.x_test)
    assert len(a.x_test) == pytest.approx(0.2 * n, abs=a.classes + 1)
    assert a.x_train.dtype == np.float64
    assert make(seed=3, dtype=np.float32).x_train.dtype == np.float32


def test_sine_is_the_series_curve():
    d = datasets.sine(300, 0.0, seed=1)
    x = np.concatenate([d.x_train, d.x_test])
    t = np.concatenate([d.t_train, d.t_test])
    assert x.shape == (300, 1) and d.kind == "regression" and d.classes == 0
    assert x.min() >= -math.pi and x.max() <= math.pi
    np.testing.assert_allclose(t, np.sin(x), rtol=0, atol=1e-15)
    noisy = datasets.sine(4000, 0.1, seed=1)
    resid = noisy.t_train - np.sin(noisy.x_train)
    assert resid.std() == pytest.approx(0.1, rel=0.05)


def test_xor_labels_follow_the_signs():
    d = datasets.xor(400, 0.1, seed=0)
    x, lab = d.x_train, d.labels_train
    # with σ = 0.1 around (±1, ±1) no point crosses an axis
    np.testing.assert_array_equal(lab, (np.sign(x[:, 0]) != np.sign(x[:, 1])).astype(int))
    assert d.t_train.shape[1] == 2 and np.all(d.t_train.sum(1) == 1)


def test_moons_without_noise_lie_on_the_two_half_circles():
    d = datasets.moons(200, 0.0, seed=0)
    x, lab = d.x_train, d.labels_train
    up, low = x[lab == 0], x[lab == 1]
    np.testing.assert_allclose(np.hypot(up[:, 0], up[:, 1]), 1.0, atol=1e-12)
    assert np.all(up[:, 1] >= -1e-12)
    np.testing.assert_allclose(np.hypot(low[:, 0] - 1, low[:, 1] - 0.5), 1.0, atol=1e-12)
    assert np.all(low[:, 1] <= 0.5 + 1e-12)


def test_spirals_arms_and_balance():
    d = datasets.spirals(300, 3, 0.0, seed=0)
    x = np.concatenate([d.x_train, d.x_test])
    lab = np.concatenate([d.labels_train, d.labels_test])
    assert np.bincount(lab).tolist() == [100, 100, 100]
    r = np.hypot(x[:, 0], x[:, 1])
    angle = 4 * r + 2 * math.pi * lab / 3
    np.testing.assert_allclose(x[:, 0], r * np.cos(angle), atol=1e-12)
    np.testing.assert_allclose(x[:, 1], r * np.sin(angle), atol=1e-12)


def test_digits_scaled_one_hot_and_stratified():
    d = datasets.digits(0.25, seed=0)
    assert d.x_train.shape[1] == 64 and len(d.x_train) + len(d.x_test) == 1797
    assert d.x_train.min() == 0.0 and d.x_train.max() == 1.0
    assert np.all(d.t_train.sum(1) == 1) and d.classes == 10
    counts_all = np.bincount(np.concatenate([d.labels_train, d.labels_test]), minlength=10)
    counts_test = np.bincount(d.labels_test, minlength=10)
    np.testing.assert_array_equal(counts_test, np.round(0.25 * counts_all))
    other = datasets.digits(0.25, seed=1)
    assert not np.array_equal(other.x_test, d.x_test)


def test_digits_without_scikit_learn_names_the_extra(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def fake_import(name, *args, **kwargs):
        if name.startswith("sklearn"):
            raise ImportError("No module named 'sklearn'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake_import)
    with pytest.raises(ImportError, match=r"pip install 'gradscape\[data\]'"):
        datasets.digits()


def test_bad_arguments():
    with pytest.raises(ValueError, match="n must be an integer >= 2, got 1"):
        datasets.sine(1)
    with pytest.raises(ValueError, match=r"noise must be a number in \[0, 10\], got -0.5"):
        datasets.moons(noise=-0.5)
    with pytest.raises(ValueError, match="classes must be an integer >= 2, got 1"):
        datasets.spirals(classes=1)
    with pytest.raises(ValueError, match=r"test_fraction must be a number in \[0, 1\), got 1"):
        datasets.xor(test_fraction=1)
