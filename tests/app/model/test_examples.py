"""File → Examples: every example builds, and shows what its sentence says."""

from __future__ import annotations

import numpy as np
import pytest

from gradscape.app.model.examples import EXAMPLES, FIRST_LAUNCH, example
from gradscape.core.surfaces import get_surface
from gradscape.core.trajectory import descend


def heading(traj, k: int = 20) -> float:
    d = traj.params[k] - traj.params[0]
    return float(np.degrees(np.arctan2(d[1], d[0])))


@pytest.mark.parametrize("ex", EXAMPLES, ids=lambda e: e.key)
def test_every_example_builds_and_runs(ex):
    scene = ex.build()
    assert scene == ex.build()  # a fresh, equal scene each time
    runs = scene.run()
    assert len(runs) == len(scene.optimizers) >= 2
    assert ex.title and ex.about


def test_the_first_launch_race_parts():
    """With two samples the plain and the adaptive rules leave the start in directions
    tens of degrees apart (with the seed's one sample they share one line)."""
    scene = example(FIRST_LAUNCH).build()
    surf = get_surface("neuron", **scene.surface_params)
    start = surf.start
    sgd, adam = (descend(surf, name, start=start, steps=40) for name in ("sgd", "adam"))
    assert abs(heading(sgd) - heading(adam)) > 30
    one = get_surface("neuron")
    sgd1, adam1 = (descend(one, name, start=start, steps=40) for name in ("sgd", "adam"))
    assert heading(sgd1) == pytest.approx(45.0) and heading(adam1) == pytest.approx(45.0)


def test_the_examples_say_true_things():
    runs = {e.key: e.build().run() for e in EXAMPLES}
    sgd, msgd, nag, _adam = runs["rosenbrock"]
    assert np.linalg.norm(msgd.params[-1] - [1, 1]) < 0.02
    assert np.linalg.norm(nag.params[-1] - [1, 1]) < 0.02
    assert np.linalg.norm(sgd.params[-1] - [1, 1]) > 0.5
    ends = [tuple(np.round(t.params[-1], 1)) for t in runs["himmelblau"]]
    assert ends[0] == ends[2] == ends[3] == (3.0, 2.0) and ends[1] != (3.0, 2.0)
    stable, unstable = runs["too-large"]
    assert stable.diverged_at is None and unstable.diverged_at is not None
    with pytest.raises(KeyError, match="valid: two-samples"):
        example("nope")
