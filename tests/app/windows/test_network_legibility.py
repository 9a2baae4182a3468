"""The Network window read as a learner reads it: legends off the curves, each compared run's
decision regions side by side, a dataset switch clearing what no longer applies.

(No text cut at the window's default and minimum sizes, in English and Japanese:
tests/app/i18n/test_network_text_fits.py.)  Every reference is computed by the core alone
(``core.datasets`` with the data seed 0 the window documents, ``Network.from_sizes`` and ``fit``
in tests/app/network_reference.py).
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from network_reference import reference
from PyQt6.QtCore import QPointF, Qt
from PyQt6.QtWidgets import QApplication
from test_network_window import configure, pick, train, type_into

from gradscape.app.windows.network_window import NetworkPanel
from gradscape.core import datasets

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

RUNS = (("sgd", 0.1), ("adam", 0.01))


@pytest.fixture
def panel(qtbot):
    p = NetworkPanel()
    p.resize(1100, 760)
    qtbot.addWidget(p)
    p.show()
    qtbot.waitExposed(p)
    yield p
    p.shutdown()


def train_two(qtbot, p, epochs=6) -> None:
    """SGD η=0.1 and Adam η=0.01 compared on the spirals, hidden layer of 8, seed 5."""
    configure(qtbot, p, "spirals", "sgd", "0.1", "8", epochs=epochs, batch=32, seed=5)
    qtbot.mouseClick(p.add_btn, Qt.MouseButton.LeftButton)
    pick(p.opt_combo, "adam")
    type_into(qtbot, p.eta_field, "0.01")
    qtbot.mouseClick(p.add_btn, Qt.MouseButton.LeftButton)
    train(qtbot, p)
    for _ in range(5):
        QApplication.processEvents()


def curve_points_in_scene(item) -> list[QPointF]:
    """Every drawn point of a PlotDataItem, where it lands in the scene (log axes included:
    the curve item holds the coordinates as drawn)."""
    xs, ys = item.curve.getData()
    return [item.curve.mapToScene(QPointF(float(x), float(y)))
            for x, y in zip(xs, ys, strict=True) if np.isfinite(x) and np.isfinite(y)]  # fmt: skip


@pytest.mark.parametrize("log", [False, True])
def test_curve_legends_cover_no_curve_point(qtbot, panel, log):
    if panel.log_check.isChecked() != log:
        qtbot.mouseClick(panel.log_check, Qt.MouseButton.LeftButton)
    train_two(qtbot, panel)
    for view in (panel.loss_view, panel.acc_view):
        plot = view.getPlotItem()
        legend = view.legend.sceneBoundingRect()
        assert view.legend.isVisible() and legend.width() > 20 and legend.height() > 20
        texts = [label.text for _, label in view.legend.items]
        assert texts[-2:] == ["train", "validation"]
        # Outside the plot area altogether: no curve, whatever its course, can pass under it.
        assert not legend.intersects(plot.vb.sceneBoundingRect()), (view.key, legend)
        # And none of the 2 runs × (train, validation) curves' points is under it.
        items = view.train + view.val
        assert len(items) == 4
        points = [pt for item in items for pt in curve_points_in_scene(item)]
        assert len(points) == 4 * 6
        inside = [pt for pt in points if legend.contains(pt)]
        assert inside == [], (view.key, inside[:3])
        # The legend is drawn where it says it is: its pixels are not the plot's background.
        image = view.grab().toImage()
        r = view.mapFromScene(legend).boundingRect().intersected(view.rect())
        ink = [
            image.pixelColor(x, y).lightness() < 200
            for x in range(r.left(), r.right(), 2)
            for y in range(r.top(), r.bottom(), 2)
        ]
        assert any(ink), view.key


def test_each_compared_run_has_its_own_decision_regions(qtbot, panel):
    train_two(qtbot, panel)
    view = panel.regions_view
    assert view.isVisible()
    assert [p.title.text() for p in view.panels] == ["SGD η=0.1", "Adam η=0.01"]
    data = datasets.spirals(300, 3, 0.2, 0)
    # Side by side: one row, left to right in the comparison's order.
    a, b = (p.mapTo(view, p.rect().topLeft()) for p in view.panels)
    assert a.y() == b.y() and a.x() + view.panels[0].width() <= b.x()
    maps = []
    for panel_i, (opt, eta) in zip(view.panels, RUNS, strict=True):
        net, _ = reference(data, [2, 8, 3], "classes", opt, {"eta": eta}, 6, 32, 5)
        image = panel_i.image
        nx, ny = panel_i.classes.shape
        # The cell centres where the image is drawn, from the image item's own placement.
        rect = image.mapRectToParent(image.boundingRect())
        xs = rect.left() + (np.arange(nx) + 0.5) * rect.width() / nx
        ys = rect.top() + (np.arange(ny) + 0.5) * rect.height() / ny
        gx, gy = np.meshgrid(xs, ys, indexing="ij")
        expected = net.predict(np.stack([gx.ravel(), gy.ravel()], axis=1)).reshape(nx, ny)
        np.testing.assert_array_equal(panel_i.classes, expected)
        # The regions cover the data: every training point lies inside the drawn image.
        assert rect.left() < data.x_train[:, 0].min() and data.x_train[:, 0].max() < rect.right()
        assert rect.top() < data.x_train[:, 1].min() and data.x_train[:, 1].max() < rect.bottom()
        # The image holds the class colours of the data view (its last run's map).
        np.testing.assert_array_equal(image.image, panel_i.map_rgba)
        maps.append(panel_i.map_rgba)
        # Same axes: the panel shows the whole map, as the data view does.
        (x0, x1), (y0, y1) = panel_i.plot.vb.viewRange()
        assert x0 <= rect.left() and rect.right() <= x1
        assert y0 <= rect.top() and rect.bottom() <= y1
    np.testing.assert_array_equal(maps[-1], panel.data_view.map_rgba)
    assert not np.array_equal(view.panels[0].classes, view.panels[1].classes)


def test_training_again_keeps_the_run_panels_in_place_and_redraws_them(qtbot, panel):
    """Train again with the same runs: the panels keep their cells and sizes — no relayout of
    the window, whose plots each repainted two or three times (the GUI monkey's longest
    turn) — and show the new training's maps; a third run joins the row."""
    from PyQt6.QtCore import QEvent, QObject

    train_two(qtbot, panel, epochs=3)
    view = panel.regions_view
    first = list(view.panels)
    places = [(p.mapTo(view, p.rect().topLeft()), p.size()) for p in first]

    class Resizes(QObject):
        seen: list = []

        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Resize:
                Resizes.seen.append(obj)
            return False

    counter = Resizes()
    for p in first:
        p.plot_widget.installEventFilter(counter)
    type_into(qtbot, panel.epochs_field, "4")  # (a new training: other maps)
    old = [p.classes.copy() for p in first]
    train(qtbot, panel)
    QApplication.processEvents()
    assert view.panels == first
    assert [(p.mapTo(view, p.rect().topLeft()), p.size()) for p in first] == places
    assert Resizes.seen == []
    assert [p.title.text() for p in view.panels] == ["SGD η=0.1", "Adam η=0.01"]
    data = datasets.spirals(300, 3, 0.2, 0)
    for p, (opt, eta) in zip(view.panels, RUNS, strict=True):
        net, _ = reference(data, [2, 8, 3], "classes", opt, {"eta": eta}, 4, 32, 5)
        nx, ny = p.classes.shape
        image = p.image
        rect = image.mapRectToParent(image.boundingRect())
        gx, gy = np.meshgrid(rect.left() + (np.arange(nx) + 0.5) * rect.width() / nx,
                             rect.top() + (np.arange(ny) + 0.5) * rect.height() / ny,
                             indexing="ij")  # fmt: skip
        expected = net.predict(np.stack([gx.ravel(), gy.ravel()], axis=1)).reshape(nx, ny)
        np.testing.assert_array_equal(p.classes, expected)
    assert any(not np.array_equal(a, p.classes) for a, p in zip(old, view.panels, strict=True))
    # a third run: three panels in one row, the first two where they were
    pick(panel.opt_combo, "msgd")
    type_into(qtbot, panel.eta_field, "0.05")
    qtbot.mouseClick(panel.add_btn, Qt.MouseButton.LeftButton)
    train(qtbot, panel)
    QApplication.processEvents()
    assert len(view.panels) == 3 and view.panels[:2] == first
    tops = [p.mapTo(view, p.rect().topLeft()) for p in view.panels]
    assert tops[0].y() == tops[1].y() == tops[2].y()
    assert tops[0].x() < tops[1].x() < tops[2].x()
    assert all(p.isVisible() and p.classes is not None for p in view.panels)


