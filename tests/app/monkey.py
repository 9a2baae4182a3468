"""A seeded GUI monkey: random user actions over the main window and the Network window.

:class:`Monkey` finds its targets the way a user sees them — every visible, enabled combo box,
validated field, button, check box, menu action, shortcut and view of the windows — and does
``n`` random things to them: picks items, types valid and invalid numbers (huge, non-finite,
empty, garbage) and presses Return, clicks buttons and views, presses Space, the arrows,
Home/End, Ctrl+R and R, resizes the window, opens the Network window, trains a tiny network
and closes it again.  Between actions it lets the event loop run a little, as a user's pace
would, and between the parts of a compound one (the fields typed before a network's Train).

While it runs it measures what the user would feel and what the log would show:

* the event loop's gaps: a 10 ms heartbeat ``QTimer`` records the time between its ticks; the
  longest gap says how long the window was frozen (an action's own work on the GUI thread
  included), with the action that was running;
* the GUI thread's own work in each gap: its CPU time between two ticks (``time.thread_time``).
  A gap's wall time also holds the waits for the CPU and for the interpreter lock, which grow
  with whatever else the machine runs; the work the app itself does on the GUI thread between
  two turns of the event loop does not;
* each gap's *stall*: its wall time less the time the GUI thread was ready to run but waited
  for a CPU the system gave another process (Linux's ``/proc/thread-self/schedstat``).  What
  is left is what the app made the user wait: its own work and its waits on its own locks
  (the interpreter's among them), whatever else the machine runs;
* the growth of the process's resident memory (``/proc/self/statm``);
* a window grown past the sizes the monkey gives (a layout widened by a long text);
* every exception (``sys.excepthook``: PyQt's route for an exception in a slot or a virtual
  method; ``threading.excepthook``; a traceback printed on ``sys.stderr``: how a worker
  thread's job reports a bug and carries on), every Python warning and every Qt warning
  message.

Used by ``tests/app/test_monkey.py`` (a short run with a fixed seed) and
``bench/bench_monkey.py`` (a long run, seed from the command line).  It needs nothing but Qt:
no pytest.
"""

from __future__ import annotations

import math
import os
import random
import statistics
import sys
import threading
import time
import traceback
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field

from PyQt6.QtCore import QEvent, QPoint, Qt, QTimer, QtMsgType, qInstallMessageHandler
from PyQt6.QtGui import QAction, QKeyEvent
from PyQt6.QtOpenGLWidgets import QOpenGLWidget
from PyQt6.QtTest import QTest
from PyQt6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QComboBox,
    QLabel,
    QMainWindow,
    QWidget,
)

from gradscape.app.controls.fields import ValidatedField

#: Text typed into a validated field: valid-looking numbers come from the field's own
#: current value (see :meth:`Monkey._valid_text`), these are the hostile ones.
HOSTILE_TEXT = ("1e308", "-1e308", "nan", "NaN", "inf", "-inf", "", "garbage", "1e-320", "-0",
                "99999999999999999999999", "-1", "0", "1,5", "  ", "1e", "0x10", "١٢",
                "9" * 400)  # fmt: skip

#: Keys a user presses over the main window (the Playback menu's shortcuts and View's R).
KEYS = (
    (Qt.Key.Key_Space, Qt.KeyboardModifier.NoModifier),
    (Qt.Key.Key_Right, Qt.KeyboardModifier.NoModifier),
    (Qt.Key.Key_Left, Qt.KeyboardModifier.NoModifier),
    (Qt.Key.Key_Home, Qt.KeyboardModifier.NoModifier),
    (Qt.Key.Key_End, Qt.KeyboardModifier.NoModifier),
    (Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier),
    (Qt.Key.Key_R, Qt.KeyboardModifier.NoModifier),
)

#: The event loop's turn between the parts of a compound action (the fields typed before a
#: network's Train), in ms.
FIELD_PAUSE_MS = 5

