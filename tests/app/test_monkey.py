"""A seeded monkey over the main window and the Network window (tests/app/monkey.py).

600 random user actions — combo boxes, valid and hostile field text (1e308, -1e308, nan, inf,
'', garbage), buttons, menu actions, shortcuts, clicks on the views, resizes, a tiny network
trained — must raise no exception and log no Python or Qt warning, never keep the GUI thread
busy for more than 250 ms between two turns of the event loop, never stall it for more than
250 ms (a gap less the GUI thread's wait for a CPU), nor freeze it for a second (every wait
included), and grow the process by less than 200 MB.  ``bench/bench_monkey.py``
runs the same driver longer and prints the figures.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import threading
import time
import traceback

import pytest
from monkey import Monkey, StderrTap, cpu_wait

from gradscape.app.model.engine_process import raise_child_bug

pytestmark = pytest.mark.gl

SEED = 20240609
ACTIONS = 600


@pytest.fixture
def window(small_window):
    return small_window


def test_monkey_finds_no_exception_warning_freeze_or_leak(window):
    report = Monkey(window, SEED).run(ACTIONS)
    print(report.summary())
    assert report.actions == ACTIONS
    assert report.exceptions == [], report.exceptions[0]
    assert report.warnings == [], report.warnings[:5]
    assert report.qt_warnings == [], report.qt_warnings[:5]
    # no text the monkey typed widened a window past the screen (400 digits did, once)
    assert report.oversized == [], report.oversized[:5]
    # every kind of action ran (the monkey reached the windows' parts)
    assert set(report.counts) >= {"pick_combo", "type_field", "click_button", "press_key",
                                  "click_view", "network", "trigger_action"}  # fmt: skip
    # The GUI thread's own work between two turns of the event loop (its CPU time between
    # two heartbeats; a 2-pixel pen on the loss curves made that 0.8 s per repaint before):
    # the 250 ms.  The actions that came nearest (the Network window's first
    # opening, a training's start, a resize over a long race) now do their work in
    # shorter turns; tests/app/windows/test_gui_thread_work.py measures each alone, and
    # bench/bench_monkey.py a long run.
    assert report.longest_busy < 0.25, report.summary()
    # The wall-clock gap also holds the waits for a CPU (the network's training runs in a
    # child process, so no longer for the interpreter lock it held as a thread of this one):
    # on a loaded 2-CPU machine these waits alone reach 0.3 to 0.6 s, so the wall-clock bound
    # that cannot be flaky is looser.
    # A freeze (a blocking load, an engine run holding the interpreter lock: 0.8 s to 4 s
    # before) fails here; bench/bench_monkey.py measures the figures.
    assert report.longest_gap < 1.0, report.summary()
    # The 250 ms for the gap itself, less only the time the GUI thread was ready but
    # the system ran another process (Linux's schedstat): what the app made the user wait,
    # its own work and its waits on its locks (the interpreter's) included.  Alone, this
    # seed's longest gap is 77-112 ms.
    assert report.longest_stall < 0.25, report.summary()
    assert report.rss_growth < 200 * 2**20, report.summary()


def test_a_traceback_a_worker_thread_prints_is_an_exception_of_its_action():
    # A draw job's bug is printed by JobRunner, which carries on: the monkey's seed 37 met
    # one (an overflow in the height axis' ticks) and counted 0 exceptions.
    found: list[str] = []
    stream = io.StringIO()
    tap = StderrTap(stream, found.append, lambda: "#7 pick_combo")

    def job() -> None:
        try:
            raise OverflowError("Numerical result out of range")
        except OverflowError:
            traceback.print_exc(file=tap)

    worker = threading.Thread(target=job)
    worker.start()
    worker.join()
    tap.write("an ordinary line\n")
    assert found == []  # (whole only at the next traceback or the flush)
    tap.flush_traceback()
    assert len(found) == 1
    assert found[0].startswith("printed during #7 pick_combo:\nTraceback (most recent call")
    assert "OverflowError: Numerical result out of range" in found[0]
    assert "an ordinary line" in found[0]  # (what follows it, up to the flush)
    assert stream.getvalue() == found[0].split(":\n", 1)[1]  # passed on unchanged


def test_a_chained_traceback_and_a_child_processs_carried_by_the_exception_are_one():
    # A training's bug comes from its process with the traceback it had there as a note.
    found: list[str] = []
    stream = io.StringIO()
    tap = StderrTap(stream, found.append, lambda: "#3 network")
    child = "Traceback (most recent call last):\n  File \"x.py\", line 1\nKeyError: 'a'"
    try:
        try:
            raise_child_bug(KeyError("a"), child, "the training process")
        except KeyError as exc:
            raise RuntimeError("while reporting") from exc
    except RuntimeError:
        traceback.print_exc(file=tap)
    tap.flush_traceback()
    assert len(found) == 1, found
    text = found[0]
    assert text.count("Traceback (most recent call last)") == 3  # two chained, the note's
    assert "File \"x.py\"" in text and text.rstrip().endswith("RuntimeError: while reporting")


@pytest.mark.skipif(not os.path.exists("/proc/thread-self/schedstat"), reason="no schedstat")
def test_cpu_wait_counts_the_time_a_busy_thread_waits_for_a_cpu():
    # More busy processes than CPUs: a thread that computes meanwhile must wait for one.
    spin = "import time\nt = time.time() + 1.5\nwhile time.time() < t: pass\n"
    hogs = [subprocess.Popen([sys.executable, "-c", spin]) for _ in range(os.cpu_count() + 1)]
    try:
        time.sleep(0.2)
        before, t0 = cpu_wait(), time.perf_counter()
        while time.perf_counter() - t0 < 0.5:
            pass
        waited = cpu_wait() - before
    finally:
        for hog in hogs:
            hog.wait()
    assert 0.02 < waited < 0.5
    # and a thread that sleeps is not waiting for a CPU
    before = cpu_wait()
    time.sleep(0.3)
    assert cpu_wait() - before < 0.01
