"""A network's loss landscape computed for the Network window, in a process of its own.

:class:`LandscapeOptions` holds what the Landscape dialog chose (directions, grid, span,
biases, workers, a dask scheduler); :func:`landscape_spec` turns the window's training
choices (a :class:`~app.model.training.TrainSpec`) and those options into the
:class:`core.landscape.LandscapeSpec` that :func:`core.landscape.compute_landscape` computes.

:func:`run_in_process` computes it in a child process started for the job (the training and
the grid are Python and numpy for seconds to minutes: in a thread of the GUI's process they
would hold its interpreter lock; the grid's own worker processes are the child's children).
The calling thread only waits, forwarding progress and passing on a cancel; the landscape
comes back as the path of its file in the cache folder.  No Qt here: the child never loads it.

The messages the dialog shows are marked for translation (contexts "LandscapeOptions" and
"Landscape") and translated where the app's runtime is loaded
(:func:`app.model.translation.translate`): in English in ``gradscape landscape``.
"""

from __future__ import annotations

import atexit
import math
import multiprocessing as mp
import os
import queue
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gradscape.app.model.translation import translate
from gradscape.app.model.words import QT_TRANSLATE_NOOP
from gradscape.core._text import one_line, show

if TYPE_CHECKING:  # (app.model.training is a QObject's module: the child never loads Qt)
    from gradscape.app.model.training import TrainSpec

#: The directions the dialog offers: core name -> what the user reads (translated where
#: shown, context "LandscapeOptions").
DIRECTION_TITLES = {
    "random": QT_TRANSLATE_NOOP("LandscapeOptions", "Random (filter-normalised)"),
    "pca": QT_TRANSLATE_NOOP("LandscapeOptions", "PCA of the training path"),
    "hessian": QT_TRANSLATE_NOOP("LandscapeOptions", "Hessian's top two eigenvectors"),
}
GRID_MIN, GRID_MAX, GRID_DEFAULT = 11, 201, 51
MAX_WORKERS = 256
#: How often the waiting thread looks for progress and for a cancel, in seconds.
POLL = 0.05
#: After a cancel, how long the child may take to stop by itself before it is terminated.
GRACE = 10.0

_ADDRESS = re.compile(
    r"^tcp://(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?):(\d+)$"
)


def check_scheduler(text: str | None) -> str | None:
    """A dask scheduler address ``tcp://HOST:PORT`` as typed (None when empty: compute here).

    Raises ValueError naming the field when it is not such an address.
    """
    t = (text or "").strip()
    if not t:
        return None
    m = _ADDRESS.match(t)
    if m is None:
        raise ValueError(
            translate(
                "LandscapeOptions",
                "scheduler must be an address like tcp://HOST:PORT (e.g. tcp://10.0.0.5:8786), "
                "got {value}",
            ).format(value=show(t))
        )
    port = int(m.group(2))
    if not 1 <= port <= 65535:
        raise ValueError(
            translate(
                "LandscapeOptions", "scheduler port must be in [1, 65535], got {value}"
            ).format(value=port)
        )
    return t


def check_grid(n: Any) -> int:
    if isinstance(n, bool) or not isinstance(n, int) or not GRID_MIN <= n <= GRID_MAX:
        raise ValueError(
            translate(
                "LandscapeOptions", "grid must be a whole number in [{low}, {high}], got {value}"
            ).format(low=GRID_MIN, high=GRID_MAX, value=show(n))
        )
    if n % 2 == 0:
        raise ValueError(
            translate(
                "LandscapeOptions",
                "grid must be odd (the trained network is the centre point), got {value}",
            ).format(value=n)
        )
    return n


def check_span(v: Any) -> float:
    if isinstance(v, bool) or not isinstance(v, int | float) or not (math.isfinite(v) and v > 0):
        raise ValueError(
            translate("LandscapeOptions", "span must be a finite number > 0, got {value}").format(
                value=show(v)
            )
        )
    return float(v)


def check_workers(n: Any) -> int:
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= MAX_WORKERS:
        raise ValueError(
            translate(
                "LandscapeOptions", "workers must be a whole number in [1, {high}], got {value}"
            ).format(high=MAX_WORKERS, value=show(n))
        )
    return n


@dataclass(frozen=True)
class LandscapeOptions:
    """What the Landscape dialog chose; :meth:`with_` validates a change."""

    directions: str = "random"
    grid: int = GRID_DEFAULT
    span: float = 1.0
    include_bias: bool = False
    workers: int = max(1, os.cpu_count() or 1)
    scheduler: str | None = None

    def with_(self, **changes: Any) -> LandscapeOptions:
        """A copy with ``changes``, each checked (ValueError naming the field)."""
        checks: dict[str, Callable[[Any], Any]] = {
            "directions": _check_directions,
            "grid": check_grid,
            "span": check_span,
            "include_bias": bool,
            "workers": check_workers,
            "scheduler": check_scheduler,
        }
        for name in changes:
            if name not in checks:
                raise ValueError(f"no landscape option {show(name)}; valid: {', '.join(checks)}")
        return replace(self, **{k: checks[k](v) for k, v in changes.items()})