#: The sizes the monkey gives a window (px): a wider or taller window was widened by its
#: layout (a long text had widened its minimum size).
RESIZE_WIDTH, RESIZE_HEIGHT = (700, 1500), (500, 950)

#: Menu actions a monkey leaves alone: they open a modal dialog (a file chooser, a message
#: box) or end the session.
SKIPPED_ACTIONS = ("screenshot", "quit", "about", "export", "open", "save")


def rss_bytes() -> int:
    """The process's resident set size (Linux: /proc/self/statm, in pages)."""
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def cpu_wait() -> float:
    """Seconds the calling thread has spent ready to run but waiting for a CPU (Linux's
    ``/proc/thread-self/schedstat``, its second field); 0.0 where the kernel does not say."""
    try:
        with open("/proc/thread-self/schedstat", "rb") as fh:
            return int(fh.read().split()[1]) / 1e9
    except (OSError, IndexError, ValueError):
        return 0.0


class StderrTap:
    """``sys.stderr`` passed through, with every traceback written to it handed to
    ``found(text)``: "printed during <label()>:" and its first 4000 characters, once it
    is whole (``traceback.print_exc`` writes a line at a time: at the next traceback or at
    :meth:`flush_traceback`).  ``label()`` says what ran when it began."""

    LIMIT = 4000

    def __init__(self, stream, found: Callable[[str], None], label: Callable[[], str]) -> None:
        self._stream, self._found, self._label = stream, found, label
        self._text: str | None = None

    #: What a chained exception's traceback follows: it continues the one being written.
    CHAINED = ("another exception occurred:", "direct cause of the following exception:")

    def write(self, text: str) -> int:
        # (a write that only holds the words, as in a child process's traceback carried by
        # the exception as a note, is not one)
        if text.startswith("Traceback (most recent call last)") and not (
            self._text and self._text.rstrip().endswith(self.CHAINED)
        ):
            self.flush_traceback()
            self._text = f"printed during {self._label()}:\n"
        if self._text is not None and len(self._text) < self.LIMIT:
            self._text += text
        return self._stream.write(text)

    def flush_traceback(self) -> None:
        """Hand on the traceback being written, if any."""
        if self._text:
            self._found(self._text[: self.LIMIT])
        self._text = None

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


def release_free_memory() -> None:
    """Collect garbage and hand the C heap's free pages back to the system (glibc's
    malloc_trim), so that RSS measures what is held, not what the allocator kept."""
    import ctypes
    import ctypes.util
    import gc

    gc.collect()
    name = ctypes.util.find_library("c")
    if name:
        libc = ctypes.CDLL(name)
        if hasattr(libc, "malloc_trim"):
            libc.malloc_trim(0)


def type_text(widget: QWidget, text: str) -> None:
    """Key presses carrying ``text``, as a keyboard sends them (QTest.keyClicks knows ASCII
    only: a non-ASCII character trips an assertion in Qt's test library)."""
    for ch in text:
        if ch.isascii():
            QTest.keyClick(widget, ch)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))


def _culprit(win: QWidget) -> str:
    """The innermost visible widget of ``win`` whose minimum size is past the monkey's sizes
    (what widened it), as " (by <class> '<text>')"; "" when none is."""
    found = None
    for child in win.findChildren(QWidget):
        hint = child.minimumSizeHint()
        large = hint.width() > RESIZE_WIDTH[1] or hint.height() > RESIZE_HEIGHT[1]
        if large and child.isVisible():
            found = child  # (children come after their parents)
    if found is None:
        return ""
    text = found.text()[:60] if isinstance(found, QLabel) else found.objectName()
    return f" (by {type(found).__name__} {text!r}, minimum {found.minimumSizeHint().width()} px)"


