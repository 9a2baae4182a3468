"""compute_landscape: spec validation and key, training checkpoints, path and honesty
meter, PCA consistency, cache hits without retraining, cancel."""

import numpy as np
import pytest

from gradscape.core.landscape import Cancelled, LandscapeSpec, compute_landscape, set_theta
from gradscape.core.network import Network

TINY = dict(data="moons", hidden=(6,), act="tanh", epochs=2, batch_size=32, grid=5, seed=3)


@pytest.mark.parametrize(
    "change, message",
    [
        ({"grid": 4}, "grid must be odd"),
        ({"grid": 403}, "grid must be an integer in"),
        ({"grid": 1}, "grid must be an integer in"),
        ({"span": 0.0}, "span"),
        ({"span": float("nan")}, "span"),
        ({"directions": "sideways"}, "directions"),
        ({"data": "mnist"}, "data"),
        ({"hidden": (4, 0)}, "hidden width"),
        ({"act": "nosuch"}, "act"),
        ({"optimizer": "nosuch"}, "optimizer"),
        ({"opt_params": {"eta": -1.0}}, "eta"),
        ({"opt_params": {"eta": "fast"}}, "opt_params"),
        ({"epochs": 0}, "epochs"),
        ({"batch_size": 2.5}, "batch_size"),
        ({"eval_samples": 0}, "eval_samples"),
        ({"dtype": "float16"}, "dtype"),
        ({"include_bias": 1}, "include_bias"),
    ],
)
def test_spec_validation_names_the_field(change, message):
    with pytest.raises(ValueError, match=message):
        LandscapeSpec(**{**TINY, **change})


def test_key_is_stable_and_sees_every_field():
    a = LandscapeSpec(**TINY)
    assert a.key() == LandscapeSpec(**TINY).key() and len(a.key()) == 64
    assert LandscapeSpec(**{**TINY, "hidden": [6]}).key() == a.key()
    changes = [{"seed": 4}, {"grid": 7}, {"span": 2.0}, {"directions": "pca"},
               {"opt_params": {"eta": 0.01}}, {"include_bias": True}, {"dtype": "float64"},
               {"eval_samples": 10}, {"epochs": 3}]  # fmt: skip
    keys = {LandscapeSpec(**{**TINY, **c}).key() for c in changes}
    assert len(keys) == len(changes) and a.key() not in keys


def test_random_landscape_centre_path_and_honesty_meter():
    land = compute_landscape(LandscapeSpec(**TINY), workers=1)
    k = (land.alpha.size - 1) // 2
    assert land.alpha[k] == 0 and land.beta[k] == 0
    np.testing.assert_array_equal(land.alpha, np.linspace(-1, 1, 5))
    # the last checkpoint is the final network: its true loss is the grid's centre exactly,
    # its projection is the origin, and the plane's loss there is the same number
    assert land.path_step[0] == 0 and land.path_step[-1] == 2 * 8  # 240 samples / 32
    np.testing.assert_allclose(land.path[-1], [0.0, 0.0], atol=1e-12)
    assert land.path_loss[-1] == land.loss_grid[k, k] == land.plane_path_loss[-1]
    net = land.network()
    assert net.evaluate(land.x_eval, land.t_eval)[0] == land.loss_grid[k, k]
    # the honesty meter: true loss of a checkpoint vs the loss at its projection
    assert np.isnan(land.explained).all() and 0 < land.path_explained < 1
    assert not np.allclose(land.path_loss[:-1], land.plane_path_loss[:-1])
    set_theta(net, land.point(*land.path[0]))
    np.testing.assert_allclose(land.plane_path_loss[0],
                               net.evaluate(land.x_eval, land.t_eval)[0], rtol=2e-6)  # fmt: skip
    assert land.meta["spec"]["hidden"] == [6] and land.meta["checkpoints"] == len(land.path)


def test_pca_landscape_projection_and_explained_variance():
    land = compute_landscape(LandscapeSpec(**{**TINY, "directions": "pca", "epochs": 4}))
    np.testing.assert_allclose(land.path_explained, land.explained.sum(), rtol=1e-9)
    assert land.explained[0] >= land.explained[1] > 0
    d = np.stack([land.d1, land.d2])
    np.testing.assert_allclose(d @ d.T, np.eye(2), atol=1e-12)
    # the span is in units of the path's largest coordinate (plus a tenth): the path fits
    assert 1.1 * np.abs(land.path).max() == pytest.approx(land.alpha[-1], rel=1e-12)
    assert land.alpha[-1] == land.beta[-1]


def test_checkpoints_are_thinned_evenly():
    spec = LandscapeSpec(**{**TINY, "epochs": 30, "batch_size": 8})  # 900 steps
    land = compute_landscape(spec)
    assert land.path_step[0] == 0 and land.path_step[-1] == 900
    assert len(land.path) <= 202 and set(np.diff(land.path_step)) == {5}


def test_cache_hit_returns_identical_arrays_without_training(tmp_path, monkeypatch):
    spec = LandscapeSpec(**TINY)
    first = compute_landscape(spec, cache_dir=tmp_path / "cache")
    assert (tmp_path / "cache" / f"{spec.key()}.npz").is_file()

    def no_training(*a, **k):
        raise AssertionError("trained again despite the cache")

    monkeypatch.setattr(Network, "fit", no_training)
    again = compute_landscape(spec, cache_dir=tmp_path / "cache")
    for name, value in first.to_arrays().items():
        np.testing.assert_array_equal(again.to_arrays()[name], value, err_msg=name)
    with pytest.raises(AssertionError, match="trained again"):
        compute_landscape(LandscapeSpec(**{**TINY, "seed": 4}), cache_dir=tmp_path / "cache")


def test_damaged_cache_file_is_recomputed(tmp_path):
    spec = LandscapeSpec(**TINY)
    (tmp_path / f"{spec.key()}.npz").write_bytes(b"damaged")
    land = compute_landscape(spec, cache_dir=tmp_path)
    assert land.meta["key"] == spec.key()
    assert (tmp_path / f"{spec.key()}.npz").read_bytes()[:2] == b"PK"


def test_cancel_during_training_and_grid():
    seen = []
    with pytest.raises(Cancelled):
        compute_landscape(LandscapeSpec(**TINY), cancel=lambda: True)

    def progress(done, total, what):
        seen.append(what)

    with pytest.raises(Cancelled):
        compute_landscape(LandscapeSpec(**TINY), progress=progress,
                          cancel=lambda: "grid" in seen)  # fmt: skip
    assert seen.count("train") == 2


def test_hessian_directions_are_the_top_eigenvectors():
    from gradscape.core.landscape._hessian import hvp

    land = compute_landscape(LandscapeSpec(**{**TINY, "directions": "hessian"}))
    net = land.network()
    values = land.meta["eigenvalues"]
    assert values[0] >= values[1]
    for d, lam in zip((land.d1, land.d2), values, strict=True):
        np.testing.assert_allclose(np.linalg.norm(d), 1.0, rtol=1e-9)
        hv = hvp(net, land.x_eval, land.t_eval, d)
        np.testing.assert_allclose(hv, lam * d, atol=1e-4 * abs(values[0]))
    assert np.all(land.explained >= 0)
