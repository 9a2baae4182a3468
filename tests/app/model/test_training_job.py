"""The training controller alone (no widget): it trains the state's spec off the GUI thread,
holds the histories and outcomes the views draw, drops a superseded training's signals.

Every reference is computed by calling core directly (``core.datasets`` with the data seed 0,
``Network.from_sizes`` and ``fit``), never through app code.
"""

from __future__ import annotations

import numpy as np
import pytest
from network_reference import choose, reference
from PyQt6.QtWidgets import QApplication

import gradscape.app.model.training_job as training_job
from gradscape.app.model.training import NetworkState
from gradscape.app.model.training_job import TrainingController, outcome_summary
from gradscape.core import datasets
from gradscape.core.network import DivergenceError


class Recorder:
    """Every signal of a controller, in order, with its arguments."""

    NAMES = ("previewChanged", "started", "updated", "viewChanged", "runDone", "finished",
             "failed", "runningChanged")  # fmt: skip

    def __init__(self, training: TrainingController) -> None:
        self.seen: list[tuple[str, tuple]] = []
        for name in self.NAMES:
            getattr(training, name).connect(lambda *a, name=name: self.seen.append((name, a)))

    def names(self) -> list[str]:
        return [n for n, _ in self.seen]

    def args(self, name: str) -> list[tuple]:
        return [a for n, a in self.seen if n == name]


@pytest.fixture
def training(qtbot):
    st = NetworkState()
    t = TrainingController(st)
    yield t
    t.shutdown()


def run_to_end(qtbot, training, timeout=30000) -> None:
    with qtbot.waitSignal(training.finished, timeout=timeout):
        assert training.train()
    QApplication.processEvents()


def test_histories_equal_what_fit_returned(qtbot, training):
    choose(training.state, "moons", "sgd", 0.5, (8,), epochs=6, batch=16, seed=3)
    rec = Recorder(training)
    run_to_end(qtbot, training)
    _, hist = reference(datasets.moons(300, 0.1, 0), [2, 8, 2], "classes", "sgd", {"eta": 0.5},
                        6, 16, 3)  # fmt: skip
    assert training.labels == ["SGD η=0.5"] and training.spec == training.state.spec()
    h = training.histories[0]
    assert h["epoch"] == [1, 2, 3, 4, 5, 6]
    for key in ("loss", "accuracy", "val_loss", "val_accuracy"):
        np.testing.assert_allclose(h[key], hist[key], rtol=1e-12)
    out = training.outcomes[0]
    assert h is out.history and not out.cancelled and out.error is None
    assert training.epochs_done == 6 and not training.running
    # One start, updates of run 0 only, the run's end, the end; running on then off.
    names = rec.names()
    assert names[0] == "started" and names[-1] == "finished"
    assert names.count("started") == names.count("runDone") == names.count("finished") == 1
    assert {i for (runs,) in rec.args("updated") for i in runs} == {0}
    assert rec.args("runDone") == [(out,)]
    assert rec.args("runningChanged") == [(True,), (False,)]
    # The last snapshot is of the trained network, for run 0.
    assert rec.args("viewChanged")[-1] == (0, out.view)
    text, error = outcome_summary(training.outcomes, 6)
    assert not error
    assert text.startswith(
        f"SGD η=0.5: loss {hist['loss'][-1]:.4g}, "
        f"test accuracy {100 * hist['val_accuracy'][-1]:.1f}% (6 epochs, "
    )


def test_a_comparison_trains_each_run_from_the_same_start(qtbot, training):
    st = training.state
    choose(st, "spirals", "sgd", 0.1, (8,), epochs=4, batch=32, seed=5)
    st.add_compare()
    st.set_optimizer("adam")
    st.set_hyper("eta", 0.01)
    st.add_compare()
    rec = Recorder(training)
    run_to_end(qtbot, training)
    data = datasets.spirals(300, 3, 0.2, 0)
    assert training.labels == ["SGD η=0.1", "Adam η=0.01"]
    for i, (opt, eta) in enumerate((("sgd", 0.1), ("adam", 0.01))):
        _, hist = reference(data, [2, 8, 3], "classes", opt, {"eta": eta}, 4, 32, 5)
        np.testing.assert_allclose(training.histories[i]["loss"], hist["loss"], rtol=1e-12)
        assert training.histories[i]["epoch"] == [1, 2, 3, 4]
    assert [a[0].index for a in rec.args("runDone")] == [0, 1]
    assert training.epochs_done == 8
    text, error = outcome_summary(training.outcomes, 4)
    lines = text.split("\n")
    assert not error and len(lines) == 2
    assert lines[0].startswith("SGD η=0.1: loss") and lines[1].startswith("Adam η=0.01: loss")


def test_cancel_stops_after_the_current_epoch(qtbot, training):
    choose(training.state, "xor", "adam", 0.01, (4,), epochs=100000, batch=8, seed=0)
    assert not training.cancel()  # nothing to cancel yet
    rec = Recorder(training)
    with qtbot.waitSignal(training.finished, timeout=30000):
        assert training.train()
        assert not training.train()  # one training at a time
        # The histories grow while training runs, not only at the end.
        qtbot.waitUntil(lambda: len(training.histories[0]["epoch"]) >= 3, timeout=15000)
        assert training.running and "updated" in rec.names()
        assert training.cancel()
    QApplication.processEvents()
    out = training.outcomes[0]
    done = len(out.history["epoch"])
    assert out.cancelled and 3 <= done < 100000
    assert out.history["epoch"] == list(range(1, done + 1))
    assert training.histories[0] is out.history and training.epochs_done == done
    assert rec.names().count("started") == 1
    text, error = outcome_summary(training.outcomes, 100000)
    assert text == f"Adam η=0.01: cancelled after epoch {done} of 100000" and not error
    assert not training.running and not training.cancel()


