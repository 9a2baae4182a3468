"""The job runner alone (app.model.jobs): values and errors come back on the GUI thread, only
for the newest generation; cancelling is the job's own business; shutdown waits and drops.

Jobs here wait on events, never on the clock: each test opens the gate it needs.
"""

from __future__ import annotations

import threading

import pytest
from PyQt6.QtWidgets import QApplication

from gradscape.app.model.jobs import Cancelled, JobRunner

#: How long a job waits for a gate before giving up (a hung test, not a timing threshold).
HANG = 20.0


class Recorder:
    """Every signal of a runner, in order, with the thread it arrived on."""

    def __init__(self, runner: JobRunner) -> None:
        self.seen: list[tuple] = []
        self.threads: set[str] = set()
        for name in ("done", "failed", "progress"):
            getattr(runner, name).connect(lambda *args, name=name: self._add(name, args))

    def _add(self, name: str, args: tuple) -> None:
        self.threads.add(threading.current_thread().name)
        self.seen.append((name, *args))


def settle(runner: JobRunner) -> None:
    """Wait for every job to end, then deliver what they queued for the GUI thread."""
    assert runner.wait(int(HANG * 1000))
    for _ in range(3):
        QApplication.processEvents()


@pytest.fixture
def runner(qapp):
    r = JobRunner(threads=2)
    yield r
    r.shutdown(int(HANG * 1000))
    r.deleteLater()


def test_a_value_comes_back_on_the_gui_thread(qtbot, runner):
    rec = Recorder(runner)
    workers = []

    def work(cancel):
        workers.append(threading.current_thread() is not threading.main_thread())
        return {"answer": 6 * 7}

    with qtbot.waitSignal(runner.done, timeout=int(HANG * 1000)) as blocker:
        gen = runner.start(work)
    assert gen == 1 and runner.current(gen)
    assert blocker.args == [1, {"answer": 42}]
    assert workers == [True] and rec.threads == {threading.main_thread().name}
    settle(runner)
    assert rec.seen == [("done", 1, {"answer": 42})]


def test_progress_then_value(qtbot, runner):
    rec = Recorder(runner)

    def work(cancel, report):
        for k in range(1, 5):
            report(k / 4)
        return "all"

    with qtbot.waitSignal(runner.done, timeout=int(HANG * 1000)):
        gen = runner.start(work, progress=True)
    settle(runner)
    reports = [("progress", gen, k / 4) for k in range(1, 5)]
    assert rec.seen == [*reports, ("done", gen, "all")]


def test_a_superseded_generation_is_dropped_and_cancelled(qtbot, runner):
    rec = Recorder(runner)
    gate, first_running = threading.Event(), threading.Event()
    first_saw_cancel = []

    def first(cancel):
        first_running.set()
        assert gate.wait(HANG)
        first_saw_cancel.append(cancel.is_set())
        return "old"

    old = runner.start(first)
    assert first_running.wait(HANG)
    with qtbot.waitSignal(runner.done, timeout=int(HANG * 1000)) as blocker:
        new = runner.start(lambda cancel: "new")
    assert blocker.args == [new, "new"] and new == old + 1
    assert not runner.current(old) and runner.current(new)
    gate.set()  # the old job ends now, with its value: that value must not arrive
    settle(runner)
    assert first_saw_cancel == [True]
    assert rec.seen == [("done", new, "new")]


def test_a_job_superseded_before_it_ran_never_runs(qtbot, qapp):
    runner = JobRunner(threads=1)
    rec = Recorder(runner)
    gate, first_running = threading.Event(), threading.Event()
    ran = []

    def job(name):
        def work(cancel):
            ran.append(name)
            if name == "a":
                first_running.set()
                assert gate.wait(HANG)
            return name

        return work

    runner.start(job("a"))
    assert first_running.wait(HANG)
    runner.start(job("b"))  # queued behind "a" in the one thread
    last = runner.start(job("c"))
    gate.set()
    settle(runner)
    assert ran == ["a", "c"] and rec.seen == [("done", last, "c")]
    runner.deleteLater()


def test_cancel_is_seen_by_the_job_and_its_value_still_counts(qtbot, runner):
    running = threading.Event()
    steps = []

    def work(cancel):
        running.set()
        while not cancel.wait(0.001):
            steps.append(1)
            assert len(steps) < HANG * 1000, "the job never saw its cancel"
        return f"stopped after {len(steps)} steps"

    assert not runner.cancel()  # nothing to cancel yet
    gen = runner.start(work)
    assert running.wait(HANG)
    with qtbot.waitSignal(runner.done, timeout=int(HANG * 1000)) as blocker:
        assert runner.cancel()
    assert blocker.args == [gen, f"stopped after {len(steps)} steps"]
    assert runner.current(gen)


