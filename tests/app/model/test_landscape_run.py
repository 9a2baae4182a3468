"""The Network window's landscape, without Qt: options, the spec of the window's choices, and the
computation in a child process (result, cancel, errors).

The reference network is trained by calling core alone (``core.datasets``, ``Network.from_sizes``,
``fit``), never through app code.
"""

from __future__ import annotations

import math
import multiprocessing as mp
import os

import numpy as np
import pytest

from gradscape.app.model import landscape_run
from gradscape.app.model.engine_process import BACKGROUND_NICE
from gradscape.app.model.landscape_run import (
    LandscapeOptions,
    check_scheduler,
    landscape_spec,
    run_in_process,
)
from gradscape.app.model.training import TrainRun, TrainSpec, optimizer_hyper
from gradscape.core import datasets
from gradscape.core.landscape import Landscape
from gradscape.core.network import Network


def tiny(optimizer="adam", epochs=1, hidden=(4,), dataset="moons", batch=32, seed=0, **hyper):
    run = TrainRun(optimizer, tuple(optimizer_hyper(optimizer, **hyper).items()))
    return TrainSpec(dataset, hidden, "relu", (run,), epochs, batch, seed)


@pytest.mark.parametrize(
    "text", ["tcp://127.0.0.1:8786", "tcp://scheduler.lab.example:1", "tcp://[::1]:65535",
             " tcp://node-3:8786 "],
)  # fmt: skip
def test_scheduler_addresses_accepted(text):
    assert check_scheduler(text) == text.strip()


@pytest.mark.parametrize(
    "text",
    ["127.0.0.1:8786", "tcp://host", "tcp://host:0", "tcp://host:65536", "http://host:8786",
     "tcp://:8786", "tcp://ho st:1", "tcp://host:80x"],
)  # fmt: skip
def test_bad_scheduler_addresses_refused_naming_the_field(text):
    with pytest.raises(ValueError, match="scheduler"):
        check_scheduler(text)


def test_empty_scheduler_means_this_machine():
    assert check_scheduler("") is None
    assert check_scheduler("   ") is None
    assert check_scheduler(None) is None


@pytest.mark.parametrize(
    ("name", "value", "words"),
    [("grid", 50, "odd"), ("grid", 9, "[11, 201]"), ("grid", 203, "[11, 201]"),
     ("span", 0.0, "span"), ("span", math.nan, "span"), ("span", -1.0, "span"),
     ("workers", 0, "workers"), ("directions", "sideways", "directions"),
     ("scheduler", "localhost:8786", "tcp://"), ("colour", 1, "no landscape option")],
)  # fmt: skip
def test_options_refuse_bad_values(name, value, words):
    opts = LandscapeOptions()
    with pytest.raises(ValueError) as info:
        opts.with_(**{name: value})
    assert words in str(info.value)
    assert opts == LandscapeOptions()  # nothing changed


def test_options_defaults_and_changes():
    opts = LandscapeOptions()
    assert (opts.directions, opts.grid, opts.span, opts.include_bias, opts.scheduler) == (
        "random",
        51,
        1.0,
        False,
        None,
    )
    assert opts.workers == max(1, mp.cpu_count())
    new = opts.with_(grid=11, span=0.5, directions="pca", scheduler="tcp://10.0.0.5:8786")
    assert (new.grid, new.span, new.directions, new.scheduler) == (
        11,
        0.5,
        "pca",
        "tcp://10.0.0.5:8786",
    )


def test_spec_is_the_windows_network():
    train = tiny("adam", epochs=7, hidden=(8, 3), dataset="spirals", batch=16, seed=5, eta=0.02)
    spec = landscape_spec(train, LandscapeOptions(grid=21, span=0.5, include_bias=True))
    assert (spec.data, spec.hidden, spec.act, spec.optimizer) == ("spirals", (8, 3), "relu", "adam")
    assert spec.opt_params == {"eta": 0.02, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8}
    assert (spec.epochs, spec.batch_size, spec.seed) == (7, 16, 5)
    assert (spec.directions, spec.grid, spec.span, spec.include_bias) == ("random", 21, 0.5, True)
    assert spec.compare == ()


def test_the_compared_runs_share_the_plane():
    from dataclasses import replace

    base = tiny("adam", eta=0.02)
    runs = (*base.runs, TrainRun("sgd", tuple(optimizer_hyper("sgd", eta=0.3).items())),
            TrainRun("msgd", tuple(optimizer_hyper("msgd", eta=0.1, mu=0.8).items())))  # fmt: skip
    spec = landscape_spec(replace(base, runs=runs), LandscapeOptions(directions="pca"))
    assert spec.optimizer == "adam"
    assert [name for name, _ in spec.compare] == ["sgd", "msgd"]
    assert spec.compare[0][1]["eta"] == 0.3 and spec.compare[1][1]["mu"] == 0.8
    # centred on the second run instead: the first becomes a compared one
    other = landscape_spec(replace(base, runs=runs), LandscapeOptions(), run=1)
    assert other.optimizer == "sgd" and [n for n, _ in other.compare] == ["adam", "msgd"]