def test_one_run_shows_no_side_by_side_regions(qtbot, panel):
    configure(qtbot, panel, "spirals", "adam", "0.01", "8", epochs=3, batch=32, seed=5)
    train(qtbot, panel)
    assert not panel.regions_view.isVisible() and panel.regions_view.panels == []


def test_a_dataset_switch_clears_the_old_curves_and_maps(qtbot, panel):
    panel.sharpness_check.setChecked(True)  # λmax every 20 steps: its curves clear too
    train_two(qtbot, panel)
    assert len(panel.loss_view.train) == 2 and len(panel.sharpness_view.values) == 2
    assert panel.data_view.map_rgba is not None
    pick(panel.dataset_combo, "moons")  # generated at once: shown at once
    for view in (panel.loss_view, panel.acc_view):
        plot = view.getPlotItem()
        drawn = [it for it in plot.listDataItems() if it.xData is not None and len(it.xData)]
        assert drawn == [], view.key
        assert view.train == [] and view.val == [] and view.legend.items == []
    assert panel.sharpness_view.values == []
    # The data view shows the new data alone: no region map of the old network.
    assert panel.data_view.map_rgba is None and panel.data_view.image.image is None
    moons = datasets.moons(300, 0.1, 0)
    shown = np.concatenate([np.stack(item.getData(), axis=1) for item in panel.data_view.points])
    expected = np.concatenate([moons.x_train, moons.x_test])
    np.testing.assert_array_equal(np.sort(shown, axis=0), np.sort(expected, axis=0))
    assert not panel.regions_view.isVisible() and panel.regions_view.panels == []
    # Back to the spirals: the old runs do not come back either.
    pick(panel.dataset_combo, "spirals")
    assert panel.loss_view.train == [] and panel.regions_view.panels == []


def test_emptied_curves_forget_the_old_range(qtbot, panel):
    """A diverged run leaves a range up to 1e308; emptied by a dataset switch, the plot must
    not keep it: toggled to log scale, those numbers would become exponents (overflow)."""
    configure(qtbot, panel, "spirals", "adam", "0.01", "8", epochs=2, batch=32, seed=5)
    train(qtbot, panel)
    panel.loss_view.getPlotItem().setYRange(0, 1e308, padding=0)  # as a diverged run left it
    pick(panel.dataset_combo, "moons")
    (_, _), (y0, y1) = panel.loss_view.getPlotItem().vb.viewRange()
    assert (y0, y1) == (0, 1)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        qtbot.mouseClick(panel.log_check, Qt.MouseButton.LeftButton)
        assert panel.state.log_loss
        image = panel.loss_view.grab().toImage()  # draws the log axis' ticks
    assert not image.isNull()
