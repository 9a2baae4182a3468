"""A scene's recorded paths in the computed result: trajectories after the runs, their own
colours, the draw data of every view, and the window's limits."""

from __future__ import annotations

import numpy as np
import pytest

from gradscape.app.model.choices import RUN_COLORS, check_showable, recorded_colors
from gradscape.app.model.compute import colormap
from gradscape.app.model.draw import ViewSettings
from gradscape.app.model.results import compute_result, with_draw
from gradscape.core.scene import Scene

POINTS = [[-7.0, 2.0], [-6.0, 1.0], [-4.0, 0.5], [-2.0, 0.2], [-1.0, 0.0]]


def bowl(p):
    p = np.asarray(p)
    return p[:, 0] ** 2 / 20 + p[:, 1] ** 2


def recorded(name, points):
    return {"name": name, "points": points, "loss": bowl(points).tolist(), "true_loss": None}


def scene(paths, optimizers=(("sgd", {"eta": 0.5}),)):
    return Scene(surface="quadratic", surface_params={"resolution": 30},
                 optimizers=list(optimizers), steps=6, paths=paths)  # fmt: skip


def test_recorded_paths_follow_the_runs_in_their_own_colours():
    s = scene([recorded("training", POINTS), recorded("short", POINTS[:2])])
    res = compute_result(s, colors=(RUN_COLORS[1],))
    assert [t.label for t in res.trajectories][1:] == ["training", "short"]
    assert res.trajectories[0].optimizer == "sgd" and res.divergence == [None, None, None]
    runs = res.runs
    assert [r.label for r in runs[1:]] == ["training", "short"]
    # the colours no run uses, in order: the first and the third of the palette
    assert [r.color for r in runs] == [RUN_COLORS[1], RUN_COLORS[0], RUN_COLORS[2]]
    assert res.badge is None  # the bowl is no projection


def test_every_view_gets_the_recorded_path_s_arrays():
    s = scene([recorded("training", POINTS)])
    res = with_draw(compute_result(s), ViewSettings(), colormap("viridis"))
    draw = res.draw
    assert len(draw.paths2d) == len(draw.paths3d) == len(draw.curves.y) == 2
    np.testing.assert_array_equal(draw.paths2d[1].points, POINTS)
    np.testing.assert_allclose(draw.curves.y[1], bowl(POINTS))
    # the 3D path is the (α, β, plane loss) of each point, in the display box
    box = draw.box
    want = box.points(np.array(POINTS)[:, 0], np.array(POINTS)[:, 1], bowl(POINTS), lift=0.012)
    np.testing.assert_allclose(draw.paths3d[1].points, want)


def test_recorded_colours_skip_the_runs_and_go_round():
    assert recorded_colors(RUN_COLORS[:2], 2) == RUN_COLORS[2:4]
    assert recorded_colors(RUN_COLORS, 2) == RUN_COLORS[:2]


def test_the_window_shows_at_most_eight_paths_runs_and_recorded_together():
    s = scene([recorded(f"p{i}", POINTS) for i in range(7)])
    check_showable(s)  # 1 run + 7 recorded
    s = scene([recorded(f"p{i}", POINTS) for i in range(8)])
    with pytest.raises(ValueError, match="at most 8 paths, optimizers and recorded paths"):
        check_showable(s)
