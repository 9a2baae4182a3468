"""The equations panel speaks words: display names, "effective step", "—" for undefined."""

from __future__ import annotations

import numpy as np
import pytest

from gradscape.app.controls.optimizer_panel import OptimizerPanel
from gradscape.app.model.compute import ComputeController
from gradscape.app.model.state import AppState
from gradscape.app.views.equations import EquationsPanel
from gradscape.core.trajectory import effective_step


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


def test_santa_shows_display_names(panels):
    st, ctl, opt, eqs = panels
    opt.combo.activated.emit(opt.combo.findData("santae"))
    ctl.request()
    st.step = 3
    eqs.refresh()
    text = eqs.toPlainText()
    assert "λ = " in text and "annealing rate = " in text
    assert "lambda_" not in text and "anne_rate" not in text
    assert "effective step" in text and "effective_step" not in text


def test_zero_gradient_effective_step_is_a_dash(panels, monkeypatch):
    st, ctl, opt, eqs = panels
    opt.combo.activated.emit(opt.combo.findData("sgd"))
    ctl.request()
    st.step = 2
    vals = eqs.values()
    assert vals is not None
    # the step's gradient is 0 on the first axis: its effective step is undefined
    grad = np.array([0.0, 0.5])
    move = np.array([0.0, -0.05])
    vals.update(g=grad, effective_step=effective_step(move, grad), Δ=move)
    monkeypatch.setattr(eqs, "values", lambda: vals)
    eqs.refresh()
    text = eqs.toPlainText()
    lines = [line.strip() for line in text.splitlines()]
    i = lines.index("effective step")
    assert lines[i + 1] == "—"  # 0/0
    assert float(lines[i + 2]) == pytest.approx(-0.05 / 0.5)  # move / gradient

    assert "nan" not in text.lower()
