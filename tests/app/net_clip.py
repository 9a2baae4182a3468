"""Which texts of a window are cut: the Network window's legibility tests' measure.

A text is cut when the room its widget has — the widget's own box, narrowed by every ancestor
that clips it (a scroll area's viewport) — is narrower than the text as the widget's font
draws it: a label's lines (or, word-wrapped, the height its text needs at that width), a button's
or check box's text with its decoration (the widget's size hint), a combo box's current entry in
its edit field.  In the plots, an axis label or a legend entry is cut when it leaves its view.
"""

from __future__ import annotations

import pyqtgraph as pg
from PyQt6.QtCore import QPoint, QRect, Qt
from PyQt6.QtWidgets import (
    QAbstractScrollArea,
    QCheckBox,
    QComboBox,
    QLabel,
    QPushButton,
    QStyle,
    QStyleOptionComboBox,
    QWidget,
)


def visible_width(w: QWidget, root: QWidget) -> int:
    """The width of ``w`` left after its ancestors (up to ``root``) clip it."""
    rect = QRect(w.mapTo(root, QPoint(0, 0)), w.size())
    p = w.parentWidget()
    while p is not None and p is not root:
        rect = rect.intersected(QRect(p.mapTo(root, QPoint(0, 0)), p.size()))
        p = p.parentWidget()
    return rect.intersected(root.rect()).width()


def shown(w: QWidget, root: QWidget) -> bool:
    if not w.isVisibleTo(root) or w.width() <= 0:
        return False
    # Inside a scroll area's viewport, only what is scrolled into view (vertically).
    p = w.parentWidget()
    while p is not None and p is not root:
        if isinstance(p, QAbstractScrollArea):
            vp = p.viewport()
            top = w.mapTo(vp, QPoint(0, 0)).y()
            if top + w.height() <= 0 or top >= vp.height():
                return False
        p = p.parentWidget()
    return True


def cut_widgets(root: QWidget) -> list[str]:
    """Every shown label, button, check box and combo box of ``root`` whose text is cut."""
    bad = []
    for w in root.findChildren(QWidget):
        if not isinstance(w, (QLabel, QPushButton, QCheckBox, QComboBox)) or not shown(w, root):
            continue
        room = min(w.width(), visible_width(w, root))
        fm = w.fontMetrics()
        if isinstance(w, QLabel):
            text = w.text()
            if not text or Qt.mightBeRichText(text):
                continue
            margin = w.width() - w.contentsRect().width()
            if w.wordWrap():
                need_h = w.heightForWidth(room - margin if room < w.width() else w.width())
                if need_h > w.contentsRect().height() + 1 or room < min(w.width(), 20):
                    bad.append(f"label {text!r}: needs {need_h} px high, has {w.height()}")
                continue
            need = max(fm.horizontalAdvance(line) for line in text.split("\n")) + margin
            text_room = room
        elif isinstance(w, QComboBox):
            text = w.currentText()
            opt = QStyleOptionComboBox()
            w.initStyleOption(opt)
            field = w.style().subControlRect(
                QStyle.ComplexControl.CC_ComboBox, opt, QStyle.SubControl.SC_ComboBoxEditField, w
            )
            need = fm.horizontalAdvance(text)
            text_room = field.width() - (w.width() - room)
        else:
            text = w.text().replace("&", "")
            need = w.sizeHint().width()
            text_room = room
        if need > text_room:
            bad.append(f"{type(w).__name__} {text!r}: needs {need} px, has {text_room}")
    return bad


def cut_plot_texts(root: QWidget) -> list[str]:
    """Every axis label and legend entry of ``root``'s plots that leaves its plot's view."""
    bad = []
    for view in root.findChildren(pg.GraphicsView):
        if not shown(view, root):
            continue
        area = view.viewport().rect()
        for item in view.scene().items():
            if isinstance(item, pg.AxisItem) and item.isVisible() and item.label.isVisible():
                texts = [(item.label, item.labelString())]
            elif isinstance(item, pg.LegendItem) and item.isVisible():
                texts = [(label.item, label.text) for _, label in item.items]
            else:
                continue
            for gi, text in texts:
                if not text.strip() or not gi.isVisible():
                    continue
                rect = gi.boundingRect()
                if hasattr(gi, "document"):  # the text, not the document's blank margin
                    m = gi.document().documentMargin()
                    rect = rect.adjusted(m, m, -m, -m)
                r = view.mapFromScene(gi.mapToScene(rect)).boundingRect()
                if not area.adjusted(-1, -1, 1, 1).contains(r):
                    bad.append(f"plot text {text!r} at {r} outside {area}")
    return bad
