"""The sharpness plot alone: it follows a training controller and draws exactly the tracker's
record, with the stability limit 2/η as a horizontal line at that height."""

from __future__ import annotations

import numpy as np
import pytest
from network_reference import choose
from PyQt6.QtWidgets import QApplication

from gradscape.app.export.capture import grab, image_to_array
from gradscape.app.model.training import NetworkState
from gradscape.app.model.training_job import TrainingController
from gradscape.app.views.sharpness_plot import SharpnessView

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def training(qtbot):
    t = TrainingController(NetworkState())
    yield t
    t.shutdown()


def test_draws_the_record_and_the_limit(qtbot, training):
    view = SharpnessView(training)
    view.resize(500, 360)
    qtbot.addWidget(view)
    assert view.isHidden()  # not tracked: no plot
    choose(training.state, "moons", "sgd", 0.5, (4,), epochs=3, batch=24, seed=0)
    training.state.set_sharpness_every(5)
    view.show()
    qtbot.waitExposed(view)
    blank = image_to_array(grab(view)).astype(np.int16)
    with qtbot.waitSignal(training.finished, timeout=30000):
        training.train()
    QApplication.processEvents()
    record = training.outcomes[0].sharpness
    x, y = view.values[0].getData()  # (a log axis: the view's coordinates are log10)
    np.testing.assert_array_equal(x, [0, 5, 10, 15, 20, 25, 30])
    np.testing.assert_allclose(10**y, record.values, rtol=1e-12)
    assert view.limits[0].isVisible() and view.limits[0].value() == pytest.approx(np.log10(4))
    low, high = view.getPlotItem().viewRange()[1]
    assert low <= np.log10(min(record.values)) and high >= np.log10(4.0)  # all in view
    x, y = view.preconditioned[0].getData()
    assert x is None or len(x) == 0  # SGD has no preconditioner
    drawn = image_to_array(grab(view)).astype(np.int16)
    assert np.abs(drawn - blank).mean() > 1


def test_adam_draws_the_preconditioned_series_against_its_limit(qtbot, training):
    view = SharpnessView(training)
    qtbot.addWidget(view)
    choose(training.state, "moons", "adam", 0.01, (4,), epochs=2, batch=24, seed=0)
    training.state.set_sharpness_every(10)
    assert not view.isHidden()  # tracking switched on: the plot appears
    with qtbot.waitSignal(training.finished, timeout=30000):
        training.train()
    QApplication.processEvents()
    record = training.sharpness[0]
    x, y = view.preconditioned[0].getData()
    np.testing.assert_array_equal(x, [0, 10, 20])
    np.testing.assert_allclose(10 ** y[1:], record.preconditioned[1:], rtol=1e-12)
    assert np.isnan(y[0])
    assert view.limits[0].value() == pytest.approx(np.log10(3.8 / 0.1 / 0.01))
    # both the curves and Adam's limit 3800 are in view, on the log axis
    low, high = view.getPlotItem().viewRange()[1]
    assert low <= np.log10(np.nanmin(record.values)) and high >= np.log10(3800)
