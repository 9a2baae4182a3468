"""View → Language (issue 14): choosing a language remembers it and makes the window again
in it, keeping what the user had: the scene, the view settings, the step, the camera, the
splitters, an open Network window's choices; the export actions and the error report move
to the new window."""

from __future__ import annotations

import configparser
import sys
from pathlib import Path

import numpy as np
import pytest
from PyQt6.QtWidgets import QApplication

from gradscape.app.__main__ import install_error_report
from gradscape.app.export.controller import install_export_menu
from gradscape.app.model.state import VIEW_SETTINGS, AppState
from gradscape.app.runtime import current_language, install_language
from gradscape.app.windows.main_window import MainWindow

pytestmark = pytest.mark.gl


@pytest.fixture
def english_after(qapp):
    assert install_language(qapp, "en") == "en"
    yield
    install_language(qapp, "en")
    assert current_language() == "en"


def settle(qtbot, win: MainWindow) -> None:
    qtbot.waitUntil(win.compute.is_current, timeout=15000)
    QApplication.processEvents()


def make_window(qtbot, persist: bool = True) -> MainWindow:
    st = AppState()
    st.grid = 30
    st.steps = 50
    win = MainWindow(st, persist=persist)
    install_export_menu(win, window_factory=MainWindow.offscreen)
    win.resize(1200, 800)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    settle(qtbot, win)
    return win


def stored_language(tmp_path: Path) -> str | None:
    ini = configparser.ConfigParser()
    ini.read(tmp_path / "settings.ini", encoding="utf-8")  # (conftest's GRADSCAPE_SETTINGS)
    return ini.get("ui", "language", fallback=None)


def test_switching_keeps_the_scene_and_the_views(gl, qtbot, tmp_path, english_after) -> None:
    win = make_window(qtbot)
    st = win.state
    st.surface = "himmelblau"
    st.add_run("sgd")
    st.start = (1.25, -0.75)
    st.colormap = "plasma"
    st.log_loss = True
    st.overlays = ("grad", "effective")
    settle(qtbot, win)
    st.step = 17
    camera = {"distance": 9.5, "elevation": 41.0, "azimuth": -63.0, "cx": 0.3, "cy": -0.2,
              "cz": 0.1}  # fmt: skip
    win.view3d.set_camera(camera)
    win.view_split.setSizes([500, 240])
    scene_json = st.scene.to_json()
    view = {name: getattr(st, name) for name in VIEW_SETTINGS}
    splits = win.view_split.sizes()
    paths = [t.params.copy() for t in st.result.trajectories]
    win.export_controller.last["image"] = "the last image settings"

    new = win.set_language("ja")
    qtbot.addWidget(new)
    qtbot.waitExposed(new)

    assert new is not win and new.isVisible() and not win.isVisible()
    assert current_language() == "ja"
    assert stored_language(tmp_path) == "ja"
    titles = [a.text() for a in new.menuBar().actions()]
    assert titles[:3] == ["ファイル(&F)", "表示(&V)", "再生(&P)"] and titles[-1] == "ヘルプ(&H)"
    assert new.language_actions["ja"].isChecked() and not new.language_actions["en"].isChecked()
    # what the user had
    ns = new.state
    assert ns.scene.to_json() == scene_json
    assert {name: getattr(ns, name) for name in VIEW_SETTINGS} == view
    assert ns.step == 17 and ns.surface == "himmelblau" and len(ns.runs) == 2
    assert ns.start == (1.25, -0.75)
    assert new.view3d.camera() == pytest.approx(camera)
    # (the Japanese menu bar's font may take a pixel or two more: the same share, not pixels)
    now = new.view_split.sizes()
    assert now[0] / sum(now) == pytest.approx(splits[0] / sum(splits), abs=0.01)
    assert new.colormap_actions["plasma"].isChecked() and new.log_loss_action.isChecked()
    # the same computed paths, shown without computing again
    assert ns.result_is_current()
    for before, after in zip(paths, (t.params for t in ns.result.trajectories), strict=True):
        np.testing.assert_array_equal(before, after)
    assert new.status_values.text().startswith("ステップ 17 / 50")
    # File's export actions came along, in Japanese, with the dialogs' last settings
    ctl = new.export_controller
    assert ctl.window is new and ctl.last["image"] == "the last image settings"
    assert ctl.actions["export_image"].text() == "画像を書き出し(&I)…"
    file_actions = [a.text() for a in new.file_menu.actions()]
    assert file_actions.count("画像を書き出し(&I)…") == 1

    # and back: the words are English again, the scene still the same
    back = new.set_language("en")
    qtbot.addWidget(back)
    assert [a.text() for a in back.menuBar().actions()][:3] == ["&File", "&View", "&Playback"]
    assert back.state.scene.to_json() == scene_json and back.state.step == 17
    assert stored_language(tmp_path) == "en"


def test_choosing_the_current_language_changes_nothing(gl, qtbot, tmp_path, english_after):
    win = make_window(qtbot)
    assert win.set_language("en") is win
    assert win.isVisible() and stored_language(tmp_path) == "en"  # remembered all the same
    assert win.language_actions["en"].isChecked()


def test_without_settings_the_choice_is_not_stored(gl, qtbot, tmp_path, english_after):
    win = make_window(qtbot, persist=False)
    new = win.set_language("ja")
    qtbot.addWidget(new)
    assert current_language() == "ja" and new.persist is False
    assert not (tmp_path / "settings.ini").exists() or stored_language(tmp_path) is None


def test_the_language_menu_item_switches(gl, qtbot, english_after):
    win = make_window(qtbot)
    replaced = []
    win.replaced.connect(replaced.append)
    win.language_actions["ja"].trigger()
    assert len(replaced) == 1
    new = replaced[0]
    qtbot.addWidget(new)
    assert new.windowTitle().startswith("gradscape — 最適化手法")


def test_an_open_network_window_is_made_again_with_its_choices(gl, qtbot, english_after):
    from gradscape.app.windows.network_window import open_network_window

    win = make_window(qtbot)
    net = open_network_window(win)
    net.panel.state.set_dataset("sine")
    net.panel.state.set_epochs(7)
    new = win.set_language("ja")
    qtbot.addWidget(new)
    made = new.network_window
    assert made is not None and made is not net and made.isVisible()
    assert made.parent() is new
    assert made.panel.state.dataset == "sine" and made.panel.state.epochs == 7
    assert new.landscape_opener.window is new  # its landscapes open in the new window


def test_slot_errors_are_reported_in_the_window_now_shown(gl, qtbot, monkeypatch, english_after):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    win = make_window(qtbot)
    install_error_report(win)
    new = win.set_language("ja")
    qtbot.addWidget(new)
    try:
        raise ValueError("boom")
    except ValueError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    assert new.statusBar().currentMessage() == "内部エラー: ValueError: boom"
