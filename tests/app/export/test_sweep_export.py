"""A sweep exports as the window draws it: ``gradscape export --eta A B C`` and the window's
File → Export image after "Sweep η…" give the same picture, drawn in the η ramp (pixels),
and an opened sweep scene takes the ramp too."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
from export_window import finish

from gradscape.app.controls.sweep_dialog import SweepDialog
from gradscape.app.export import cli as cli_export
from gradscape.app.export.writers import read_embedded_scene
from gradscape.app.model.choices import RUN_COLORS
from gradscape.app.model.legibility import hex_rgb
from gradscape.app.model.sweep import ramp_colors
from gradscape.app.windows.main_window import MainWindow

ETAS = ("0.01", "0.1", "1")
SIZE = (320, 240)


@pytest.fixture(autouse=True)
def _keep_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in ("QT_QPA_PLATFORM", "DISPLAY"):
        if key in os.environ:
            monkeypatch.setenv(key, os.environ[key])


def rgb(path: Path) -> np.ndarray:
    from PIL import Image

    with Image.open(path) as im:
        return np.asarray(im.convert("RGB")).astype(int)


def near(img: np.ndarray, color: str, tol: int = 24) -> int:
    c = np.round(hex_rgb(color) * 255).astype(int)
    return int((np.abs(img - c).max(axis=2) < tol).sum())


def test_window_sweep_and_cli_eta_draw_the_same(gl, qapp, qtbot, tmp_path: Path, capsys):
    from gradscape.app.export.controller import install_export_menu
    from gradscape.app.export.runner import ExportRequest

    win = MainWindow(persist=False, synchronous=True)
    qtbot.addWidget(win)
    ctl = install_export_menu(win, window_factory=MainWindow.offscreen)
    dlg = SweepDialog(win.state, win)
    qtbot.addWidget(dlg)
    dlg.list_radio.setChecked(True)
    dlg.values.setText(" ".join(ETAS))
    assert dlg.apply()
    qtbot.waitUntil(win.state.result_is_current)
    mine = tmp_path / "window.png"
    runner = ctl.start(
        ExportRequest("image", str(mine), view="contour", size=SIZE, step=win.state.steps)
    )
    assert runner is not None
    finish(qtbot, runner, timeout=20000)
    theirs = tmp_path / "cli.png"
    rc = cli_export.main(["--optimizer", "adam", "--eta", *ETAS, "--view", "contour",
                          "--size", "320x240", "-o", str(theirs)])  # fmt: skip
    assert rc == 0, capsys.readouterr().err
    assert read_embedded_scene(mine) == read_embedded_scene(theirs)
    x, y = rgb(mine), rgb(theirs)
    diff = np.abs(x - y)
    assert diff.mean() < 0.5 and np.percentile(diff, 99) <= 8, diff.mean()
    # drawn in the ramp (paths, markers, legend swatches), not in the race's first colour
    for color in ramp_colors([float(e) for e in ETAS]):
        assert near(y, color) > 20, (color, near(y, color))
    assert near(y, RUN_COLORS[0]) < near(y, ramp_colors([0.01, 0.1, 1.0])[0]) / 4


def test_an_opened_sweep_scene_takes_the_ramp(gl, qapp, qtbot, tmp_path: Path, capsys):
    from gradscape.app.export.controller import install_export_menu

    scene_file = tmp_path / "sweep.json"
    rc = cli_export.main(["--optimizer", "sgd", "--eta", "0.5", "2", "--steps", "5",
                          "-o", str(scene_file)])  # fmt: skip
    assert rc == 0
    win = MainWindow(persist=False, synchronous=True)
    qtbot.addWidget(win)
    ctl = install_export_menu(win, window_factory=MainWindow.offscreen)
    assert ctl.open_scene(str(scene_file))
    assert win.state.run_colors == ramp_colors([0.5, 2.0])
