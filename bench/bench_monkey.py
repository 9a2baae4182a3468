"""GUI monkey benchmark: many random user actions over the main window and the Network window.

Run under a virtual X server with Mesa's software renderer, e.g.::

    xvfb-run -a -s "-screen 0 1600x1000x24" env QT_QPA_PLATFORM=xcb \\
        .venv/bin/python bench/bench_monkey.py --actions 5000 --seed 7

The driver is the test suite's (``tests/app/monkey.py``; ``tests/app/test_monkey.py`` runs it
short with a fixed seed).  Prints the actions done, the event loop's longest gap (and the
action during it), median and 99th-percentile gap, the longest stall (a gap less the time the
GUI thread waited for a CPU the system gave another process: what the app made the user
wait, whatever else the machine runs), the GUI thread's own CPU time per gap, the ten longest
gaps and the ten with the most GUI-thread work (each with its action, the GUI thread's CPU
time, the other threads' and the GUI thread's wait for a CPU), the process's RSS growth,
every exception (a traceback printed by a worker thread's job included) and warning, and
every window its layout grew past the sizes the monkey gives.  ``--stacks MS`` samples the
GUI thread's Python stack in gaps longer than MS and prints the longest gaps' commonest.
Exit status 1 when any exception or warning was seen, or a layout grew a window.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("QT_QPA_PLATFORM", "xcb")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def load_driver():
    """tests/app/monkey.py, by path (tests/ is no package)."""
    spec = importlib.util.spec_from_file_location("monkey", REPO / "tests" / "app" / "monkey.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # (its dataclasses look their module up there)
    spec.loader.exec_module(module)
    return module


class StackSampler:
    """Where the GUI thread is during long gaps: a thread that, every ``period`` seconds,
    looks at how long ago the monkey's heartbeat last beat and, past ``threshold``, takes
    the GUI thread's Python stack (``sys._current_frames``).  Samples are kept per gap (the
    beat it began after) with the action that ran; :meth:`print_top` prints each of the
    longest gaps' commonest stacks.  A diagnosis only: its wake-ups cost the GUI thread a
    little of its interpreter lock, and it sees only the Python frames (a stack that ends
    in the monkey's ``qWait`` is Qt's own C++ work), and nothing while the GUI thread keeps
    the lock through a long call into Qt (a gap with few samples or none)."""

    def __init__(self, monkey, threshold: float, period: float = 0.005) -> None:
        import threading

        self.monkey, self.threshold, self.period = monkey, threshold, period
        self.main = threading.main_thread().ident
        self.samples: dict[float, list[tuple[str, tuple[str, ...]]]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="stack-sampler", daemon=True)

    def __enter__(self) -> StackSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        import traceback

        while not self._stop.wait(self.period):
            began = self.monkey._last_beat
            if not began or time.perf_counter() - began < self.threshold:
                continue
            frame = sys._current_frames().get(self.main)
            if frame is None:
                continue
            stack = tuple(
                f"{'/'.join(f.filename.split('/')[-2:])}:{f.lineno} {f.name}"
                for f in traceback.extract_stack(frame)
            )
            self.samples.setdefault(began, []).append((self.monkey._current, stack))

    def print_top(self, gaps: int = 5, stacks: int = 2, depth: int = 14) -> None:
        from collections import Counter

        longest = sorted(self.samples.items(), key=lambda kv: -len(kv[1]))[:gaps]
        for began, samples in longest:
            print(f"gap after the beat at {began:.3f} s, {len(samples)} samples "
                  f"({len(samples) * self.period * 1000:.0f} ms past the threshold), "
                  f"during {samples[0][0]}:")  # fmt: skip
            for stack, n in Counter(s for _, s in samples).most_common(stacks):
                print(f"  {n} samples:")
                for line in stack[-depth:]:
                    print(f"      {line}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--actions", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=int(time.time()) % 100_000)
    ap.add_argument("--grid", type=int, default=100, help="the window's surface grid")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every action")
    ap.add_argument("--stacks", type=float, metavar="MS", default=0,
                    help="sample the GUI thread's stack in gaps longer than MS and print the "
                         "longest gaps' commonest stacks (a diagnosis)")  # fmt: skip
    args = ap.parse_args()

    os.environ.setdefault("GRADSCAPE_SETTINGS", str(Path("/tmp") / f"monkey-{os.getpid()}.ini"))
    from gradscape.app.runtime import application
    from gradscape.app.runtime import install as collect_on_gui_thread

    app = application()
    collect_on_gui_thread(app)
    from PyQt6.QtTest import QTest

    from gradscape.app.model.state import AppState
    from gradscape.app.windows.main_window import MainWindow

    monkey = load_driver()
    state = AppState()
    state.grid = args.grid
    window = MainWindow(state, persist=False)
    window.resize(1100, 760)
    window.show()
    QTest.qWaitForWindowExposed(window)
    # as the gradscape command does once its window has drawn its first scene
    from gradscape.app.export.capture import process_events
    from gradscape.app.runtime import settle_memory

    end = time.perf_counter() + 20
    while not window.compute.is_current() and time.perf_counter() < end:
        process_events()
    settle_memory()
    log = (lambda line: print(line, flush=True)) if args.verbose else None
    t0 = time.perf_counter()
    driver = monkey.Monkey(window, args.seed, log=log)
    sampler = StackSampler(driver, args.stacks / 1000) if args.stacks > 0 else None
    if sampler is not None:
        with sampler:
            report = driver.run(args.actions)
    else:
        report = driver.run(args.actions)
    elapsed = time.perf_counter() - t0
    print(report.summary())
    print(f"{elapsed:.0f} s; actions by kind: {dict(sorted(report.counts.items()))}")
    gaps = sorted(report.gaps)
    if gaps:
        p99 = gaps[int(0.99 * (len(gaps) - 1))]
        print(f"gaps: {len(gaps)} heartbeats, 99th percentile {p99 * 1000:.0f} ms")
        busy = sorted(report.busy)
        print(
            f"GUI thread's CPU time per gap: 99th percentile "
            f"{busy[int(0.99 * (len(busy) - 1))] * 1000:.0f} ms, median "
            f"{busy[len(busy) // 2] * 1000:.1f} ms, longest {busy[-1] * 1000:.0f} ms"
        )
        stalls = sorted(report.stalls)
        print(
            f"stall (a gap less the GUI thread's wait for a CPU): longest "
            f"{stalls[-1] * 1000:.0f} ms, 99th percentile "
            f"{stalls[int(0.99 * (len(stalls) - 1))] * 1000:.0f} ms"
        )
        gui, whole = report.longest_gap_cpu
        print(
            f"in the longest gap ({report.longest_gap * 1000:.0f} ms): GUI thread's CPU "
            f"{gui * 1000:.0f} ms, the process's other threads' {(whole - gui) * 1000:.0f} ms"
        )
        for title, top in (("longest gaps", report.top_gaps),
                           ("most GUI-thread work in a gap", report.top_busy)):
            print(f"{title} (wall, GUI thread's CPU, other threads' CPU, GUI thread's wait "
                  "for a CPU, action):")
            for gap, gui, whole, waited, action in top:
                print(f"  {gap * 1000:4.0f} ms  GUI {gui * 1000:4.0f} ms  other "
                      f"{(whole - gui) * 1000:4.0f} ms  wait {waited * 1000:3.0f} ms  {action}")
    print(f"load average at the end: {os.getloadavg()[0]:.2f} ({os.cpu_count()} CPUs)")
    if sampler is not None:
        sampler.print_top()
    for what in (report.exceptions, report.warnings, report.qt_warnings, report.oversized):
        for line in what[:10]:
            print(line)
    net = getattr(window, "network_window", None)
    if net is not None:
        net.close()
    window.close()
    from gradscape.app.runtime import tear_down

    del window, net
    tear_down(app)  # (as the gradscape command does before its exit)
    return 1 if (report.exceptions or report.warnings or report.qt_warnings
                 or report.oversized) else 0


if __name__ == "__main__":
    sys.exit(main())
