"""Training off the GUI thread: the worker, and the controller the network window follows.

:class:`TrainingController` trains a :class:`~app.model.training.NetworkState`'s spec with
:func:`~app.model.training_run.train_runs` in a child process
(:mod:`app.model.training_process`), waited for by a one-thread pool, and holds what the views
draw: the run labels, one history per run (lists per epoch, as ``fit`` returns them), the
outcomes, the newest snapshot of the network.  The waiting worker does not signal every epoch:
it appends the child's batches of epochs to a list that a redraw timer on the GUI thread takes
(see :class:`_Epochs`), and the controller announces each batch with ``updated``.  The
training runs as a job of a :class:`~app.model.jobs.JobRunner`, whose generations drop the
signals of a training that was shut down.  No widgets here: views and controls subscribe.
"""

from __future__ import annotations

import threading
from typing import Any

from PyQt6.QtCore import QObject, QTimer, pyqtSignal

from gradscape.app.model.engine_process import engine_process
from gradscape.app.model.jobs import JobRunner
from gradscape.app.model.training import (
    DATASETS,
    NetworkState,
    TrainSpec,
    dataset_unavailable,
    load_dataset,
)
from gradscape.app.model.training_process import train_in_process
from gradscape.app.model.training_run import RunOutcome, Sharpness, ViewData, train_runs
from gradscape.app.model.translation import translate

#: Redraw rate of the live plots while training (epochs can be much faster than this).
REDRAW_MS = 80
#: The columns of a run's history the views draw, besides "epoch".
HISTORY_KEYS = ("loss", "accuracy", "val_loss", "val_accuracy")


class _Epochs:
    """The epochs a training has finished, until the GUI's redraw timer takes them.

    Epochs are not signalled one by one: a queued signal per epoch makes the GUI thread
    queue for the GIL thousands of times a second while the worker runs Python (the window
    would stall).  The worker thread appends the child process's batches here and the timer
    takes them.
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.pending: list[tuple[int, int, dict]] = []
        self.view: tuple[int, ViewData] | None = None
        self.sharpness: dict[int, Sharpness] = {}

    def add_batch(
        self,
        pending: list[tuple[int, int, dict]],
        view: tuple[int, ViewData] | None,
        sharpness: dict[int, Sharpness],
    ) -> None:
        """A batch of epochs, the newest view and sharpness records (worker thread)."""
        with self.lock:
            self.pending.extend(pending)
            if view is not None:
                self.view = view
            self.sharpness.update(sharpness)

    def take(
        self,
    ) -> tuple[list[tuple[int, int, dict]], tuple[int, ViewData] | None, dict[int, Sharpness]]:
        """The epochs, the newest view and the newest sharpness records since the last call
        (GUI thread)."""
        with self.lock:
            pending, view, sharp = self.pending, self.view, self.sharpness
            self.pending, self.view, self.sharpness = [], None, {}
        return pending, view, sharp


def empty_history() -> dict[str, list]:
    """A run's history before its first epoch."""
    return {"epoch": [], **{k: [] for k in HISTORY_KEYS}}


def divergence_text(out: RunOutcome) -> str:
    """ "Adam η=10 diverged at epoch e, step k: loss is inf (…); try a smaller learning rate"
    in the interface's language (in English, core's message word for word)."""
    d = out.diverged
    if d is None:  # another error of the core (its own words)
        return f"{out.label} {out.error}"
    if d.restored:
        kept = translate(
            "Training", "the parameters were restored to the start of epoch {epoch}"
        ).format(epoch=d.epoch)
    else:
        kept = translate("Training", "the parameters are the last finite ones")
    return translate(
        "Training",
        "{label} diverged at epoch {epoch}, step {step}: loss is {loss} ({kept}); "
        "try a smaller learning rate",
    ).format(label=out.label, epoch=d.epoch, step=d.step, loss=d.loss, kept=kept)