def test_cancelled_raised_ends_the_job_without_a_signal(qtbot, runner):
    rec = Recorder(runner)

    def work(cancel):
        raise Cancelled

    runner.start(work)
    settle(runner)
    assert rec.seen == []


def test_a_bug_becomes_failed_with_its_traceback_printed_once(qtbot, runner, capsys):
    rec = Recorder(runner)

    def work(cancel):
        raise RuntimeError("boom at step 3")

    with qtbot.waitSignal(runner.failed, timeout=int(HANG * 1000)) as blocker:
        gen = runner.start(work)
    assert blocker.args == [gen, "RuntimeError: boom at step 3"]
    settle(runner)
    assert rec.seen == [("failed", gen, "RuntimeError: boom at step 3")]
    err = capsys.readouterr().err
    assert err.count("Traceback (most recent call last)") == 1
    assert 'raise RuntimeError("boom at step 3")' in err


def test_an_expected_error_is_the_users_message_without_a_traceback(qtbot, qapp, capsys):
    runner = JobRunner(expected=(ValueError,))

    def work(cancel):
        raise ValueError("eta must be > 0, got -0.1")

    with qtbot.waitSignal(runner.failed, timeout=int(HANG * 1000)) as blocker:
        gen = runner.start(work)
    assert blocker.args == [gen, "eta must be > 0, got -0.1"]
    settle(runner)
    assert "Traceback" not in capsys.readouterr().err
    runner.deleteLater()


def test_shutdown_waits_for_the_job_then_drops_its_result(qtbot, runner):
    rec = Recorder(runner)
    running, ended = threading.Event(), threading.Event()

    def work(cancel, report):
        running.set()
        assert cancel.wait(HANG)  # only shutdown's cancel lets it end
        report(0.9)
        ended.set()
        return "late"

    gen = runner.start(work, progress=True)
    assert running.wait(HANG)
    assert runner.shutdown(int(HANG * 1000))
    assert ended.is_set() and runner.active_threads == 0
    assert not runner.current(gen)
    for _ in range(3):
        QApplication.processEvents()
    assert rec.seen == []


def test_a_job_whose_runner_was_deleted_stops_quietly(capsys):
    """A window closed while its job runs deletes the runner: the job's next report stops
    it and its outcome is dropped, with no traceback (a monkey's bench ended with one)."""
    from gradscape.app.model.jobs import _Task

    class Gone:
        def emit(self, *args):
            raise RuntimeError("wrapped C/C++ object of type JobRunner has been deleted")

    class DeletedRunner:  # what PyQt gives a thread once the window's runner is deleted
        _reported = _raised = _ended = Gone()
        expected = ()

        def current(self, gen):
            return True

    reports: list[int] = []

    def work(cancel, report):
        for k in range(1000):
            report(k / 1000)
            reports.append(k)
        return "never seen"

    cancel = threading.Event()
    _Task(DeletedRunner(), 1, work, cancel, progress=True).run()
    assert reports == [] and cancel.is_set()  # the first report ended the job
    _Task(DeletedRunner(), 2, lambda c: "done", threading.Event(), progress=False).run()
    assert "Traceback" not in capsys.readouterr().err


def test_a_job_whose_real_runner_was_deleted_stops_quietly(qapp, capsys):
    """The real thing: PyQt raises on reading a deleted runner's signal, before any emit (a
    basins map's progress report raised it through the job's thread in the monkey's bench)."""
    from PyQt6 import sip

    from gradscape.app.model.jobs import JobRunner, _Task

    runner = JobRunner()
    gen = runner.generation
    sip.delete(runner)
    reports: list[int] = []

    def work(cancel, report):
        for k in range(1000):
            report(k / 1000)
            reports.append(k)
        return "never seen"

    cancel = threading.Event()
    task = _Task(runner, gen, work, cancel, progress=True)
    task.run()  # (the deleted runner's current() raises: the job does not even start)
    assert reports == []
    # a job already running when its runner goes: the first report stops it
    task.runner = type("Running", (), {"current": lambda self, g: True, "expected": ()})()
    task.runner.__class__._reported = property(lambda self: runner._reported)
    task.run()
    assert reports == [] and cancel.is_set()
    assert "Traceback" not in capsys.readouterr().err
