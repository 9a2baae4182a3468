"""File → Examples opens each example from its first step, playing; the very first launch
opens the race where optimizers part and plays it; later launches restore what was left."""

from __future__ import annotations

import pytest

from gradscape.app.model.examples import EXAMPLES, FIRST_LAUNCH, example
from gradscape.app.windows.main_window import MainWindow


@pytest.fixture
def settings_file(tmp_path, monkeypatch):
    path = tmp_path / "settings.ini"
    monkeypatch.setenv("GRADSCAPE_SETTINGS", str(path))
    return path


def _menu_titles(win: MainWindow) -> list[str]:
    return [a.text() for a in win.examples_menu.actions()]


def test_the_menu_lists_every_example_and_opens_it(qtbot, settings_file):
    win = MainWindow(persist=False)
    qtbot.addWidget(win)
    assert _menu_titles(win) == [ex.title for ex in EXAMPLES]
    rosen = example("rosenbrock")
    win.examples_menu.actions()[[e.key for e in EXAMPLES].index("rosenbrock")].trigger()
    assert win.state.scene == rosen.build()
    qtbot.waitUntil(win.compute.is_current, timeout=20000)
    assert win.state.playing
    qtbot.waitUntil(lambda: win.state.step > 0, timeout=5000)  # it plays from the start
    assert win.state.step < win.state.steps
    assert win.statusBar().currentMessage() == rosen.about


def test_first_launch_plays_the_parting_race_then_restores(qtbot, settings_file):
    assert not settings_file.exists()
    first = MainWindow()
    qtbot.addWidget(first)
    assert first.first_launch
    assert first.state.scene == example(FIRST_LAUNCH).build()
    assert first.state.playing
    qtbot.waitUntil(first.compute.is_current, timeout=20000)
    first.state.playing = False
    first.state.surface = "beale"
    first.close()  # saves
    second = MainWindow()
    qtbot.addWidget(second)
    assert not second.first_launch
    assert second.state.surface == "beale" and not second.state.playing
    second.close()
