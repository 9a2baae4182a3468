"""The Qt process's set-up, shared by every entry point (window, export CLI, tests, benches).

- :func:`application`: the QApplication, made so that every GL view shares one context group,
  with the application icon (``resources/gradscape.svg``) that every window shows.
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
- :func:`translate`, :func:`QT_TRANSLATE_NOOP` and :func:`install_language`: the user
  interface's words, through Qt's own mechanism.  Every user-visible string of the app is
  written ``translate("Context", "English text")`` (or marked ``QT_TRANSLATE_NOOP`` where it
  is defined, and translated where it is shown), so that ``pylupdate6`` finds it; the
  translations live in ``resources/i18n/gradscape_<lang>.ts`` beside their compiled ``.qm``
  (``./dev.sh i18n`` updates both).  Placeholders are ``str.format`` fields:
  ``translate("Ctx", "diverged at step {k}").format(k=k)``.  The command-line tools stay in
  English (a command line's convention): they never install a translator.

This module imports nothing of the app, so any part may use it.
"""

from __future__ import annotations

import gc
import time
from pathlib import Path

from PyQt6.QtCore import (
    QCoreApplication,
    QEvent,
    QLibraryInfo,
    QLocale,
    QObject,
    Qt,
    QTimer,
    QTranslator,
)
from PyQt6.QtGui import QFont, QFontDatabase, QIcon
from PyQt6.QtWidgets import QApplication, QMainWindow

#: The user interface's languages: code -> the language's own name (the Language menu).
LANGUAGES: dict[str, str] = {"en": "English", "ja": "日本語"}

#: Font families tried, in order, for Japanese text (Debian: fonts-noto-cjk).
CJK_FAMILIES = ("Noto Sans CJK JP", "Noto Sans JP", "IPAGothic", "IPAexGothic", "VL Gothic")

_translators: list[QTranslator] = []
_language = "en"
_default_font: QFont | None = None


def share_gl_contexts() -> None:
    """Ask Qt to share GL contexts; a no-op once an application exists."""
    if QCoreApplication.instance() is None:
        QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)