def outcome_summary(outcomes: list[RunOutcome], epochs: int) -> tuple[str, bool]:
    """One line per run ("Adam η=0.01: loss 0.1234, test accuracy 97.5% (100 epochs, 1.2 s)",
    its divergence, or where it was cancelled) and whether any run diverged, in the
    interface's language."""
    lines, error = [], False
    for out in outcomes:
        h = out.history
        n = len(h["epoch"])
        if out.error:
            error = True
            lines.append(divergence_text(out))
        elif out.cancelled:
            lines.append(
                translate("Training", "{label}: cancelled after epoch {epoch} of {epochs}").format(
                    label=out.label, epoch=n, epochs=epochs
                )
            )
        else:
            facts = {
                "label": out.label,
                "loss": f"{h['loss'][-1]:.4g}",
                "epochs": n,
                "seconds": f"{out.seconds:.1f}",
            }
            if h["val_accuracy"] and h["val_accuracy"][-1] is not None:
                text = translate(
                    "Training",
                    "{label}: loss {loss}, test accuracy {accuracy}% ({epochs} epochs, "
                    "{seconds} s)",
                ).format(accuracy=f"{100 * h['val_accuracy'][-1]:.1f}", **facts)
            elif h["val_loss"]:
                text = translate(
                    "Training",
                    "{label}: loss {loss}, test loss {test_loss} ({epochs} epochs, {seconds} s)",
                ).format(test_loss=f"{h['val_loss'][-1]:.4g}", **facts)
            else:
                text = translate(
                    "Training", "{label}: loss {loss} ({epochs} epochs, {seconds} s)"
                ).format(**facts)
            lines.append(text)
    return "\n".join(lines), error


