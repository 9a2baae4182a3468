"""Recorded paths in the views: drawn and played back beside the runs, named in the legend,
and listed by the equations panel with their plane and true losses."""

from __future__ import annotations

import numpy as np
import pytest
from PyQt6.QtCore import Qt

from gradscape.app.model.compute import ComputeController
from gradscape.app.model.state import AppState
from gradscape.app.views.equations import EquationsPanel
from gradscape.app.views.factory import make_view
from gradscape.core.scene import Scene

POINTS = [[-7.0, 2.0], [-6.0, 1.0], [-4.0, 0.5], [-2.0, 0.2], [-1.0, 0.0]]
TRUE = [3.0, 2.5, 1.5, 0.75, 0.5]


def bowl(p):
    p = np.asarray(p)
    return p[:, 0] ** 2 / 20 + p[:, 1] ** 2


@pytest.fixture
def shown(gl, qtbot):
    scene = Scene(
        surface="quadratic",
        surface_params={"resolution": 30},
        optimizers=[("sgd", {"eta": 0.5})],
        steps=8,
        paths=[{"name": "training", "points": POINTS, "loss": bowl(POINTS).tolist(),
                "true_loss": TRUE}],
    )  # fmt: skip
    st = AppState(scene=scene)
    ctl = ComputeController(st)
    views = {kind: make_view(kind, st) for kind in ("3d", "contour", "loss")}
    panel = EquationsPanel(st)
    for v in (*views.values(), panel):
        qtbot.addWidget(v)
        v.resize(360, 260)
    ctl.request()
    qtbot.waitUntil(ctl.is_current, timeout=15000)
    yield st, views, panel
    ctl.shutdown()


@pytest.mark.gl
def test_a_recorded_path_is_played_back_beside_the_run(shown):
    st, views, _ = shown
    assert [t for t, _ in views["3d"].overlay.legend] == ["SGD η=0.5", "training"]
    st.step = 2
    contour = views["contour"].marker_positions()
    assert len(contour) == 2 and contour[1] == (-4.0, 0.5)
    # in 3D: the point (α, β, plane loss) in the display box
    want = views["3d"].data_to_display(-4.0, 0.5, float(bowl(POINTS)[2]))
    np.testing.assert_allclose(views["3d"].marker_positions()[1], want, rtol=1e-6)
    st.step = 8  # past the path's end: it stays at its last point
    assert views["contour"].marker_positions()[1] == (-1.0, 0.0)
    assert len(views["loss"]._losses) == 2
    np.testing.assert_allclose(views["loss"]._losses[1], bowl(POINTS))
    assert views["3d"].overlay.badge == ""  # a closed-form surface is no projection


@pytest.mark.gl
def test_the_equations_panel_lists_the_recorded_path_s_step_position_and_losses(shown):
    st, _, panel = shown
    st.step = 3
    (v,) = panel.recorded_values()
    assert v["name"] == "training" and v["step"] == 3
    assert v["position"] == (-2.0, 0.2)
    assert v["plane_loss"] == pytest.approx(4.0 / 20 + 0.04)
    assert v["true_loss"] == 0.75
    text = panel.toPlainText()
    assert "Recorded paths" in text and "true loss" in text and "0.75" in text
    assert "SGD" in text  # the run's equations are still there


@pytest.mark.gl
def test_the_loss_curve_draws_the_true_loss_dashed_beside_the_plane_s(shown):
    _, views, _ = shown
    loss = views["loss"]
    # the run has no true loss; the recorded path's is drawn, in its colour, dashed
    assert not loss.true_curves[0].isVisible()
    true = loss.true_curves[1]
    assert true.isVisible()
    x, y = true.getData()
    np.testing.assert_array_equal(x, np.arange(5))
    np.testing.assert_array_equal(y, TRUE)
    assert true.opts["pen"].style() == Qt.PenStyle.DashLine
    assert true.opts["pen"].color() == loss.curves[1].opts["pen"].color()
    # the y range holds both curves (the true loss reaches 3.0, the plane's 2.45)
    lo, hi = loss.getPlotItem().getViewBox().viewRange()[1]
    assert lo < 0.2 and hi > 3.0
