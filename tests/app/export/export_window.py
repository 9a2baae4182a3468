"""The window with File → Export installed, and waiting for an export (no tests here)."""

from __future__ import annotations

from typing import Any


def export_window(qtbot: Any, steps: int = 12) -> tuple[Any, Any]:
    """A synchronous main window of ``steps`` steps and its export controller."""
    from gradscape.app.export.controller import install_export_menu
    from gradscape.app.windows.main_window import MainWindow

    win = MainWindow(persist=False, synchronous=True)
    qtbot.addWidget(win)
    win.state.steps = steps
    return win, install_export_menu(win, window_factory=MainWindow.offscreen)


def finish(qtbot, runner, timeout: int = 30000) -> None:
    """Wait for the export to end (however it ends) and require that it succeeded.

    Waiting on ``runner.finished`` alone would miss an outcome emitted before the wait
    began and report a failed export as a bare timeout, hiding its message.
    """
    qtbot.waitUntil(lambda: runner.outcome is not None, timeout=timeout)
    assert runner.outcome == "finished", runner.message
