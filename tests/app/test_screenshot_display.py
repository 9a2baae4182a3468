"""``gradscape --screenshot`` with no display: it starts its own virtual X server (Xvfb), as
``gradscape export`` does, renders, and stops the server again."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from gradscape.app.export.display import display_problem

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.gl


def shoot(tmp_path: Path, **env_extra: str) -> tuple[subprocess.CompletedProcess, Path]:
    out = tmp_path / "shot.png"
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "XAUTHORITY")}  # fmt: skip
    env["GRADSCAPE_SETTINGS"] = str(tmp_path / "settings.ini")
    env.update(env_extra)
    proc = subprocess.run(
        [sys.executable, "-m", "gradscape", "--screenshot", str(out), "--size", "960x640"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    return proc, out


def shows_the_surface(path: Path) -> bool:
    img = np.asarray(Image.open(path).convert("RGB")).astype(np.int16)
    assert img.shape == (640, 960, 3)
    region = img[40:360, 300:900].reshape(-1, 3)  # the 3D view: viridis' slopes
    yellow = (region[:, 0] > 150) & (region[:, 1] > 180) & (region[:, 2] < 110)
    return bool(yellow.sum() > 200)


def started_display(stderr: str) -> str:
    found = re.search(r"rendering on a virtual X server (:\d+) \(Xvfb\)", stderr)
    assert found, stderr
    return found.group(1)


def test_no_display_starts_xvfb_renders_and_stops_it(gl, tmp_path):
    proc, out = shoot(tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == f"wrote {out} (960x640)\n"
    assert proc.stderr.startswith("gradscape: no display: rendering on a virtual X server")
    assert shows_the_surface(out)
    # the server it started is gone with it
    assert display_problem(started_display(proc.stderr), timeout=1.0) is not None


def test_a_dead_display_is_ignored_with_its_reason(gl, tmp_path):
    proc, out = shoot(tmp_path, DISPLAY=":4095")  # no server listens there
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.startswith("gradscape: cannot connect to the X server :4095")
    assert shows_the_surface(out)
    assert display_problem(started_display(proc.stderr), timeout=1.0) is not None
