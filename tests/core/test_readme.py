"""The README's Python example runs as written and says what it claims."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_python_example_runs():
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    assert len(blocks) == 3  # the core's tour, the landscape's and the basins'
    (tour,) = [b for b in blocks if "compute_landscape" not in b and "basins" not in b]
    env: dict = {}
    exec(compile(tour, str(README), "exec"), env)  # (exec: our own documentation)
    loss, accuracy = env["net"].evaluate(env["data"].x_test, env["data"].t_test)
    assert accuracy >= 0.96
    _, cnn_accuracy = env["cnn"].evaluate(env["data"].x_test, env["data"].t_test)
    assert cnn_accuracy >= 0.96
    run = env["run"]
    # Adam reaches the valley of minima w + b = logit(0.5) = 0.
    assert run.diverged_at is None and run.loss[-1] < 1e-8
    assert abs(run.params[-1].sum()) < 1e-4
    assert [r.optimizer for r in env["runs"]] == ["sgd", "msgd", "adam"]
    assert np.all(np.isfinite(env["w"]))


def test_readme_landscape_example_runs():
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    (block,) = [b for b in blocks if "compute_landscape" in b]
    env: dict = {}
    exec(compile(block, str(README), "exec"), env)  # (exec: our own documentation)
    land, net = env["land"], env["net"]
    assert land.loss_grid.shape == (31, 31) and land.directions == "hessian"
    # the network at θ is the grid's centre, and d1 is the Hessian's top eigenvector there
    assert net.evaluate(land.x_eval, land.t_eval)[0] == land.loss_grid[15, 15]
    lam = env["lambda_max"](net, land.x_eval, land.t_eval)[0]
    hd1 = env["hvp"](net, land.x_eval, land.t_eval, land.d1)
    np.testing.assert_allclose(hd1, lam * land.d1, atol=1e-3 * abs(lam))


def test_readme_basins_example_runs():
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    (block,) = [b for b in blocks if "gradscape.core.basins" in b]
    env: dict = {}
    exec(compile(block, str(README), "exec"), env)  # (exec: our own documentation)
    m = env["m"]
    assert m.label.shape == (200, 200) and m.minima.shape == (4, 2)
    counts = m.counts()
    assert counts[-1] == counts[-2] == 0
    assert all(counts[k] >= 0.2 * 200 * 200 for k in range(4))
