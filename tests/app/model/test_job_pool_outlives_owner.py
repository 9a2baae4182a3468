"""A job that outlives its runner's shutdown never makes a garbage collection wait for it.

The runners' pools were QThreadPools, whose destructor waits for their jobs.  Deleted from a
garbage collection (a closed window's parts collected), that wait held the interpreter lock
the job needed to go on: the app hung for good (seen in the suite as tests that never ended,
twice in one session).  Run in a child process, so that a hang is a failed test, not a stuck
suite.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

CHILD = textwrap.dedent(
    """
    import gc, threading, time
    from PyQt6.QtCore import QCoreApplication, QObject
    app = QCoreApplication([])
    from gradscape.app.model.jobs import JobRunner

    owner = QObject()
    runner = JobRunner(parent=owner)
    started, finished = threading.Event(), threading.Event()

    def slow(cancel):
        # a job between two looks at its cancel flag: it runs on after the shutdown
        started.set()
        end = time.monotonic() + 1.0
        while time.monotonic() < end:
            time.sleep(0.005)
        finished.set()
        return 1

    runner.start(slow)
    assert started.wait(10)
    print("shut down in time:", runner.shutdown(50), flush=True)
    t0 = time.monotonic()
    del runner, owner  # (deletes the runner, and with a QThreadPool its pool)
    gc.collect()
    print(f"collected after {time.monotonic() - t0:.3f} s, job done: {finished.is_set()}",
          flush=True)
    print("job done later:", finished.wait(10), flush=True)
    """
)


def test_a_collected_runner_does_not_wait_for_its_job_holding_the_lock(tmp_path):
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    try:
        out = subprocess.run(
            [sys.executable, str(script)], capture_output=True, text=True, env=env, timeout=60
        )
    except subprocess.TimeoutExpired:
        raise AssertionError("the child hung: a collection waited for the job") from None
    assert out.returncode == 0, out.stderr[-2000:]
    lines = out.stdout.splitlines()
    assert lines[0] == "shut down in time: False"  # (the job ran on, as intended)
    # the collection returned at once, before the job's second was over
    head, done = lines[1].split(", job done: ")
    assert float(head.split()[2]) < 0.5 and done == "False"
    assert lines[2] == "job done later: True"
