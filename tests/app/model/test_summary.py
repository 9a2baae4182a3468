"""The summary table's numbers (app.model.summary) against values computed here, step by
step, from the engine's trajectories: loss at step k, distance travelled, first step under
the threshold, diverged step; the sort order, the CSV text, and the model following the
state's timeline."""

from __future__ import annotations

import csv
import io
import math

import numpy as np
import pytest
from PyQt6.QtCore import Qt

from gradscape.app.model.results import compute_result
from gradscape.app.model.state import AppState
from gradscape.app.model.summary import (
    Summary,
    SummaryModel,
    csv_text,
    number_text,
    sort_order,
)
from gradscape.core.scene import Scene

# On Rosenbrock: SGD η=0.1 leaves the bounds at step 2, the others run on.
# Adam's loss first jumps up (31 at step 1), then falls below where it started.
RACE = [("adam", {"eta": 0.2}), ("sgd", {"eta": 0.1}), ("sgd", {"eta": 0.001}),
        ("nag", {"eta": 0.001, "mu": 0.9})]  # fmt: skip
STEPS = 80


@pytest.fixture(scope="module")
def trajectories():
    scene = Scene(surface="rosenbrock", optimizers=RACE, start=[-1.5, 2.0], steps=STEPS, seed=0)
    trajs = scene.run()
    assert trajs[1].diverged_at == 2 and all(t.diverged_at is None for t in trajs[2:])
    return trajs


def expected(traj, step: int, threshold: float) -> tuple[float, float, float, float]:
    """The row, from the trajectory alone, with plain Python loops."""
    n = len(traj.moves)  # good steps
    k = min(step, n)
    dist = 0.0
    for i in range(k):
        dw, db = traj.moves[i]
        dist += math.sqrt(dw * dw + db * db)
    reached = math.nan
    for i in range(n + 1):
        if traj.loss[i] <= threshold:
            reached = float(i)
            break
    if reached > step:
        reached = math.nan
    d = traj.diverged_at
    diverged = float(d) if d is not None and d <= step else math.nan
    return float(traj.loss[k]), dist, reached, diverged


@pytest.mark.parametrize("threshold", [6.0, 1.0, 1e-9])
def test_values_at_every_step_equal_the_trajectories(trajectories, threshold):
    s = Summary.of(trajectories, [t.label for t in trajectories], ["#000000"] * 4)
    reached = s.reached(threshold)
    for step in range(STEPS + 1):
        got = s.values(step, reached)
        want = np.array([expected(t, step, threshold) for t in trajectories])
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=0, equal_nan=True)
    # the threshold is met by someone: the test would prove little otherwise
    if threshold == 6.0:
        assert np.isfinite(reached).sum() >= 2


def test_sort_order_puts_blanks_last_both_ways():
    v = np.array([3.0, np.nan, 1.0, 2.0, np.nan, 1.0])
    assert list(sort_order(v)) == [2, 5, 3, 0, 1, 4]
    assert list(sort_order(v, descending=True)) == [0, 3, 2, 5, 1, 4]


def test_cell_texts():
    assert number_text(math.nan) == "—"
    assert number_text(12.0, integer=True) == "12"
    assert number_text(0.123456789) == "0.12346"


def test_csv_reads_back_to_the_numbers():
    values = np.array([[0.5, 1.25, 3.0, np.nan], [1e-12, 0.0, np.nan, 7.0]])
    text = csv_text(9, 0.01, ["Adam η=0.1", 'SGD, "odd" name'], values)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["run", "step", "loss", "distance", "first_step_loss_le_0.01", "diverged_at"]
    assert rows[1] == ["Adam η=0.1", "9", "0.5", "1.25", "3", ""]
    assert rows[2] == ['SGD, "odd" name', "9", "1e-12", "0.0", "", "7"]


def shown(model: SummaryModel) -> list[list[str]]:
    return [
        [model.data(model.index(r, c)) for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def test_model_follows_the_timeline_sorts_and_copies(qapp, trajectories):
    st = AppState()
    st.scene = Scene(surface="rosenbrock", optimizers=RACE, start=[-1.5, 2.0], steps=STEPS)
    model = SummaryModel(st)
    assert model.rowCount() == 0  # nothing computed yet
    st.set_result(compute_result(st.scene))
    assert model.rowCount() == 4 and model.columnCount() == 5
    labels = [t.label for t in trajectories]
    model.threshold = 6.0
    for step in (0, 1, 2, 37, STEPS):
        st.step = step
        want = np.array([expected(t, step, 6.0) for t in trajectories])
        np.testing.assert_allclose(model.values(), want, rtol=1e-12, equal_nan=True)
        rows = shown(model)
        assert [r[0] for r in rows] == labels
        assert [r[1] for r in rows] == [number_text(v) for v in want[:, 0]]
        assert [r[4] for r in rows] == [number_text(v, True) for v in want[:, 3]]
    # SGD η=0.1 diverged at step 2: shown from step 2 on
    st.step = 1
    assert shown(model)[1][4] == "—"
    st.step = 2
    assert shown(model)[1][4] == "2"
    # sorted by loss (column 1), then the timeline moves: the order follows the new values
    model.sort(1, Qt.SortOrder.AscendingOrder)
    for step in (3, 10, STEPS):
        st.step = step
        loss = model.values()[:, 0]
        assert list(loss) == sorted(loss)
        got = dict(zip(model.labels(), loss, strict=True))
        assert got == {t.label: expected(t, step, 6.0)[0] for t in trajectories}
    # by the diverged column, descending: blanks still last
    model.sort(4, Qt.SortOrder.DescendingOrder)
    assert model.labels()[0] == "SGD η=0.1"
    # by name
    model.sort(0, Qt.SortOrder.AscendingOrder)
    assert model.labels() == sorted(labels, key=str.casefold)
    # the CSV is the table as shown, full precision
    rows = list(csv.reader(io.StringIO(model.csv())))
    assert [r[0] for r in rows[1:]] == model.labels()
    for r in rows[1:]:
        i = labels.index(r[0])
        assert float(r[2]) == expected(trajectories[i], STEPS, 6.0)[0]
        assert r[1] == str(STEPS)
    # the header names the threshold, and a new one updates the column
    assert "≤ 6 " in model.headerData(3, Qt.Orientation.Horizontal)
    model.threshold = 1e-9
    assert "1e-9" in model.headerData(3, Qt.Orientation.Horizontal)
    assert np.isnan(model.values()[:, 2]).all()
    with pytest.raises(ValueError, match="finite"):
        model.threshold = math.inf


def test_during_playback_the_table_catches_up_a_few_times_a_second(qtbot):
    from gradscape.app.model.summary import PLAYING_INTERVAL_MS

    st = AppState()
    st.scene = Scene(surface="rosenbrock", optimizers=RACE, start=[-1.5, 2.0], steps=STEPS)
    st.set_result(compute_result(st.scene))
    model = SummaryModel(st)
    st.step = 3
    loss = [t.loss for t in st.result.trajectories]
    assert model.values()[0, 0] == loss[0][3]
    st.playing = True
    st.step = 4
    st.step = 5
    assert model.values()[0, 0] == loss[0][3]  # not yet: every step would repaint the table
    qtbot.waitUntil(lambda: model.values()[0, 0] == loss[0][5], timeout=PLAYING_INTERVAL_MS * 20)
    st.step = 9
    st.playing = False  # stopping shows where it stopped, at once
    assert model.values()[0, 0] == loss[0][9]