class Heartbeat:
    """The event loop's gaps while a block runs, measured as :class:`Monkey` does: a 10 ms
    ``QTimer``'s ticks, the wall time between two and the GUI thread's own CPU time
    (``time.thread_time``) between two.  ``with Heartbeat() as beat: ...``, then
    ``beat.longest_busy`` (seconds) and ``beat.longest_gap``."""

    def __init__(self) -> None:
        self.gaps: list[float] = []
        self.busy: list[float] = []
        self._timer = QTimer()
        self._timer.setInterval(10)
        self._timer.timeout.connect(self._beat)
        self._last = (0.0, 0.0)

    def _beat(self) -> None:
        now, cpu = time.perf_counter(), time.thread_time()
        self.gaps.append(now - self._last[0])
        self.busy.append(cpu - self._last[1])
        self._last = (now, cpu)

    def __enter__(self) -> Heartbeat:
        self._last = (time.perf_counter(), time.thread_time())
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._beat()  # (the block's last stretch, up to here)
        self._timer.stop()

    @property
    def longest_busy(self) -> float:
        return max(self.busy, default=0.0)

    @property
    def longest_gap(self) -> float:
        return max(self.gaps, default=0.0)


@dataclass
class Report:
    """What a run measured."""

    seed: int
    actions: int = 0
    gaps: list[float] = field(default_factory=list)  # seconds between heartbeats
    longest_gap: float = 0.0
    longest_gap_action: str = ""
    #: in the longest gap: the GUI thread's CPU time and the whole process's (its other
    #: threads: computations, the software GL renderer), in seconds
    longest_gap_cpu: tuple[float, float] = (0.0, 0.0)
    busy: list[float] = field(default_factory=list)  # GUI-thread CPU seconds in each gap
    longest_busy: float = 0.0
    longest_busy_action: str = ""
    #: each gap less the GUI thread's wait for a CPU (seconds): what the app made the user wait
    stalls: list[float] = field(default_factory=list)
    longest_stall: float = 0.0
    longest_stall_action: str = ""
    #: the longest gaps, longest first: (gap, GUI thread's CPU, whole process's CPU, GUI
    #: thread's wait for a CPU, action), in seconds; at most ``TOP`` of them
    top_gaps: list[tuple[float, float, float, float, str]] = field(default_factory=list)
    #: the gaps with the most GUI-thread work, the same way (sorted by that work)
    top_busy: list[tuple[float, float, float, float, str]] = field(default_factory=list)
    rss_start: int = 0
    rss_end: int = 0
    #: RSS at the end, before the window went back to its first scene (what the last scene
    #: holds: a race of 8 runs × 100 000 steps is a few hundred MB of arrays, not a leak)
    rss_peak: int = 0
    exceptions: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    qt_warnings: list[str] = field(default_factory=list)
    #: windows found larger than the monkey makes one after an action (a layout that a long
    #: text widened), as "after <action>: <window> <w>x<h>"
    oversized: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    TOP = 10

    def record(
        self, gap: float, busy: float, whole: float, action: str, waited: float = 0.0
    ) -> None:
        """One gap between two heartbeats: keep it among the longest (wall, GUI work)."""
        self.gaps.append(gap)
        self.busy.append(busy)
        stall = gap - waited
        self.stalls.append(stall)
        entry = (gap, busy, whole, waited, action)
        for top, key in ((self.top_gaps, 0), (self.top_busy, 1)):
            if len(top) < self.TOP or entry[key] > top[-1][key]:
                top.append(entry)
                top.sort(key=lambda e: -e[key])
                del top[self.TOP :]
        if gap > self.longest_gap:
            self.longest_gap = gap
            self.longest_gap_action = action
            self.longest_gap_cpu = (busy, whole)
        if busy > self.longest_busy:
            self.longest_busy = busy
            self.longest_busy_action = action
        if stall > self.longest_stall:
            self.longest_stall = stall
            self.longest_stall_action = action

    @property
    def rss_growth(self) -> int:
        return self.rss_end - self.rss_start

    @property
    def median_gap(self) -> float:
        return statistics.median(self.gaps) if self.gaps else 0.0

    def summary(self) -> str:
        return (
            f"seed {self.seed}: {self.actions} actions; event-loop gap: longest "
            f"{self.longest_gap * 1000:.0f} ms ({self.longest_gap_action}), median "
            f"{self.median_gap * 1000:.1f} ms; longest stall (a gap less the GUI thread's "
            f"wait for a CPU) {self.longest_stall * 1000:.0f} ms "
            f"({self.longest_stall_action}); GUI thread's longest work between two turns "
            f"{self.longest_busy * 1000:.0f} ms ({self.longest_busy_action}); "
            f"RSS growth {self.rss_growth / 2**20:.1f} MB back on the first scene "
            f"({(self.rss_peak - self.rss_start) / 2**20:.1f} MB on the last); "
            f"{len(self.exceptions)} exceptions, {len(self.warnings)} Python warnings, "
            f"{len(self.qt_warnings)} Qt warnings, {len(self.oversized)} windows grown past "
            "the monkey's sizes"
        )


