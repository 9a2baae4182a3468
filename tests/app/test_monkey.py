"""A seeded monkey over the main window and the Network window (tests/app/monkey.py).

600 random user actions — combo boxes, valid and hostile field text (1e308, -1e308, nan, inf,
'', garbage), buttons, menu actions, shortcuts, clicks on the views, resizes, a tiny network
trained — must raise no exception and log no Python or Qt warning, never keep the GUI thread
busy for more than 250 ms between two turns of the event loop (nor freeze it for a second,
waits included), and grow the process by less than 200 MB.  ``bench/bench_monkey.py``
runs the same driver longer and prints the figures.
"""

from __future__ import annotations

import pytest
from monkey import Monkey

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
    assert report.rss_growth < 200 * 2**20, report.summary()
