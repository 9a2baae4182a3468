"""The η sweep's model (app.model.sweep): the values, the race they make (equal to
independent runs of the engine), the ramp's colours (distinct, sequential, visible on
every colormap), and the state and the export drawing a sweep in them."""

from __future__ import annotations

import argparse
import itertools
import math

import numpy as np
import pytest

from gradscape.app.model.choices import COLORMAPS, MAX_RUNS, RUN_COLORS
from gradscape.app.model.compute import colormap
from gradscape.app.model.legibility import (
    MIN_CONTRAST,
    PATH_RING,
    contrast,
    hex_rgb,
    luminance,
    path_contrast,
)
from gradscape.app.model.state import AppState
from gradscape.app.model.sweep import (
    SWEEP_RAMP,
    check_etas,
    fit,
    log_spaced,
    parse_values,
    ramp_colors,
    sweep_colors,
    sweep_etas,
    sweep_hyper,
    sweep_limit,
    sweep_optimizers,
    sweep_scene,
)
from gradscape.core.optimizers import OPTIMIZERS
from gradscape.core.scene import Scene
from gradscape.core.surfaces import get_surface
from gradscape.core.trajectory import descend


def test_log_spacing_is_exact_at_the_powers_of_ten():
    assert log_spaced(0.001, 1, 4) == (0.001, 0.01, 0.1, 1.0)
    assert log_spaced(1, 0.001, 4) == (1.0, 0.1, 0.01, 0.001)
    assert log_spaced(1e-4, 1e2, 7) == (1e-4, 1e-3, 1e-2, 0.1, 1.0, 10.0, 100.0)
    # between the ends: the geometric mean, to 12 significant digits; the ends as given
    a, mid, b = log_spaced(0.01, 0.5, 3)
    assert (a, b) == (0.01, 0.5)
    assert mid == pytest.approx(math.sqrt(0.01 * 0.5), rel=1e-12)
    # evenly spaced in log: constant ratio
    v = np.array(log_spaced(0.003, 0.7, 6))
    assert np.allclose(v[1:] / v[:-1], (0.7 / 0.003) ** (1 / 5), rtol=1e-11)


@pytest.mark.parametrize(
    ("args", "message"),
    [((0, 1, 3), "positive"), ((-1, 1, 3), "positive"), ((0.1, math.inf, 3), "positive"),
     ((0.1, 1, 1), "at least 2"), ((0.1, 1, 2.5), "at least 2"), ((0.1, 0.1, 3), "differ")],
)  # fmt: skip
def test_log_spacing_refuses_bad_ends(args, message):
    with pytest.raises(ValueError, match=message):
        log_spaced(*args)


def test_typed_values_are_parsed_never_evaluated():
    assert parse_values("0.01, 0.1 1;2e-3") == (0.01, 0.1, 1.0, 0.002)
    assert parse_values("  7  ") == (7.0,)
    for text, bad in (("0.1, abc", "abc"), ("1, nan", "nan"), ("2**3", "2**3"),
                      ("__import__('os')", "__import__('os')"), ("1, inf", "inf")):  # fmt: skip
        with pytest.raises(ValueError, match="is not a number") as e:
            parse_values(text)
        assert bad[:20] in str(e.value)
    with pytest.raises(ValueError, match="Type one or more"):
        parse_values(" , ")


def test_eta_checked_by_the_optimizers_range_sorted_no_repeats(monkeypatch):
    assert check_etas("adam", (1.0, 0.01, 0.1)) == (0.01, 0.1, 1.0)
    with pytest.raises(ValueError, match="appears twice"):
        check_etas("adam", (0.1, 0.2, 0.1))
    with pytest.raises(ValueError, match="outside Adam's range"):
        check_etas("adam", (0.1, -1.0))
    offered = [k for k in OPTIMIZERS.names() if any(p.name == "eta" for p in OPTIMIZERS[k].params)]
    assert list(sweep_optimizers()) == offered
    import gradscape.app.model.sweep as sweep

    monkeypatch.setattr(sweep, "_eta_spec", lambda key: None)  # a rule without η
    with pytest.raises(ValueError, match="SGD has no learning rate"):
        check_etas("sgd", (0.1, 0.2))


def test_the_race_keeps_room_for_recorded_paths_and_cuts_the_rest():
    assert sweep_limit(Scene()) == MAX_RUNS
    assert fit((1, 2, 3), 8) == ((1, 2, 3), 0)
    assert fit(tuple(range(11)), 8) == (tuple(range(8)), 3)


