"""The summary table's panel: the loss threshold it looks for, Copy, and the table."""

from __future__ import annotations

import math

from PyQt6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from gradscape.app.model.arrays import fmt
from gradscape.app.model.summary import SummaryModel
from gradscape.app.runtime import translate
from gradscape.app.views.summary_table import SummaryTable


def parse_threshold(text: str) -> float:
    """The loss threshold typed in ``text`` (read by ``float``, never evaluated)."""
    t = text.strip()
    try:
        v = float(t)
    except ValueError:
        v = math.nan
    if not math.isfinite(v):
        raise ValueError(
            translate("SummaryPanel", "Type the loss threshold as a number, e.g. 0.01.")
        )
    return v


class SummaryPanel(QWidget):
    """The summary table of ``state`` with its header row: the loss threshold (Enter or
    leaving the field applies it; a bad value is marked and explained, the table keeps the
    last good one) and a Copy button (the table as CSV)."""

    def __init__(self, state, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("summaryPanel")
        self.model = SummaryModel(state, self)
        self.table = SummaryTable(self.model)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 2, 4, 2)
        lay.setSpacing(2)
        row = QHBoxLayout()
        row.addWidget(QLabel(translate("SummaryPanel", "Summary at the current step")))
        row.addStretch(1)
        self.threshold_label = QLabel(translate("SummaryPanel", "Loss threshold"))
        row.addWidget(self.threshold_label)
        self.threshold = QLineEdit(fmt(self.model.threshold, 6))
        self.threshold.setObjectName("thresholdField")
        self.threshold.setMaximumWidth(90)
        self.threshold.setToolTip(
            translate(
                "SummaryPanel",
                "The table gives the first step at which each run's loss "
                "was at or under this value",
            )  # fmt: skip
        )
        self.threshold_label.setBuddy(self.threshold)
        self.threshold.editingFinished.connect(self.apply_threshold)
        self.threshold.textEdited.connect(self._check)
        row.addWidget(self.threshold)
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.hide()
        row.addWidget(self.error)
        self.copy_btn = QPushButton(translate("SummaryPanel", "Copy"))
        self.copy_btn.setToolTip(translate("SummaryPanel", "Copy the table as CSV (Ctrl+C)"))
        self.copy_btn.clicked.connect(self.table.copy_csv)
        row.addWidget(self.copy_btn)
        lay.addLayout(row)
        lay.addWidget(self.table, 1)

    def _mark(self, message: str | None) -> None:
        self.error.setText(message or "")
        self.error.setVisible(bool(message))
        self.threshold.setToolTip(message or "")
        if self.threshold.property("invalid") is not bool(message):
            self.threshold.setProperty("invalid", bool(message))
            self.threshold.style().unpolish(self.threshold)
            self.threshold.style().polish(self.threshold)

    def _check(self, text: str) -> None:
        try:
            parse_threshold(text)
        except ValueError as exc:
            self._mark(str(exc))
        else:
            self._mark(None)

    def apply_threshold(self) -> bool:
        """Take the typed threshold; False (and the field marked) when it is not a number."""
        try:
            value = parse_threshold(self.threshold.text())
        except ValueError as exc:
            self._mark(str(exc))
            return False
        self._mark(None)
        self.model.threshold = value
        return True