def test_a_shut_down_training_is_dropped(qtbot, training):
    choose(training.state, "xor", "adam", 0.01, (4,), epochs=100000, batch=8, seed=0)
    assert training.train()
    qtbot.waitUntil(lambda: len(training.histories[0]["epoch"]) >= 2, timeout=15000)
    rec = Recorder(training)
    training.shutdown()
    assert not training.running and training.worker_threads == 0
    # The worker's own end (its run's outcome, then "finished") is queued for the GUI
    # thread: it belongs to the old generation and is dropped.
    for _ in range(5):
        QApplication.processEvents()
    assert training.outcomes == []
    assert "runDone" not in rec.names() and "finished" not in rec.names()
    assert rec.args("runningChanged") == [(False,)]
    kept = training.histories[0]["epoch"]
    assert len(kept) >= 2 and kept == list(range(1, len(kept) + 1))
    # The controller trains again afterwards, from an empty history.
    training.state.set_epochs(3)
    run_to_end(qtbot, training)
    assert training.histories[0]["epoch"] == [1, 2, 3] and len(training.outcomes) == 1


def test_divergence_ends_the_run_with_its_message(qtbot, training):
    choose(training.state, "sine", "msgd", 100.0, (16, 16), epochs=5, batch=32, seed=0)
    run_to_end(qtbot, training)
    with pytest.raises(DivergenceError) as err:
        reference(datasets.sine(200, 0.1, 0), [1, 16, 16, 1], "regression", "msgd",
                  {"eta": 100.0}, 5, 32, 0)  # fmt: skip
    e = err.value
    out = training.outcomes[0]
    assert out.error == str(e)
    # The epochs before the divergence are the run's history.
    assert training.histories[0]["epoch"] == list(range(1, e.epoch))
    text, error = outcome_summary(training.outcomes, 5)
    assert error and text == f"Momentum SGD η=100 {e}"
    assert f"diverged at epoch {e.epoch}, step {e.step}" in text


def broken(*args, **kwargs):
    """A training that raises (a bug in the core); module-level, so that the training's
    child process finds it by name."""
    raise RuntimeError("boom")


def test_a_worker_failure_is_reported(qtbot, training, monkeypatch):
    monkeypatch.setattr(training_job, "train_runs", broken)
    rec = Recorder(training)
    with qtbot.waitSignal(training.failed, timeout=10000) as blocker:
        assert training.train()
    assert blocker.args == ["RuntimeError: boom"]
    assert not training.running and "finished" not in rec.names()
    assert rec.args("runningChanged") == [(True,), (False,)]


def refused(*args, **kwargs):
    """A training whose configuration the core refuses (module-level: see ``broken``)."""
    raise ValueError("spec 0 ('middle'): eta must be > 0, got 0.0")


def test_a_configuration_the_core_refuses_is_reported_as_its_message(
    qtbot, training, monkeypatch, capfd
):
    monkeypatch.setattr(training_job, "train_runs", refused)
    with qtbot.waitSignal(training.failed, timeout=10000) as blocker:
        assert training.train()
    assert blocker.args == ["spec 0 ('middle'): eta must be > 0, got 0.0"]
    assert "Traceback" not in capfd.readouterr().err
    assert not training.running


def test_data_that_cannot_load_start_nothing(qtbot, training, monkeypatch):
    def missing(key):
        raise ImportError(f"no {key} here")

    # Listed as not loadable here (so not previewed), and failing when Train asks for it.
    monkeypatch.setattr(training_job, "dataset_unavailable", lambda key: "needs a module")
    monkeypatch.setattr(training_job, "load_dataset", missing)
    training.state.set_dataset("spirals")
    assert training.data is training.dataset("moons")  # loaded before: no preview
    rec = Recorder(training)
    with pytest.raises(ImportError, match="no spirals here"):
        training.train()
    assert not training.running and rec.seen == []


def test_the_chosen_data_are_previewed_while_idle(qtbot, training):
    st = training.state
    moons = training.data
    np.testing.assert_array_equal(moons.x_train, datasets.moons(300, 0.1, 0).x_train)
    assert training.dataset("moons") is moons and training.classification  # loaded once
    rec = Recorder(training)
    st.set_dataset("sine")
    sine = training.dataset("sine")
    assert rec.args("previewChanged") == [(sine,)] and training.data is sine
    assert not training.classification
    np.testing.assert_array_equal(sine.x_train, datasets.sine(200, 0.1, 0).x_train)
    # While training, a new choice waits for the next Train: the data shown stay.
    st.set_epochs(100000)
    with qtbot.waitSignal(training.finished, timeout=30000):
        assert training.train()
        st.set_dataset("moons")
        assert training.data is sine
        training.cancel()
    assert rec.args("previewChanged") == [(sine,)]
