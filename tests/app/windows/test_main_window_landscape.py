"""The main window opens a network's landscape file: the surface, the training path played
back, the projection badge, the dropdown offering the landscape only while it is shown."""

from __future__ import annotations

import pytest
from PyQt6.QtWidgets import QApplication

from gradscape.app.export.controller import install_export_menu
from gradscape.app.model.state import AppState
from gradscape.app.windows.main_window import MainWindow
from gradscape.core.landscape import LandscapeSpec, compute_landscape


@pytest.fixture(autouse=True)
def _private_settings(tmp_path, monkeypatch):
    monkeypatch.setenv("GRADSCAPE_SETTINGS", str(tmp_path / "settings.ini"))


@pytest.mark.gl
def test_file_open_shows_a_landscape_npz_with_its_path_and_badge(gl, qtbot, tmp_path):
    spec = LandscapeSpec(data="xor", hidden=(4,), epochs=2, batch_size=16, directions="pca",
                         grid=9, span=1.0)  # fmt: skip
    land = compute_landscape(spec, workers=1)
    npz = tmp_path / "land.npz"
    land.save(npz)
    st = AppState()
    st.grid = 40
    win = MainWindow(st)
    ctl = getattr(win, "export_controller", None) or install_export_menu(win)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    combo = win.surface_panel.combo
    keys = [combo.itemData(i) for i in range(combo.count())]
    assert "landscape" not in keys  # no blank choice

    assert ctl.open_scene(str(npz)), ctl.last_error
    qtbot.waitUntil(win.compute.is_current, timeout=15000)
    QApplication.processEvents()
    assert st.surface == "landscape" and st.steps == len(land.path) - 1
    assert combo.itemData(combo.currentIndex()) == "landscape"
    badge = win.view3d.overlay.badge
    assert badge.startswith(f"projection — 2 of {land.theta.size:,} dimensions, ")
    assert "% of the path's variance" in badge
    names = [t for t, _ in win.view3d.overlay.legend]
    assert names[-1] == "training (Adam)"
    st.step = 1
    (rec,) = win.equations.recorded_values()
    assert rec["step"] == 1 and rec["true_loss"] == pytest.approx(float(land.path_loss[1]))
    assert rec["position"] == pytest.approx(tuple(land.path[1]))

    st.surface = "rosenbrock"  # away from the landscape: the dropdown no longer lists it
    keys = [combo.itemData(i) for i in range(combo.count())]
    assert "landscape" not in keys and st.scene.paths == []
