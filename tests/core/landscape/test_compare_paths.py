"""Several learning rules on one plane (a shared PCA plane of all their paths), and the
1-D interpolation from the initial weights to the solution stored with the landscape."""

import numpy as np
import pytest

from gradscape.core.landscape import (
    Landscape,
    LandscapeSpec,
    compute_landscape,
    get_theta,
    set_theta,
)
from gradscape.core.landscape._compute import DATASETS
from gradscape.core.network import Network

TINY = dict(data="moons", hidden=(6,), act="tanh", epochs=3, batch_size=32, grid=5, seed=3,
            directions="pca", opt_params={"eta": 0.05})  # fmt: skip
RULES = [("sgd", {"eta": 0.5}), ("msgd", {"eta": 0.2, "mu": 0.9})]


@pytest.fixture(scope="module")
def land():
    return compute_landscape(LandscapeSpec(**TINY, compare=RULES), workers=1)


def _trained(rule):
    """The network one rule trains, built here from the spec's definition."""
    data = DATASETS["moons"](seed=0, dtype=np.float64)
    net = Network.from_sizes([2, 6, 2], "tanh", "softmax", "cross", opt=rule[0],
                             opt_dic=rule[1], dtype="float32", seed=3)  # fmt: skip
    net.fit(data.x_train, data.labels_train, 3, 32, seed=3)
    return net, data


def test_the_plane_is_the_pca_of_every_path(land):
    # every compared path ends at its own solution: its true loss is that network's loss
    names = [p["name"] for p in land.other_path_list()]
    assert names == ["sgd", "msgd"] and land.path_name == "adam"
    for rule, other in zip(RULES, land.other_path_list(), strict=True):
        net, data = _trained(rule)
        loss, _ = net.evaluate(data.x_train, data.labels_train)
        assert other["loss"][-1] == pytest.approx(loss, rel=1e-6)
        assert other["steps"][0] == 0 and other["steps"][-1] == 3 * 8
        # all rules start from the same weights: one start point on the plane
        np.testing.assert_allclose(other["points"][0], land.path[0], atol=1e-9)
    # PCA of all the checkpoints around θ: d1, d2 are the top right singular vectors
    ckpts = []
    for rule in [("adam", {"eta": 0.05}), *RULES]:
        net = Network.from_sizes([2, 6, 2], "tanh", "softmax", "cross", opt=rule[0],
                                 opt_dic=rule[1], dtype="float32", seed=3)  # fmt: skip
        data = DATASETS["moons"](seed=0, dtype=np.float64)
        seen = [get_theta(net)]
        net.fit(data.x_train, data.labels_train, 3, 32, seed=3,
                on_step=lambda k, f, net=net, seen=seen: seen.append(get_theta(net)))  # fmt: skip
        ckpts.append(np.array(seen))
    np.testing.assert_allclose(ckpts[0][-1], land.theta, atol=1e-7)
    dev = np.concatenate(ckpts) - land.theta
    _, sv, vt = np.linalg.svd(dev, full_matrices=False)
    for d, v in ((land.d1, vt[0]), (land.d2, vt[1])):
        assert abs(abs(d @ v) - 1) < 1e-6
    np.testing.assert_allclose(land.explained, sv[:2] ** 2 / (sv**2).sum(), rtol=1e-6)
    # the plane's extent covers every path
    every = np.concatenate([land.path, land.other_paths])
    assert np.abs(every).max() * 1.1 == pytest.approx(land.alpha[-1], rel=1e-12)


