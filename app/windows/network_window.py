"""The "Train a network" window: the numpy core training whole networks, live.

Pick a dataset, the hidden layer sizes, an activation, an optimizer and η (all from the core
registries), epochs, batch size and seed; Train runs :func:`app.model.training_run.train_runs` in a
child process (:mod:`app.model.training_process`, BLAS pinned to one thread) with a progress bar
per epoch, and Cancel stops it after the current epoch.
The plots follow every epoch: train and validation loss (log scale
option), accuracy for classification, and the data view — decision regions with the points
coloured by class (2-D sets), the target, the noisy samples and the network's curve (sine), or
the confusion matrix with the test accuracy (digits).  Several optimizers can be compared: each
is trained in turn from the same initial weights and batch order, their curves overlaid (the
legends under the plots) and, on a 2-D set, each run's decision regions in a panel of its own
(:class:`~app.views.run_regions.RunRegionsView`).  Choosing other data clears them.

The parts: :class:`~app.model.training.NetworkState` holds the choices,
:class:`~app.model.training_job.TrainingController` trains and holds the histories,
:mod:`app.controls.network_form` writes the choices, :mod:`app.views.network_plots` draws;
:class:`NetworkPanel` assembles them.  :func:`install_network_panel` adds a Network menu to the
main window that opens this window.

"Landscape…" (a button under Train, and the window's Landscape menu) opens
:class:`~app.controls.landscape_dialog.LandscapeDialog`: the network's loss landscape computed
by :class:`~app.model.landscape_job.LandscapeController` in a process of its own.  The panel
announces the landscape's file with ``landscapeReady(path)``; :func:`open_network_window`
connects it to :func:`show_landscape`, which opens it in the main window's 3D view, contour and
loss curve with the training path played back.  With "Track sharpness" on, the
:class:`~app.views.sharpness_plot.SharpnessView` below the curves follows λmax live.

For the digits the architecture may be a CNN (conv → pool → dense, filters and kernel size
editable); its learned filters show as images in the
:class:`~app.views.filter_view.FilterView` under the data view, live.  Dropout (one ratio
for every hidden layer, or one per layer) and a schedule for η (any of
:data:`core.schedules.SCHEDULES`, each compared run keeping its own) are in the form.
"""

from __future__ import annotations

