"""The step-by-step mode: one update walked sub-step by sub-step (gradient, state, step, move)
with its equation line highlighted, its arrow drawn and a sentence with the values.

The expected numbers come from Himmelblau's gradient written out by hand here and each
rule's equations iterated from the start; the arrows are compared with the engine's
recorded arrays times the drawn scale."""

from __future__ import annotations

import numpy as np
import pytest
from PyQt6.QtGui import QImage

from gradscape.app.controls.playback_bar import PlaybackBar
from gradscape.app.model.arrays import fmt
from gradscape.app.model.compute import ComputeController
from gradscape.app.model.state import AppState
from gradscape.app.views.equations import EquationsPanel
from gradscape.app.views.factory import make_view
from gradscape.core.optimizers import OPTIMIZERS
from gradscape.core.scene import Scene

START = (-1.0, -1.5)
K = 5  # the update walked: the one leaving point 5


def himmelblau_grad(p: np.ndarray) -> np.ndarray:
    """∇ of (x² + y − 11)² + (x + y² − 7)², by hand."""
    x, y = p
    a, b = x * x + y - 11.0, x + y * y - 7.0
    return np.array([4.0 * x * a + 2.0 * b, 2.0 * a + 4.0 * y * b])


def sgd_run(eta: float, steps: int):
    p, out = np.array(START), []
    for _ in range(steps):
        g = himmelblau_grad(p)
        d = -eta * g
        out.append({"p": p.copy(), "g": g, "Δ": d, "next": p + d})
        p = p + d
    return out


def momentum_run(eta: float, mu: float, steps: int):
    """torch's form: b = μ·b + g (b = g at the first step), Δ = −η·b."""
    p, b, out = np.array(START), None, []
    for _ in range(steps):
        g = himmelblau_grad(p)
        b = g.copy() if b is None else mu * b + g
        d = -eta * b
        out.append({"p": p.copy(), "g": g, "buf": b.copy(), "Δ": d, "next": p + d})
        p = p + d
    return out


def adam_run(eta: float, steps: int, b1=0.9, b2=0.999, eps=1e-8):
    p, m, v, out = np.array(START), np.zeros(2), np.zeros(2), []
    for t in range(1, steps + 1):
        g = himmelblau_grad(p)
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        mh, vh = m / (1 - b1**t), v / (1 - b2**t)
        d = -eta * mh / (np.sqrt(vh) + eps)
        out.append({"p": p.copy(), "g": g, "m": m.copy(), "v": v.copy(), "Δ": d, "next": p + d})
        p = p + d
    return out


def pair(v) -> str:
    return f"{fmt(float(v[0]))}, {fmt(float(v[1]))}"


CASES = {
    # name: (hyper, expected run, [(highlighted lines, arrow kind, values in the sentence)])
    "sgd": ({"eta": 0.005}, lambda: sgd_run(0.005, 20)),
    "msgd": ({"eta": 0.002, "mu": 0.9}, lambda: momentum_run(0.002, 0.9, 20)),
    "adam": ({"eta": 0.1}, lambda: adam_run(0.1, 20)),
}


def expected_walk(name: str, r: dict, eta: float) -> list[tuple[list[str], str, np.ndarray, list]]:
    """(highlighted lines, arrow kind, arrow vector, texts the sentence holds) per sub-step."""
    grad = (["g = ∇L(x, y)"], "grad", -eta * r["g"], [f"({pair(r['p'])})", f"({pair(r['g'])})"])
    step_lines = {
        "sgd": ["Δ = −η·g"],
        "msgd": ["Δ = −η·b"],
        "adam": ["m̂ = m / (1 − β1ᵗ),  v̂ = v / (1 − β2ᵗ)", "Δ = −η·m̂ / (√v̂ + ε)"],
    }[name]
    step = (step_lines, "move", r["Δ"], [f"({pair(r['Δ'])})", f"({pair(r['Δ'] / r['g'])})"])
    move = (["(x, y) ← (x, y) + Δ"], "move", r["Δ"], [f"({pair(r['p'])})", f"({pair(r['next'])})"])
    states = []
    if name == "msgd":
        states = [
            (["b = μ·b + (1 − τ)·g   (b = g at the first step)"], "moment", -eta * r["buf"],
             [f"b = ({pair(r['buf'])})"]),
        ]  # fmt: skip
    if name == "adam":
        states = [
            (["m ← β1·m + (1 − β1)·g"], "moment", -eta * r["m"], [f"m = ({pair(r['m'])})"]),
            (["v ← β2·v + (1 − β2)·g²"], "grad", -eta * r["g"], [f"v = ({pair(r['v'])})"]),
        ]
    return [grad, *states, step, move]


