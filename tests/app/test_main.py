"""`gradscape --screenshot` as a user runs it: a separate process, a real PNG."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

REPO = Path(__file__).resolve().parents[2]


def run_cli(args, tmp_path, env_extra=None, drop=()):
    env = dict(os.environ)
    env["GRADSCAPE_SETTINGS"] = str(tmp_path / "settings.ini")
    for k in drop:
        env.pop(k, None)
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, "-m", "gradscape", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.gl
def test_screenshot_writes_a_png_that_shows_the_surface(gl, tmp_path):
    out = tmp_path / "shot.png"
    proc = run_cli(["--screenshot", str(out), "--size", "960x640"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert out.exists()
    img = np.asarray(Image.open(out).convert("RGB")).astype(np.int16)
    assert img.shape == (640, 960, 3)
    assert img.reshape(-1, 3).std(axis=0).max() > 10
    # The 3D view (upper middle of the window) shows the colormap: viridis' dark purple
    # valley and its yellow-green slopes, neither of which is in the window chrome.
    region = img[40:360, 300:900].reshape(-1, 3)
    r, g, b = region[:, 0], region[:, 1], region[:, 2]
    purple = (b > g + 20) & (r > g) & (r < 110)
    yellow = (r > 150) & (g > 180) & (b < 110)
    assert purple.sum() > 500
    assert yellow.sum() > 200
    assert not (tmp_path / "settings.ini").exists()  # screenshots never touch settings


def test_bad_size_is_a_usage_error(tmp_path):
    proc = run_cli(["--screenshot", str(tmp_path / "x.png"), "--size", "big"], tmp_path)
    assert proc.returncode == 2
    assert "size must look like 1280x800, got 'big'" in proc.stderr
    assert not (tmp_path / "x.png").exists()


def test_without_a_display_or_xvfb_the_message_says_what_to_do(tmp_path):
    """(With Xvfb, --screenshot starts its own: tests/app/test_screenshot_display.py.)"""
    proc = run_cli(
        ["--screenshot", str(tmp_path / "x.png")],
        tmp_path,
        env_extra={"PATH": str(tmp_path)},  # no Xvfb to be found
        drop=("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"),
    )
    assert proc.returncode == 1
    assert proc.stderr == (
        "gradscape: no display and no Xvfb to render 3D: install the Debian package 'xvfb' "
        "(sudo apt-get install xvfb) or set DISPLAY\n"
    )
    assert not (tmp_path / "x.png").exists()


def test_export_subcommand_is_dispatched(tmp_path):
    proc = run_cli(["export", "--help"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("usage: gradscape export")
    top = run_cli(["--help"], tmp_path)
    assert top.returncode == 0 and "gradscape export --help" in top.stdout


@pytest.mark.gl
def test_screenshot_of_a_saved_scene_shows_every_run(gl, tmp_path):
    from gradscape.core.scene import Scene

    scene = tmp_path / "race.json"
    Scene(surface="rosenbrock", optimizers=[("adam", {"eta": 0.05}), ("msgd", {"eta": 0.001}),
          ("rmsprop", {"eta": 0.01}), ("nag", {"eta": 0.001})], start=[-1.5, 2.0],
          steps=120).save(scene)  # fmt: skip
    out = tmp_path / "race.png"
    proc = run_cli(["--screenshot", str(out), "--size", "960x640", "--scene", str(scene)], tmp_path)
    assert proc.returncode == 0, proc.stderr
    img = np.asarray(Image.open(out).convert("RGB")).astype(np.int16)
    assert img.shape == (640, 960, 3)
    # the four runs' colours (the window's palette, in order): paths, markers, legends
    for hex_colour in ("#e6194b", "#15803d", "#c026d3"):
        rgb = np.array([int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)])
        assert (np.abs(img - rgb).max(axis=2) < 40).sum() > 30, hex_colour
    assert not (tmp_path / "settings.ini").exists()


def test_screenshot_of_a_missing_scene_exits_2(tmp_path):
    out = tmp_path / "x.png"
    proc = run_cli(["--screenshot", str(out), "--scene", str(tmp_path / "none.json")], tmp_path)
    assert proc.returncode == 2
    assert "no such file" in proc.stderr and "none.json" in proc.stderr
    assert not out.exists()
    alone = run_cli(["--scene", str(tmp_path / "none.json")], tmp_path)
    assert alone.returncode == 2 and "--scene goes with --screenshot" in alone.stderr
