"""The summary table view: a click on a column's title sorts (blanks last), Ctrl+C copies
the table as CSV, and the cells follow the timeline."""

from __future__ import annotations

import csv
import io

import numpy as np
import pytest
from PyQt6.QtCore import QPoint, Qt
from PyQt6.QtWidgets import QApplication

from gradscape.app.model.results import compute_result
from gradscape.app.model.state import AppState
from gradscape.app.model.summary import SummaryModel
from gradscape.app.views.summary_table import SummaryTable
from gradscape.core.scene import Scene

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

RACE = [("adam", {"eta": 0.2}), ("sgd", {"eta": 0.1}), ("sgd", {"eta": 0.001})]


@pytest.fixture
def table(qtbot):
    st = AppState()
    st.scene = Scene(surface="rosenbrock", optimizers=RACE, start=[-1.5, 2.0], steps=50)
    st.set_result(compute_result(st.scene))
    view = SummaryTable(SummaryModel(st))
    qtbot.addWidget(view)
    view.resize(700, 200)
    view.show()
    qtbot.waitExposed(view)
    return view


def cells(view: SummaryTable, column: int) -> list[str]:
    m = view.model()
    return [m.data(m.index(r, column)) for r in range(m.rowCount())]


def click_title(qtbot, view: SummaryTable, column: int) -> None:
    head = view.horizontalHeader()
    x = head.sectionViewportPosition(column) + head.sectionSize(column) // 2
    qtbot.mouseClick(head.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, head.height() // 2))


def test_title_click_sorts_by_the_column(qtbot, table):
    st = table.summary_model().state
    trajs = st.result.trajectories
    st.step = 30
    assert cells(table, 0) == [t.label for t in trajs]  # the race's order at first
    click_title(qtbot, table, 2)  # distance
    dist = [float(np.hypot(*t.moves[: min(30, len(t.moves))].T).sum()) for t in trajs]
    want = [trajs[i].label for i in np.argsort(dist, kind="stable")]
    first = cells(table, 0)
    click_title(qtbot, table, 2)  # again: the other way
    second = cells(table, 0)
    assert {tuple(first), tuple(second)} == {tuple(want), tuple(want[::-1])}
    # diverged column: the one run that diverged comes first either way (blanks last)
    click_title(qtbot, table, 4)
    assert cells(table, 0)[0] == "SGD η=0.1" and cells(table, 4)[0] == "2"
    click_title(qtbot, table, 4)
    assert cells(table, 0)[0] == "SGD η=0.1"


def test_ctrl_c_copies_the_table_as_csv(qtbot, table):
    clip = QApplication.clipboard()
    clip.setText("")
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    text = clip.text()
    assert text == table.summary_model().csv()
    rows = list(csv.reader(io.StringIO(text)))
    assert [r[0] for r in rows[1:]] == cells(table, 0) and len(rows) == 4


def test_cells_follow_the_timeline(qtbot, table):
    st = table.summary_model().state
    adam = st.result.trajectories[0]
    for step in (0, 7, 50):
        st.step = step
        assert float(cells(table, 1)[0]) == pytest.approx(float(adam.loss[step]), rel=1e-4)
