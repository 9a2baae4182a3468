"""The Qt process's set-up, shared by every entry point (window, export CLI, tests, benches).

- :func:`application`: the QApplication, made so that every GL view shares one context group.
  The window's 3D view, the exporter's offscreen views and the tests' windows all use
  pyqtgraph GL items whose programs and buffers are cached at class level: they stay valid
  in every view only when all GL contexts share.  Qt accepts that attribute only before the
  application object exists, so every entry point makes its application here.
- :func:`install`: Python's cyclic garbage collector, run on the GUI thread only.  The
  collector runs in whichever thread happens to allocate when a generation fills up.  The
  app's workers (trajectories, network training, export encoding) allocate a lot, so without
  this the collector would often run there, and a cycle it frees may hold the last reference
  to a Qt object (a closed dialog's plot items, say): that object is then destroyed outside
  the GUI thread, while the GUI thread may be using it — a crash.  So automatic collection is
  switched off and the GUI thread collects on a timer, by the same generation thresholds.

This module imports nothing of the app, so any part may use it.
"""

from __future__ import annotations

import gc

from PyQt6.QtCore import QCoreApplication, QObject, Qt, QTimer
from PyQt6.QtWidgets import QApplication


def share_gl_contexts() -> None:
    """Ask Qt to share GL contexts; a no-op once an application exists."""
    if QCoreApplication.instance() is None:
        QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)


def application(argv0: str = "losscape") -> QApplication:
    """The running QApplication, or a new one made with shared GL contexts."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    share_gl_contexts()
    return QApplication([argv0])




class GuiThreadCollector(QObject):
    """Disables automatic collection; collects from a timer on the thread that made it."""

    def __init__(self, interval_ms: int = 500, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.collect)
        self.timer.start()

    def collect(self) -> int:
        """Collect the generations whose counts passed their thresholds; objects freed."""
        return collect_due(self.thresholds)

    def stop(self) -> None:
        """Back to automatic collection (after one last collection here)."""
        self.timer.stop()
        gc.collect()
        gc.enable()


def collect_due(thresholds: tuple[int, ...]) -> int:
    """What automatic collection would do now: the oldest generation whose count (and every
    younger one's) passed its threshold; returns the objects freed."""
    counts = gc.get_count()
    generation = -1
    for g in range(3):
        if counts[g] > thresholds[g]:
            generation = g
        else:
            break
    return gc.collect(generation) if generation >= 0 else 0


_installed: GuiThreadCollector | None = None


def install(parent: QObject | None = None) -> GuiThreadCollector:
    """Start collecting on this (the GUI) thread only; once per process."""
    global _installed
    if _installed is None:
        _installed = GuiThreadCollector(parent=parent)
    return _installed
