"""The step-by-step mode's sub-steps are read from the rules' equation text: assignments,
conditions and comments, symbols standing alone, intermediates joining their first user."""

from __future__ import annotations

import pytest

from gradscape.app.model.stepwise import (
    assignments,
    equation_lines,
    state_symbol,
    substeps,
    uses,
)
from gradscape.core.optimizers import OPTIMIZERS


def test_assignments_of_a_line():
    assert assignments("b = μ·b + g   (b = g at the first step)") == [("b", "μ·b + g")]
    assert assignments("m̂ = m / (1 − β1ᵗ),  v̂ = v / (1 − β2ᵗ)") == [
        ("m̂", "m / (1 − β1ᵗ)"),
        ("v̂", "v / (1 − β2ᵗ)"),
    ]
    assert assignments("t < burnin:  α = α + u² − η/β") == [("α", "α + u² − η/β")]
    assert assignments("u ← max(β2·u, |g| + ε)") == [("u", "max(β2·u, |g| + ε)")]
    assert assignments("Δ = G·u';  u = u'") == [("Δ", "G·u'"), ("u", "u'")]


def test_a_symbol_stands_alone():
    assert uses("β1·m + (1 − β1)·g", "m") and uses("(1 − ρ)·δ²", "δ")
    assert not uses("−η·m̂ / (√v̂ + ε)", "m") and not uses("√v_max + ε", "v")
    assert uses("max(v_max, v)", "v_max")
    assert not uses("μₜ₊₁·m", "μ") and not uses("u'", "u")
    assert state_symbol("buf") == "b" and state_symbol("alpha") == "α"
    assert state_symbol("v_max") == "v_max" and state_symbol("e") == "ε̂"


def lines_of(name, sub):
    return [equation_lines(OPTIMIZERS[name].equations)[i] for i in sub.lines]


def test_adam_walks_gradient_m_v_step_move():
    subs = substeps(OPTIMIZERS["adam"].equations, ("m", "v", "effective_step"))
    assert [(s.kind, s.states, s.arrow) for s in subs] == [
        ("grad", (), "grad"),
        ("state", ("m",), "moment"),
        ("state", ("v",), "grad"),
        ("step", (), "move"),
        ("move", (), "move"),
    ]
    assert lines_of("adam", subs[3]) == [
        "m̂ = m / (1 − β1ᵗ),  v̂ = v / (1 − β2ᵗ)",
        "Δ = −η·m̂ / (√v̂ + ε)",
    ]
    assert lines_of("adam", subs[4]) == ["(w, b) ← (w, b) + Δ"]


def test_an_intermediate_joins_its_first_user():
    # AdaDelta: δ is used first by u's update
    subs = substeps(OPTIMIZERS["adadelta"].equations, ("v", "u"))
    assert lines_of("adadelta", subs[2]) == [
        "δ = √(u + ε) / √(v + ε) · g",
        "u = ρ·u + (1 − ρ)·δ²",
    ]
    # SMORMS3: r feeds m's update; ζ feeds the step
    subs = substeps(OPTIMIZERS["smorms3"].equations, ("m", "v", "s"))
    assert lines_of("smorms3", subs[1])[0] == "r = 1 / (1 + s)"
    assert lines_of("smorms3", subs[-2])[0] == "ζ = m² / (v + ε)"


def test_sam_looks_uphill_then_takes_the_gradient_there():
    subs = substeps(OPTIMIZERS["sam"].equations, ("e", "m", "v"))
    assert [(s.kind, s.arrow) for s in subs] == [
        ("grad", "grad"),
        ("state", "ascent"),
        ("regrad", "ascent_grad"),
        ("state", "moment"),  # the base rule's state, which SAM's lines do not spell out
        ("step", "move"),
        ("move", "move"),
    ]


@pytest.mark.parametrize("name", OPTIMIZERS.names())
def test_every_rule_line_is_highlighted_by_some_sub_step(name):
    cls = OPTIMIZERS[name]
    subs = substeps(cls.equations, cls.state_names)
    shown = {i for s in subs for i in s.lines}
    assert shown == set(range(len(equation_lines(cls.equations))))
    assert sorted(s for sub in subs for s in sub.states) == sorted(cls.state_names)
