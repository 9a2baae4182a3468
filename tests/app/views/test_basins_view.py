"""BasinsView: each start's cell drawn in its label's colour at its (w, b), b upwards; the
minima's discs at the minima; the legend lists the basins' shares."""

from __future__ import annotations

import numpy as np
import pytest
from PyQt6.QtCore import QPointF
from PyQt6.QtWidgets import QApplication

from gradscape.app.export.capture import image_to_array
from gradscape.app.model.basins_colors import label_rgb
from gradscape.app.views.basins_view import BasinsView
from gradscape.core.basins import basins
from gradscape.core.surfaces import get_surface

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def test_cells_sit_at_their_starts_in_their_labels_colours(qtbot):
    m = basins(get_surface("himmelblau"), "adam", {"eta": 0.25}, grid=12, steps=300)
    v = BasinsView()
    qtbot.addWidget(v)
    v.resize(600, 640)
    v.set_map(m, "Adam η=0.25")
    v.show()
    qtbot.waitExposed(v)
    QApplication.processEvents()
    img = image_to_array(v.plot.grab().toImage())
    colours = label_rgb(m.label, len(m.minima))
    vb = v.plot.plotItem.vb
    checked = 0
    for i in range(12):
        for j in range(12):
            if np.hypot(*(np.array([m.w[j], m.b[i]]) - m.minima).T).min() < 0.6:
                continue  # under a minimum's disc
            # a quarter cell off the start, inside its cell
            p = v.plot.mapFromScene(vb.mapViewToScene(QPointF(m.w[j] + 0.2, m.b[i] + 0.2)))
            assert tuple(img[p.y(), p.x()]) == tuple(colours[i, j]), (i, j)
            checked += 1
    assert checked > 100
    # a disc's centre is white
    for x, y in m.minima:
        p = v.plot.mapFromScene(vb.mapViewToScene(QPointF(x, y)))
        assert tuple(img[p.y(), p.x()]) == (255, 255, 255)
    assert "%" in v.legend.text() and "(3,&nbsp;2)" in v.legend.text()
    v.clear_map("computing…")
    assert v.basins is None and v.legend.text() == ""
