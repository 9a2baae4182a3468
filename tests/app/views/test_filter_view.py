"""The learned-filter view alone: it draws the grid the worker made, pixel for pixel."""

from __future__ import annotations

import numpy as np
import pytest
from PyQt6.QtCore import QPointF
from PyQt6.QtWidgets import QApplication

from gradscape.app.export.capture import image_to_array
from gradscape.app.model.training import NetworkState
from gradscape.app.model.training_job import TrainingController
from gradscape.app.model.training_run import ViewData, filter_mosaic
from gradscape.app.views.filter_view import FilterView

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def view(qtbot):
    training = TrainingController(NetworkState())
    v = FilterView(training)
    v.resize(420, 420)
    qtbot.addWidget(v)
    v.show()
    qtbot.waitExposed(v)
    yield v
    training.shutdown()


def checkerboard_filters() -> np.ndarray:
    """16 3×3 filters: black/white checkerboards, the odd ones inverted."""
    board = (np.indices((3, 3)).sum(axis=0) % 2).astype(np.float64)
    return np.stack([board if m % 2 == 0 else 1 - board for m in range(16)])


def test_the_view_draws_the_mosaic_it_is_given(view):
    images = checkerboard_filters()
    mosaic = filter_mosaic(images)
    assert mosaic.shape == (15, 15, 4)
    before = image_to_array(view.graphics.grab().toImage())
    view.show_view(ViewData("filters", filters=images, mosaic=mosaic), "Adam η=0.01")
    QApplication.processEvents()
    np.testing.assert_array_equal(view.image.image, mosaic)
    assert view.filters is images
    assert view.title.text().startswith("Learned filters — Adam η=0.01: 16 @ 3×3")
    after = image_to_array(view.graphics.grab().toImage())[..., :3].astype(np.int64)
    bg = np.array([0xD5, 0xDC, 0xE6])
    # before: the background only; after: not blank, black and white squares
    assert (np.abs(before[..., :3].astype(np.int64) - bg).max(axis=2) <= 1).all()
    grey = after.mean(axis=2)
    assert (grey < 20).mean() > 0.1 and (grey > 235).mean() > 0.1

    def pixel(x: float, y: float) -> np.ndarray:
        """The colour drawn at mosaic coordinates (x, y) (column, row)."""
        p = view.graphics.mapFromScene(view.box.mapViewToScene(QPointF(x, y)))
        return after[round(p.y()), round(p.x())]

    # filter 0 (top left) is a checkerboard with 0 at its corners and centre, filter 1
    # (to its right) the inverse; the gap row and column between cells is background
    np.testing.assert_array_equal(pixel(1.5, 1.5), [0, 0, 0])
    np.testing.assert_array_equal(pixel(0.5, 1.5), [255, 255, 255])
    np.testing.assert_array_equal(pixel(5.5, 1.5), [255, 255, 255])
    np.testing.assert_array_equal(pixel(7.5, 7.5), bg)
    np.testing.assert_array_equal(pixel(3.5, 1.5), bg)


def test_a_view_without_filters_changes_nothing_and_clear_empties(view):
    images = checkerboard_filters()
    view.show_view(ViewData("filters", filters=images, mosaic=filter_mosaic(images)))
    view.show_view(ViewData("digits"))  # a dense network's snapshot
    np.testing.assert_array_equal(view.image.image, filter_mosaic(images))
    view.clear()
    assert view.filters is None and view.image.image is None
