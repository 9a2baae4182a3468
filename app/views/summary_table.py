"""The summary table under the views: every run at the current step, sortable, copyable.

It shows a :class:`app.model.summary.SummaryModel` (the numbers and their order live
there); a click on a column's title sorts by it, Ctrl+C (or :meth:`copy_csv`) puts the
whole table on the clipboard as CSV.
"""

from __future__ import annotations

from PyQt6.QtCore import Qt
from PyQt6.QtGui import QKeyEvent, QKeySequence
from PyQt6.QtWidgets import QAbstractItemView, QApplication, QHeaderView, QTableView, QWidget

from gradscape.app.model.summary import SummaryModel
from gradscape.app.runtime import translate


class SummaryTable(QTableView):
    """The runs' loss, distance, threshold step and divergence at the current step."""

    def __init__(self, model: SummaryModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("summaryTable")
        self.setModel(model)
        self.setSortingEnabled(True)
        # start unsorted (the race's order); a click on a title sorts
        self.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.horizontalHeader().setSortIndicatorClearable(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        head = self.horizontalHeader()
        head.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        head.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        head.resizeSection(0, 170)
        head.setMinimumSectionSize(60)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setToolTip(
            translate(
                "SummaryTable", "Click a column's title to sort; Ctrl+C copies the table as CSV"
            )
        )

    def summary_model(self) -> SummaryModel:
        model = self.model()
        assert isinstance(model, SummaryModel)
        return model

    def copy_csv(self) -> str:
        """Put the table (as shown, every row) on the clipboard as CSV; return the text."""
        text = self.summary_model().csv()
        clipboard = QApplication.clipboard()
        if clipboard is not None:
            clipboard.setText(text)
        return text

    def keyPressEvent(self, ev: QKeyEvent | None) -> None:
        if ev is not None and ev.matches(QKeySequence.StandardKey.Copy):
            self.copy_csv()
            ev.accept()
            return
        super().keyPressEvent(ev)
