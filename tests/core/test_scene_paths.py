"""Recorded paths in scenes: validation, JSON, and their Trajectory records."""

from __future__ import annotations

import json

import numpy as np
import pytest

from gradscape.core.scene import Scene, SceneError
from gradscape.core.scene_paths import RECORDED, is_recorded

POINTS = [[-7.0, 2.0], [-5.5, 1.2], [-3.0, 0.4], [-1.0, -0.1]]


def path(**changes):
    # the bowl x²/20 + y² at the points, and made-up "true" losses beside them
    loss = [p[0] ** 2 / 20 + p[1] ** 2 for p in POINTS]
    spec = {"name": "training", "points": POINTS, "loss": loss, "true_loss": [3, 2, 1, 0.5]}
    spec.update(changes)
    return spec


def scene(**changes):
    return Scene(surface="quadratic", optimizers=[("sgd", {"eta": 0.1})], steps=3, **changes)


def test_a_recorded_path_is_a_trajectory_with_the_surface_gradient_and_its_moves():
    s = scene(paths=[path()])
    (traj,) = s.recorded()
    p = np.array(POINTS)
    np.testing.assert_array_equal(traj.params, p)
    np.testing.assert_array_equal(traj.moves, np.diff(p, axis=0))
    # the bowl's gradient (x/10, 2y) where each move began
    np.testing.assert_allclose(traj.grads, np.c_[p[:-1, 0] / 10, 2 * p[:-1, 1]], rtol=1e-15)
    np.testing.assert_allclose(traj.loss, p[:, 0] ** 2 / 20 + p[:, 1] ** 2)
    np.testing.assert_array_equal(traj.extra["true_loss"], [3, 2, 1, 0.5])
    assert traj.optimizer == RECORDED and traj.label == "training" and traj.n == 3
    assert is_recorded(traj) and not is_recorded(s.run()[0])
    at = traj.at(2)
    assert (at["w"], at["b"], at["step"]) == (-3.0, 0.4, 2)
    assert at["move"] == pytest.approx((2.5, -0.8), abs=1e-15)


def test_paths_round_trip_through_json_and_are_left_out_when_there_are_none():
    s = scene(paths=[path(), path(name="other", true_loss=None, points=POINTS[:2],
                                  loss=[1.0, 2.0])])  # fmt: skip
    again = Scene.from_json(s.to_json())
    assert again == s
    assert again.paths[1]["true_loss"] is None and again.paths[1]["points"] == POINTS[:2]
    assert "paths" not in json.loads(scene().to_json())  # older readers see the same file
    assert Scene.from_dict({**json.loads(scene().to_json()), "paths": None}).paths == []


def test_a_single_point_path_has_no_steps():
    (traj,) = scene(paths=[path(points=POINTS[:1], loss=[1.0], true_loss=None)]).recorded()
    assert traj.n == 0 and traj.grads.shape == (0, 2) and traj.extra["true_loss"] is None


@pytest.mark.parametrize(
    ("paths", "message"),
    [
        ("x", r"paths: must be a list of recorded paths"),
        ([path()] * 17, r"paths: at most 16 recorded paths, got 17"),
        ([3], r"paths\[0\]: must be an object"),
        ([{**path(), "color": "red"}], r"paths\[0\]: unknown field 'color'"),
        ([{"name": "a", "points": POINTS}], r"paths\[0\]\.loss: missing"),
        ([path(name="")], r"paths\[0\]\.name: must be a non-empty text"),
        ([path(points=[])], r"paths\[0\]\.points: must be a non-empty list"),
        ([path(points=[[1, 2], [3]])], r"paths\[0\]\.points\[1\]: must be a pair"),
        ([path(points=[[1, 2], [float("nan"), 0], [0, 0], [0, 0]])],
         r"paths\[0\]\.points\[1\]\[0\]: must be a finite number, got nan"),
        ([path(loss=[1, 2])], r"paths\[0\]\.loss: must hold 4 numbers \(one per point\), got 2"),
        ([path(true_loss=[1, 2, True, 4])], r"paths\[0\]\.true_loss\[2\]: must be a finite"),
    ],
)  # fmt: skip
def test_bad_paths_are_refused_naming_the_field(paths, message):
    with pytest.raises(SceneError, match=message):
        scene(paths=paths)