def _check_directions(name: Any) -> str:
    if name not in DIRECTION_TITLES:
        choices = ", ".join(DIRECTION_TITLES)
        raise ValueError(f"directions must be one of {choices}, got {show(name)}")
    return str(name)


def landscape_spec(train: TrainSpec, options: LandscapeOptions, run: int = 0) -> Any:
    """The :class:`core.landscape.LandscapeSpec` of the networks the window trains (data,
    hidden sizes, activation, epochs, batch size, seed) with the dialog's ``options``: run
    ``run`` trains θ, the plane's centre, and every other run of the comparison (up to
    six) is trained from the same weights on the same batches, its path drawn on the same
    plane (with PCA directions, the plane of all the paths).

    Raises ValueError when a choice has no landscape equivalent (a CNN, dropout, or a
    hyperparameter that is not a number — a schedule — and differs from its default).
    """
    from gradscape.core.landscape import LandscapeSpec
    from gradscape.core.landscape._compute import MAX_COMPARE

    if getattr(train, "arch", "dense") != "dense" or any(getattr(train, "dropout", ())):
        if getattr(train, "arch", "dense") != "dense":
            text = translate(
                "Landscape",
                "no landscape for a CNN yet: landscapes take dense networks without dropout "
                "(choose Dense and dropout 0)",
            )
        else:
            text = translate(
                "Landscape",
                "no landscape for a network with dropout yet: landscapes take dense networks "
                "without dropout (choose Dense and dropout 0)",
            )
        raise ValueError(text)

    main = _rule(train.runs[run])
    others = [_rule(r) for i, r in enumerate(train.runs) if i != run][:MAX_COMPARE]
    return LandscapeSpec(
        data=train.dataset,
        hidden=train.hidden,
        act=train.act,
        optimizer=main[0],
        opt_params=main[1],
        compare=tuple(others),
        epochs=train.epochs,
        batch_size=train.batch_size,
        seed=train.seed,
        directions=options.directions,
        grid=options.grid,
        span=options.span,
        include_bias=options.include_bias,
    )


def _rule(r: Any) -> tuple[str, dict[str, float]]:
    """A run's optimizer and its numeric hyperparameters (ValueError for another kind of
    value that differs from its default)."""
    from gradscape.core.optimizers import OPTIMIZERS

    defaults = {p.name: p.default for p in OPTIMIZERS[r.optimizer].params}
    numeric = {}
    for name, value in r.hyper:
        if isinstance(value, int | float) and not isinstance(value, bool):
            numeric[name] = float(value)
        elif value != defaults.get(name):
            raise ValueError(
                translate(
                    "Landscape",
                    "a landscape takes numeric hyperparameters only; {name}={value} of {label} "
                    "cannot be passed (set it back to {default})",
                ).format(
                    name=name, value=show(value), label=r.label, default=show(defaults.get(name))
                )
            )
    return r.optimizer, numeric


def landscape_file(cache_dir: str | os.PathLike[str], spec: Any) -> Path:
    """Where :func:`core.landscape.compute_landscape` caches ``spec``'s landscape."""
    return Path(cache_dir) / f"{spec.key()}.npz"


# -- in the child process --------------------------------------------------------------------


def _child(
    spec: Any,
    workers: int,
    scheduler: str | None,
    cache_dir: str,
    reports: Any,
    cancel: Any,
) -> None:
    """Compute ``spec`` and put ("done", path), ("cancelled",), ("diverged", epoch, step,
    loss, restored), ("error", message) or ("bug", exception, traceback's text) on
    ``reports`` (after any number of ("progress", done, total, what)).  A divergence goes as
    facts: the app's process says it in the interface's language
    (:func:`divergence_message`)."""
    from gradscape.app.model.engine_process import child_bug, lower_priority
    from gradscape.core.landscape import compute_landscape
    from gradscape.core.network import DivergenceError

    lower_priority()

    try:
        compute_landscape(
            spec,
            workers=workers,
            scheduler=scheduler,
            progress=lambda d, n, what: reports.put(("progress", int(d), int(n), str(what))),
            cancel=cancel.is_set,
            cache_dir=cache_dir,
        )
    except Exception as exc:
        if cancel.is_set():  # whatever the stop raised (a Cancelled of the grid or the Hessian)
            reports.put(("cancelled",))
        elif isinstance(exc, DivergenceError):  # (core's message says which it did)
            restored = "restored" in str(exc)
            reports.put(("diverged", exc.epoch, exc.step, float(exc.loss), restored))
        elif isinstance(exc, ValueError | OSError | ImportError | DivergenceError | TimeoutError):
            reports.put(("error", one_line(str(exc)) or type(exc).__name__))
        else:  # a bug: raised in the app with its traceback here
            reports.put(("bug", *child_bug(exc)))
        return
    reports.put(("done", str(landscape_file(cache_dir, spec))))


