"""The views show draw data prepared off the GUI thread, and never write the state."""

from __future__ import annotations

import threading

import numpy as np
import pytest
from PyQt6.QtWidgets import QApplication

import gradscape.app.model.draw as draw_module
import gradscape.app.model.results as results
from gradscape.app.model.arrays import HEIGHT, HeightScale
from gradscape.app.model.compute import ComputeController, colormap, compute_result
from gradscape.app.model.draw import ViewSettings, curve_y
from gradscape.app.model.state import AppState
from gradscape.app.views.factory import make_view


@pytest.fixture
def scene(gl, qtbot):
    """A computed state with an asynchronous controller (as the window has) and all views."""
    st = AppState()
    st.grid = 30
    st.steps = 40
    ctl = ComputeController(st)
    views = {kind: make_view(kind, st) for kind in ("3d", "contour", "loss")}
    for v in views.values():
        qtbot.addWidget(v)
        v.resize(320, 240)
    ctl.request()
    qtbot.waitUntil(ctl.is_current, timeout=15000)
    yield st, ctl, views
    ctl.shutdown()


@pytest.fixture
def threads(monkeypatch):
    """The thread of every call of the draw step and of its heavy parts, from now on."""
    seen: dict[str, list[int]] = {"draw_data": [], "isolines": [], "height_normals": []}

    def recorded(name, real):
        def wrapper(*args, **kwargs):
            seen[name].append(threading.get_ident())
            return real(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(results, "draw_data", recorded("draw_data", results.draw_data))
    for name in ("isolines", "height_normals"):
        monkeypatch.setattr(draw_module, name, recorded(name, getattr(draw_module, name)))
    return seen


def shown_colours(view3d) -> np.ndarray:
    return np.asarray(view3d.surface._colors)


@pytest.mark.gl
def test_a_colormap_change_is_prepared_in_a_worker_and_then_shown(scene, threads, qtbot):
    st, ctl, views = scene
    v3, contour = views["3d"], views["contour"]
    before = shown_colours(v3).copy()
    st.colormap = "inferno"
    # the setter returned: nothing was recomputed or redrawn on the GUI thread yet
    np.testing.assert_array_equal(shown_colours(v3), before)
    assert not ctl.is_current()
    qtbot.waitUntil(ctl.is_current, timeout=15000)
    gui = threading.main_thread().ident
    assert len(threads["draw_data"]) == 1 and threads["draw_data"][0] != gui
    assert threads["isolines"] and gui not in threads["isolines"]
    assert threads["height_normals"] and gui not in threads["height_normals"]
    # the views now show the new colormap at the normalised heights
    g3, g2 = st.result.grid3d, st.result.grid2d
    u3 = HeightScale.fit(g3.z, "linear").unit(g3.z)
    np.testing.assert_array_equal(
        shown_colours(v3), colormap("inferno").map(u3.ravel()).astype(np.float32)
    )
    u2 = HeightScale.fit(g2.z, "linear").unit(g2.z)
    np.testing.assert_array_equal(contour.image.image, colormap("inferno").image(u2))
    lut, _, _ = v3.overlay.colorbar
    np.testing.assert_array_equal(lut, colormap("inferno").table(64))


@pytest.mark.gl
def test_height_mode_and_log_loss_changes_are_prepared_in_a_worker(scene, threads, qtbot):
    st, ctl, views = scene
    st.height_mode = "log"
    qtbot.waitUntil(ctl.is_current, timeout=15000)
    st.log_loss = True
    qtbot.waitUntil(ctl.is_current, timeout=15000)
    gui = threading.main_thread().ident
    assert len(threads["draw_data"]) == 2 and gui not in threads["draw_data"]
    g = st.result.grid3d
    lo, hi = g.z.min(), g.z.max()
    floor = 1e-3 * (hi - lo)
    f = lambda v: np.log10(v - lo + floor)  # noqa: E731
    np.testing.assert_allclose(
        views["3d"].surface._z, (f(g.z) - f(lo)) / (f(hi) - f(lo)) * HEIGHT, atol=1e-6
    )
    assert views["3d"].overlay.colorbar[2] == "loss (log)"
    traj = st.result.trajectories[0]
    _, y = views["loss"].curves[0].getData()
    pos = traj.loss[traj.loss > 0]
    np.testing.assert_allclose(y, np.log10(np.maximum(traj.loss, pos.min() * 1e-3)))


@pytest.mark.gl
def test_settings_changed_during_a_computation_are_drawn_with_its_result(scene, qtbot):
    st, ctl, views = scene
    st.steps = 55  # a new computation, prepared for the settings of its request …
    ctl.request()
    st.colormap = "plasma"  # … which then change before it arrives
    st.height_mode = "clip"
    qtbot.waitUntil(ctl.is_current, timeout=15000)
    assert st.result.scene.steps == 55
    assert st.result.draw.settings == ViewSettings("clip", "plasma", False)
    g = st.result.grid3d
    u = HeightScale.fit(g.z, "clip").unit(g.z)
    np.testing.assert_allclose(views["3d"].surface._z, u * HEIGHT, atol=1e-6)
    np.testing.assert_array_equal(
        shown_colours(views["3d"]), colormap("plasma").map(u.ravel()).astype(np.float32)
    )


def test_a_result_without_draw_data_gets_it_from_a_synchronous_controller(qapp):
    """As the CLI hands over its own computation: the renderer's controller prepares it."""
    st = AppState()
    st.grid = 20
    st.steps = 10
    st.colormap = "cividis"
    st.log_loss = True
    st.set_result(compute_result(st.scene, colors=st.run_colors))
    assert st.result.draw is None
    loss = make_view("loss", st)
    drawn: list = []
    st.drawChanged.connect(drawn.append)
    ComputeController(st, synchronous=True)
    assert len(drawn) == 1 and st.result.draw is drawn[0]
    assert drawn[0].settings == ViewSettings("linear", "cividis", True)
    _, y = loss.curves[0].getData()
    np.testing.assert_allclose(y, curve_y(st.result.trajectories[0].loss, True))
    loss.close()


def test_dragging_the_loss_cursor_asks_for_a_step_and_writes_no_state(qapp, qtbot):
    st = AppState()
    st.steps = 10
    ComputeController(st, synchronous=True).request()
    view = make_view("loss", st)
    qtbot.addWidget(view)
    picked: list[int] = []
    view.stepPicked.connect(picked.append)
    view.cursor.setValue(6.4)  # what a drag does
    QApplication.processEvents()
    assert picked == [6]
    assert st.step == 0  # the window (or a control) decides; the view only asks
    st.step = 3  # and the cursor follows the state without asking back
    assert view.cursor.value() == 3 and picked == [6]
