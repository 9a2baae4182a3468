"""The "landscape" surface of a landscape file, and the scene that opens one."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest

from gradscape.core.landscape import Landscape, LandscapeSpec, compute_landscape
from gradscape.core.scene import Scene, SceneError, landscape_scene
from gradscape.core.surfaces import get_surface
from gradscape.core.surfaces._landscape import file_sha256

SPEC = LandscapeSpec(
    data="xor", hidden=(6,), act="tanh", optimizer="adam", opt_params={"eta": 0.01},
    epochs=3, batch_size=16, seed=0, directions="pca", grid=9, span=1.0,
)  # fmt: skip


@pytest.fixture(scope="module")
def land_file(tmp_path_factory):
    land = compute_landscape(SPEC, workers=1)
    path = tmp_path_factory.mktemp("land") / "land.npz"
    land.save(path)
    return path


@pytest.fixture
def land(land_file):
    return Landscape.load(land_file)


def test_the_surface_equals_the_grid_at_every_node_and_spans_its_axes(land_file, land):
    s = get_surface("landscape", file=str(land_file))
    a, b = np.meshgrid(land.alpha, land.beta)  # rows follow beta, as loss_grid
    np.testing.assert_allclose(s.loss(a, b), land.loss_grid, rtol=0, atol=1e-12)
    assert s.domain == ((land.alpha[0], land.alpha[-1]), (land.beta[0], land.beta[-1]))
    assert s.sha256 == file_sha256(str(land_file)) and s.axis_names == ("α", "β")
    # the gradient is the interpolant's: central differences of the loss agree
    rng = np.random.default_rng(0)
    pa = rng.uniform(land.alpha[0], land.alpha[-1], 50)
    pb = rng.uniform(land.beta[0], land.beta[-1], 50)
    ga, gb = s.grad(pa, pb)
    h = 1e-6 * (land.alpha[-1] - land.alpha[0])
    fd = (s.loss(pa + h, pb) - s.loss(pa - h, pb)) / (2 * h)
    np.testing.assert_allclose(ga, fd, rtol=1e-5, atol=1e-7)
    fd = (s.loss(pa, pb + h) - s.loss(pa, pb - h)) / (2 * h)
    np.testing.assert_allclose(gb, fd, rtol=1e-5, atol=1e-7)


def test_a_grid_node_is_the_network_s_own_loss_there(land):
    from gradscape.core.landscape._params import set_theta

    j, i = 2, 6
    net = land.network()
    set_theta(net, land.theta + land.alpha[i] * land.d1 + land.beta[j] * land.d2)
    loss, _ = net.evaluate(land.x_eval, land.t_eval)
    assert land.loss_grid[j, i] == pytest.approx(float(loss), rel=1e-5)


def test_the_badge_names_the_dimensions_the_variance_and_the_gap(land_file, land):
    badge = get_surface("landscape", file=str(land_file)).badge
    n = land.theta.size
    share = 100 * float(land.path_explained)
    gap = float(np.max(np.abs(land.plane_path_loss - land.path_loss)))
    assert badge == (
        f"projection — 2 of {n:,} dimensions, {share:.1f} % of the path's variance; "
        f"plane vs true loss on the path: max gap {gap:.3g}"
    )


def test_the_scene_plays_the_training_path_and_round_trips(land_file, land):
    s = landscape_scene(land_file)
    assert s.surface == "landscape" and s.surface_params["file"] == str(land_file.resolve())
    assert s.surface_params["sha256"] == file_sha256(str(land_file))
    (path,) = s.paths
    np.testing.assert_array_equal(path["points"], land.path)
    np.testing.assert_array_equal(path["loss"], land.plane_path_loss)
    np.testing.assert_array_equal(path["true_loss"], land.path_loss)
    assert path["name"] == "training (Adam η=0.01)" and s.optimizers[0][0] == "adam"
    assert s.steps == len(land.path) - 1
    assert s.start == list(np.clip(land.path[0], *zip(*get_surface(
        "landscape", file=str(land_file)).domain, strict=True)))  # fmt: skip
    again = Scene.from_json(s.to_json())
    assert again == s
    (traj,) = again.recorded()
    surf = again.surface_object()
    ga, gb = surf.grad(land.path[:-1, 0], land.path[:-1, 1])
    np.testing.assert_array_equal(traj.grads, np.c_[ga, gb])
    # the optimizer on the plane makes a visible first step: 1 % of the domain's diagonal
    run = again.run()[0]
    (a0, a1), (b0, b1) = surf.domain
    assert np.hypot(*run.moves[0]) == pytest.approx(0.01 * np.hypot(a1 - a0, b1 - b0), rel=0.05)


def test_a_scene_whose_file_changed_says_so(land_file, tmp_path):
    copy = tmp_path / "copy.npz"
    shutil.copy(land_file, copy)
    text = landscape_scene(copy).to_json()
    land = Landscape.load(copy)
    land.loss_grid[0, 0] += 1.0
    land.save(copy)
    changed = r"surface_params: file: .*copy\.npz has changed since this scene was made"
    with pytest.raises(SceneError, match=changed + r" \(sha256 [0-9a-f]{12}…"):
        Scene.from_json(text)
    data = json.loads(text)
    del data["surface_params"]["sha256"]  # without a digest: the file as it is now
    assert Scene.from_dict(data).surface_object().loss(0.0, 0.0) == pytest.approx(
        get_surface("landscape", file=str(copy)).loss(0.0, 0.0)
    )


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({}, r"file: must be the path of a landscape \.npz file, got None"),
        ({"file": "/no/such/land.npz"}, r"file: cannot read the landscape /no/such/land\.npz"),
        ({"sha256": "abc"}, r"sha256: must be 64 hexadecimal digits"),
        ({"colour": 1}, r"unknown keyword 'colour'"),
    ],
)
def test_bad_parameters_are_refused_naming_them(land_file, params, message):
    if "sha256" in params:
        params = {**params, "file": str(land_file)}
    with pytest.raises(ValueError, match=message):
        get_surface("landscape", **params)


def test_a_file_that_is_no_landscape_is_refused(tmp_path):
    bad = tmp_path / "bad.npz"
    np.savez(bad, x=np.arange(3))
    with pytest.raises(ValueError, match=r"file: .*bad\.npz is not a landscape file"):
        get_surface("landscape", file=str(bad))
    with pytest.raises(SceneError, match="is not a landscape file"):
        landscape_scene(bad)


def test_a_scene_moved_with_its_landscape_still_opens(land_file, tmp_path):
    first, moved = tmp_path / "first", tmp_path / "moved"
    first.mkdir()
    shutil.copy(land_file, first / "land.npz")
    scene = landscape_scene(first / "land.npz")
    scene.save(first / "scene.json")
    shutil.move(first, moved)  # the folder moves: the recorded absolute path is gone
    back = Scene.load(moved / "scene.json")
    assert back.surface_params["file"] == str(moved / "land.npz")
    np.testing.assert_array_equal(back.paths[0]["points"], scene.paths[0]["points"])
    # a different file of that name is refused by its digest, naming both
    other = Landscape.load(moved / "land.npz")
    other.loss_grid = other.loss_grid + 1.0
    other.save(moved / "land.npz")
    with pytest.raises(SceneError, match="sha256"):
        Scene.load(moved / "scene.json")
    # and no file at all says which file is missing
    (moved / "land.npz").unlink()
    with pytest.raises(SceneError, match="land.npz"):
        Scene.load(moved / "scene.json")


def test_a_landscape_with_a_diverging_region_opens_as_a_plateau(land_file, tmp_path):
    land = Landscape.load(land_file)
    raw = land.loss_grid.copy()
    land.loss_grid[:2, :3] = np.inf  # the network's loss overflowed far from θ
    land.save(tmp_path / "div.npz")
    surf = get_surface("landscape", file=str(tmp_path / "div.npz"))
    top = raw[2:, :].max()
    top = max(top, raw[:2, 3:].max())
    a, b = land.alpha, land.beta
    assert surf.loss(a[0], b[0]) == pytest.approx(top)  # the plateau at the highest finite
    assert surf.loss(a[-1], b[-1]) == pytest.approx(raw[-1, -1])
    scene = landscape_scene(tmp_path / "div.npz")
    assert np.isinf(Landscape.load(tmp_path / "div.npz").loss_grid[0, 0])  # the file keeps it
    assert scene.surface == "landscape"
