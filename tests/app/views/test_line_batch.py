"""The 3D view's LineBatch draws the pixels pyqtgraph's line items draw, one set-up for all.

The fading tails and every overlay arrow kind went from one ``GLLinePlotItem`` each into
one batch.  Same program, same widths and colours, same order: the image must not change.
"""

from __future__ import annotations

import numpy as np
import pytest
from PyQt6.QtWidgets import QApplication

from gradscape.app.export.capture import image_to_array
from gradscape.app.views.gl_items import ON_TOP, LineBatch, LineSet
from gradscape.app.views.opengl import gl as pggl

pytestmark = pytest.mark.gl


def _sets(rng: np.random.Generator) -> list[tuple[float, np.ndarray, np.ndarray]]:
    """Three sets of segments: (width, pos, colour per vertex), crossing each other."""
    out = []
    for width, n in ((5.0, 20), (2.0, 6), (3.5, 12)):
        pos = rng.uniform(-0.9, 0.9, (n, 3)).astype(np.float32)
        pos[:, 2] = rng.uniform(0.0, 0.5, n)
        color = rng.uniform(0.0, 1.0, (n, 4)).astype(np.float32)
        color[:, 3] = rng.uniform(0.3, 1.0, n)
        out.append((width, pos, color))
    return out


def _view(qtbot) -> pggl.GLViewWidget:
    v = pggl.GLViewWidget()
    v.setBackgroundColor((247, 248, 250))
    v.setCameraPosition(distance=3.2, elevation=35, azimuth=-60)
    v.resize(240, 180)
    qtbot.addWidget(v)
    v.show()
    qtbot.waitExposed(v)
    return v


def _image(v) -> np.ndarray:
    QApplication.processEvents()
    return image_to_array(v.grabFramebuffer()).astype(np.int16)


def test_a_batch_draws_what_pyqtgraphs_line_items_draw(gl, qtbot):
    sets = _sets(np.random.default_rng(3))
    v = _view(qtbot)
    items = []
    for width, pos, color in sets:
        item = pggl.GLLinePlotItem(
            mode="lines", pos=pos, color=color, width=width, antialias=True, glOptions=ON_TOP
        )
        v.addItem(item)
        items.append(item)
    reference = _image(v)
    for item in items:
        v.removeItem(item)
    blank = _image(v)
    batch_sets = [LineSet(width) for width, _, _ in sets]
    batch = LineBatch(batch_sets, glOptions=ON_TOP)
    v.addItem(batch)
    for s, (_, pos, color) in zip(batch_sets, sets, strict=True):
        s.setData(pos=pos, color=color)
    drawn = _image(v)
    assert (np.abs(reference - blank).max(axis=2) > 40).sum() > 500  # the lines are there
    np.testing.assert_array_equal(drawn, reference)
    assert batch.uploads == 1  # one upload for the three sets


def test_a_hidden_or_empty_set_is_left_out_and_a_frame_uploads_only_a_change(gl, qtbot):
    sets = _sets(np.random.default_rng(8))
    v = _view(qtbot)
    first, second, third = (LineSet(width) for width, _, _ in sets)
    batch = LineBatch([first, second, third], glOptions=ON_TOP)
    v.addItem(batch)
    for s, (_, pos, color) in zip((first, second, third), sets, strict=True):
        s.setData(pos=pos, color=color)
    _image(v)
    uploads = batch.uploads
    v.update()
    _image(v)
    assert batch.uploads == uploads  # a repaint with nothing changed sends nothing
    # the second set hidden: the image is that of the first and third alone
    second.setVisible(False)
    without = _image(v)
    assert batch.uploads == uploads + 1
    ref_view = _view(qtbot)
    for width, pos, color in (sets[0], sets[2]):
        ref_view.addItem(
            pggl.GLLinePlotItem(
                mode="lines", pos=pos, color=color, width=width, antialias=True, glOptions=ON_TOP
            )
        )
    np.testing.assert_array_equal(without, _image(ref_view))
    # a set whose colours do not match its vertices (being changed) is not drawn
    second.setVisible(True)
    second.setData(pos=np.zeros((4, 3), np.float32))
    assert not second.drawn()
    np.testing.assert_array_equal(_image(v), without)
    # nothing to draw: the view shows its background
    for s in (first, second, third):
        s.setVisible(False)
    empty = _image(v)
    assert (np.abs(empty - empty[0, 0]).max(axis=2) == 0).all()