def application(argv0: str = "gradscape") -> QApplication:
    """The running QApplication, or a new one made with shared GL contexts; either way with
    the application icon (:func:`set_app_icon`)."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        app = existing
    else:
        share_gl_contexts()
        app = QApplication([argv0])
    set_app_icon(app)
    return app


def app_icon() -> QIcon:
    """The application icon, drawn from ``resources/gradscape.svg`` at any size."""
    from gradscape.resources import icon_path

    return QIcon(str(icon_path()))


def set_app_icon(app: QApplication) -> None:
    """Give every window of ``app`` the application icon (once: a set icon is kept)."""
    if app.windowIcon().isNull():
        app.setWindowIcon(app_icon())


#: A collection whose timer fires this much later than its interval (s) — the event loop was
#: busy: an action's work, a repaint — is put off by :data:`DEFER_MS`.
LATE_S = 0.03
#: ... this long (ms), so that it runs in a turn of the event loop of its own instead of
#: adding to the one that delayed it (a full collection takes 30–150 ms).
DEFER_MS = 15


class GuiThreadCollector(QObject):
    """Disables automatic collection; collects from a timer on the thread that made it."""

    def __init__(self, interval_ms: int = 500, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._on_timer)
        self.timer.start()
        self._last = time.monotonic()
        self._deferred = False

    def _on_timer(self) -> None:
        now = time.monotonic()
        late = now - self._last - self.timer.interval() / 1000
        self._last = now
        if late > LATE_S and not self._deferred:
            self._deferred = True
            QTimer.singleShot(DEFER_MS, self._collect_deferred)
            return
        self.collect()

    def _collect_deferred(self) -> None:
        self._deferred = False
        self.collect()

    def collect(self) -> int:
        """Collect the generations whose counts passed their thresholds; objects freed."""
        return collect_due(self.thresholds)

    def stop(self) -> None:
        """Back to automatic collection (after one last collection here)."""
        self.timer.stop()
        gc.unfreeze()
        gc.collect()
        gc.enable()

    def settle(self) -> None:
        """Collect everything, then leave what is still alive — the modules, the window and
        its views, made at start and kept to the end — out of every later collection
        (``gc.freeze``): a full collection then looks at what the session made since,
        not at ~90 000 objects (40 ms at the GUI thread, now and then, on top of whatever
        the user did)."""
        gc.collect()
        gc.freeze()

    def thaw(self) -> None:
        """Collect the settled objects again (a window is about to be replaced: its cycles
        must be found once it is closed)."""
        gc.unfreeze()


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


def settle_memory() -> None:
    """:meth:`GuiThreadCollector.settle`, when the app collects on its GUI thread (the
    ``gradscape`` command: once its window has drawn its first scene)."""
    if _installed is not None:
        _installed.settle()


def thaw_memory() -> None:
    """:meth:`GuiThreadCollector.thaw`, when the app collects on its GUI thread."""
    if _installed is not None:
        _installed.thaw()


def tear_down(app: QCoreApplication) -> None:
    """Delete every window and collect, once the event loop has returned, before Python's
    exit.  PyQt's own clean-up at exit walks every wrapper still alive; with a window that
    closed within a second of opening (its views' first work still being handed over), that
    walk met a dangling wrapper and the app ended in a segmentation fault, 3 times in 8."""
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMainWindow):  # (the app's windows; Qt's own go with them)
            widget.close()
            widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    gc.unfreeze()
    gc.collect()


# ------------------------------------------------------------------ translation


def translate(context: str, text: str, disambiguation: str | None = None, n: int = -1) -> str:
    """``text`` in the interface's language (``text`` itself when it has no translation).

    Call it with literal strings, ``translate("MainWindow", "&File")``: that is how
    ``pylupdate6`` finds the strings to translate.
    """
    return QCoreApplication.translate(context, text, disambiguation, n)


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # (Qt's name: pylupdate6 knows it)
    """Mark ``text`` for translation where it is defined; translate it where it is shown."""
    return text


def system_language() -> str:
    """The interface language the system's locale asks for (``LANG=ja_JP.UTF-8`` -> "ja")."""
    for name in (QLocale.system().name(), *QLocale.system().uiLanguages()):
        code = name.replace("-", "_").split("_")[0].lower()
        if code in LANGUAGES:
            return code
    return "en"


def current_language() -> str:
    """The language installed by :func:`install_language` ("en" before any)."""
    return _language


def translations_dir() -> Path:
    """The folder of the app's ``gradscape_<lang>.qm`` files (installed with the package)."""
    from gradscape.resources import resource_path

    return resource_path("i18n")


def install_language(app: QCoreApplication, language: str) -> str:
    """Make ``language`` ("en", "ja") the interface's language: the app's translation, Qt's
    own (standard buttons, file dialogs) and, for Japanese, a CJK font.  Returns the language
    installed ("en" for an unknown code or a missing translation file).  Widgets made before
    keep their words: the windows are made again after a switch.
    """
    global _language, _default_font
    for old in _translators:
        app.removeTranslator(old)
    _translators.clear()
    if language not in LANGUAGES:
        language = "en"
    if language != "en":
        ours = QTranslator(app)
        if not ours.load(str(translations_dir() / f"gradscape_{language}.qm")):
            language = "en"
        else:
            qt = QTranslator(app)
            qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
            if qt.load(f"qtbase_{language}", qt_dir):
                app.installTranslator(qt)
                _translators.append(qt)
            app.installTranslator(ours)
            _translators.append(ours)
    _language = language
    if isinstance(app, QApplication):
        if _default_font is None:
            _default_font = QFont(app.font())
        font = QFont(_default_font)
        if language == "ja":
            family = cjk_family()
            if family:
                font.setFamilies([family, *_default_font.families()])
        app.setFont(font)
    return language


def cjk_family() -> str | None:
    """An installed font family that draws Japanese, or None."""
    families = set(QFontDatabase.families())
    for name in CJK_FAMILIES:
        if name in families:
            return name
    japanese = QFontDatabase.families(QFontDatabase.WritingSystem.Japanese)
    return japanese[0] if japanese else None
