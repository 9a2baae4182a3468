"""The "Train a network" window: the numpy core training whole networks, live.

Pick a dataset, the hidden layer sizes, an activation, an optimizer and η (all from the core
registries), epochs, batch size and seed; Train runs :func:`app.model.training_run.train_runs` in a
worker thread (BLAS pinned to one thread) with a progress bar per epoch, and Cancel stops it
after the current epoch.  The plots follow every epoch: train and validation loss (log scale
option), accuracy for classification, and the data view — decision regions with the points
coloured by class (2-D sets), the target, the noisy samples and the network's curve (sine), or
the confusion matrix with the test accuracy (digits).  Several optimizers can be compared: each
is trained in turn from the same initial weights and batch order, their curves overlaid.

The parts: :class:`~app.model.training.NetworkState` holds the choices,
:class:`~app.model.training_job.TrainingController` trains and holds the histories,
:mod:`app.controls.network_form` writes the choices, :mod:`app.views.network_plots` draws;
:class:`NetworkPanel` assembles them.  :func:`install_network_panel` adds a Network menu to the
main window that opens this window.
"""

from __future__ import annotations

from PyQt6.QtCore import QEvent, QObject, Qt, pyqtSignal
from PyQt6.QtGui import QAction, QKeySequence
from PyQt6.QtWidgets import (
    QHBoxLayout,
    QMainWindow,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.controls.fields import ValidatedField
from app.controls.network_form import LogScaleCheck, NetworkForm
from app.model.training import DATASETS, NetworkState
from app.model.training_job import TrainingController
from app.model.training_run import RunOutcome
from app.views.network_plots import CurvesView, DataView
from core.optimizers import OPTIMIZERS
from resources import resource_path

STYLE_PATH = resource_path("style.qss")


class NetworkPanel(QWidget):
    """Controls on the left, live plots on the right.  ``finished`` after every training
    (done, cancelled, diverged or failed)."""

    finished = pyqtSignal()

    def __init__(self, state: NetworkState | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state or NetworkState(self)
        self.training = TrainingController(self.state, self)
        # The form first: it reports the end of a training before ``finished`` goes out.
        self.form = NetworkForm(self.state, self.training)
        self.training.finished.connect(self._on_finished)
        self.training.failed.connect(self._on_failed)
        self.training.previewChanged.connect(self._show_accuracy)
        self.training.started.connect(self._show_accuracy)
        scroll = QScrollArea()
        scroll.setWidget(self.form)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(290)

        self.loss_view = CurvesView(self.training, "loss", "loss")
        self.acc_view = CurvesView(self.training, "accuracy", "accuracy", name_runs=False)
        self.log_check = LogScaleCheck(self.state)
        self.data_view = DataView(self.training)
        self._show_accuracy()
        loss_box = QWidget()
        ll = QVBoxLayout(loss_box)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.setSpacing(2)
        ll.addWidget(self.log_check)
        ll.addWidget(self.loss_view, 1)
        # Curves stacked on the left, the data view beside them: the 2-D maps are about
        # square and get a square-ish area.
        self.curves_split = QSplitter(Qt.Orientation.Vertical)
        self.curves_split.addWidget(loss_box)
        self.curves_split.addWidget(self.acc_view)
        self.views_split = QSplitter(Qt.Orientation.Horizontal)
        self.views_split.addWidget(self.curves_split)
        self.views_split.addWidget(self.data_view)
        self.views_split.setStretchFactor(0, 2)
        self.views_split.setStretchFactor(1, 3)
        self.views_split.setSizes([350, 620])
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(scroll)
        split.addWidget(self.views_split)
        split.setStretchFactor(1, 1)
        split.setSizes([310, 900])
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(split)

        # The form's widgets, by the names scripts and tests reach them with.
        self.dataset_combo = self.form.dataset_combo
        self.hidden_field = self.form.hidden_field
        self.act_combo = self.form.act_combo
        self.opt_combo = self.form.opt_combo
        self.eta_field = self.form.eta_field
        self.hyper_form = self.form.hyper_form
        self.add_btn = self.form.add_btn
        self.remove_btn = self.form.remove_btn
        self.compare_list = self.form.compare_list
        self.epochs_field = self.form.epochs_field
        self.batch_field = self.form.batch_field
        self.seed_field = self.form.seed_field
        self.train_btn = self.form.train_btn
        self.cancel_btn = self.form.cancel_btn
        self.progress = self.form.progress
        self.status = self.form.status

    @property
    def fields(self) -> dict[str, ValidatedField]:
        """The text fields, by what they set."""
        return self.form.fields

    def _show_accuracy(self, *_: object) -> None:
        """The accuracy plot only for data that have one (classification)."""
        if self.training.data is not None:
            self.acc_view.setVisible(self.training.classification)

    # -- training -------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self.training.running

    @property
    def outcomes(self) -> list[RunOutcome]:
        """How each run of the last training ended."""
        return self.training.outcomes

    @property
    def histories(self) -> list[dict[str, list]]:
        """The per-epoch history of each run of the last training, as the curves draw it."""
        return self.training.histories

    def train(self) -> bool:
        """Start training the state's spec; False (and an explanation in the status line)
        when a field is invalid or training is already running."""
        return self.form.train()

    def cancel(self) -> None:
        """Stop after the current epoch."""
        self.form.cancel()

    def _on_finished(self) -> None:
        self.finished.emit()

    def _on_failed(self, _message: str) -> None:
        self.finished.emit()

    def shutdown(self, timeout_ms: int = 10000) -> None:
        """Cancel training in flight and wait for the worker (before the window goes)."""
        self.training.shutdown(timeout_ms)


class NetworkWindow(QMainWindow):
    """The "Train a network" window around a :class:`NetworkPanel`."""

    def __init__(self, state: NetworkState | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.setWindowTitle("losscape — train a network")
        self.panel = NetworkPanel(state, self)
        self.setCentralWidget(self.panel)
        if STYLE_PATH.exists():
            self.setStyleSheet(STYLE_PATH.read_text(encoding="utf-8"))
        self.resize(1200, 800)

    def closeEvent(self, ev) -> None:
        # Never wait here: the training stops within one batch, in its own thread.
        self.panel.training.stop()
        super().closeEvent(ev)


class _CloseWatcher(QObject):
    """Stops the network window's training when the main window closes."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window

    def eventFilter(self, obj: QObject, ev: QEvent) -> bool:
        if ev.type() == QEvent.Type.Close:
            net = getattr(self.window, "network_window", None)
            if net is not None:
                net.close()
        return False


def open_network_window(window: QMainWindow) -> NetworkWindow:
    """Show (creating it the first time) the main window's network window."""
    net = getattr(window, "network_window", None)
    if net is None:
        net = NetworkWindow(parent=window)
        window.network_window = net
    net.show()
    net.raise_()
    net.activateWindow()
    return net


def install_network_panel(window: QMainWindow) -> QAction:
    """Add a Network menu with "Train a network…" (Ctrl+N) to ``window``."""
    window.network_window = None
    menu = window.menuBar().addMenu("&Network")
    # Keep Help last.
    actions = window.menuBar().actions()
    helps = [a for a in actions if a.text().replace("&", "") == "Help"]
    if helps:
        window.menuBar().insertMenu(helps[0], menu)
    act = QAction("&Train a network…", window)
    act.setShortcut(QKeySequence("Ctrl+N"))
    act.setToolTip("Train a whole network with the same numpy core, live")
    act.triggered.connect(lambda: open_network_window(window))
    menu.addAction(act)
    window.network_action = act
    window.installEventFilter(_CloseWatcher(window))
    return act


def _parse_compare(text: str) -> list[tuple[str, float]]:
    runs = []
    for part in (p for p in text.split(",") if p.strip()):
        name, sep, eta = part.partition("=")
        if not sep:
            raise ValueError(f"--compare entries look like adam=0.01, got {part.strip()!r}")
        try:
            runs.append((OPTIMIZERS.key(name.strip()), float(eta)))
        except ValueError as exc:
            raise ValueError(f"--compare {part.strip()!r}: {exc}") from None
    return runs


def main(argv: list[str] | None = None) -> int:
    """``python -m app.windows.network_window``: the network window on its own, optionally trained
    and saved as a PNG (``--screenshot``) for docs and bug reports."""
    import argparse
    import sys
    import time

    parser = argparse.ArgumentParser(
        prog="python -m app.windows.network_window",
        description="Train a network with losscape's numpy core, live.",
        epilog="Example: python -m app.windows.network_window --dataset spirals "
        "--compare sgd=0.1,msgd=0.05,adam=0.01 --epochs 300 --screenshot network.png",
    )
    parser.add_argument("--dataset", choices=list(DATASETS), default="moons")
    parser.add_argument("--hidden", default=None, help='hidden layer sizes, e.g. "32, 32"')
    parser.add_argument("--compare", default="", help="optimizers to compare: adam=0.01,sgd=0.1")
    parser.add_argument("--epochs", type=int, default=None)
    parser.add_argument("--screenshot", metavar="PATH", help="train, save the window, exit")
    parser.add_argument("--size", default="1280x880", help="window size WxH (default 1280x880)")
    args = parser.parse_args(argv)

    from PyQt6.QtCore import QCoreApplication

    from app.export.capture import parse_size
    from app.runtime import application

    try:
        size = parse_size(args.size)
        state = NetworkState()
        state.set_dataset(args.dataset)
        if args.hidden is not None:
            state.set_hidden(args.hidden)
        if args.epochs is not None:
            state.set_epochs(args.epochs)
        for name, eta in _parse_compare(args.compare):
            state.set_optimizer(name)
            state.set_hyper("eta", eta)
            state.add_compare()
    except ValueError as exc:
        parser.error(str(exc))
    app = application(sys.argv[0] if sys.argv else "losscape")
    win = NetworkWindow(state)
    win.resize(*size)
    win.show()
    if not args.screenshot:
        return app.exec()
    win.panel.train()
    while win.panel.running:
        QCoreApplication.processEvents()
        time.sleep(0.005)
    for _ in range(10):  # let the last redraw and the layout settle
        QCoreApplication.processEvents()
    ok = win.grab().save(args.screenshot, "PNG")
    win.close()
    if not ok:
        sys.stderr.write(f"could not write {args.screenshot}\n")
        return 1
    print(f"wrote {args.screenshot}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