def computed(qtbot, name: str, kinds=("contour",), size=(420, 320)):
    hyper = CASES[name][0]
    st = AppState(
        scene=Scene(surface="himmelblau", optimizers=[(name, hyper)], start=list(START),
                    steps=20, seed=0)
    )  # fmt: skip
    st.grid = 40
    ctl = ComputeController(st, synchronous=True)
    ctl.request()
    eqs = EquationsPanel(st)
    bar = PlaybackBar(st)
    views = {}
    for w in (eqs, bar):
        qtbot.addWidget(w)
    for kind in kinds:
        v = make_view(kind, st)
        qtbot.addWidget(v)
        v.resize(*size)
        v.show()
        qtbot.waitExposed(v)
        views[kind] = v
    return st, ctl, eqs, bar, views


@pytest.mark.parametrize("name", list(CASES))
def test_walking_one_update_highlights_draws_and_explains(qtbot, name):
    st, ctl, eqs, bar, views = computed(qtbot, name)
    contour = views["contour"]
    traj = st.result.trajectories[0]
    ov = st.result.draw.overlays
    eta = CASES[name][0]["eta"]
    r = CASES[name][1]()[K]
    # the engine's arrays are the rule's equations (sanity of the expectation itself)
    np.testing.assert_allclose(traj.params[K], r["p"], rtol=1e-9)
    st.step = K
    bar.walk.click()  # the bar's toggle turns the mode on
    assert st.walk.on and st.step == K
    walk = expected_walk(name, r, eta)
    for i, (lines, kind, vector, texts) in enumerate(walk):
        is_move = i == len(walk) - 1
        # the marker moves only at the move
        assert st.step == (K + 1 if is_move else K)
        np.testing.assert_allclose(
            contour.marker_positions()[0], r["next"] if is_move else r["p"], rtol=1e-9
        )
        assert eqs.highlighted_lines() == lines, i
        # every other line is still there, dimmed
        for line in OPTIMIZERS[name].equations.splitlines():
            assert line.strip() in eqs.toPlainText()
        for text in texts:
            assert text in eqs.explanation, (i, text, eqs.explanation)
        assert eqs.explanation in eqs.toPlainText().replace("\n", " ")
        # the one arrow: from the update's point, the vector times the drawn scale
        item = contour.overlays.focus_item
        assert item.isVisible() and contour.overlays.focus == (0, K, kind)
        x, y = item.getData()
        tail, tip = np.array([x[0], y[0]]), np.array([x[1], y[1]])
        np.testing.assert_allclose(tail, r["p"], rtol=1e-9)
        np.testing.assert_allclose(tip - tail, ov.scale * vector, rtol=1e-7, atol=1e-12)
        # the toggled overlays stay hidden meanwhile
        assert not any(a.isVisible() for a in contour.overlays.arrows.values())
        bar.forward.click()
    # past the move: the next update's gradient, at the new point
    assert st.step == K + 1 and eqs.highlighted_lines() == ["g = ∇L(x, y)"]
    assert f"({pair(CASES[name][1]()[K + 1]['g'])})" in eqs.explanation
    ctl.shutdown()


@pytest.mark.parametrize("name", list(CASES))
def test_stepping_back_walks_back(qtbot, name):
    st, ctl, eqs, bar, views = computed(qtbot, name)
    r = CASES[name][1]()[K]
    walk = expected_walk(name, r, CASES[name][0]["eta"])
    st.step = K + 1
    st.walk.set_on(True)
    assert eqs.highlighted_lines() == ["g = ∇L(x, y)"]
    for i in range(len(walk) - 1, -1, -1):
        bar.back.click()
        lines, kind, _, texts = walk[i]
        assert eqs.highlighted_lines() == lines
        assert st.step == (K + 1 if i == len(walk) - 1 else K)
        assert views["contour"].overlays.focus == (0, K, kind)
        for text in texts:
            assert text in eqs.explanation
    bar.back.click()  # the move that led to point K
    assert st.step == K and eqs.highlighted_lines() == ["(x, y) ← (x, y) + Δ"]
    assert views["contour"].overlays.focus == (0, K - 1, "move")
    ctl.shutdown()


def test_turning_the_mode_off_restores_the_step_and_the_overlays(qtbot):
    st, ctl, eqs, bar, views = computed(qtbot, "msgd")
    contour = views["contour"]
    st.overlays = ("grad", "velocity")
    st.step = K
    normal = eqs.toPlainText()
    st.walk.set_on(True)
    for _ in range(3):
        st.walk.forward()  # gradient → b → step → move
    assert st.step == K + 1
    st.walk.forward()  # the next update's gradient
    st.walk.set_on(False)
    assert not bar.walk.isChecked()
    assert st.step == K + 1 and contour.overlays.focus is None
    assert not contour.overlays.focus_item.isVisible()
    assert contour.overlays.arrows[0, "grad"].isVisible()
    assert contour.overlays.arrows[0, "velocity"].isVisible()
    assert eqs.highlighted_lines() == [] and eqs.explanation == ""
    st.step = K
    assert eqs.toPlainText() == normal
    # normal stepping again: whole steps
    bar.forward.click()
    assert st.step == K + 1
    # playing leaves the mode
    st.walk.set_on(True)
    bar.play.click()
    assert st.playing and not st.walk.on and not bar.walk.isChecked()
    st.playing = False
    ctl.shutdown()