from PyQt6.QtCore import QEvent, QObject, Qt, QTimer, pyqtSignal
from PyQt6.QtGui import QAction, QKeySequence
from PyQt6.QtWidgets import (
    QHBoxLayout,
    QMainWindow,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from gradscape.app.controls.fields import ValidatedField
from gradscape.app.controls.landscape_dialog import LandscapeDialog
from gradscape.app.controls.network_form import LogScaleCheck, NetworkForm
from gradscape.app.controls.wheel import guard_wheel
from gradscape.app.model.choices import RUN_COLORS
from gradscape.app.model.landscape_job import LandscapeController
from gradscape.app.model.training import ARCHITECTURES, DATASETS, NetworkState
from gradscape.app.model.training_job import TrainingController
from gradscape.app.model.training_run import RunOutcome
from gradscape.app.model.words import core_message
from gradscape.app.runtime import translate
from gradscape.app.views.filter_view import FilterView
from gradscape.app.views.network_plots import CurvesView, DataView
from gradscape.app.views.run_regions import RunRegionsView
from gradscape.app.views.sharpness_plot import SharpnessView
from gradscape.core.optimizers import OPTIMIZERS
from gradscape.resources import resource_path

STYLE_PATH = resource_path("style.qss")


class NetworkPanel(QWidget):
    """Controls on the left, live plots on the right.  ``finished`` after every training
    (done, cancelled, diverged or failed); ``landscapeReady(path)`` when a landscape of this
    network has been computed (its file)."""

    finished = pyqtSignal()
    landscapeReady = pyqtSignal(str)

    def __init__(
        self,
        state: NetworkState | None = None,
        parent: QWidget | None = None,
        landscape_cache: str | None = None,
        deferred: bool = False,
    ) -> None:
        super().__init__(parent)
        self.state = state or NetworkState(self)
        self.training = TrainingController(self.state, self)
        self.landscape = LandscapeController(self.state, self, cache_dir=landscape_cache)
        self.landscape.finished.connect(self.landscapeReady)
        self.landscape_dialog: LandscapeDialog | None = None
        self._views: dict[str, QWidget] = {}  # the plots, by name (see below)
        # The form first: it reports the end of a training before ``finished`` goes out.
        self.form = NetworkForm(self.state, self.training)
        self.training.finished.connect(self._on_finished)
        self.training.failed.connect(self._on_failed)
        self.training.previewChanged.connect(self._show_accuracy)
        self.training.started.connect(self._show_accuracy)
        self._deferred = deferred
        scroll = QScrollArea()
        scroll.setWidget(self.form)
        guard_wheel(scroll)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # As wide as the form needs: the horizontal scroll bar is off, so a narrower area
        # would cut the fields and wrap the hints past their room.
        bar = scroll.verticalScrollBar().sizeHint().width()
        frame = 2 * scroll.frameWidth()
        scroll.setMinimumWidth(max(290, self.form.minimumSizeHint().width() + bar + frame))
        self.scroll = scroll

        # The plots are made after the window when it opens from the menu (``deferred``):
        # one per later turn of the event loop, then put in place together, so that the
        # first opening keeps the GUI thread well under a tenth of a second at a time
        # instead of 0.15-0.18 s at once.  Asked for (``loss_view``…) or a training about
        # to start, the rest are made at once.
        self.training.starting.connect(self._make_views)
        self.log_check = LogScaleCheck(self.state)
        self.loss_box = QWidget()
        ll = QVBoxLayout(self.loss_box)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.setSpacing(2)
        ll.addWidget(self.log_check)
        # Curves stacked on the left, the data view beside them: the 2-D maps are about
        # square and get a square-ish area.
        self.curves_split = QSplitter(Qt.Orientation.Vertical)
        self.curves_split.addWidget(self.loss_box)
        self.views_split = QSplitter(Qt.Orientation.Horizontal)
        self.views_split.addWidget(self.curves_split)
        self.data_split = QSplitter(Qt.Orientation.Vertical)
        self.views_split.addWidget(self.data_split)
        self.state.changed.connect(self._on_state)
        # the plots' parent until they are put in place: hidden, so that none shows alone
        self._holder = QWidget(self)
        self._holder.hide()
        if not deferred:
            self._make_views()
        else:
            QTimer.singleShot(1, self._make_next)  # (a timer: a turn of the event loop)
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
        self.arch_combo = self.form.arch_combo
        self.filters_field = self.form.filters_field
        self.kernel_field = self.form.kernel_field
        self.dropout_field = self.form.dropout_field
        self.schedule_combo = self.form.schedule_combo
        self.schedule_form = self.form.schedule_form
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
        self.sharpness_check = self.form.sharpness_check
        self.sharpness_field = self.form.sharpness_field
        self.landscape_btn = self.form.landscape_btn
        self.landscape_btn.clicked.connect(self.open_landscape_dialog)

    @property
    def fields(self) -> dict[str, ValidatedField]:
        """The text fields, by what they set."""
        return self.form.fields

    # -- the plots (made at once, or after the window: see __init__) ---------------------
    @property
    def loss_view(self) -> CurvesView:
        """Train and validation loss per epoch."""
        self._make_views()
        return self._views["loss"]  # type: ignore[return-value]

    @property
    def acc_view(self) -> CurvesView:
        """Train and validation accuracy per epoch (classification only)."""
        self._make_views()
        return self._views["accuracy"]  # type: ignore[return-value]

    @property
    def data_view(self) -> DataView:
        """The data and what the network does with them."""
        self._make_views()
        return self._views["data"]  # type: ignore[return-value]

    @property
    def regions_view(self) -> RunRegionsView:
        """Each compared run's decision regions."""
        self._make_views()
        return self._views["regions"]  # type: ignore[return-value]

    @property
    def sharpness_view(self) -> SharpnessView:
        """λmax against the step (shown while the state tracks sharpness)."""
        self._make_views()
        return self._views["sharpness"]  # type: ignore[return-value]

    @property
    def filter_view(self) -> FilterView:
        """A CNN's learned filters (shown for a CNN)."""
        self._make_views()
        return self._views["filters"]  # type: ignore[return-value]

    #: The plots in the order they are made (and placed in their splitters).
    _PLOTS = ("loss", "accuracy", "data", "regions", "sharpness", "filters")

    def _make_views(self) -> None:
        """Make the plots not made yet and put them in place (once)."""
        for name in self._PLOTS:
            if name not in self._views:
                self._make_one(name)
        self._place()

    def _make_next(self) -> None:
        """Make the next plot and schedule the one after; the last turn puts them all in
        place at once (one plot at a time, each would lay out and repaint the others)."""
        todo = [name for name in self._PLOTS if name not in self._views]
        if todo:
            self._make_one(todo[0])
        QTimer.singleShot(1, self._make_next if len(todo) > 1 else self._place)

    def _make_one(self, name: str) -> None:
        views, t, holder = self._views, self.training, self._holder
        if name == "loss":
            views[name] = CurvesView(t, "loss", translate("NetworkWindow", "loss"), parent=holder)
        elif name == "accuracy":
            views[name] = CurvesView(
                t, "accuracy", translate("NetworkWindow", "accuracy"), name_runs=False,
                parent=holder,
            )  # fmt: skip
        elif name == "data":
            views[name] = DataView(t, holder)
        elif name == "regions":
            # Compared runs on a 2-D set: each run's regions in a panel of its own, under
            # the data view (which shows the run training now).
            views[name] = RunRegionsView(t, holder)
        elif name == "sharpness":
            views[name] = SharpnessView(t, holder)  # (hides itself while not tracked)
        else:
            views[name] = FilterView(t, holder)

    def _place(self) -> None:
        """Put the plots in their splitters (once they are all made)."""
        views = self._views
        if len(views) < len(self._PLOTS) or self.loss_box.layout().count() > 1:
            return
        self._show_accuracy()
        views["filters"].setVisible(self.state.arch == "cnn")
        self.loss_box.layout().addWidget(views["loss"], 1)
        self.curves_split.addWidget(views["accuracy"])
        self.curves_split.addWidget(views["sharpness"])
        for i, (name, stretch) in enumerate((("data", 3), ("regions", 2), ("filters", 1))):
            self.data_split.addWidget(views[name])
            self.data_split.setStretchFactor(i, stretch)

    def _on_state(self, name: str) -> None:
        if name == "arch" and self.loss_box.layout().count() > 1:  # (placed)
            self._views["filters"].setVisible(self.state.arch == "cnn")  # only for a CNN

    def _show_accuracy(self, *_: object) -> None:
        """The accuracy plot only for data that have one (classification)."""
        if self.training.data is not None and "accuracy" in self._views:
            self._views["accuracy"].setVisible(self.training.classification)

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

    def open_landscape_dialog(self) -> LandscapeDialog:
        """Show (creating it the first time) the Landscape dialog."""
        if self.landscape_dialog is None:
            self.landscape_dialog = LandscapeDialog(self.landscape, self)
        self.landscape_dialog.show()
        self.landscape_dialog.raise_()
        self.landscape_dialog.activateWindow()
        return self.landscape_dialog

    def shutdown(self, timeout_ms: int = 10000) -> None:
        """Cancel training and a landscape in flight and wait for their workers (before the
        window goes)."""
        self.training.shutdown(timeout_ms)
        self.landscape.shutdown(timeout_ms)


class NetworkWindow(QMainWindow):
    """The "Train a network" window around a :class:`NetworkPanel`."""

    def __init__(
        self,
        state: NetworkState | None = None,
        parent: QWidget | None = None,
        landscape_cache: str | None = None,
        deferred: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window, True)
        # The style sheet before the children: set afterwards, it re-polishes every one of them
        # (the plots' many widgets included: 0.17 s of the GUI thread at each first opening).
        if STYLE_PATH.exists():
            self.setStyleSheet(STYLE_PATH.read_text(encoding="utf-8"))
        self.setWindowTitle(translate("NetworkWindow", "gradscape — train a network"))
        self.panel = NetworkPanel(state, self, landscape_cache, deferred=deferred)
        self.setCentralWidget(self.panel)
        menu = self.menuBar().addMenu(translate("NetworkWindow", "&Landscape"))
        self.landscape_action = QAction(translate("NetworkWindow", "&Landscape…"), self)
        self.landscape_action.setShortcut(QKeySequence("Ctrl+L"))
        self.landscape_action.setToolTip(
            translate("NetworkWindow", "Compute this network's loss landscape")
        )
        self.landscape_action.triggered.connect(self.panel.open_landscape_dialog)
        menu.addAction(self.landscape_action)
        self.resize(1200, 800)

    def closeEvent(self, ev) -> None:
        # Never wait here: the training stops within one batch, in its own process; a
        # landscape's process within a chunk of its grid.
        self.panel.training.stop()
        self.panel.landscape.cancel()
        if self.panel.landscape_dialog is not None:
            self.panel.landscape_dialog.close()
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


class _LandscapeOpener(QObject):
    """Opens the network window's landscapes in the main window (a method, not a lambda:
    PyQt drops the connection with the window)."""

    def __init__(self, window: QMainWindow, net: NetworkWindow) -> None:
        super().__init__(window)
        self.window, self.net = window, net

    def open(self, path: str) -> None:
        try:
            show_landscape(self.window, path)
        except ValueError as exc:
            text = translate("NetworkWindow", "Cannot open the landscape: {reason}")
            self.net.statusBar().showMessage(text.format(reason=core_message(exc)), 15000)


def show_landscape(window: QMainWindow, path: str) -> None:
    """Open the landscape file ``path`` in the main window ``window``: its 3D view, contour
    and loss curve show the landscape surface with the training path played back.

    Raises ValueError (the window keeps its scene) when the file is not a valid landscape.
    """
    from gradscape.core.scene import landscape_scene

    scene = landscape_scene(path)  # validated whole before anything changes
    state = window.state
    with state.batch():
        state.scene = scene
        state.run_colors = RUN_COLORS[: len(state.runs)]
    text = translate("NetworkWindow", "Opened the network's landscape {path}")
    window.statusBar().showMessage(text.format(path=path), 10000)
    window.raise_()


def open_network_window(window: QMainWindow, state: NetworkState | None = None) -> NetworkWindow:
    """Show (creating it the first time, on ``state`` when given) the main window's network
    window; its landscapes open in ``window``."""
    net = getattr(window, "network_window", None)
    if net is None:
        net = NetworkWindow(state, parent=window, deferred=True)
        window.network_window = net
        window.landscape_opener = _LandscapeOpener(window, net)
        net.panel.landscapeReady.connect(window.landscape_opener.open)
    net.show()
    net.raise_()
    net.activateWindow()
    return net


def install_network_panel(window: QMainWindow) -> QAction:
    """Add a Network menu with "Train a network…" (Ctrl+N) to ``window``."""
    window.network_window = None
    menu = window.menuBar().addMenu(translate("NetworkWindow", "&Network"))
    # Keep Help last.
    actions = window.menuBar().actions()
    helps = [a for a in actions if a.text().replace("&", "") == "Help"]
    if helps:
        window.menuBar().insertMenu(helps[0], menu)
    act = QAction(translate("NetworkWindow", "&Train a network…"), window)
    act.setShortcut(QKeySequence("Ctrl+N"))
    act.setToolTip(
        translate("NetworkWindow", "Train a whole network with the same numpy core, live")
    )
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
        description="Train a network with gradscape's numpy core, live.",
        epilog="Example: python -m app.windows.network_window --dataset spirals "
        "--compare sgd=0.1,msgd=0.05,adam=0.01 --epochs 300 --screenshot network.png",
    )
    parser.add_argument("--dataset", choices=list(DATASETS), default="moons")
    parser.add_argument("--hidden", default=None, help='hidden layer sizes, e.g. "32, 32"')
    parser.add_argument("--arch", choices=list(ARCHITECTURES), default=None,
                        help="architecture: dense (the hidden sizes) or cnn (digits only)")
    parser.add_argument("--dropout", default=None,
                        help='dropout ratio after every hidden layer ("0.2") or each ("0.2, 0")')
    parser.add_argument("--compare", default="", help="optimizers to compare: adam=0.01,sgd=0.1")
    parser.add_argument("--epochs", type=int, default=None)
    parser.add_argument("--sharpness", type=int, default=None, metavar="K",
                        help="measure the sharpness (λmax of the Hessian) every K steps")
    parser.add_argument("--screenshot", metavar="PATH", help="train, save the window, exit")
    parser.add_argument("--size", default="1280x880", help="window size WxH (default 1280x880)")
    args = parser.parse_args(argv)

    from PyQt6.QtCore import QCoreApplication

    from gradscape.app.export.capture import parse_size
    from gradscape.app.runtime import application

    try:
        size = parse_size(args.size)
        state = NetworkState()
        state.set_dataset(args.dataset)
        if args.hidden is not None:
            state.set_hidden(args.hidden)
        if args.arch is not None:
            state.set_arch(args.arch)
        if args.dropout is not None:
            state.set_dropout(args.dropout)
        if args.epochs is not None:
            state.set_epochs(args.epochs)
        if args.sharpness is not None:
            state.set_sharpness_every(args.sharpness)
        for name, eta in _parse_compare(args.compare):
            state.set_optimizer(name)
            state.set_hyper("eta", eta)
            state.add_compare()
    except ValueError as exc:
        parser.error(str(exc))
    app = application(sys.argv[0] if sys.argv else "gradscape")
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
