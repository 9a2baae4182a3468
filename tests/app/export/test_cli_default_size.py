"""``gradscape export``'s frame size when --size is not given: 800x600 for one view, a
landscape 1200x600 for ``--view both`` (two views side by side, each about square)."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from gradscape.app.export import cli as cli_export
from gradscape.app.export.cli_parser import build_parser
from gradscape.app.export.render import FrameRenderer
from gradscape.app.model.state import AppState
from gradscape.core.scene import Scene
from gradscape.core.surfaces import get_surface
from gradscape.core.trajectory import descend

RUN0 = np.array([0xE6, 0x19, 0x4B])  # the first run's colour


@pytest.mark.parametrize(
    ("args", "size"),
    [
        ([], (800, 600)),
        (["--view", "3d"], (800, 600)),
        (["--view", "contour"], (800, 600)),
        (["--view", "loss"], (800, 600)),
        (["--view", "both"], (1200, 600)),
        (["--view", "both", "--size", "640x480"], (640, 480)),  # a size given wins
        (["--size", "1000x500", "--view", "both"], (1000, 500)),
    ],
)
def test_the_default_size_follows_the_view(args, size):
    ns = build_parser().parse_args([*args, "-o", "x.png"])
    assert ns.size == size
    w, h = ns.size
    if "--size" not in args and ns.view == "both":
        assert w / h == 2  # each of the two views gets a square


def test_the_help_names_both_defaults(capsys):
    assert cli_export.main(["--help"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "(default 800x600; 1200x600 for --view both)" in text


@pytest.fixture
def _keep_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in ("QT_QPA_PLATFORM", "DISPLAY"):
        if key in os.environ:
            monkeypatch.setenv(key, os.environ[key])


@pytest.mark.gl
def test_both_views_render_side_by_side_at_the_default_size(gl, qapp, tmp_path: Path, capsys,
                                                           _keep_env):  # fmt: skip
    out = tmp_path / "both.png"
    rc = cli_export.main(["--steps", "20", "--view", "both", "-o", str(out)])
    assert rc == 0, capsys.readouterr().err
    img = np.asarray(Image.open(out).convert("RGB")).astype(int)
    assert img.shape == (600, 1200, 3)
    # the run's marker where the engine's trajectory ends, in the contour map (right half)
    t = descend(get_surface("neuron"), ("adam", {"eta": 0.25}), (-1.8, -1.2), 20, seed=0)
    w, b = float(t.params[-1, 0]), float(t.params[-1, 1])
    r = FrameRenderer(AppState(scene=Scene(steps=20)), "both", (1200, 600))
    try:
        x, y = r.project(w, b, part="contour")
    finally:
        r.close()
    assert x > 600
    xi, yi = int(round(x)), int(round(y))
    patch = img[yi - 2 : yi + 3, xi - 2 : xi + 3].reshape(-1, 3)
    assert (np.abs(patch - RUN0).max(axis=1) < 45).mean() > 0.5
    # and the 3D view fills the left half with the surface (viridis' bright slopes)
    left = img[:, :600].reshape(-1, 3)
    assert ((left[:, 0] > 150) & (left[:, 1] > 180) & (left[:, 2] < 110)).sum() > 500