class TrainingController(QObject):
    """Trains the state's spec off the GUI thread and holds what the views draw.

    Signals, all on the GUI thread:

    - ``previewChanged(data)``: while idle, the state chose other data (the next Train's);
    - ``starting()``: a training is about to begin (before ``started``; views made now
      follow the training from its start);
    - ``started()``: a training began (``spec``, ``data``, ``labels`` set, histories empty);
    - ``updated(runs)``: new epochs are in the histories of ``runs`` (a list of indices),
      ``epochs_done`` counts them; every :data:`REDRAW_MS` at most, and at each run's end;
    - ``viewChanged(run, view)``: a new snapshot of run ``run``'s network (a ViewData);
    - ``sharpnessChanged(runs)``: new λmax measurements are in ``sharpness[i]`` (a
      :class:`~app.model.training_run.Sharpness`, or None) for ``i`` in ``runs``; batched
      like ``updated``;
    - ``runDone(outcome)``: a run ended (its history is exactly what ``fit`` returned);
    - ``finished()``: the training ended (done, cancelled or diverged), ``outcomes`` complete;
    - ``failed(message)``: the worker raised (a bug in the core), training stopped;
    - ``runningChanged(on)``.
    """

    previewChanged = pyqtSignal(object)
    starting = pyqtSignal()
    started = pyqtSignal()
    updated = pyqtSignal(object)
    viewChanged = pyqtSignal(int, object)
    sharpnessChanged = pyqtSignal(object)
    runDone = pyqtSignal(object)
    finished = pyqtSignal()
    failed = pyqtSignal(str)
    runningChanged = pyqtSignal(bool)
    # (the training's _Epochs, a run's RunOutcome): emitted in the worker, queued to here.
    _runEnded = pyqtSignal(object, object)
    # (the training's _Epochs, its dataset): a dataset the worker loaded before training.
    _dataReady = pyqtSignal(object, object)

    def __init__(self, state: NetworkState, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.state = state
        #: the training's spec and data (before any: None, and the previewed data)
        self.spec: TrainSpec | None = None
        self.data: Any = None
        self.labels: list[str] = []
        self.histories: list[dict[str, list]] = []
        self.outcomes: list[RunOutcome] = []
        #: each run's sharpness record (None while not tracked or not measured yet)
        self.sharpness: list[Sharpness | None] = []
        #: epochs trained so far, over all runs of the training
        self.epochs_done = 0
        self._datasets: dict[str, Any] = {}
        #: the running training's epochs not drawn yet (None: no training running)
        self._epochs: _Epochs | None = None
        self._dirty: set[int] = set()
        self._sharp_dirty: set[int] = set()
        self._latest_view: tuple[int, ViewData] | None = None
        # a ValueError is a configuration the core refuses: its message is the user's
        # (another exception is a bug: its type and a traceback on stderr too)
        self._jobs = JobRunner(threads=1, expected=(ValueError,), parent=self)
        self._jobs.done.connect(self._on_finished)
        self._jobs.failed.connect(self._on_failed)
        self._runEnded.connect(self._on_run_done)
        self._dataReady.connect(self._on_data_ready)
        # Datasets that need a package (digits: scikit-learn) load off the GUI thread.
        self._loader = JobRunner(
            threads=1, expected=(ValueError, ImportError, OSError), parent=self
        )
        self._loader.done.connect(self._on_loaded)
        self._loader.failed.connect(lambda gen, message: None)  # Train says it, if it comes
        self._redraw = QTimer(self)
        self._redraw.setInterval(REDRAW_MS)
        self._redraw.timeout.connect(self._flush)
        state.changed.connect(self._on_state)
        self._preview()

    # -- data -----------------------------------------------------------------------------
    def dataset(self, key: str) -> Any:
        """The dataset ``key`` (loaded once, here and now; training only reads it)."""
        if key not in self._datasets:
            self._datasets[key] = load_dataset(key)
        return self._datasets[key]

    @staticmethod
    def loads_slowly(key: str) -> bool:
        """Whether dataset ``key`` is read with a package (importing it and reading files
        takes most of a second: done off the GUI thread); the others are generated at once."""
        return DATASETS[key].needs is not None

    def _on_load_failed(self, gen: int, message: str) -> None:
        pass  # no preview of these data; Train loads them again and says why it cannot

    def _on_loaded(self, gen: int, loaded: tuple[str, Any]) -> None:
        key, data = loaded
        self._datasets.setdefault(key, data)
        self._preview()

    @property
    def classification(self) -> bool:
        """Whether the data shown are a classification set (they have an accuracy)."""
        return self.data is not None and self.data.kind == "classification"

    def _on_state(self, name: str) -> None:
        if name == "dataset":
            self._preview()

    def _preview(self) -> None:
        """Before training: the chosen data become the data shown (not an empty plot)."""
        key = self.state.dataset
        if self.running or dataset_unavailable(key):
            return
        if key not in self._datasets and self.loads_slowly(key):
            # in the engine process: importing scikit-learn in a thread of this one would
            # hold the interpreter lock (loading its extension modules) for most of a second
            self._loader.start(lambda cancel: (key, engine_process().call(load_dataset, key)))
            return  # shown when loaded (_on_loaded)
        data = self.dataset(key)
        if data is not self.data:
            self.data = data
            self.previewChanged.emit(data)

    # -- training -------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._epochs is not None

    @property
    def worker_threads(self) -> int:
        """Pool threads still working (0 once a training has ended or was shut down)."""
        return self._jobs.active_threads

    def train(self) -> bool:
        """Start training the state's spec; False when a training is already running.

        Raises ValueError or ImportError when the dataset cannot be loaded (nothing starts).
        """
        if self.running:
            return False
        self.starting.emit()
        spec = self.state.spec()
        # Loaded here when quick or already loaded, else by the worker before it trains.
        load_later = spec.dataset not in self._datasets and self.loads_slowly(spec.dataset)
        missing = dataset_unavailable(spec.dataset) if load_later else None
        if missing is not None:
            raise ImportError(missing)
        data = None if load_later else self.dataset(spec.dataset)
        self.spec, self.data = spec, data
        self.outcomes = []
        self.labels = [run.label for run in spec.runs]
        self.histories = [empty_history() for _ in spec.runs]
        self.sharpness = [None for _ in spec.runs]
        self.epochs_done = 0
        self._dirty.clear()
        self._sharp_dirty.clear()
        self._latest_view = None
        epochs = self._epochs = _Epochs()
        ended, ready = self._runEnded, self._dataReady

        def work(cancel: threading.Event) -> None:
            nonlocal data
            if data is None:
                data = engine_process().call(load_dataset, spec.dataset)
                ready.emit(epochs, data)
            # In a child process: a thread of this one would hold the interpreter lock the
            # GUI thread needs (see app.model.training_process); this thread only waits.
            train_in_process(
                train_runs,
                spec,
                data,
                cancelled=cancel.is_set,
                on_epochs=epochs.add_batch,
                on_run_done=lambda out: ended.emit(epochs, out),
            )

        if data is not None:
            self.started.emit()
        self.runningChanged.emit(True)
        self._redraw.start()
        self._jobs.start(work)
        return True

    def _on_data_ready(self, epochs: _Epochs, data: Any) -> None:
        if epochs is not self._epochs:
            return  # a training that was shut down
        self._datasets.setdefault(self.spec.dataset, data)
        self.data = data
        self.started.emit()

    def cancel(self) -> bool:
        """Stop after the current epoch (the callback returns False); False when idle."""
        if self._epochs is None:
            return False
        return self._jobs.cancel()

    def _take_epochs(self) -> None:
        """Move the worker's new epochs into the histories the curves draw."""
        if self._epochs is None:
            return
        pending, view, sharp = self._epochs.take()
        for i, record in sharp.items():
            self.sharpness[i] = record
            self._sharp_dirty.add(i)
        for i, epoch, logs in pending:
            h = self.histories[i]
            h["epoch"].append(epoch)
            for k in HISTORY_KEYS:
                h[k].append(logs[k])
            self._dirty.add(i)
            self.epochs_done = i * self.spec.epochs + epoch
        if view is not None:
            self._latest_view = view

    def _flush(self) -> None:
        # Here, not per epoch: every update repaints (a progress bar at every setValue), and
        # tiny networks finish thousands of epochs a second.
        if self.data is None:
            return  # the worker is still loading the data ("started" comes with them)
        self._take_epochs()
        if self._dirty:
            dirty = sorted(self._dirty)
            self._dirty.clear()
            self.updated.emit(dirty)
        if self._sharp_dirty:
            dirty = sorted(self._sharp_dirty)
            self._sharp_dirty.clear()
            self.sharpnessChanged.emit(dirty)
        if self._latest_view is not None:
            i, view = self._latest_view
            self._latest_view = None
            self.viewChanged.emit(i, view)

    def _on_run_done(self, epochs: _Epochs, out: RunOutcome) -> None:
        if epochs is not self._epochs:
            return  # a training that was shut down
        self.outcomes.append(out)
        # Epochs of this run still queued are in its history already (and the next run's
        # belong to the next history): take them before replacing this run's.
        self._take_epochs()
        if self._latest_view is not None and self._latest_view[0] <= out.index:
            self._latest_view = None
        # The curves show exactly what fit returned (or, after a divergence, every
        # finished epoch).
        self.histories[out.index] = out.history
        self._dirty.add(out.index)
        if out.sharpness is not None:  # every measurement of the run, the last included
            self.sharpness[out.index] = out.sharpness
            self._sharp_dirty.add(out.index)
        self._flush()
        if out.view is not None:
            self.viewChanged.emit(out.index, out.view)
        self.runDone.emit(out)

    def _on_finished(self, gen: int, _: None) -> None:
        self._end()
        self.finished.emit()

    def _on_failed(self, gen: int, message: str) -> None:
        self._end()
        self.failed.emit(message)

    def _end(self) -> None:
        self._redraw.stop()
        self._flush()
        self._epochs = None
        self.runningChanged.emit(False)

    def stop(self) -> None:
        """Cancel training in flight and return at once (closing the window): the worker
        stops within one batch; its last signals are dropped, ``finished`` is not emitted."""
        self._jobs.abandon()
        self._loader.abandon()
        if self._epochs is not None:
            self._end()

    def shutdown(self, timeout_ms: int = 10000) -> None:
        """:meth:`stop`, then wait for the worker (before the app quits)."""
        self.stop()
        self._jobs.shutdown(timeout_ms)  # (a pool whose job runs on is kept until it ends)
        self._loader.shutdown(timeout_ms)
