"""The summary table's numbers: every run of a result at the current step.

For each run (and each recorded path) at step k: the loss, the distance travelled (the sum
of the lengths of the moves so far), the first step at which the loss was at or under a
threshold (once it has happened by step k), and the step at which the run diverged (once
reached).  A run that stopped (diverged) stays at its last good point, as the views show it.

:class:`Summary` (no Qt) prepares, once per result, the arrays that make every step a few
look-ups: the cumulative distance and the running minimum of the loss (the first step
under a threshold is a binary search in it).  :class:`SummaryModel` is the Qt table model
the summary view shows: it follows the state's result and step, sorts by any column
(blanks last), and gives the table as CSV.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from PyQt6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt, QTimer, pyqtSignal

from gradscape.app.model.arrays import fmt
from gradscape.app.model.live import Deferred
from gradscape.app.runtime import QT_TRANSLATE_NOOP, translate

#: The loss threshold a new table starts with.
DEFAULT_THRESHOLD = 0.01
#: While playing, the table shows the current step at most this often (ms): numbers
#: changing 60 times a second cannot be read, and each repaint would take from the views.
PLAYING_INTERVAL_MS = 100

#: The columns: the run's name, then the numbers :meth:`Summary.values` gives.
COLUMNS = ("run", "loss", "distance", "reached", "diverged")
#: Column titles ({t}: the threshold), translated where shown.
TITLES = (
    QT_TRANSLATE_NOOP("SummaryTable", "Run"),
    QT_TRANSLATE_NOOP("SummaryTable", "Loss"),
    QT_TRANSLATE_NOOP("SummaryTable", "Distance"),
    QT_TRANSLATE_NOOP("SummaryTable", "Loss ≤ {t} at step"),
    QT_TRANSLATE_NOOP("SummaryTable", "Diverged at step"),
)
#: What each column's title's tooltip says.
TIPS = (
    QT_TRANSLATE_NOOP("SummaryTable", "The run (optimizer and η) or recorded path"),
    QT_TRANSLATE_NOOP("SummaryTable", "Loss at the current step"),
    QT_TRANSLATE_NOOP("SummaryTable", "Distance travelled so far: the sum of the steps' lengths"),
    QT_TRANSLATE_NOOP(
        "SummaryTable", "First step at which the loss was at or under the threshold (if by now)"
    ),
    QT_TRANSLATE_NOOP("SummaryTable", "Step at which the run diverged (if by now)"),
)


@dataclass(frozen=True)
class Summary:
    """Per-run arrays of one result, prepared once (:meth:`of`).

    Attributes
    ----------
    labels, colors : tuple of str
        Each run's legend text and colour (the runs, then the recorded paths).
    loss : tuple of ndarray, shape (n_i + 1,)
        Each run's loss at every good step.
    distance : tuple of ndarray, shape (n_i + 1,)
        Sum of the moves' lengths up to each step (0 at the start).
    low : tuple of ndarray, shape (n_i + 1,)
        Running minimum of the loss (non-increasing; nan never lowers it).
    diverged : ndarray, shape (R,)
        The step each run diverged at, nan for none.
    """

    labels: tuple[str, ...]
    colors: tuple[str, ...]
    loss: tuple[np.ndarray, ...]
    distance: tuple[np.ndarray, ...]
    low: tuple[np.ndarray, ...]
    diverged: np.ndarray

    @classmethod
    def of(
        cls, trajectories: Sequence[Any], labels: Sequence[str], colors: Sequence[str]
    ) -> Summary:
        """The summary of ``trajectories`` (engine results), labelled and coloured."""
        loss, distance, low = [], [], []
        for t in trajectories:
            values = np.asarray(t.loss, dtype=np.float64)
            loss.append(values)
            moves = np.asarray(t.moves, dtype=np.float64).reshape(-1, 2)
            d = np.zeros(len(moves) + 1)
            # (not np.hypot: several times slower; a move never nears 1e154, the bounds stop it)
            np.cumsum(np.sqrt(moves[:, 0] ** 2 + moves[:, 1] ** 2), out=d[1:])
            distance.append(d)
            low.append(np.fmin.accumulate(values) if len(values) else values)
        diverged = np.array(
            [np.nan if t.diverged_at is None else float(t.diverged_at) for t in trajectories]
        )
        return cls(tuple(labels), tuple(colors), tuple(loss), tuple(distance), tuple(low), diverged)

    def __len__(self) -> int:
        return len(self.labels)

    def reached(self, threshold: float) -> np.ndarray:
        """Per run: the first step whose loss is ≤ ``threshold``, nan if none (log R·n)."""
        out = np.full(len(self), np.nan)
        for i, low in enumerate(self.low):
            # low is non-increasing: the first index where -low >= -threshold
            k = int(np.searchsorted(-low, -threshold, side="left"))
            if k < len(low) and low[k] <= threshold:
                out[i] = k
        return out

    def values(self, step: int, reached: np.ndarray) -> np.ndarray:
        """(R, 4): loss, distance, step the threshold was reached, diverged step — at
        ``step`` (each run held at its last good point), nan where there is none yet.
        ``reached`` is :meth:`reached` of the threshold."""
        out = np.empty((len(self), 4))
        for i, (loss, dist) in enumerate(zip(self.loss, self.distance, strict=True)):
            k = min(max(int(step), 0), len(loss) - 1)
            out[i, 0] = loss[k]
            out[i, 1] = dist[k]
        out[:, 2] = np.where(reached <= step, reached, np.nan)
        out[:, 3] = np.where(self.diverged <= step, self.diverged, np.nan)
        return out


def sort_order(values: np.ndarray, descending: bool = False) -> np.ndarray:
    """Row order sorting ``values`` (R,), blanks (nan) last either way, ties in row order."""
    v = np.asarray(values, dtype=np.float64)
    key = np.where(np.isnan(v), np.inf, -v if descending else v)
    blank = np.isnan(v)
    return np.lexsort((np.arange(len(v)), key, blank))


def number_text(value: float, integer: bool = False) -> str:
    """A cell's text: "—" for a blank, a step as an integer, else :func:`fmt`."""
    if math.isnan(value):
        return "—"
    if integer:
        return str(int(value))
    return fmt(value, 5)


