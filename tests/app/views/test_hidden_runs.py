"""A hidden run stays in the race but is not drawn: its path leaves the contour map's
pixels, the 3D view and the loss curve, and comes back when shown."""

from __future__ import annotations

import numpy as np
import pytest

from gradscape.app.controls.optimizer_panel import OptimizerPanel
from gradscape.app.model.compute import ComputeController
from gradscape.app.model.state import AppState
from gradscape.app.views.factory import make_view
from gradscape.core.scene import Scene

RED = np.array([0xE6, 0x19, 0x4B])  # the first run's colour


@pytest.fixture
def shown(gl, qtbot):
    scene = Scene(
        surface="quadratic",
        surface_params={"resolution": 30},
        optimizers=[("sgd", {"eta": 0.1}), ("adam", {"eta": 0.3})],
        steps=40,
    )
    st = AppState(scene=scene)
    ctl = ComputeController(st)
    views = {kind: make_view(kind, st) for kind in ("3d", "contour", "loss")}
    panel = OptimizerPanel(st)
    for v in (*views.values(), panel):
        qtbot.addWidget(v)
    for v in views.values():
        v.resize(360, 260)
    views["contour"].show()
    ctl.request()
    qtbot.waitUntil(ctl.is_current, timeout=15000)
    st.step = 40
    yield st, views, panel
    ctl.shutdown()


def _red_pixels(widget, qtbot) -> int:
    qtbot.wait(50)  # let the layout settle (the legend, the axes) before grabbing
    img = widget.grab().toImage()
    w, h = img.width(), img.height()
    ptr = img.constBits()
    ptr.setsize(img.sizeInBytes())
    arr = np.frombuffer(ptr, np.uint8).reshape(h, img.bytesPerLine() // 4, 4)[:, :w]
    rgb = arr[..., [2, 1, 0]].astype(int)  # Format_(A)RGB32: B, G, R, A in memory
    return int((np.abs(rgb - RED).max(axis=-1) < 40).sum())


@pytest.mark.gl
def test_a_hidden_run_is_not_drawn_and_comes_back(shown, qtbot):
    st, views, panel = shown
    contour, loss, view3d = views["contour"], views["loss"], views["3d"]
    # (hiding and showing the other run redraws the map once: the baseline is a redrawn map)
    st.set_run_shown(1, False)
    assert _red_pixels(contour, qtbot) > 50 and not contour.lines[1].isVisible()
    st.set_run_shown(1, True)
    red_before = _red_pixels(contour, qtbot)
    assert red_before > 50  # the SGD path and its marker
    assert contour.lines[0].isVisible() and loss.curves[0].isVisible()
    assert view3d.lines[0].visible() and view3d.marker_shown(0)

    item = panel.runs.item(0)
    assert item.checkState().name == "Checked"
    item.setCheckState(item.checkState().Unchecked)  # the user unticks SGD
    assert st.hidden_runs == (0,)
    assert len(st.runs) == 2 and st.scene.optimizers[0][0] == "sgd"  # still racing
    assert not contour.lines[0].isVisible() and not contour.marker_shown(0)
    assert not loss.curves[0].isVisible() and not loss.dots[0].isVisible()
    assert not view3d.lines[0].visible() and not view3d.marker_shown(0)
    # the other run is drawn still
    assert contour.lines[1].isVisible() and loss.curves[1].isVisible()
    assert view3d.lines[1].visible()
    assert [t for t, _ in view3d.overlay.legend] == ["Adam η=0.3"]
    assert _red_pixels(contour, qtbot) < red_before / 10

    st.set_run_shown(0, True)
    assert item.checkState().name == "Checked"
    assert contour.lines[0].isVisible() and loss.curves[0].isVisible()
    assert view3d.lines[0].visible()
    assert _red_pixels(contour, qtbot) == red_before


def test_removing_a_run_moves_the_hidden_ones_with_it(qapp):
    scene = Scene(surface="quadratic", optimizers=[("sgd", {}), ("adam", {}), ("nag", {})])
    st = AppState(scene=scene)
    st.hidden_runs = [2]
    st.remove_run(0)
    assert [r.optimizer for r in st.runs] == ["adam", "nag"] and st.hidden_runs == (1,)
    st.remove_run(1)
    assert st.hidden_runs == ()
    with pytest.raises(ValueError, match="hidden_runs"):
        st.hidden_runs = [5]
