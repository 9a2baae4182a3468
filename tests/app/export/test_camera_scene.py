"""An exported scene keeps its camera: the 3D view's azimuth, elevation and distance are
recorded in the scene an export embeds or the window saves (``view.camera``), and used again
when that scene is exported or opened."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from export_window import export_window, finish
from PIL import Image

from gradscape.app.export import cli as cli_export
from gradscape.app.export.runner import ExportRequest
from gradscape.app.export.writers import read_embedded_scene
from gradscape.app.model.camera import CAMERA_CENTER, DEFAULT_CAMERA
from gradscape.core.scene import Scene

pytestmark = pytest.mark.gl

SIZE = ["--size", "320x240"]


@pytest.fixture(autouse=True)
def _keep_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in ("QT_QPA_PLATFORM", "DISPLAY"):
        if key in os.environ:
            monkeypatch.setenv(key, os.environ[key])


def export(capsys, *args: str) -> None:
    rc = cli_export.main(list(args))
    assert rc == 0, capsys.readouterr().err


def pixels(path: Path) -> np.ndarray:
    with Image.open(path) as img:
        return np.asarray(img.convert("RGB")).astype(int)


def test_the_camera_option_is_recorded_and_used_again(gl, qapp, tmp_path, capsys):
    turned, again, plain = tmp_path / "turned.png", tmp_path / "again.png", tmp_path / "plain.png"
    export(capsys, "--steps", "20", *SIZE, "--camera", "30", "60", "5", "-o", str(turned))
    camera = json.loads(read_embedded_scene(turned))["view"]["camera"]
    assert camera == {"azimuth": 30.0, "elevation": 60.0, "distance": 5.0,
                      "center": list(CAMERA_CENTER)}  # fmt: skip
    export(capsys, "--scene", str(turned), *SIZE, "-o", str(again))
    export(capsys, "--steps", "20", *SIZE, "-o", str(plain))
    a, b, c = pixels(turned), pixels(again), pixels(plain)
    assert np.array_equal(a, b)  # the same picture: the camera came back from the scene
    assert np.abs(a - c).mean() > 5  # and it is not the default camera's
    # no camera asked: the default one, recorded
    plain_camera = json.loads(read_embedded_scene(plain))["view"]["camera"]
    assert plain_camera == {"azimuth": -58.0, "elevation": 28.0, "distance": 4.0,
                            "center": list(CAMERA_CENTER)}  # fmt: skip
    # --camera overrides the camera a scene records
    other = tmp_path / "other.png"
    export(capsys, "--scene", str(turned), *SIZE, "--camera", "-58", "28", "4", "-o", str(other))
    cam = json.loads(read_embedded_scene(other))["view"]["camera"]
    assert (cam["azimuth"], cam["elevation"], cam["distance"]) == (-58.0, 28.0, 4.0)
    assert (-58.0, 28.0, 4.0) == (DEFAULT_CAMERA["azimuth"], DEFAULT_CAMERA["elevation"],
                                  DEFAULT_CAMERA["distance"])  # fmt: skip
    assert np.abs(pixels(other) - c).max() == 0  # the default camera's picture


@pytest.mark.parametrize(
    ("camera", "message"),
    [
        (["0", "91", "4"], "--camera: the elevation must be in [-90, 90] degrees, got 91"),
        (["0", "30", "0"], "--camera: the distance must be in (0, 1e6], got 0"),
        (["0", "30", "nan"], "argument --camera: must be finite, got 'nan'"),
    ],
)
def test_a_bad_camera_is_one_line_and_exit_2(tmp_path, capsys, camera, message):
    out = tmp_path / "x.png"
    assert cli_export.main(["--camera", *camera, "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err == f"gradscape export: error: {message} (see gradscape export --help)\n"
    assert not out.exists()


def test_the_window_records_its_camera_and_opens_it_again(gl, qapp, qtbot, tmp_path, capsys):
    win, ctl = export_window(qtbot, steps=20)
    cam = {"distance": 5.5, "elevation": 47.0, "azimuth": 12.0,
           "cx": CAMERA_CENTER[0], "cy": CAMERA_CENTER[1], "cz": CAMERA_CENTER[2]}  # fmt: skip
    win.view3d.set_camera(cam)
    # File → Export image: the picture and its embedded scene have the window's camera
    shot = tmp_path / "window.png"
    runner = ctl.start(ExportRequest("image", str(shot), view="3d", size=(320, 240), step=20))
    assert runner is not None
    finish(qtbot, runner)
    recorded = json.loads(read_embedded_scene(shot))["view"]["camera"]
    assert recorded == {"azimuth": 12.0, "elevation": 47.0, "distance": 5.5,
                        "center": list(CAMERA_CENTER)}  # fmt: skip
    assert win.state.scene.view == {}  # the window's own scene is not changed by it
    # the CLI re-renders it with that camera
    again = tmp_path / "again.png"
    export(capsys, "--scene", str(shot), *SIZE, "-o", str(again))
    diff = np.abs(pixels(shot) - pixels(again))
    assert diff.mean() < 1.0  # (the window's export and the CLI's: same drawing code)
    # File → Save scene records the camera; Open scene in another window restores it
    saved = tmp_path / "scene.json"
    assert ctl.save_scene(str(saved))
    assert Scene.load(saved).view["camera"]["azimuth"] == 12.0
    other, other_ctl = export_window(qtbot, steps=20)
    assert other.view3d.camera()["azimuth"] == DEFAULT_CAMERA["azimuth"]
    assert other_ctl.open_scene(str(shot))  # (the exported PNG carries the scene)
    got = other.view3d.camera()
    assert got == pytest.approx(cam)


def test_a_screenshot_of_a_scene_uses_its_camera(gl, tmp_path):
    turned = {"azimuth": 30.0, "elevation": 60.0, "distance": 5.0, "center": list(CAMERA_CENTER)}
    shots = {}
    for name, view in (("plain", {}), ("turned", {"camera": turned})):
        scene = tmp_path / f"{name}.json"
        Scene(steps=20, view=view).save(scene)
        out = tmp_path / f"{name}.png"
        proc = subprocess.run(
            [sys.executable, "-m", "gradscape", "--screenshot", str(out), "--size", "960x640",
             "--scene", str(scene)],
            env={**os.environ, "GRADSCAPE_SETTINGS": str(tmp_path / "s.ini")},
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert proc.returncode == 0, proc.stderr
        shots[name] = pixels(out)
    region = (slice(40, 360), slice(300, 900))  # the 3D view
    assert np.abs(shots["plain"][region] - shots["turned"][region]).mean() > 5
