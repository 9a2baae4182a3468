"""Switching a run's optimizer keeps an η the user typed when the new rule accepts it;
an η the new rule refuses gives way to its demo η, and the state says so."""

from __future__ import annotations

import dataclasses

import pytest

from gradscape.app.model.choices import optimizer_defaults
from gradscape.app.model.state import AppState
from gradscape.core.optimizers import OPTIMIZERS


@pytest.fixture
def st(qapp):
    st = AppState()  # the neuron, Adam at its demo η
    st.grid = 30
    return st


def _notes(st):
    got: list[str] = []
    st.notice.connect(got.append)
    return got


def test_a_typed_eta_survives_a_switch_to_adagrad(st):
    st.set_hyper("eta", 0.03)
    notes = _notes(st)
    st.set_optimizer("adagrad")
    assert st.run.optimizer == "adagrad"
    assert st.run.hyper_dict["eta"] == 0.03
    assert st.scene.optimizers[0][1]["eta"] == 0.03
    assert notes == [""]  # nothing replaced, any earlier note cleared


def test_an_untouched_eta_takes_the_new_rules_demo_value(st):
    surface = st.surface_object()
    assert st.run.hyper_dict["eta"] == optimizer_defaults("adam", surface)["eta"]
    st.set_optimizer("rmsprop")
    demo = optimizer_defaults("rmsprop", surface)["eta"]
    assert demo == 0.05 and st.run.hyper_dict["eta"] == 0.05


def test_an_eta_outside_the_new_range_is_replaced_with_a_message(st, monkeypatch):
    cls = OPTIMIZERS["adagrad"]
    # a rule whose η is bounded above by 1 (the registry's all take any η > 0 today)
    bounded = tuple(
        dataclasses.replace(p, high=1.0) if p.name == "eta" else p for p in cls.params
    )
    monkeypatch.setattr(cls, "params", bounded)
    st.set_hyper("eta", 3.0)
    notes = _notes(st)
    st.set_optimizer("adagrad")
    assert st.run.optimizer == "adagrad"
    assert st.run.hyper_dict["eta"] == 0.25  # AdaGrad's demo η on the neuron
    assert len(notes) == 1
    assert "η = 3 is outside AdaGrad's range" in notes[0] and "0.25" in notes[0]


def test_a_typed_schedule_is_kept_too(st):
    st.set_hyper("eta", 0.03)
    st.set_schedule("eta", "cosine")
    form = st.run.hyper_dict["eta"]
    st.set_optimizer("sgd")
    assert st.run.hyper_dict["eta"] == form
