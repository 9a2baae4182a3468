"""View → "Basins of attraction…": one map per optimizer of the race, computed off the GUI
thread, equal to core.basins, drawn in the basins' colours (pixels), with progress and
cancel; the main window's menu action opens it."""

from __future__ import annotations

import numpy as np
import pytest
from PyQt6.QtWidgets import QApplication

from gradscape.app.export.capture import image_to_array
from gradscape.app.model.basins_colors import DIVERGED_RGB, minimum_colors
from gradscape.app.model.state import AppState
from gradscape.app.windows.basins_window import BasinsWindow
from gradscape.core.basins import basins
from gradscape.core.scene import Scene
from gradscape.core.surfaces import get_surface

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

RACE = [("adam", {"eta": 0.25}), ("rmsprop", {"eta": 0.05}), ("sgd", {"eta": 10.0})]


@pytest.fixture
def window(qtbot):
    st = AppState()
    st.scene = Scene(surface="himmelblau", optimizers=RACE, steps=50)
    win = BasinsWindow(st)
    qtbot.addWidget(win)
    win.grid_box.setValue(30)
    win.steps_box.setValue(300)
    win.resize(1200, 500)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.controller.shutdown()


def pixels(view) -> np.ndarray:
    return image_to_array(view.plot.grab().toImage())


def count(img: np.ndarray, rgb) -> int:
    return int((img == np.array(rgb, dtype=np.uint8)).all(axis=2).sum())


def test_one_map_per_run_equal_to_the_core_and_drawn_in_basin_colours(qtbot, window):
    with qtbot.waitSignal(window.controller.ready, timeout=60000):
        window.compute_button.click()
    QApplication.processEvents()
    assert len(window.views) == 3
    s = get_surface("himmelblau")
    for view, (name, hyper) in zip(window.views, RACE, strict=True):
        expected = basins(s, name, hyper, grid=30, steps=300, seed=window.state.seed)
        np.testing.assert_array_equal(view.basins.label, expected.label)
        np.testing.assert_array_equal(view.basins.final, expected.final)
    assert window.views[0].plot.plotItem.titleLabel.text.startswith("Adam")
    # pixels: Adam's map shows all four basin colours, the diverging SGD's is black
    adam = pixels(window.views[0])
    for c in minimum_colors(4):
        assert count(adam, c) > 500, c
    assert count(adam, (255, 255, 255)) > 20  # the minima's white discs (on a white frame)
    sgd = pixels(window.views[2])
    assert count(sgd, DIVERGED_RGB) > 0.3 * sgd.shape[0] * sgd.shape[1]
    assert all(count(sgd, c) == 0 for c in minimum_colors(4))
    assert "diverged:&nbsp;100.0&nbsp;%" in window.views[2].legend.text()
    legend = window.views[0].legend.text()
    assert all(f"color: rgb{tuple(int(v) for v in c)}" in legend for c in minimum_colors(4))
    assert window.status.text() == "3 maps done" and window.compute_button.isEnabled()


def test_progress_then_cancel_leaves_no_map(qtbot, window):
    window.grid_box.setValue(300)
    window.steps_box.setValue(20000)
    seen = []
    window.controller.progress.connect(seen.append)
    window.compute_button.click()
    assert window.cancel_button.isEnabled() and not window.compute_button.isEnabled()
    qtbot.waitUntil(lambda: len(seen) > 0, timeout=30000)
    assert 0 < seen[0] < 1
    with qtbot.waitSignal(window.controller.cancelled, timeout=5000):
        window.cancel_button.click()
    assert window.status.text() == "Cancelled"
    assert window.compute_button.isEnabled() and not window.cancel_button.isEnabled()
    assert all(v.basins is None for v in window.views)
    assert window.controller.runner.wait(30000)  # the job stops at its next report


def test_a_surface_without_isolated_minima_says_so(qtbot, window):
    window.state.scene = Scene(surface="neuron", optimizers=[("adam", {})], steps=50)
    window.grid_box.setValue(12)
    with qtbot.waitSignal(window.controller.ready, timeout=60000):
        window.compute_button.click()
    (view,) = window.views
    assert (view.basins.label == -2).all()
    assert "no isolated minimum" in window.status.text()


@pytest.mark.gl
def test_view_menu_opens_the_basins_window_for_the_race(gl, qtbot):
    from gradscape.app.windows.main_window import MainWindow

    st = AppState()
    st.scene = Scene(surface="sixhumpcamel", optimizers=[("adam", {"eta": 0.05})], steps=20)
    main = MainWindow(st)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    texts = [a.text() for a in main.view_menu.actions()]
    assert "&Basins of attraction…" in texts
    main.basins_action.trigger()
    win = main.basins_window
    assert win is not None and win.isVisible()
    with qtbot.waitSignal(win.controller.ready, timeout=120000):
        pass
    (view,) = win.views
    assert view.basins.surface == "sixhumpcamel" and len(view.basins.minima) >= 6
    img = pixels(view)
    assert sum(count(img, c) > 100 for c in minimum_colors(6)) >= 4
    win.close()


def test_the_views_are_made_one_per_turn_and_maps_ready_sooner_fill_them_all(qtbot, window):
    """Opening the window on a race makes its first map view at once and the others one per
    turn of the event loop (eight plots made together held the GUI thread ~0.25 s); maps
    that arrive before every view exists still reach every view."""
    from types import SimpleNamespace

    window.compute()
    assert len(window.views) == 1
    assert "computing" in window.views[0].plot.plotItem.titleLabel.text
    qtbot.waitUntil(lambda: len(window.views) == 3, timeout=5000)
    qtbot.waitUntil(lambda: all(v.basins is not None for v in window.views), timeout=60000)
    assert [v.plot.plotItem.titleLabel.text.split()[0] for v in window.views] == [
        "Adam", "RMSprop", "SGD"
    ]  # fmt: skip
    # a second window whose maps come at once: the views still missing are made then
    st = window.state
    other = BasinsWindow(st)
    qtbot.addWidget(other)
    other.compute()
    other.controller.shutdown()  # (its own job is not needed: the maps are handed over)
    assert len(other.views) == 1
    s = get_surface("himmelblau")
    maps = [
        SimpleNamespace(
            basins=basins(s, name, hyper, grid=12, steps=50, seed=st.seed), label=name,
            color="#336699",
        )
        for name, hyper in RACE
    ]
    other._ready(maps)
    assert len(other.views) == 3
    for view, m in zip(other.views, maps, strict=True):
        np.testing.assert_array_equal(view.basins.label, m.basins.label)
