"""Garbage collection on the GUI thread only (app/runtime.py)."""

from __future__ import annotations

import gc
import threading

from gradscape.app.runtime import GuiThreadCollector


class Cycle:
    def __init__(self) -> None:
        self.me = self


def test_collection_runs_where_the_collector_lives_not_in_workers(qapp):
    gc.enable()  # as in a fresh process: the collector must switch automatic collection off
    collector = GuiThreadCollector(interval_ms=10_000)
    try:
        assert not gc.isenabled()
        freed_in: list[str] = []

        class Marked(Cycle):
            def __del__(self) -> None:
                freed_in.append(threading.current_thread().name)

        def worker() -> None:  # allocates far past every threshold: no collection here
            for _ in range(3):
                Marked()
            junk = [Cycle() for _ in range(50_000)]
            del junk

        t = threading.Thread(target=worker, name="worker")
        t.start()
        t.join()
        assert freed_in == []
        collector.thresholds = (1, 1, 1)  # every generation is due
        assert collector.collect() > 0
        assert freed_in == [threading.main_thread().name] * 3
    finally:
        collector.stop()
        assert gc.isenabled()
        gc.disable()  # the app tests' own setting (conftest)


def test_only_the_generations_past_their_thresholds_are_collected(qapp, monkeypatch):
    collector = GuiThreadCollector(interval_ms=10_000)
    calls: list[int] = []
    monkeypatch.setattr(gc, "collect", lambda g=2: calls.append(g) or 0)
    try:
        collector.thresholds = (10, 5, 5)
        for counts, want in (((3, 0, 0), []), ((11, 0, 0), [0]), ((11, 6, 0), [1]),
                             ((11, 6, 9), [2]), ((3, 6, 9), [])):  # fmt: skip
            calls.clear()
            monkeypatch.setattr(gc, "get_count", lambda c=counts: c)
            collector.collect()
            assert calls == want, counts
    finally:
        monkeypatch.undo()
        collector.stop()
        gc.disable()


def test_settled_objects_are_left_out_of_collections_until_thawed(qapp):
    """What lived through the start is frozen out of later passes (a full pass then looks at
    the session's new objects only); a thaw lets a closed window's cycles be found again."""
    collector = GuiThreadCollector(interval_ms=10_000)
    freed: list[str] = []

    class Marked(Cycle):
        def __init__(self, name: str) -> None:
            super().__init__()
            self.name = name

        def __del__(self) -> None:
            freed.append(self.name)

    try:
        old = Marked("from the start")
        collector.settle()
        assert gc.get_freeze_count() > 0
        new = Marked("made later")
        del old, new
        gc.collect()
        assert freed == ["made later"]  # the settled cycle is not looked at ...
        collector.thaw()
        assert gc.get_freeze_count() == 0
        gc.collect()
        assert freed == ["made later", "from the start"]  # ... until it is thawed
    finally:
        gc.unfreeze()
        collector.stop()


def test_a_collection_delayed_by_a_busy_loop_runs_in_a_turn_of_its_own(qapp, qtbot, monkeypatch):
    """When the timer fires late (the event loop was busy), the collection waits a few ms
    more instead of adding to the turn that delayed it; on time, it runs at once."""
    import time

    from PyQt6.QtCore import QTimer
    from PyQt6.QtWidgets import QApplication

    from gradscape.app import runtime

    collector = GuiThreadCollector(interval_ms=60)
    runs: list[float] = []
    monkeypatch.setattr(collector, "collect", lambda: runs.append(time.monotonic()) or 0)
    try:
        qtbot.waitUntil(lambda: len(runs) >= 2, timeout=2000)  # on time: at its tick
        # a busy turn: the next tick comes late; its collection is not in that turn
        ticks: list[float] = []
        beat = QTimer()
        beat.setInterval(5)
        beat.timeout.connect(lambda: ticks.append(time.monotonic()))
        beat.start()
        qtbot.wait(20)
        runs.clear()
        ticks.clear()
        busy_until = time.monotonic() + 0.15
        while time.monotonic() < busy_until:  # (the GUI thread's own work, no events)
            pass
        first_turn = len(ticks)
        QApplication.processEvents()  # the late tick: deferred
        assert runs == [] and collector._deferred
        qtbot.waitUntil(lambda: len(runs) == 1, timeout=1000)
        # the deferred collection came after a heartbeat that followed the busy turn
        assert any(busy_until <= t <= runs[0] for t in ticks[first_turn:])
        assert runs[0] - busy_until >= runtime.DEFER_MS / 1000 * 0.8
        beat.stop()
    finally:
        collector.stop()
        gc.disable()