class Monkey:
    """``n`` random user actions over ``window`` (a MainWindow) and its Network window.

    Parameters
    ----------
    window : MainWindow
        Shown; the monkey resizes it, clicks and types into it, opens its Network window.
    seed : int
        Seeds every choice: the same seed gives the same actions.
    pause_ms : (int, int)
        The event loop runs this long (a random whole number of ms in the range) after each
        action, as between a user's clicks.
    log : callable or None
        Called with a line per action (a long run's trace).
    """

    def __init__(
        self,
        window: QMainWindow,
        seed: int,
        pause_ms: tuple[int, int] = (0, 15),
        log: Callable[[str], None] | None = None,
    ) -> None:
        self.window = window
        self.rng = random.Random(seed)
        self.pause_ms = pause_ms
        self.log = log
        self.report = Report(seed=seed)
        self._current = "start"
        self._last_beat = 0.0
        self._last_cpu = 0.0
        self._last_proc = 0.0
        self._last_wait = 0.0
        self._oversized: set[str] = set()

    # -- measuring ----------------------------------------------------------------------
    def _beat(self) -> None:
        now, cpu, proc = time.perf_counter(), time.thread_time(), time.process_time()
        wait = cpu_wait()
        gap, busy = now - self._last_beat, cpu - self._last_cpu
        whole, waited = proc - self._last_proc, wait - self._last_wait
        self._last_beat, self._last_cpu, self._last_proc, self._last_wait = now, cpu, proc, wait
        self.report.record(gap, busy, whole, self._current, waited)

    def _on_exception(self, kind, value, tb) -> None:
        text = "".join(traceback.format_exception(kind, value, tb))
        self.report.exceptions.append(f"during {self._current}:\n{text}")

    def _on_thread_exception(self, args) -> None:
        text = "".join(
            traceback.format_exception(args.exc_type, args.exc_value, args.exc_traceback)
        )
        self.report.exceptions.append(f"in thread {args.thread} during {self._current}:\n{text}")

    def _on_warning(self, message, category, filename, lineno, file=None, line=None) -> None:
        # the app's own frames that led there (pyqtgraph's line alone does not say which view)
        ours = [f"{os.path.basename(f.filename)}:{f.lineno} {f.name}"
                for f in traceback.extract_stack()[:-1] if "/app/" in f.filename]  # fmt: skip
        self.report.warnings.append(
            f"during {self._current}: {category.__name__}: {message} ({filename}:{lineno})"
            f" via {' < '.join(reversed(ours[-4:])) or 'the event loop'}"
        )

    def _on_qt_message(self, kind, context, message) -> None:
        if kind != QtMsgType.QtDebugMsg and kind != QtMsgType.QtInfoMsg:
            self.report.qt_warnings.append(f"during {self._current}: {message}")
        if self._previous_qt_handler is not None:
            self._previous_qt_handler(kind, context, message)
        elif kind in (QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg):
            sys.stderr.write(f"Qt: {message}\n")  # before a fatal message aborts

    # -- running ------------------------------------------------------------------------
    def run(self, n: int) -> Report:
        """Do ``n`` actions; return the report (also at ``self.report``)."""
        app = QApplication.instance()
        assert app is not None
        heartbeat = QTimer()
        heartbeat.setInterval(10)
        heartbeat.timeout.connect(self._beat)
        old_hook, old_thread_hook = sys.excepthook, threading.excepthook
        sys.excepthook = self._on_exception
        threading.excepthook = self._on_thread_exception
        old_stderr = sys.stderr
        tap = StderrTap(old_stderr, self.report.exceptions.append, lambda: self._current)
        sys.stderr = tap
        self._previous_qt_handler = qInstallMessageHandler(self._on_qt_message)
        first_scene = self.window.state.scene
        release_free_memory()
        self.report.rss_start = rss_bytes()
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("always")
                warnings.showwarning = self._on_warning
                self._last_beat, self._last_cpu = time.perf_counter(), time.thread_time()
                self._last_proc, self._last_wait = time.process_time(), cpu_wait()
                heartbeat.start()
                for i in range(n):
                    self._one_action(i)
                self._current = "settling at the end"
                self._settle()
                heartbeat.stop()
        finally:
            heartbeat.stop()
            sys.excepthook, threading.excepthook = old_hook, old_thread_hook
            tap.flush_traceback()
            sys.stderr = old_stderr
            qInstallMessageHandler(self._previous_qt_handler)
        # A leak is what stays once the window shows its first scene again: the last scene's
        # own arrays go with it.
        self.report.rss_peak = rss_bytes()
        self.window.state.scene = first_scene
        self._settle()
        release_free_memory()
        self.report.rss_end = rss_bytes()
        return self.report

    def _one_action(self, i: int) -> None:
        actions: list[tuple[float, Callable[[], str]]] = [
            (6, self.pick_combo),
            (8, self.type_field),
            (4, self.click_button),
            (2, self.toggle_check),
            (3, self.trigger_action),
            (5, self.press_key),
            (3, self.click_view),
            (1, self.resize),
            (1.5, self.network),
        ]
        weights = [w for w, _ in actions]
        do = self.rng.choices([a for _, a in actions], weights)[0]
        self._current = f"#{i} {do.__name__}"
        what = do()
        self._current = f"#{i} {what}"
        self.report.actions += 1
        self.report.counts[do.__name__] = self.report.counts.get(do.__name__, 0) + 1
        if self.log is not None:
            self.log(self._current)
        QTest.qWait(self.rng.randint(*self.pause_ms))
        self._check_sizes()

    def _check_sizes(self) -> None:
        """Record a window its layout made larger than the monkey ever makes one (a text
        that widened it: the windows' own minimum sizes are far smaller)."""
        for win in (self.window, getattr(self.window, "network_window", None)):
            if win is None or not win.isVisible():
                continue
            name = type(win).__name__
            if win.width() > RESIZE_WIDTH[1] or win.height() > RESIZE_HEIGHT[1]:
                if name not in self._oversized:  # (once, until it fits again)
                    self._oversized.add(name)
                    self.report.oversized.append(
                        f"after {self._current}: {name} {win.width()}x{win.height()}"
                        f"{_culprit(win)}"
                    )
            else:
                self._oversized.discard(name)

    def _settle(self, timeout_s: float = 60.0) -> None:
        """Let computations and trainings end (cancelling a training), so that the window is
        left as the user would find it after their last click."""
        net = getattr(self.window, "network_window", None)
        if net is not None and net.panel.running:
            net.panel.cancel()
        compute = getattr(self.window, "compute", None)
        end = time.perf_counter() + timeout_s
        while time.perf_counter() < end:
            busy = compute is not None and not compute.is_current()
            if net is not None and net.panel.running:
                busy = True
            if not busy:
                break
            QTest.qWait(20)
        QTest.qWait(50)

    # -- targets ------------------------------------------------------------------------
    def _windows(self) -> list[QWidget]:
        out: list[QWidget] = [self.window]
        net = getattr(self.window, "network_window", None)
        if net is not None and net.isVisible():
            out.append(net)
        return out

    def _visible(self, kind: type) -> list:
        found = []
        for w in self._windows():
            for child in w.findChildren(kind):
                if child.isVisible() and child.isEnabled():
                    found.append(child)
        return found

    @staticmethod
    def _name(widget: QWidget) -> str:
        text = ""
        if isinstance(widget, ValidatedField):
            widget = widget.edit  # its tooltip says what it sets
        for attr in ("toolTip", "text", "objectName"):
            value = getattr(widget, attr, None)
            if callable(value):
                value = value()
            if value:
                text = str(value).splitlines()[0][:40]
                break
        return f"{type(widget).__name__}({text!r})"

    # -- actions ------------------------------------------------------------------------
    def pick_combo(self) -> str:
        combos = [c for c in self._visible(QComboBox) if c.count() > 0 and not c.isEditable()]
        if not combos:
            return "pick_combo: none"
        combo = self.rng.choice(combos)
        i = self.rng.randrange(combo.count())
        combo.setCurrentIndex(i)
        combo.activated.emit(i)  # what a user's choice in the popup emits
        return f"pick {combo.itemText(i)!r} in {self._name(combo)}"

    def _valid_text(self, field_: ValidatedField) -> str:
        """A plausible value near the field's current one (or a small number)."""
        current = field_.edit.text().strip()
        try:
            v = float(current)
        except ValueError:
            v = 1.0
        if not math.isfinite(v):
            v = 1.0
        kind = self.rng.random()
        if kind < 0.4:
            new = v * self.rng.choice([0.5, 0.9, 1.1, 2.0])
        elif kind < 0.8:
            new = self.rng.choice([0.001, 0.01, 0.1, 0.5, 1, 2, 3, 5, 10, 30, 100])
        else:
            new = self.rng.choice([1000, 10_000, 100_000])  # up to the window's max steps
        if float(new).is_integer() and (current.lstrip("-").isdigit() or self.rng.random() < 0.5):
            return str(int(new))
        return f"{new:g}"

    def type_field(self) -> str:
        fields = self._visible(ValidatedField)
        if not fields:
            return "type_field: none"
        f = self.rng.choice(fields)
        text = self._valid_text(f) if self.rng.random() < 0.6 else self.rng.choice(HOSTILE_TEXT)
        edit = f.edit
        edit.setFocus()
        edit.selectAll()
        QTest.keyClick(edit, Qt.Key.Key_Backspace)
        type_text(edit, text)
        if self.rng.random() < 0.85:
            QTest.keyClick(edit, Qt.Key.Key_Return)
            how = "Return"
        else:  # leaving the field confirms it too
            edit.clearFocus()
            how = "focus out"
        return f"type {text[:30]!r} + {how} in {self._name(f)}"

    def click_button(self) -> str:
        buttons = [
            b
            for b in self._visible(QAbstractButton)
            if not isinstance(b, QCheckBox) and b.text().strip() not in ("", "…")
            and not any(s in b.text().lower() for s in SKIPPED_ACTIONS)
        ]  # fmt: skip
        if not buttons:
            return "click_button: none"
        b = self.rng.choice(buttons)
        QTest.mouseClick(b, Qt.MouseButton.LeftButton)
        return f"click {self._name(b)}"

    def toggle_check(self) -> str:
        checks = self._visible(QCheckBox)
        if not checks:
            return "toggle_check: none"
        c = self.rng.choice(checks)
        QTest.mouseClick(c, Qt.MouseButton.LeftButton, pos=QPoint(6, c.height() // 2))
        return f"toggle {self._name(c)}"

    def trigger_action(self) -> str:
        acts = [
            a
            for a in self.window.findChildren(QAction)
            if a.isEnabled() and a.text() and not a.isSeparator() and a.menu() is None
            and not any(s in a.text().lower().replace("&", "") for s in SKIPPED_ACTIONS)
            and "network" not in a.text().lower()
            and a not in getattr(self.window, "language_actions", {}).values()  # remakes it
        ]  # fmt: skip
        if not acts:
            return "trigger_action: none"
        a = self.rng.choice(acts)
        a.trigger()
        return f"menu {a.text().replace('&', '')!r}"

    def press_key(self) -> str:
        key, mod = self.rng.choice(KEYS)
        self.window.activateWindow()
        target = self.window.focusWidget() or self.window
        if isinstance(target, QComboBox) or hasattr(target, "selectAll"):
            self.window.setFocus()  # the key is a shortcut, not text for a field
            target = self.window
        QTest.keyClick(target, key, mod)
        name = ("Ctrl+" if mod != Qt.KeyboardModifier.NoModifier else "") + Qt.Key(key).name[4:]
        return f"key {name}"

    def click_view(self) -> str:
        views: list[QWidget] = []
        w = self.window
        for name in ("contour", "losscurve"):
            view = getattr(w, name, None)
            if view is not None and view.isVisible():
                views.append(view.viewport() if hasattr(view, "viewport") else view)
        views += [g for g in w.findChildren(QOpenGLWidget) if g.isVisible()]
        if not views:
            return "click_view: none"
        v = self.rng.choice(views)
        if v.width() < 4 or v.height() < 4:
            return "click_view: too small"
        pos = QPoint(self.rng.randrange(1, v.width() - 1), self.rng.randrange(1, v.height() - 1))
        QTest.mouseClick(v, Qt.MouseButton.LeftButton, pos=pos)
        return f"click {type(v).__name__} of {type(v.parent()).__name__} at ({pos.x()}, {pos.y()})"

    def resize(self) -> str:
        target = self.rng.choice(self._windows())
        w, h = self.rng.randint(*RESIZE_WIDTH), self.rng.randint(*RESIZE_HEIGHT)
        target.resize(w, h)
        return f"resize {type(target).__name__} to {w}x{h}"

    def network(self) -> str:
        """Open the Network window, train a tiny network in it, or close it."""
        net = getattr(self.window, "network_window", None)
        if net is None or not net.isVisible():
            self.window.network_action.trigger()
            return "open the Network window"
        r = self.rng.random()
        if r < 0.2:
            net.close()
            return "close the Network window"
        if r < 0.7 and not net.panel.running:
            p = net.panel
            head = self._current
            fields = (("epochs", p.epochs_field, str(self.rng.randint(1, 30))),
                      ("hidden", p.hidden_field, self.rng.choice(["4", "8", "3,3"])),
                      ("batch", p.batch_field, self.rng.choice(["8", "16", "32"])))  # fmt: skip
            for name, fld, text in fields:
                self._current = f"{head}: {name} field"
                fld.edit.setFocus()
                fld.edit.selectAll()
                QTest.keyClick(fld.edit, Qt.Key.Key_Backspace)
                type_text(fld.edit, text)
                QTest.keyClick(fld.edit, Qt.Key.Key_Return)
                # Three fields and a click are four user actions: the event loop turns
                # between them, as it does between a user's (whose hands take far longer).
                QTest.qWait(FIELD_PAUSE_MS)
            self._current = head
            QTest.mouseClick(p.train_btn, Qt.MouseButton.LeftButton)
            return "train a tiny network"
        if net.panel.running:
            QTest.mouseClick(net.panel.cancel_btn, Qt.MouseButton.LeftButton)
            return "cancel the training"
        return "look at the Network window"
