"""Every race the window computes runs its optimizers in the engine process once that is up
(a race in a thread of the GUI's process holds the interpreter lock the GUI thread needs):
the same trajectories as here, progress and cancel as for long races, and the window's first
races, before the process answers, computed in the worker thread instead of waiting."""

from __future__ import annotations

import numpy as np
import pytest

import gradscape.app.model.results as results
from gradscape.app.model.compute import ComputeController
from gradscape.app.model.engine_process import engine_process, shutdown
from gradscape.app.model.results import Cancelled, race
from gradscape.app.model.state import AppState
from gradscape.core.scene import Scene

SCENE = Scene(
    surface="himmelblau",
    optimizers=[("lbfgs", {}), ("adam", {"eta": 0.05}), ("nag", {"eta": 0.01})],
    start=[-0.5, 0.5],
    steps=150,
)


def test_the_engine_process_races_what_this_process_races() -> None:
    reports: list[float] = []
    got, why = engine_process().race(SCENE, lambda: False, reports.append)
    want, want_why = race(SCENE)
    assert len(got) == len(want) == 3
    for a, b in zip(got, want, strict=True):
        assert np.array_equal(a.params, b.params) and np.array_equal(a.loss, b.loss)
        assert a.label == b.label and a.diverged_at == b.diverged_at
    assert why == want_why
    assert engine_process().ready and reports[-1] == 1.0


def test_a_cancelled_race_in_the_engine_process_stops() -> None:
    long = Scene(surface="rosenbrock", optimizers=[("adam", {})] * 8, steps=100_000)
    calls = [0]

    def cancelled() -> bool:
        calls[0] += 1
        return calls[0] > 2

    with pytest.raises(Cancelled):
        engine_process().race(long, cancelled, lambda f: None)
    # the process is free again at once: a short race answers
    got, _ = engine_process().race(SCENE, lambda: False, lambda f: None)
    assert len(got) == 3


@pytest.fixture
def counted(monkeypatch):
    """How many races this process ran itself (the engine process does not see the patch)."""
    ran = [0]
    here = results.race

    def counting(*args, **kwargs):
        ran[0] += 1
        return here(*args, **kwargs)

    monkeypatch.setattr(results, "race", counting)
    return ran


def _compute(qtbot, st: AppState) -> object:
    ctl = ComputeController(st)
    ctl.request()
    qtbot.waitUntil(ctl.is_current, timeout=20000)
    return st.result


def test_the_window_races_in_the_engine_process_once_it_is_up(qtbot, counted) -> None:
    engine_process().race(SCENE, lambda: False, lambda f: None)  # (up and answering)
    st = AppState()
    st.scene = SCENE
    res = _compute(qtbot, st)
    assert counted[0] == 0  # not one step of it in this process
    want, _ = race(SCENE)
    for a, b in zip(res.trajectories, want, strict=True):
        assert np.array_equal(a.params, b.params)


def test_before_the_engine_process_answers_the_race_is_computed_here(qtbot, counted) -> None:
    shutdown()  # (a new window's process is not up yet)
    st = AppState()
    st.scene = SCENE
    res = _compute(qtbot, st)  # (the controller starts the process warming up, and ...)
    assert counted[0] == 1  # (... does not wait for it)
    assert len(res.trajectories) == 3
    qtbot.waitUntil(lambda: engine_process().ready, timeout=20000)
