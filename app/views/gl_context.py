"""The process's QApplication, made so that every GL view shares one context group.

The window's 3D view, the exporter's offscreen views and the tests' windows all use
pyqtgraph GL items whose programs and buffers are cached at class level: they stay valid
in every view only when all GL contexts share.  Qt accepts that attribute only before the
application object exists, so every entry point makes its application here.
"""

from __future__ import annotations

from PyQt6.QtCore import QCoreApplication, Qt
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