@pytest.mark.parametrize("name", OPTIMIZERS.names())
def test_every_rule_walks_its_sub_steps(qtbot, name):
    st = AppState(scene=Scene(surface="himmelblau", optimizers=[(name, {})], start=list(START),
                              steps=8, seed=0))  # fmt: skip
    st.grid = 20
    ctl = ComputeController(st, synchronous=True)
    ctl.request()
    eqs = EquationsPanel(st)
    contour = make_view("contour", st)
    qtbot.addWidget(eqs)
    qtbot.addWidget(contour)
    traj = st.result.trajectories[0]
    assert traj.n >= 3, name
    st.step = 1
    st.walk.set_on(True)
    subs = st.walk.substeps()
    states = [s for s in traj.state if s != "effective_step"]
    # every recorded state array is walked, the rule's lines are all in the panel
    assert sorted(s for sub in subs for s in sub.states) == sorted(states)
    assert [s.kind for s in subs][0] == "grad" and [s.kind for s in subs][-2:] == ["step", "move"]
    for line in OPTIMIZERS[name].equations.splitlines():
        assert line.strip() in eqs.toPlainText()
    seen = 0
    for _update in range(2):
        k = st.step
        for sub in subs:
            pos = st.walk.position()
            assert pos.sub == sub and pos.k == k
            assert st.step == (k + 1 if sub.kind == "move" else k)
            assert eqs.highlighted_lines(), (name, sub)
            assert eqs.explanation
            # the values said are the engine's recorded ones of this update
            for s in sub.states:
                assert f"({pair(traj.state[s][k])})" in eqs.explanation
            if sub.kind == "grad":
                assert f"({pair(traj.grads[k])})" in eqs.explanation
            if sub.kind in ("step", "move"):
                assert contour.overlays.focus == (0, k, "move")
                x, y = contour.overlays.focus_item.getData()
                np.testing.assert_allclose([x[0], y[0]], traj.params[k])
                ov = st.result.draw.overlays
                np.testing.assert_allclose(
                    [x[1] - x[0], y[1] - y[0]], ov.scale * traj.moves[k], rtol=1e-7, atol=1e-12
                )
            seen += 1
            st.walk.forward()
    assert st.step == 3 and seen == 2 * len(subs)
    for _ in range(2 * len(subs)):
        st.walk.back()
    assert st.step == 1 and st.walk.position().sub.kind == "grad"
    ctl.shutdown()


def test_the_run_s_end_and_a_jump(qtbot):
    st, ctl, eqs, bar, views = computed(qtbot, "sgd")
    st.walk.set_on(True)
    st.step = st.steps  # End: the move that led to the last point
    assert st.walk.position().sub.kind == "move" and st.walk.position().k == st.steps - 1
    st.walk.forward()  # nothing leaves the last point
    assert st.step == st.steps and st.walk.position().sub.kind == "move"
    st.step = 3  # a jump (timeline, Home): the gradient there
    assert st.walk.position().sub.kind == "grad" and st.walk.position().k == 3
    st.walk.back()  # the move that led to point 3
    assert st.step == 3 and st.walk.position().k == 2
    ctl.shutdown()


@pytest.mark.gl
def test_the_3d_view_draws_the_sub_step_s_arrow(gl, qtbot):
    st, ctl, eqs, bar, views = computed(qtbot, "msgd", kinds=("3d",), size=(360, 280))
    v3 = views["3d"]
    r = CASES["msgd"][1]()[K]
    box, ov = st.result.draw.box, st.result.draw.overlays
    st.step = K

    def arr(img: QImage) -> np.ndarray:
        img = img.convertToFormat(QImage.Format.Format_RGB888)
        b = img.constBits().asstring(img.sizeInBytes())
        return np.frombuffer(b, np.uint8).reshape(img.height(), img.bytesPerLine()).astype(int)

    off = arr(v3.grabFramebuffer())
    item = v3.step_overlays.items["focus"]
    assert not item.visible()
    st.walk.set_on(True)
    st.walk.forward()  # the velocity b after the update
    assert item.visible()
    pos = np.asarray(item.pos)
    np.testing.assert_allclose(pos[0, :2], [box.x(r["p"][0]), box.y(r["p"][1])], atol=1e-6)
    tip = r["p"] + ov.scale * (-0.002 * r["buf"])
    np.testing.assert_allclose(pos[1, :2], [box.x(tip[0]), box.y(tip[1])], atol=1e-5)
    assert "arrows ×" in v3.caption.text
    on = arr(v3.grabFramebuffer())
    assert (np.abs(on - off) > 60).sum() > 30
    st.walk.set_on(False)
    assert not item.visible()
    np.testing.assert_array_equal(arr(v3.grabFramebuffer()), off)
    ctl.shutdown()