def test_the_sweep_race_equals_independent_engine_runs():
    scene = Scene(surface="rosenbrock", optimizers=[("adam", {"eta": 0.3, "beta1": 0.8})],
                  start=[-1.5, 2.0], steps=60, seed=0)  # fmt: skip
    hyper = sweep_hyper(scene, "adam", ("adam", {"eta": 0.3, "beta1": 0.8}))
    assert hyper == {"beta1": 0.8}
    etas = log_spaced(0.001, 1, 4)
    sweep = sweep_scene(scene, "adam", hyper, etas)
    trajs = sweep.run()
    assert [t.hyper["eta"] for t in trajs] == [0.001, 0.01, 0.1, 1.0]
    assert [t.label for t in trajs] == [f"Adam η={e:g}" for e in etas]
    surf = get_surface("rosenbrock")
    for eta, t in zip(etas, trajs, strict=True):
        alone = descend(surf, ("adam", {"eta": eta, "beta1": 0.8}), (-1.5, 2.0), 60, seed=0)
        np.testing.assert_array_equal(t.params, alone.params)
        np.testing.assert_array_equal(t.loss, alone.loss)
        assert t.diverged_at == alone.diverged_at
    # another optimizer than the selected run's: its demo values on the surface
    other = sweep_hyper(scene, "sgd", ("adam", {"eta": 0.3}))
    assert "eta" not in other
    assert sweep_etas(sweep_scene(scene, "sgd", other, (0.1, 0.2)).optimizers) == (0.1, 0.2)


def test_the_cli_sweep_is_the_same_race():
    from gradscape.app.export.scene_source import scene_from_args

    args = argparse.Namespace(surface=None, domain=None, samples=None, grid=None,
                              optimizer=["adam:beta1=0.8"], eta=[0.01, 0.1, 1.0], steps=30,
                              seed=None, start=None)  # fmt: skip
    cli = scene_from_args(args)
    mine = sweep_scene(Scene(steps=30, seed=0), "adam", {"beta1": 0.8}, (0.01, 0.1, 1.0))
    assert cli.optimizers == mine.optimizers
    assert sweep_etas(cli.optimizers) == (0.01, 0.1, 1.0)


def test_what_counts_as_a_sweep():
    assert sweep_etas([("adam", {"eta": 0.1})]) is None  # one run
    assert sweep_etas([("adam", {"eta": 0.1}), ("sgd", {"eta": 0.2})]) is None  # two rules
    assert sweep_etas([("adam", {"eta": 0.1}), ("adam", {"eta": 0.1})]) is None  # same η
    diff = [("adam", {"eta": 0.1, "beta1": 0.9}), ("adam", {"eta": 0.2, "beta1": 0.8})]
    assert sweep_etas(diff) is None  # another hyperparameter differs
    sched = {"schedule": "cosine", "base": 0.1, "T_max": 10}
    assert sweep_etas([("sgd", {"eta": sched}), ("sgd", {"eta": 0.2})]) is None
    assert sweep_etas([("sgd", {"eta": 0.3}), ("sgd", {"eta": 0.2})]) == (0.3, 0.2)


def lab(color: str) -> np.ndarray:
    """CIE L*a*b* (D65) of a "#rrggbb" colour, computed here from the sRGB definition."""
    c = hex_rgb(color)
    lin = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    m = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
    xyz = m @ lin / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


@pytest.mark.parametrize("n", range(2, MAX_RUNS + 1))
def test_ramp_colours_are_sequential_distinct_and_stand_out_on_their_ring(n):
    etas = np.geomspace(1e-3, 1, n)
    colors = ramp_colors(etas)
    assert colors[0] == SWEEP_RAMP[0] and colors[-1] == SWEEP_RAMP[-1]
    lum = [float(luminance(hex_rgb(c))) for c in colors]
    assert all(b > a for a, b in itertools.pairwise(lum)), lum  # rising with η
    for c in colors:
        assert contrast(hex_rgb(c), hex_rgb(PATH_RING)) >= MIN_CONTRAST
        assert c not in RUN_COLORS  # never confused with a race's colour
    worst = min(np.linalg.norm(lab(a) - lab(b)) for a, b in itertools.combinations(colors, 2))
    assert worst >= 15, worst  # CIE76 ΔE: clearly different colours side by side


def test_ramp_follows_eta_not_the_order_given():
    up = ramp_colors([0.01, 0.1, 1.0])
    assert ramp_colors([1.0, 0.01, 0.1]) == (up[2], up[0], up[1])


@pytest.mark.parametrize("name", COLORMAPS)
def test_sweep_paths_stand_out_on_every_colour_of_every_colormap(qapp, name):
    table = colormap(name).table(256) / 255.0
    for color in ramp_colors(np.geomspace(1e-3, 1, MAX_RUNS)):
        assert path_contrast(color, table).min() >= MIN_CONTRAST, (name, color)


def test_the_state_draws_a_sweep_in_the_ramp(qapp):
    st = AppState()
    before = st.run_colors
    sweep = sweep_scene(st.scene, "adam", {}, (1.0, 0.01, 0.1))
    st.scene = sweep
    assert st.run_colors == ramp_colors((1.0, 0.01, 0.1)) == sweep_colors(sweep)
    assert [r.label for r in st.runs] == ["Adam η=1", "Adam η=0.01", "Adam η=0.1"]
    # a race after the sweep: the race's colours again
    st.scene = Scene(optimizers=[("adam", {}), ("sgd", {})])
    assert sweep_colors(st.scene) is None
    assert st.run_colors == RUN_COLORS[:2] and before == RUN_COLORS[:1]
    # a race whose colours the user chose keeps them by position
    st.run_colors = ("#123456", "#654321")
    st.scene = Scene(optimizers=[("adam", {}), ("nag", {})])
    assert st.run_colors == ("#123456", "#654321")
