"""``gradscape export --overlay``: the arrows land in the PNG where the engine puts them; bad
names exit 2 in one line.  The exported contour map's legend covers no path."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from gradscape.app.export import cli as cli_export
from gradscape.app.export.render import FrameRenderer
from gradscape.app.model.state import AppState
from gradscape.core.scene import Scene

SIZE = (480, 360)
RACE_ARGS = (
    "--surface", "himmelblau", "--optimizer", "sgd:eta=0.005", "--optimizer",
    "msgd:eta=0.002", "--optimizer", "adam:eta=0.1", "--optimizer", "adagrad:eta=0.5",
    "--optimizer", "sam:eta=0.005,rho=0.3,base=SGD", "--start", "-1", "-1.5",
    "--steps", "60", "--grid", "60",
)  # fmt: skip
RACE = Scene(
    surface="himmelblau",
    optimizers=[
        ("sgd", {"eta": 0.005}),
        ("msgd", {"eta": 0.002}),
        ("adam", {"eta": 0.1}),
        ("adagrad", {"eta": 0.5}),
        ("sam", {"eta": 0.005, "rho": 0.3, "base": "SGD"}),
    ],
    start=[-1.0, -1.5],
    steps=60,
    seed=0,
)


@pytest.fixture(autouse=True)
def _keep_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in ("QT_QPA_PLATFORM", "DISPLAY"):
        if key in os.environ:
            monkeypatch.setenv(key, os.environ[key])


def png(capsys, tmp_path: Path, name: str, *extra: str) -> np.ndarray:
    from PIL import Image

    out = tmp_path / name
    rc = cli_export.main([*RACE_ARGS, "--view", "contour", "--size", "480x360", "--at", "12",
                          *extra, "-o", str(out)])  # fmt: skip
    assert rc == 0, capsys.readouterr().err
    with Image.open(out) as im:
        return np.asarray(im.convert("RGB")).astype(int)


def test_overlay_draws_the_engines_arrows_in_the_png(gl, qapp, tmp_path: Path, capsys) -> None:
    off = png(capsys, tmp_path, "off.png")
    on = png(capsys, tmp_path, "on.png", "--overlay", "move,grad")
    diff = np.abs(on - off).max(axis=2)
    # where the engine's arrows are: Adam's move from its point at step 12, at the
    # overlay's common scale, projected by the export's own view box
    state = AppState(scene=RACE)
    state.grid = 60
    with FrameRenderer(state, "contour", SIZE) as r:
        trajs = state.result.trajectories
        scale = state.result.draw.overlays.scale
        p = trajs[2].params[12]
        hits = 0
        for f in (0.35, 0.5, 0.65):
            w, b = p + f * scale * trajs[2].moves[12]
            x, y = r.project(float(w), float(b))
            xi, yi = int(round(x)), int(round(y))
            hits += diff[yi - 2 : yi + 3, xi - 2 : xi + 3].max() > 60
        # and far from every run (the domain's top right corner): unchanged
        x, y = r.project(4.5, 4.5)
        assert diff[int(y) - 3 : int(y) + 4, int(x) - 3 : int(x) + 4].max() == 0
    assert hits == 3


@pytest.mark.parametrize("bad", ["arrows", "grad,,move", "grad,Velocity ,nope"])
def test_bad_overlay_names_exit_2_in_one_line(bad: str, tmp_path: Path, capsys) -> None:
    rc = cli_export.main(["--overlay", bad, "-o", str(tmp_path / "x.png")])
    err = capsys.readouterr().err
    assert rc == 2
    assert len(err.strip().splitlines()) == 1
    assert "--overlay" in err and "overlay must be one of grad, move, velocity" in err
    assert not (tmp_path / "x.png").exists()


@pytest.mark.parametrize("steps", [12, 60])
def test_the_contour_legend_covers_no_path_start_end_or_minimum(gl, qapp, steps: int) -> None:
    state = AppState(scene=RACE)
    state.grid = 60
    with FrameRenderer(state, "contour", SIZE) as r:
        frame = r.render(steps)
        widget = r.parts[0][1]
        rect = widget.legend.rect()
        x0, y0, x1, y1 = rect.left(), rect.top(), rect.right(), rect.bottom()
        assert rect.width() > 60 and rect.height() > 40  # five runs named
        # the legend is drawn there (its white box)
        assert frame[int(y0) + 3 : int(y1) - 3, int(x0) + 3 : int(x1) - 3].mean() > 200
        points = [tuple(p) for t in state.result.trajectories for p in t.params]
        points += list(state.result.surface.minima)
        inside = []
        for w, b in points:
            x, y = r.project(float(w), float(b))
            if x0 - 4 <= x <= x1 + 4 and y0 - 4 <= y <= y1 + 4:
                inside.append((w, b))
        assert inside == []