def test_the_plane_losses_of_compared_paths_are_the_plane_points_losses(land):
    net = land.network()
    other = land.other_path_list()[1]
    for i in (0, len(other["points"]) // 2):
        set_theta(net, land.point(*other["points"][i]))
        want, _ = net.evaluate(land.x_eval, land.t_eval)
        assert other["plane_loss"][i] == pytest.approx(want, rel=2e-6)


def test_interpolation_from_the_initial_weights_to_the_solution(land):
    assert land.interp_s[0] == 0 and land.interp_s[-1] == 1 and len(land.interp_s) == 41
    assert land.interp_loss[0] == land.path_loss[0]  # θ₀: the first checkpoint, exactly
    k = (len(land.alpha) - 1) // 2
    assert land.interp_loss[-1] == land.loss_grid[k, k]  # θ: the grid's centre
    assert land.interp_loss[-1] < land.interp_loss[0]


def test_file_round_trip_keeps_the_compared_paths(land, tmp_path):
    land.save(tmp_path / "l.npz")
    back = Landscape.load(tmp_path / "l.npz")
    for a, b in zip(land.other_path_list(), back.other_path_list(), strict=True):
        assert a["name"] == b["name"]
        for key in ("points", "steps", "loss", "plane_loss"):
            np.testing.assert_array_equal(a[key], b[key])
    np.testing.assert_array_equal(back.interp_loss, land.interp_loss)


def test_a_file_without_compared_paths_loads_and_bad_lengths_are_named(land, tmp_path):
    arrays = land.to_arrays()
    old = {k: v for k, v in arrays.items() if not k.startswith(("other_", "interp_"))}
    old.pop("path_name")
    np.savez(tmp_path / "old.npz", **old)
    back = Landscape.load(tmp_path / "old.npz")
    assert back.other_path_list() == [] and back.interp_s.size == 0 and back.path_name == ""
    bad = dict(arrays, other_lengths=np.array([3, 3]))
    np.savez(tmp_path / "bad.npz", **bad)
    with pytest.raises(ValueError, match="other_paths"):
        Landscape.load(tmp_path / "bad.npz")


@pytest.mark.parametrize(
    "compare, message",
    [
        ("sgd", "compare must be a list"),
        ([("sgd",)], r"compare\[0\] must be a \(name, params\) pair"),
        ([("nosuch", {})], "nosuch"),
        ([("sgd", {"eta": "x"})], r"compare\[0\] params"),
        ([("sgd", {})] * 7, "at most 6"),
    ],
)
def test_compare_validation_names_the_entry(compare, message):
    with pytest.raises(ValueError, match=message):
        LandscapeSpec(**TINY, compare=compare)


def test_compare_changes_the_key():
    a = LandscapeSpec(**TINY)
    b = LandscapeSpec(**TINY, compare=[("sgd", {"eta": 0.5})])
    assert a.key() != b.key()
    assert b.to_dict()["compare"] == [["sgd", {"eta": 0.5}]]
    assert LandscapeSpec(**b.to_dict()).key() == b.key()


def test_the_scene_plays_every_rule_s_path(land, tmp_path):
    from gradscape.core.scene import landscape_scene

    scene = landscape_scene(land, file=tmp_path / "l.npz")
    names = [p["name"] for p in scene.paths]
    assert names == ["training (Adam η=0.05)", "training (SGD η=0.5)",
                     "training (Momentum SGD η=0.2)"]  # fmt: skip
    np.testing.assert_array_equal(scene.paths[2]["points"], land.other_path_list()[1]["points"])
    np.testing.assert_array_equal(scene.paths[1]["true_loss"], land.other_path_list()[0]["loss"])
    assert scene.steps == len(land.path) - 1


def test_interpolations_from_the_solution_to_each_compared_solution(land):
    assert land.other_interp_loss.shape == (2, len(land.interp_s))
    k = (len(land.alpha) - 1) // 2
    for i, other in enumerate(land.other_path_list()):
        row = land.other_interp_loss[i]
        assert row[0] == land.loss_grid[k, k]  # s = 0: θ itself
        assert row[-1] == pytest.approx(other["loss"][-1], rel=1e-6)  # s = 1: that solution
        # a point inside, recomputed with the core alone
        net = land.network()
        theta_k = _trained(RULES[i])[0]
        s = land.interp_s[20]
        set_theta(net, (1 - s) * land.theta + s * get_theta(theta_k))
        assert row[20] == pytest.approx(net.evaluate(land.x_eval, land.t_eval)[0], rel=2e-6)


def test_barriers_are_the_rise_above_the_higher_end(land):
    (n1, b1), (n2, b2) = land.barriers()
    assert (n1, n2) == ("sgd", "msgd")
    for row, b in zip(land.other_interp_loss, (b1, b2), strict=True):
        assert b == max(0.0, row.max() - max(row[0], row[-1])) and b >= 0
