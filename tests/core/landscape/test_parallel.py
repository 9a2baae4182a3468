"""Grids over worker processes and a dask.distributed cluster equal the serial grid bit for
bit; progress and cancel work there too."""

import numpy as np
import pytest

from gradscape.core.datasets import moons
from gradscape.core.landscape import (
    Cancelled,
    _grid,
    _parallel,
    get_theta,
    loss_grid,
    random_directions,
)
from gradscape.core.network import Network

SIZES = [2, 24, 16, 2]


@pytest.fixture(scope="module")
def problem():
    data = moons(n=300, seed=4)
    net = Network.from_sizes(SIZES, "relu", dtype=np.float32, seed=1)
    net.fit(data.x_train, data.labels_train, epochs=2, batch_size=16)
    theta = get_theta(net)
    d1, d2 = random_directions(net, theta, seed=7)
    ax = np.linspace(-1.0, 1.0, 9)
    return (SIZES, "relu", "softmax", "cross", data.x_train, data.labels_train, theta, d1, d2,
            ax, ax)  # fmt: skip


@pytest.fixture
def many_chunks(monkeypatch):
    # small chunks (the plan is made in this process, before any worker sees the problem)
    monkeypatch.setattr(_grid, "_CHUNK_FLOP", 2.0 * 240 * (2 * 24 + 24 * 16 + 16 * 2) * 7)


@pytest.fixture(scope="module")
def cluster():
    import distributed  # a test dependency: a missing dask fails here, it is never skipped

    cl = distributed.LocalCluster(
        host="127.0.0.1", n_workers=2, processes=True, threads_per_worker=1,
        dashboard_address=None,
    )  # fmt: skip
    try:
        yield cl
    finally:
        cl.close(timeout=30)


def test_plan_has_several_chunks(problem, many_chunks):
    x = problem[4]
    plan = _grid.chunk_plan(81, _grid.flop_per_point(SIZES, len(x)))
    assert len(plan) == 12  # 7 points each: the parallel tests below spread 12 chunks


def test_processes_equal_serial_bit_for_bit(problem, many_chunks):
    serial = loss_grid(*problem, workers=1)
    seen = []
    par = loss_grid(*problem, workers=2, progress=lambda *a: seen.append(a))
    np.testing.assert_array_equal(par[0], serial[0])
    np.testing.assert_array_equal(par[1], serial[1])
    assert np.array_equal(par[0], serial[0]) and np.ptp(serial[0]) > 0
    assert [d for d, _, _ in seen] == list(range(1, 13))
    assert {(n, w) for _, n, w in seen} == {(12, "grid")}


def test_processes_cancel(problem, many_chunks):
    seen = []
    with pytest.raises(Cancelled):
        loss_grid(*problem, workers=2, progress=lambda *a: seen.append(a),
                  cancel=lambda: len(seen) >= 2)  # fmt: skip
    assert 2 <= len(seen) < 12


def test_dask_equals_serial_bit_for_bit(problem, many_chunks, cluster):
    serial = loss_grid(*problem, workers=1)
    seen = []
    remote = loss_grid(*problem, scheduler=cluster.scheduler_address,
                       progress=lambda *a: seen.append(a))  # fmt: skip
    np.testing.assert_array_equal(remote[0], serial[0])
    np.testing.assert_array_equal(remote[1], serial[1])
    assert [d for d, _, _ in seen] == list(range(1, 13))


def test_dask_cancel(problem, many_chunks, cluster):
    with pytest.raises(Cancelled):
        loss_grid(*problem, scheduler=cluster.scheduler_address, cancel=lambda: True)


def test_bad_scheduler_and_workers(problem, monkeypatch):
    monkeypatch.setattr(_parallel, "_CONNECT_TIMEOUT", 2)
    with pytest.raises(ValueError, match="scheduler"):
        loss_grid(*problem, scheduler="localhost")
    with pytest.raises(ValueError, match="workers"):
        _parallel.run_chunks(_grid.evaluate_chunk, None, [], workers=-1)
    with pytest.raises(ConnectionError, match="no dask scheduler"):
        _parallel.run_chunks(_grid.evaluate_chunk, None, [(0, 1)],
                             scheduler="tcp://127.0.0.1:9")  # fmt: skip