def test_spec_refuses_a_non_numeric_hyperparameter_changed():
    spec = landscape_spec(tiny("msgd", eta=0.1), LandscapeOptions())  # form at its default
    assert spec.opt_params["mu"] == 0.9 and "form" not in spec.opt_params
    with pytest.raises(ValueError, match="form"):
        landscape_spec(tiny("msgd", eta=0.1, form="series"), LandscapeOptions())


def _reference_loss(seed: int) -> float:
    """The tiny network trained by core alone and evaluated on the training samples."""
    data = datasets.moons(300, 0.1, seed)
    net = Network.from_sizes(
        [2, 4, 2], act="relu", out_act="softmax", loss="cross", opt="adam",
        opt_dic=optimizer_hyper("adam", eta=0.01), dtype=np.float32, seed=seed,
    )  # fmt: skip
    net.fit(data.x_train, data.labels_train, epochs=1, batch_size=32, seed=seed)
    return float(net.evaluate(data.x_train, data.labels_train)[0])


def test_computes_the_landscape_of_the_windows_network(tmp_path):
    spec = landscape_spec(tiny(eta=0.01), LandscapeOptions(grid=11))
    before = set(mp.active_children())  # (other tests' engine processes may be running)
    seen, nice = [], set()

    def progress(*report):
        seen.append(report)
        nice.update(os.getpriority(os.PRIO_PROCESS, p.pid) for p in landscape_run._active)

    path = run_in_process(
        spec, workers=2, scheduler=None, cache_dir=tmp_path, cancelled=lambda: False,
        progress=progress,
    )  # fmt: skip
    # the child runs behind the window (a background priority)
    assert nice == {min(19, os.getpriority(os.PRIO_PROCESS, 0) + BACKGROUND_NICE)}
    assert path == str(tmp_path / f"{spec.key()}.npz")
    land = Landscape.load(path)
    assert land.loss_grid.shape == (11, 11)
    assert land.alpha[5] == 0.0 and land.beta[5] == 0.0
    # the centre is the trained network: its loss as core alone computes it
    assert land.loss_grid[5, 5] == pytest.approx(_reference_loss(0), rel=1e-5)
    assert {what for _, _, what in seen} >= {"train", "grid"}
    assert all(0 <= done <= total for done, total, _ in seen)
    assert set(mp.active_children()) <= before  # the child is gone


def test_cancel_stops_the_child_and_gives_no_result(tmp_path):
    spec = landscape_spec(tiny("sgd", epochs=5000, hidden=(64, 64), eta=0.01), LandscapeOptions())
    reports = []
    before = set(mp.active_children())
    path = run_in_process(
        spec, workers=1, scheduler=None, cache_dir=tmp_path,
        cancelled=lambda: len(reports) >= 2, progress=lambda *a: reports.append(a),
    )  # fmt: skip
    assert path is None
    assert reports[-1][2] == "train" and reports[-1][0] < 5000  # stopped while training
    assert list(tmp_path.iterdir()) == []  # nothing cached
    assert set(mp.active_children()) <= before
    assert landscape_run._active == set()


def test_a_diverging_training_is_one_clear_message(tmp_path):
    spec = landscape_spec(tiny("sgd", epochs=50, dataset="sine", eta=50.0), LandscapeOptions())
    with pytest.raises(ValueError) as info:
        run_in_process(
            spec, workers=1, scheduler=None, cache_dir=tmp_path, cancelled=lambda: False,
            progress=lambda *a: None,
        )  # fmt: skip
    message = str(info.value)
    assert "diverged" in message and "\n" not in message
    assert list(tmp_path.iterdir()) == []


def test_a_bug_in_the_child_is_raised_in_the_app_as_itself_with_its_traceback(tmp_path, capfd):
    # A bug is not the user's error: the app's job runner prints what is raised, and the
    # child's own stderr (the fork server's) is seen by no bug report.  A spec altered after
    # its checks makes core fail the way a bug does.
    spec = landscape_spec(tiny(eta=0.01), LandscapeOptions(grid=11))
    object.__setattr__(spec, "epochs", "three")
    with pytest.raises(Exception) as info:
        run_in_process(
            spec, workers=1, scheduler=None, cache_dir=tmp_path, cancelled=lambda: False,
            progress=lambda *a: None,
        )  # fmt: skip
    exc = info.value
    assert not isinstance(exc, ValueError)
    assert isinstance(exc, AttributeError | TypeError), repr(exc)
    (note,) = exc.__notes__
    assert note.startswith("(raised in the landscape process:)\n  | Traceback (most recent")
    assert "compute_landscape" in note and note.endswith(f"  | {type(exc).__name__}: {exc}")
    assert "Traceback" not in capfd.readouterr().err  # the child printed nothing
    assert landscape_run._active == set()


def test_the_landscape_is_evaluated_on_the_windows_data_whatever_the_seed():
    from gradscape.app.model.training import load_dataset
    from gradscape.core.landscape import compute_landscape

    spec = landscape_spec(tiny(seed=5, eta=0.01), LandscapeOptions(grid=11))
    land = compute_landscape(spec, workers=1)
    data = load_dataset("moons")
    np.testing.assert_array_equal(land.x_eval, data.x_train)
    np.testing.assert_array_equal(land.t_eval, data.labels_train)
