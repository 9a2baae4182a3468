"""A divergence's sentence is made where it is shown, in the interface's language: the result
(computed in a worker or the engine's process, which have no translations) holds the facts.

In English it is word for word what it was: core's stability hint
(:func:`core.trajectory.stability`) after "diverged at step k: reason".
"""

from __future__ import annotations

import math

import pytest

from gradscape.app.model.compute import compute_result
from gradscape.app.model.results import Divergence
from gradscape.app.model.state import AppState
from gradscape.app.runtime import install_language, translate
from gradscape.core.surfaces import get_surface
from gradscape.core.trajectory import stability


@pytest.mark.parametrize(
    ("surface", "point", "eta"),
    [
        ("rosenbrock", (-1.5, 2.0), 0.1),  # unstable: η·λmax far above 2
        ("rosenbrock", (1.0, 1.0), 1e-4),  # stable at the minimum
        ("himmelblau", (-0.270845, -0.923039), 0.01),  # its maximum: the surface curves down
    ],
)
def test_the_english_hint_is_cores_word_for_word(surface, point, eta):
    surf = get_surface(surface)
    hint = stability(surf, *point, eta)
    found = Divergence("SGD", 7, "the loss is not finite", eta, point, hint["lambda_max"])
    w, b = point
    assert found.text() == (
        f"SGD diverged at step 7: the loss is not finite. At the start ({w:.4g}, {b:.4g}): "
        f"{hint['text']}"
    )


def test_a_hint_at_exactly_two_says_equal():
    d = Divergence("SGD", 3, None, 0.5, (0.0, 0.0), 4.0)  # η·λmax = 2 exactly
    assert d.hint() == (
        "η·λmax = 2 = 2: plain gradient descent is unstable here "
        "(λmax = 4, so η must stay below 0.5)"
    )
    assert Divergence("SGD", 3).text() == "SGD diverged at step 3"
    nan = Divergence("SGD", 3, None, 0.5, (1.0, 2.0), math.nan)
    assert nan.hint() == "the curvature at (w, b) = (1, 2) is not finite"


def test_the_result_says_it_in_japanese_when_japanese_is_installed(qapp):
    st = AppState()
    st.grid = 30
    st.surface = "rosenbrock"
    st.set_optimizer("sgd")
    st.set_hyper("eta", 0.1)
    result = compute_result(st.scene)
    english = result.divergence[0]
    d = result.diverged[0]
    assert d is not None and d.label == result.trajectories[0].label
    assert english is not None and english.startswith(f"{d.label} diverged at step 2")
    try:
        install_language(qapp, "ja")
        text = result.divergence[0]
        want_hint = translate(
            "Divergence",
            "η·λmax = {product} {sign} {bound}: {rule} is unstable here "
            "(λmax = {lam}, so η must stay below {limit})",
        )
    finally:
        install_language(qapp, "en")
    lam = d.lambda_max
    w, b = d.start
    r = d.reason.args  # (rosenbrock from (-1.2, 1) with η = 0.1 leaves the bounds)
    said = (
        f"範囲の外に出ました: (w, b) = ({r['w']}, {r['b']}) は描画範囲の外側へ範囲の幅の "
        f"{r['bound']} 倍を超えて離れています"
    )
    assert text == (
        f"{d.label} はステップ 2 で発散しました: {said}。開始点 ({w:.4g}, {b:.4g}) では: "
        f"η·λmax = {0.1 * lam:.3g} > 2: ここでは通常の勾配降下法は不安定です"
        f"（λmax = {lam:.3g} なので、η は {2 / lam:.3g} 未満である必要があります）"
    )
    assert "不安定" in want_hint
    assert result.divergence[0] == english  # English again after the switch back


def test_a_scene_the_window_cannot_show_is_refused_in_the_interfaces_language(qapp):
    from gradscape.core.scene import Scene

    scene = Scene(start=[[0.0, 0.0], [1.0, 1.0]])
    try:
        install_language(qapp, "ja")
        with pytest.raises(ValueError) as japanese:
            AppState(scene=scene)
    finally:
        install_language(qapp, "en")
    assert str(japanese.value) == (
        "このシーンには開始点が複数ありますが、ウィンドウに表示できるのは 1 つです。"
        "このようなシーンは gradscape export で .csv か .json に書き出せます"
    )
    with pytest.raises(ValueError) as english:
        AppState(scene=scene)
    assert str(english.value) == (
        "this scene has several start points and the window shows one; "
        "gradscape export writes such scenes as .csv or .json"
    )


@pytest.mark.parametrize(
    ("optimizer", "hyper", "eta"),
    [
        ("msgd", {"mu": 0.9}, 0.05),  # its own bound (2 + 2μ)/((1 − τ)η)·η on η·λmax
        ("adam", {}, 0.1),  # a bound on the preconditioned curvature
        ("newton", {}, 1.0),
        ("adagrad", {}, 0.1),  # no simple limit
    ],
)
def test_each_rules_hint_in_english_is_cores_and_in_japanese_names_it(qapp, optimizer, hyper, eta):
    from gradscape.app.model.results import divergence_of
    from gradscape.core.optimizers import OPTIMIZERS, get_opt
    from gradscape.core.trajectory import descend

    surf = get_surface("rosenbrock")
    traj = descend(surf, get_opt("sgd", eta=0.1), start=(-1.5, 2.0), steps=20)  # diverges
    assert traj.diverged_at is not None
    d = divergence_of(surf, traj, eta, optimizer, hyper)
    core = stability(surf, -1.5, 2.0, eta, optimizer, hyper)
    assert d is not None and d.hint() == core["text"]
    try:
        install_language(qapp, "ja")
        japanese = d.hint(translate)
    finally:
        install_language(qapp, "en")
    assert japanese != core["text"] and "η" in japanese
    if optimizer != "newton":
        assert OPTIMIZERS[optimizer].display_name in japanese


def test_the_engines_reason_is_said_in_the_language_and_survives_the_engine_process(qapp):
    """core's reason keeps its template and values (a str all the same), through pickling
    (the engine's process) and into the sentence; a drag's race (race_runs) holds the facts."""
    import pickle

    from gradscape.app.model.results import race_runs
    from gradscape.core.scene import Scene
    from gradscape.core.trajectory._reasons import LEFT_BOUNDS, Reason

    scene = Scene(surface="quadratic", optimizers=[("sgd", {"eta": 1.05})], steps=100)
    trajectories, diverged = race_runs(scene)
    (d,) = diverged
    assert d is not None and d.step == trajectories[0].diverged_at
    back = pickle.loads(pickle.dumps(d))
    assert back == d and isinstance(back.reason, Reason)
    assert back.reason.template == LEFT_BOUNDS and str(back.reason).startswith("left the bounds")
    w, b = back.reason.args["w"], back.reason.args["b"]
    try:
        install_language(qapp, "ja")
        japanese = back.text(translate)
    finally:
        install_language(qapp, "en")
    assert f"範囲の外に出ました: (w, b) = ({w}, {b})" in japanese
    assert back.text().startswith(f"SGD η=1.05 diverged at step {d.step}: left the bounds")
