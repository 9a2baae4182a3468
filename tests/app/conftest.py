"""Qt fixtures: a probe for real OpenGL, which must not skip when REQUIRE_GL=1 (CI)."""

from __future__ import annotations

import gc
import os

import pytest

from gradscape.app.runtime import share_gl_contexts

# Before pytest-qt's qapp fixture makes the application: every GL view shares one context group.
share_gl_contexts()

_GL_STATE: dict[str, object] = {}


def _probe_gl() -> str | None:
    """Return None if a GL widget can render here, else the reason it cannot."""
    from PyQt6.QtGui import QGuiApplication, QOpenGLContext

    platform = QGuiApplication.platformName()
    if platform in ("offscreen", "minimal"):
        return f"Qt platform {platform!r} cannot render QOpenGLWidget (run under Xvfb + xcb)"
    ctx = QOpenGLContext()
    if not ctx.create():
        return "could not create an OpenGL context"
    return None


@pytest.fixture
def gl(qapp):
    """Require a working OpenGL context; skip on a developer box without one, fail in CI."""
    if "reason" not in _GL_STATE:
        _GL_STATE["reason"] = _probe_gl()
    reason = _GL_STATE["reason"]
    if reason is not None:
        if os.environ.get("REQUIRE_GL") == "1":
            pytest.fail(f"REQUIRE_GL=1 but OpenGL is unavailable: {reason}")
        pytest.skip(str(reason))
    return True


@pytest.fixture(autouse=True)
def _never_the_users_settings(tmp_path, monkeypatch):
    """Every app test reads and writes a settings file of its own, never the user's."""
    monkeypatch.setenv("GRADSCAPE_SETTINGS", str(tmp_path / "settings.ini"))


@pytest.fixture(autouse=True)
def _english_after_each_test():
    """Every test starts in English, whatever language a test before it installed."""
    yield
    from gradscape.app.runtime import current_language, install_language

    if current_language() != "en":
        from PyQt6.QtCore import QCoreApplication

        app = QCoreApplication.instance()
        if app is not None:
            install_language(app, "en")


_THRESHOLDS = gc.get_threshold()


@pytest.fixture(scope="session", autouse=True)
def _collect_garbage_on_the_gui_thread():
    """As the app does (app/runtime.py): no automatic collection, which a worker thread
    could run and so destroy a finished test's Qt objects outside the GUI thread."""
    gc.disable()
    yield
    gc.enable()


@pytest.fixture(autouse=True)
def _collect_after_each_test():
    yield
    from gradscape.app.runtime import collect_due

    collect_due(_THRESHOLDS)  # what automatic collection would do, here on the GUI thread


@pytest.fixture
def small_window(gl, qtbot):
    """The main window on a 40-point mesh (llvmpipe: each frame stays cheap), 1100×760, shown
    and computed; the Network window it may have opened is closed afterwards."""
    from gradscape.app.model.state import AppState
    from gradscape.app.windows.main_window import MainWindow

    state = AppState()
    state.grid = 40
    w = MainWindow(state, persist=False)
    w.resize(1100, 760)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    qtbot.waitUntil(w.compute.is_current, timeout=15000)
    yield w
    net = getattr(w, "network_window", None)
    if net is not None:
        net.close()


@pytest.fixture
def contour_of(qtbot):
    """``contour_of(state, (w, h))``: a contour map of ``state``'s race, shown at that size,
    computed, at its last step (its controller shut down after the test)."""
    from gradscape.app.model.compute import ComputeController
    from gradscape.app.views.factory import make_view

    controllers = []

    def make(state, size):
        ctl = ComputeController(state)
        controllers.append(ctl)
        view = make_view("contour", state)
        qtbot.addWidget(view)
        view.resize(*size)
        view.show()
        qtbot.waitExposed(view)
        ctl.request()
        qtbot.waitUntil(ctl.is_current, timeout=15000)
        state.step = state.steps
        qtbot.wait(50)
        return view

    yield make
    for ctl in controllers:
        ctl.shutdown()