# -- in the app's process --------------------------------------------------------------------

_active: set[Any] = set()


def _context() -> Any:
    from gradscape.app.model.engine_process import FORKSERVER_PRELOAD  # (the app's one list)

    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload(FORKSERVER_PRELOAD)
    return ctx


def run_in_process(
    spec: Any,
    *,
    workers: int,
    scheduler: str | None,
    cache_dir: str | os.PathLike[str],
    cancelled: Callable[[], bool],
    progress: Callable[[int, int, str], None],
) -> str | None:
    """Compute ``spec``'s landscape in a child process; its file's path, or None when
    ``cancelled()`` turned true first.

    Blocks the calling (worker) thread, not the interpreter.  ``progress(done, total, what)``
    gets the newest report of each step every :data:`POLL` seconds at most.  A cancel is
    passed on at once; a child that has not stopped :data:`GRACE` seconds later is
    terminated.  The
    computation's error (diverged training, an unreachable scheduler, …) is raised here as a
    ValueError with its one-line message; a bug of the child is raised as itself, its
    traceback there as a note.
    """
    ctx = _context()
    reports, cancel = ctx.Queue(), ctx.Event()
    Path(cache_dir).mkdir(parents=True, exist_ok=True)
    proc = ctx.Process(
        target=_child,
        args=(spec, workers, scheduler, os.fspath(cache_dir), reports, cancel),
        name="gradscape-landscape",
    )
    proc.start()
    if not _active:
        atexit.register(shutdown)  # (registered again after a shutdown: harmless)
    _active.add(proc)
    asked_at: float | None = None
    try:
        while True:
            # the newest report of each step since the last look (a fast step is still seen)
            newest: dict[str, tuple[int, int, str]] = {}
            end = None
            try:
                msg = reports.get(timeout=POLL)
                while True:
                    if msg[0] == "progress":
                        newest.pop(msg[3], None)
                        newest[msg[3]] = msg[1:]
                    else:
                        end = msg
                        break
                    msg = reports.get_nowait()
            except queue.Empty:
                pass
            if asked_at is None:
                for report in newest.values():
                    progress(*report)
            if end is not None:
                if end[0] == "done":
                    return None if cancel.is_set() else str(end[1])
                if end[0] == "cancelled":
                    return None
                if cancel.is_set():
                    return None  # an error on the way out of a cancelled job
                if end[0] == "diverged":
                    raise ValueError(divergence_message(*end[1:]))
                if end[0] == "bug":
                    from gradscape.app.model.engine_process import raise_child_bug

                    raise_child_bug(end[1], end[2], "the landscape process")
                raise ValueError(end[1])
            if cancelled() and asked_at is None:
                cancel.set()
                asked_at = _now()
            if asked_at is not None and _now() - asked_at > GRACE:
                _stop(proc)
                return None
            if not proc.is_alive() and reports.empty():
                proc.join()
                if cancel.is_set():
                    return None
                raise ValueError(
                    translate(
                        "Landscape", "the landscape process stopped (exit code {code})"
                    ).format(code=proc.exitcode)
                )
    finally:
        _stop(proc)
        _active.discard(proc)


def divergence_message(epoch: int, step: int, loss: float, restored: bool) -> str:
    """The landscape's training diverged: core's sentence, in the interface's language (in
    English word for word core's :class:`~core.network.DivergenceError` message)."""
    if restored:
        kept = translate(
            "Training", "the parameters were restored to the start of epoch {epoch}"
        ).format(epoch=epoch)
    else:
        kept = translate("Training", "the parameters are the last finite ones")
    return translate(
        "Landscape",
        "diverged at epoch {epoch}, step {step}: loss is {loss} ({kept}); "
        "try a smaller learning rate",
    ).format(epoch=epoch, step=step, loss=loss, kept=kept)


def _now() -> float:
    import time

    return time.monotonic()


def _stop(proc: Any) -> None:
    """End ``proc`` and its grid workers (their pools notice their parent has gone)."""
    from gradscape.app.model.engine_process import stop_process

    stop_process(proc)


def shutdown() -> None:
    """Terminate every landscape process still running (the app quits)."""
    for proc in list(_active):
        _stop(proc)