def csv_text(step: int, threshold: float, labels: Sequence[str], values: np.ndarray) -> str:
    """The table as CSV: a header row (the threshold in the column's name), then one row per
    run in the order given; full-precision numbers, blanks empty."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(
        ["run", "step", "loss", "distance", f"first_step_loss_le_{threshold!r}", "diverged_at"]
    )
    for label, row in zip(labels, values, strict=True):
        cells = [label, str(int(step))]
        cells += ["" if math.isnan(v) else repr(float(v)) for v in row[:2]]
        cells += ["" if math.isnan(v) else str(int(v)) for v in row[2:]]
        writer.writerow(cells)
    return buf.getvalue()


class SummaryModel(QAbstractTableModel):
    """The summary table of ``state``'s result at ``state.step``, sortable by any column.

    The per-result arrays are prepared when a result arrives; a step change only reads
    them (and re-sorts when a sorted column's order changed): at once when the user moves
    the timeline, every :data:`PLAYING_INTERVAL_MS` during playback, and at the step where
    playback stops.  ``threshold`` is the loss
    the "reached" column looks for (``thresholdChanged`` when it changes).
    """

    thresholdChanged = pyqtSignal(float)

    def __init__(self, state: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self._threshold = DEFAULT_THRESHOLD
        self._summary: Summary | None = None
        self._reached = np.zeros(0)
        self._values = np.zeros((0, 4))
        self._order = np.zeros(0, dtype=int)
        self._sort: tuple[int, bool] | None = None  # (column, descending)
        self._swatches: list[Any] = []
        self._step = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PLAYING_INTERVAL_MS)
        self._timer.timeout.connect(self._catch_up)
        self._later = Deferred(state, self._on_result, self)  # (5 a second during a drag)
        state.resultChanged.connect(self._later.call)
        state.stepChanged.connect(self._on_step)
        state.playingChanged.connect(self._on_playing)
        self._on_result(state.result)

    # -- what it holds ---------------------------------------------------------------
    @property
    def threshold(self) -> float:
        return self._threshold

    @threshold.setter
    def threshold(self, value: float) -> None:
        value = float(value)
        if not math.isfinite(value):
            raise ValueError(translate("SummaryTable", "The threshold must be a finite number."))
        if value == self._threshold:
            return
        self._threshold = value
        if self._summary is not None:
            self._reached = self._summary.reached(value)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 3, 3)
        self._refresh()
        self.thresholdChanged.emit(value)

    @property
    def summary(self) -> Summary | None:
        return self._summary

    def values(self) -> np.ndarray:
        """(R, 4) numbers in display order (see :meth:`Summary.values`)."""
        return self._values[self._order]

    def labels(self) -> list[str]:
        """The runs' labels in display order."""
        s = self._summary
        return [] if s is None else [s.labels[i] for i in self._order]

    def csv(self) -> str:
        """The table as shown (its order), as CSV (:func:`csv_text`)."""
        return csv_text(self._step, self._threshold, self.labels(), self.values())

    # -- following the state ---------------------------------------------------------
    def _on_result(self, result: Any) -> None:
        self.beginResetModel()
        if result is None:
            self._summary = None
            self._reached = np.zeros(0)
        else:
            runs = result.runs
            self._summary = Summary.of(
                result.trajectories, [r.label for r in runs], [str(r.color) for r in runs]
            )
            self._reached = self._summary.reached(self._threshold)
        # the colour swatches beside the names (QtGui's; made once per result)
        from PyQt6.QtGui import QColor

        self._swatches = [] if self._summary is None else [QColor(c) for c in self._summary.colors]
        self._step = self.state.step
        self._compute()
        self.endResetModel()

    def _on_step(self, step: int) -> None:
        if self.state.playing:
            # playback: catch up with the timeline a few times a second
            if not self._timer.isActive():
                self._timer.start()
            return
        self._step = step
        self._refresh()

    def _on_playing(self, playing: bool) -> None:
        if not playing:
            self._timer.stop()
            self._catch_up()

    def _catch_up(self) -> None:
        if self._step != self.state.step:
            self._step = self.state.step
            self._refresh()

    def _compute(self) -> bool:
        """Fill the values at the step; True when the row order changed."""
        s = self._summary
        if s is None:
            self._values = np.zeros((0, 4))
            new = np.zeros(0, dtype=int)
        else:
            self._values = s.values(self._step, self._reached)
            if self._sort is None:
                new = np.arange(len(s))
            elif self._sort[0] == 0:
                new = np.array(
                    sorted(range(len(s)), key=lambda i: s.labels[i].casefold(),
                           reverse=self._sort[1]),
                )  # fmt: skip
            else:
                new = sort_order(self._values[:, self._sort[0] - 1], self._sort[1])
        moved = not np.array_equal(new, self._order)
        self._order = new
        return moved

    def _refresh(self) -> None:
        if self._summary is None or not len(self._summary):
            return
        if self._compute():
            self.layoutAboutToBeChanged.emit()
            self.layoutChanged.emit()
        self.dataChanged.emit(
            self.index(0, 1), self.index(len(self._order) - 1, len(COLUMNS) - 1),
            [Qt.ItemDataRole.DisplayRole],
        )  # fmt: skip

    # -- Qt's table model ------------------------------------------------------------
    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._order)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        s = self._summary
        if s is None or not index.isValid():
            return None
        run = int(self._order[index.row()])
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return s.labels[run]
            return number_text(float(self._values[run, col - 1]), integer=col >= 3)
        if role == Qt.ItemDataRole.DecorationRole and col == 0:
            return self._swatches[run]
        if role == Qt.ItemDataRole.TextAlignmentRole and col > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return translate("SummaryTable", TITLES[section]).format(t=fmt(self._threshold, 5))
        if role == Qt.ItemDataRole.ToolTipRole:
            return translate("SummaryTable", TIPS[section])
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by ``column`` (Qt's header click); blanks stay last."""
        if not 0 <= column < len(COLUMNS):
            self._sort = None
        else:
            self._sort = (column, order == Qt.SortOrder.DescendingOrder)
        self.layoutAboutToBeChanged.emit()
        self._compute()
        self.layoutChanged.emit()
