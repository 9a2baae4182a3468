"""The main window's size: fitted to the screen it opens on.

A fixed size (the window once opened at 1440 × 900 everywhere) puts the playback bar off a
1280 × 720 laptop screen.  The window takes the screen's available area (without panels
and docks) up to a comfortable size, keeps a margin for the window manager's frame, and a
geometry restored from the settings (saved on a larger screen, or a screen since unplugged)
is brought back inside it.
"""

from __future__ import annotations

from PyQt6.QtCore import QRect, QSize
from PyQt6.QtGui import QGuiApplication, QScreen
from PyQt6.QtWidgets import QWidget

#: the size the window opens at on a screen with room for it
PREFERRED = QSize(1440, 900)
#: kept free around the window: its title bar and borders, drawn by the window manager
FRAME_MARGIN = QSize(16, 40)


def fitted_size(available: QRect, preferred: QSize = PREFERRED) -> QSize:
    """The window's (client) size on a screen whose available area is ``available``: the
    preferred size, or as much of the area as the window manager's frame leaves."""
    room = available.size() - FRAME_MARGIN
    return QSize(
        max(1, min(preferred.width(), room.width())), max(1, min(preferred.height(), room.height()))
    )


def clamped(frame: QRect, available: QRect) -> QRect:
    """``frame`` (a window's frame geometry) moved, then shrunk, to lie inside ``available``."""
    w = min(frame.width(), available.width())
    h = min(frame.height(), available.height())
    x = min(max(frame.x(), available.x()), available.x() + available.width() - w)
    y = min(max(frame.y(), available.y()), available.y() + available.height() - h)
    return QRect(x, y, w, h)


def screen_of(window: QWidget) -> QScreen | None:
    return window.screen() or QGuiApplication.primaryScreen()


def fit_to_screen(window: QWidget) -> None:
    """Size ``window`` for its screen and centre it there."""
    screen = screen_of(window)
    if screen is None:
        return
    avail = screen.availableGeometry()
    size = fitted_size(avail)
    window.resize(size)
    x = avail.x() + (avail.width() - size.width()) // 2
    y = avail.y() + max(0, (avail.height() - size.height() - FRAME_MARGIN.height()) // 2)
    window.move(x, y)


def keep_on_screen(window: QWidget) -> None:
    """Bring a restored geometry inside the available area of the screen it is on: moved
    back when it hangs off an edge, shrunk when it is larger."""
    screen = screen_of(window)
    if screen is None:
        return
    avail = screen.availableGeometry()
    # The frame is known only once the window is shown: assume the margin until then.
    geo = window.geometry()
    frame = QRect(geo.x(), geo.y(), geo.width() + FRAME_MARGIN.width(),
                  geo.height() + FRAME_MARGIN.height())  # fmt: skip
    if avail.contains(frame):
        return
    inside = clamped(frame, avail)
    window.resize(inside.width() - FRAME_MARGIN.width(), inside.height() - FRAME_MARGIN.height())
    window.move(inside.x(), inside.y())
