"""A scene's view settings (``view.camera``): recorded, validated field by field, saved only
when set, and without any effect on what is computed."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from gradscape.core.scene import Scene, SceneError

CAMERA = {"azimuth": 30.0, "elevation": 60.0, "distance": 5.0, "center": [0.0, 0.0, 0.198]}


def test_the_camera_round_trips_through_json(tmp_path):
    scene = Scene(steps=20, view={"camera": dict(CAMERA)})
    path = tmp_path / "s.json"
    scene.save(path)
    data = json.loads(path.read_text())
    assert data["view"] == {"camera": CAMERA}
    again = Scene.load(path)
    assert again.view == {"camera": CAMERA}
    assert again == scene


def test_no_view_is_not_written_and_old_files_read():
    scene = Scene(steps=20)
    assert scene.view == {} and "view" not in scene.to_dict()
    assert Scene.from_json(scene.to_json()).view == {}
    assert Scene(steps=20, view=None).view == {}
    assert Scene(steps=20, view={}).to_dict() == scene.to_dict()


def test_numbers_are_stored_as_floats():
    scene = Scene(steps=5, view={"camera": {"azimuth": -58, "elevation": np.float32(28),
                                            "distance": 4, "center": (0, 0, 1)}})  # fmt: skip
    cam = scene.view["camera"]
    assert cam == {"azimuth": -58.0, "elevation": 28.0, "distance": 4.0, "center": [0.0, 0.0, 1.0]}
    assert all(type(v) is float for v in (cam["azimuth"], cam["elevation"], cam["distance"]))


def test_the_view_changes_nothing_computed():
    plain = Scene(surface="rosenbrock", optimizers=[("adam", {"eta": 0.05})], steps=50)
    viewed = Scene(surface="rosenbrock", optimizers=[("adam", {"eta": 0.05})], steps=50,
                   view={"camera": dict(CAMERA)})  # fmt: skip
    a, b = plain.run()[0], viewed.run()[0]
    assert np.array_equal(a.params, b.params) and np.array_equal(a.loss, b.loss)


@pytest.mark.parametrize(
    ("view", "message"),
    [
        ([1, 2], "view: must be an object, got [1, 2]"),
        ({"zoom": 2}, "view.zoom: unknown field; valid: camera"),
        ({"camera": "top"}, "view.camera: must be an object, got 'top'"),
        ({"camera": {**CAMERA, "roll": 3}},
         "view.camera.roll: unknown field; valid: azimuth, elevation, distance, center"),
        ({"camera": {k: v for k, v in CAMERA.items() if k != "distance"}},
         "view.camera.distance: missing"),
        ({"camera": {**CAMERA, "azimuth": "east"}},
         "view.camera.azimuth: must be a finite number, got 'east'"),
        ({"camera": {**CAMERA, "azimuth": math.inf}},
         "view.camera.azimuth: must be a finite number, got inf"),
        ({"camera": {**CAMERA, "elevation": 90.5}},
         "view.camera.elevation: must be in [-90, 90] degrees, got 90.5"),
        ({"camera": {**CAMERA, "distance": 0}},
         "view.camera.distance: must be in (0, 1e6], got 0"),
        ({"camera": {**CAMERA, "distance": True}},
         "view.camera.distance: must be a finite number, got True"),
        ({"camera": {**CAMERA, "center": [0, 0]}},
         "view.camera.center: must be [x, y, z], got [0, 0]"),
        ({"camera": {**CAMERA, "center": [0, None, 0]}},
         "view.camera.center[1]: must be a finite number, got None"),
        ({"camera": {**CAMERA, "distance": 10**400}},
         "view.camera.distance: the integer of 1329 bits is too large for a number"),
    ],
)  # fmt: skip
def test_a_bad_view_names_its_field(view, message):
    with pytest.raises(SceneError) as err:
        Scene(steps=5, view=view)
    assert str(err.value) == message


def test_a_bad_view_in_a_file_names_its_field():
    text = json.dumps({"surface": "neuron", "optimizers": ["adam"], "steps": 5,
                       "view": {"camera": {**CAMERA, "elevation": -91}}})  # fmt: skip
    with pytest.raises(SceneError, match=r"^view\.camera\.elevation: must be in \[-90, 90\]"):
        Scene.from_json(text)
