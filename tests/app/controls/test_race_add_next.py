""""Add to race" adds the next optimizer of the registry not yet racing, at the surface's
demo η; when every optimizer races, a copy of the selected run."""

from __future__ import annotations

import pytest

from gradscape.app.controls.optimizer_panel import OptimizerPanel
from gradscape.app.model.choices import MAX_RUNS, optimizer_defaults
from gradscape.app.model.state import AppState
from gradscape.core.optimizers import OPTIMIZERS


@pytest.fixture
def panel(qtbot):
    st = AppState()  # Adam alone
    p = OptimizerPanel(st)
    qtbot.addWidget(p)
    return st, p


def test_the_added_run_is_the_first_registry_entry_not_racing(panel):
    st, p = panel
    names = OPTIMIZERS.names()
    assert names[0] == "sgd" and names[1] == "msgd"
    p.add_btn.click()
    assert [r.optimizer for r in st.runs] == ["adam", "sgd"]
    assert st.run.hyper_dict == optimizer_defaults("sgd", st.surface_object())
    assert st.run.hyper_dict["eta"] == 0.175  # SGD's demo η on the neuron
    assert st.current_run == 1
    p.add_btn.click()
    assert [r.optimizer for r in st.runs] == ["adam", "sgd", "msgd"]
    # MSGD switched to NAG: MSGD races no more and comes next, then NAG is skipped
    st.set_optimizer("nag")
    p.add_btn.click()
    assert [r.optimizer for r in st.runs] == ["adam", "sgd", "nag", "msgd"]
    p.add_btn.click()
    assert [r.optimizer for r in st.runs] == ["adam", "sgd", "nag", "msgd", "adagrad"]
    assert p.runs.count() == 5


def test_when_every_optimizer_races_a_copy_is_added(panel, monkeypatch):
    st, p = panel
    # a registry of three rules, all racing
    three = ["sgd", "adagrad", "adam"]
    monkeypatch.setattr(OPTIMIZERS, "names", lambda: list(three))
    st.add_run()
    assert [r.optimizer for r in st.runs] == ["adam", "sgd"]
    st.add_run()
    st.set_hyper("eta", 0.07)
    st.add_run()
    assert [r.optimizer for r in st.runs] == ["adam", "sgd", "adagrad", "adagrad"]
    assert st.runs[3].hyper_dict == st.runs[2].hyper_dict
    assert st.runs[3].hyper_dict["eta"] == 0.07
    assert st.runs[3].color != st.runs[2].color


def test_the_button_is_disabled_at_the_run_limit(panel):
    st, p = panel
    for _ in range(MAX_RUNS - 1):
        p.add_btn.click()
    assert len(st.runs) == MAX_RUNS
    assert len({r.optimizer for r in st.runs}) == MAX_RUNS
    assert not p.add_btn.isEnabled()
