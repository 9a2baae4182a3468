"""Switching surface keeps what the user set on each surface and restores it on the way back."""

from __future__ import annotations

import pytest

from gradscape.app.model.state import AppState
from gradscape.core.surfaces import get_surface


@pytest.fixture
def state(qapp):
    return AppState()


def test_eta_samples_and_start_come_back_with_their_surface(state):
    assert state.surface == "neuron"
    state.set_hyper("eta", 0.37)
    state.samples = [(1.0, 0.5), (-2.0, 0.25)]
    state.start = (0.5, -1.25)
    state.surface = "rosenbrock"
    # a surface never visited starts at its own defaults
    assert state.start == tuple(get_surface("rosenbrock").start)
    assert state.run.hyper_dict["eta"] != 0.37
    state.set_hyper("eta", 0.0011)
    state.surface = "neuron"
    assert state.run.hyper_dict["eta"] == 0.37
    assert state.samples == ((1.0, 0.5), (-2.0, 0.25))
    assert state.start == (0.5, -1.25)
    state.surface = "rosenbrock"
    assert state.run.hyper_dict["eta"] == 0.0011


def test_the_race_stays_as_it_is_now(state):
    state.set_hyper("eta", 0.2)
    state.surface = "himmelblau"
    state.add_run("rmsprop")  # raced on himmelblau only
    state.surface = "neuron"
    assert [r.optimizer for r in state.runs] == ["adam", "rmsprop"]
    assert state.runs[0].hyper_dict["eta"] == 0.2  # adam raced here before: its η is back
    assert state.steps == AppState().steps
