"""The equations panel shows QHM, QHAdam, Newton and L-BFGS like every rule: their update
equations from the registry, their hyperparameters by display name and the live values of
the step (gradient, state, move) as the engine recorded them."""

from __future__ import annotations

import pytest

from gradscape.app.controls.optimizer_panel import OptimizerPanel
from gradscape.app.model.arrays import fmt
from gradscape.app.model.compute import ComputeController
from gradscape.app.model.state import AppState
from gradscape.app.model.training import NetworkState
from gradscape.app.views.equations import EquationsPanel
from gradscape.core.optimizers import OPTIMIZERS


@pytest.fixture
def panels(qtbot):
    st = AppState()
    st.grid = 30
    st.steps = 20
    ctl = ComputeController(st, synchronous=True)
    opt, eqs = OptimizerPanel(st), EquationsPanel(st)
    for w in (opt, eqs):
        qtbot.addWidget(w)
    yield st, ctl, opt, eqs
    ctl.shutdown()


@pytest.mark.parametrize(
    ("name", "shown", "state"),
    [
        ("qhm", ["ν = ", "β = "], "buf"),
        ("qhadam", ["ν1 = ", "ν2 = "], "m"),
        ("newton", ["damping = ", "radius = "], "shift"),
        ("lbfgs", ["m = ", "c₁ = ", "ρ = "], "direction"),
    ],
)
def test_the_new_rules_show_equations_and_live_values(panels, name, shown, state):
    st, ctl, opt, eqs = panels
    opt.combo.activated.emit(opt.combo.findData(name))
    assert st.run.cls is OPTIMIZERS[name]
    ctl.request()
    st.step = 3
    eqs.refresh()
    text = eqs.toPlainText()
    for line in OPTIMIZERS[name].equations.splitlines():
        assert line in text
    for label in shown:
        assert label in text
    traj = st.result.trajectories[st.current_run]
    lines = [x.strip() for x in text.splitlines()]
    i = lines.index(state)
    rec = traj.at(3)
    assert lines[i + 1] == fmt(float(rec["state"][state][0]))
    j = lines.index("Δ")
    assert lines[j + 1] == fmt(float(rec["move"][0]))
    assert lines[j + 2] == fmt(float(rec["move"][1]))


@pytest.mark.parametrize("name", ["newton", "lbfgs"])
def test_networks_refuse_the_rules_that_need_a_surface(name):
    ns = NetworkState()
    with pytest.raises(ValueError, match="only the surfaces give"):
        ns.set_optimizer(name)
    ns.set_optimizer("qhadam")  # the elementwise new rules train networks
    assert ns.optimizer == "qhadam"
