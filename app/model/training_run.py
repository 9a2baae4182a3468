"""The training run itself, as plain functions: build each network of a TrainSpec
(app.model.training), train it with :meth:`core.network.Network.fit` and report every epoch
through callbacks, so the window's worker, tests and scripts all train the same way.  The
arrays the data view draws (class map on a grid, fitted curve, confusion matrix) are computed
here, in the worker, and so are the images of a CNN's learned filters (:func:`filter_images`,
:func:`filter_mosaic`), live with every snapshot."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from gradscape.app.model.training import (
    CNN_POOL,
    DATASETS,
    SHARPNESS_SAMPLES,
    TrainRun,
    TrainSpec,
    load_dataset,
)
from gradscape.core import datasets
from gradscape.core.conv import Convolution
from gradscape.core.network import DivergenceError, Network

#: Cells per axis of the decision map of a 2-D dataset.
MAP_GRID = 120
#: Points of the fitted curve of the sine dataset.
CURVE_POINTS = 200


def build_network(spec: TrainSpec, data: datasets.Dataset, run: TrainRun) -> Network:
    """The network of ``run``: every run of a spec starts from the same weights (seed).

    A dense network without dropout is built from its sizes; the others from layer specs
    (:meth:`core.network.Network.from_specs`): the CNN is conv ``filters``@k×k ("same"
    padding, the chosen activation) → max pool 2 → flatten → dense output, and a dropout
    ratio r > 0 puts a ``Dropout(ratio=r)`` after its hidden block (after each hidden
    dense layer; after the CNN's pooling).  η may be a schedule: every layer's optimizer
    evaluates it at its step t.
    """
    regression = data.kind == "regression"
    out_act = "identity" if regression else "softmax"
    loss = "square" if regression else "cross"
    outputs = data.t_train.shape[1]
    if spec.plain:
        sizes = [data.x_train.shape[1], *spec.hidden, outputs]
        return Network.from_sizes(
            sizes, act=spec.act, out_act=out_act, loss=loss, opt=run.optimizer,
            opt_dic=run.hyper_dict, dtype=np.float64, seed=spec.seed,
        )  # fmt: skip
    specs: list[Any] = []
    input_shape: tuple[int, ...]
    if spec.arch == "cnn":
        image = DATASETS[spec.dataset].image
        if image is None:
            raise ValueError(f"architecture: a CNN needs image data, {spec.dataset} has none")
        input_shape = image
        k = spec.kernel
        specs += [
            ("conv", {"F_shape": (spec.filters, k, k), "pad": "same", "act": spec.act}),
            ("pool", {"pool": CNN_POOL}),
            "flatten",
        ]
        ratios = spec.dropout or (0.0,)
        if ratios[0] > 0:
            specs.append(("dropout", {"ratio": ratios[0]}))
    else:
        input_shape = (data.x_train.shape[1],)
        ratios = spec.dropout or (0.0,) * len(spec.hidden)
        for n, r in zip(spec.hidden, ratios, strict=True):
            specs.append(("middle", {"n": n, "act": spec.act}))
            if r > 0:
                specs.append(("dropout", {"ratio": r}))
    specs.append(("output", {"n": outputs, "act": out_act, "loss": loss}))
    return Network.from_specs(
        specs, opt=run.optimizer, opt_dic=run.hyper_dict, dtype=np.float64, seed=spec.seed,
        input_shape=input_shape,
    )  # fmt: skip


def conv_layer(net: Network) -> Convolution | None:
    """The network's first convolution layer (None for a dense network)."""
    return next((ly for ly in net.layers if isinstance(ly, Convolution)), None)


def filter_images(net: Network) -> np.ndarray | None:
    """The first convolution's filters as images: (M, fh, fw), each filter scaled on its
    own to [0, 1] by its minimum and maximum (a constant filter is 0.5 everywhere); a filter
    over several input channels is shown as their mean.  None without a convolution."""
    conv = conv_layer(net)
    if conv is None:
        return None
    w = np.asarray(conv.w, np.float64)
    w = w.mean(axis=1) if w.ndim == 4 else w  # (M, C, fh, fw) -> (M, fh, fw)
    lo = w.min(axis=(1, 2), keepdims=True)
    span = w.max(axis=(1, 2), keepdims=True) - lo
    flat = span[:, 0, 0] == 0
    out = (w - lo) / np.where(span > 0, span, 1.0)
    out[flat] = 0.5
    return out


def filter_mosaic(images: np.ndarray, columns: int | None = None) -> np.ndarray:
    """The filter images side by side in a grid (row-major, ⌈√M⌉ columns unless given),
    one transparent pixel between them: an RGBA uint8 array (rows, columns, 4) of grey
    levels round(255·value), ready for an image item."""
    m, fh, fw = images.shape
    cols = columns or int(np.ceil(np.sqrt(m)))
    rows = -(-m // cols)
    out = np.zeros((rows * (fh + 1) - 1, cols * (fw + 1) - 1, 4), np.uint8)
    grey = np.rint(255.0 * np.clip(images, 0.0, 1.0)).astype(np.uint8)
    for i in range(m):
        r, c = divmod(i, cols)
        cell = out[r * (fh + 1) : r * (fh + 1) + fh, c * (fw + 1) : c * (fw + 1) + fw]
        cell[..., :3] = grey[i][..., None]
        cell[..., 3] = 255
    return out


# -- what the data view draws ----------------------------------------------------------------


@dataclass(frozen=True)
class ViewGeometry:
    """Where the data view evaluates the network: a 2-D grid, a 1-D line, or the test set."""

    kind: str  # "map", "curve" or "digits"
    xs: np.ndarray  # grid axis 0 (map) or curve abscissae
    ys: np.ndarray | None = None  # grid axis 1 (map)

    @classmethod
    def for_dataset(cls, data: datasets.Dataset) -> ViewGeometry:
        d = data.x_train.shape[1]
        if data.kind == "regression" and d == 1:
            x = np.concatenate([data.x_train[:, 0], data.x_test[:, 0]])
            return cls("curve", np.linspace(float(x.min()), float(x.max()), CURVE_POINTS))
        if d == 2:
            pts = np.concatenate([data.x_train, data.x_test])
            lo, hi = pts.min(axis=0), pts.max(axis=0)
            pad = 0.08 * (hi - lo) + 0.1
            axes = [np.linspace(lo[i] - pad[i], hi[i] + pad[i], MAP_GRID) for i in range(2)]
            return cls("map", axes[0], axes[1])
        return cls("digits", np.empty(0))

    def grid_points(self) -> np.ndarray:
        """The map's cell centres as (MAP_GRID², 2), row i·n + j at (xs[i], ys[j])."""
        gx, gy = np.meshgrid(self.xs, self.ys, indexing="ij")
        return np.stack([gx.ravel(), gy.ravel()], axis=1)


@dataclass
class ViewData:
    """One snapshot of the network for the data view."""

    kind: str
    classes: np.ndarray | None = None  # map: (len(xs), len(ys)) predicted class per cell
    curve: np.ndarray | None = None  # curve: network output at xs
    confusion: np.ndarray | None = None  # digits: (classes, classes), rows = true class
    test_accuracy: float | None = None
    wrong: np.ndarray | None = None  # digits: indices of misclassified test images
    predicted: np.ndarray | None = None  # digits: predicted class of every test image
    filters: np.ndarray | None = None  # CNN: (M, fh, fw) filter images in [0, 1]
    mosaic: np.ndarray | None = None  # CNN: the filter images as one RGBA grid


def with_filters(view: ViewData, net: Network) -> ViewData:
    """``view`` with the network's filter images (unchanged for a dense network)."""
    images = filter_images(net)
    if images is not None:
        view.filters, view.mosaic = images, filter_mosaic(images)
    return view


def snapshot(net: Network, data: datasets.Dataset, geo: ViewGeometry) -> ViewData:
    """Evaluate the network where the data view needs it (with a CNN's filter images)."""
    return with_filters(_evaluate(net, data, geo), net)


def _evaluate(net: Network, data: datasets.Dataset, geo: ViewGeometry) -> ViewData:
    if geo.kind == "map":
        classes = net.predict(geo.grid_points()).reshape(len(geo.xs), len(geo.ys))
        return ViewData("map", classes=classes)
    if geo.kind == "curve":
        return ViewData("curve", curve=np.asarray(net.predict(geo.xs[:, None]))[:, 0])
    pred = np.asarray(net.predict(data.x_test))
    truth = data.labels_test
    k = data.classes
    confusion = np.zeros((k, k), np.int64)
    np.add.at(confusion, (truth, pred), 1)
    return ViewData(
        "digits",
        confusion=confusion,
        test_accuracy=float(np.mean(pred == truth)),
        wrong=np.flatnonzero(pred != truth),
        predicted=pred,
    )


# -- training --------------------------------------------------------------------------------


@contextlib.contextmanager
def one_blas_thread() -> Iterator[None]:
    """Pin BLAS to one thread while training: on a busy 2-core machine OpenBLAS threads make
    the small matrix products of these networks far slower.  Without threadpoolctl this does
    nothing (the app runs without it)."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        yield
        return
    with threadpool_limits(limits=1, user_api="blas"):
        yield


@dataclass
class Sharpness:
    """A run's sharpness along training: λmax of the Hessian of the training loss on a fixed
    subset of the training samples, every ``every`` steps (a
    :class:`core.landscape.SharpnessTracker`'s record), and the optimizer's stability limit.

    ``preconditioned`` holds λmax(P⁻¹H) for the adaptive optimizers (None for the others);
    ``applies_to`` says which series ``limit`` bounds ("lambda_max" or "preconditioned").
    """

    every: int
    steps: list[int]
    values: list[float]
    preconditioned: list[float] | None
    limit: float | None
    applies_to: str | None

    @classmethod
    def of(cls, tracker: Any) -> Sharpness:
        """A copy of ``tracker``'s record so far."""
        pre = tracker.preconditioned
        return cls(
            tracker.every, list(tracker.steps), list(tracker.values),
            None if pre is None else list(pre), tracker.limit, tracker.limit_applies_to,
        )  # fmt: skip


def sharpness_tracker(net: Network, data: datasets.Dataset, every: int, seed: int) -> Any:
    """The tracker of ``net``'s sharpness on :data:`SHARPNESS_SAMPLES` training samples."""
    from gradscape.core.landscape import SharpnessTracker

    return SharpnessTracker(
        data.x_train, data.t_train, every, net=net, seed=seed, max_samples=SHARPNESS_SAMPLES
    )


@dataclass(frozen=True)
class Diverged:
    """Where a run diverged, as facts (the window says it in the interface's language):
    :class:`~core.network.DivergenceError`'s epoch, step and loss, and whether the
    parameters were restored to the start of that epoch (else they are the last finite
    ones)."""

    epoch: int
    step: int
    loss: float
    restored: bool


@dataclass
class RunOutcome:
    """How one run ended: its history (lists per epoch, as ``fit`` returns them), the
    divergence message if any (and its facts, ``diverged``), whether it was cancelled, the
    trained network and its view."""

    index: int
    label: str
    history: dict[str, list]
    error: str | None = None
    cancelled: bool = False
    network: Network | None = None
    view: ViewData | None = None
    seconds: float = 0.0
    sharpness: Sharpness | None = None
    diverged: Diverged | None = None


_KEYS = ("epoch", "loss", "accuracy", "val_loss", "val_accuracy", "step")


def train_runs(
    spec: TrainSpec,
    on_epoch: Callable[[int, int, dict[str, Any], ViewData | None], None] = lambda *a: None,
    on_run_done: Callable[[RunOutcome], None] = lambda o: None,
    cancelled: Callable[[], bool] = lambda: False,
    snapshot_interval: float = 0.1,
    data: datasets.Dataset | None = None,
    on_sharpness: Callable[[int, Sharpness], None] = lambda i, s: None,
) -> list[RunOutcome]:
    """Train every run of ``spec`` in turn, from the same initial weights and batch order.

    A CNN's snapshots carry its filter images (:func:`with_filters`): on digits, whose
    confusion matrix waits for the end of a run, ``view`` is then a ``ViewData("filters")``.

    ``on_epoch(run, epoch, logs, view)`` follows every epoch (``view`` is a fresh snapshot at
    most every ``snapshot_interval`` seconds, else None); ``cancelled()`` turning true stops
    the current run after its epoch and skips the rest.  A diverging run ends with its
    message (``DivergenceError``'s: "diverged at epoch e, step k: …") and the next run starts.

    With ``spec.sharpness_every`` = k > 0, λmax is measured every k steps (in this thread,
    as part of the training) and ``on_sharpness(run, record)`` gets the run's whole record
    after each measurement, its first at step 0 (before any update).
    """
    data = data if data is not None else load_dataset(spec.dataset)
    geo = ViewGeometry.for_dataset(data)
    live = geo.kind != "digits"
    conv = spec.arch == "cnn"
    outcomes = []
    with one_blas_thread():
        for i, run in enumerate(spec.runs):
            if cancelled():
                break
            t0 = time.perf_counter()
            net = build_network(spec, data, run)
            seen: dict[str, list] = {k: [] for k in _KEYS}
            last = [time.perf_counter()]
            stopped = [False]

            def callback(
                epoch: int,
                logs: dict[str, Any],
                i=i,
                net=net,
                seen=seen,
                last=last,
                stopped=stopped,
            ) -> bool:
                seen["epoch"].append(epoch)
                for k in _KEYS[1:]:
                    seen[k].append(logs[k])
                view = None
                now = time.perf_counter()
                # Live views of the maps and the curve; the confusion matrix waits for the
                # end of the run (it is a verdict on the trained network).
                if live and now - last[0] >= snapshot_interval:
                    view = snapshot(net, data, geo)
                    last[0] = time.perf_counter()
                elif conv and now - last[0] >= snapshot_interval:
                    # the digits' verdict waits, but a CNN's filters are shown live
                    view = with_filters(ViewData("filters"), net)
                    last[0] = time.perf_counter()
                on_epoch(i, epoch, logs, view)
                if cancelled():
                    stopped[0] = True
                    return False
                return True

            on_step = None
            tracker = None
            if spec.sharpness_every > 0:
                tracker = sharpness_tracker(net, data, spec.sharpness_every, spec.seed)
                tracker.record(0)
                on_sharpness(i, Sharpness.of(tracker))

                def on_step(step: int, f: float, i=i, tracker=tracker) -> None:
                    if step % tracker.every == 0:
                        tracker.record(step, f)
                        on_sharpness(i, Sharpness.of(tracker))

            def stop(stopped: list[bool] = stopped) -> bool:
                # asked before every batch: a large network's epoch takes seconds
                if cancelled():
                    stopped[0] = True
                return stopped[0]

            error, diverged = None, None
            try:
                history = net.fit(
                    data.x_train,
                    data.t_train,
                    epochs=spec.epochs,
                    batch_size=spec.batch_size,
                    seed=spec.seed,
                    callback=callback,
                    x_val=data.x_test,
                    t_val=data.t_test,
                    stop=stop,
                    on_step=on_step,
                )
            except DivergenceError as exc:
                history, error = seen, str(exc)
                # (core's message says which of the two it did)
                restored = "restored" in error
                diverged = Diverged(exc.epoch, exc.step, float(exc.loss), restored)
            except (ValueError, ArithmeticError) as exc:
                history, error = seen, str(exc)
            view = None
            # A cancelled run is not evaluated again (the views keep its last snapshot): on a
            # large network the map's snapshot alone takes seconds, and Cancel or closing
            # the window must end the work within one batch.
            finite = error is None or all(
                np.isfinite(ly.w).all() and np.isfinite(ly.b).all()
                for ly in net.layers
                if hasattr(ly, "w")
            )
            if finite and not stopped[0]:
                view = snapshot(net, data, geo)
            out = RunOutcome(
                i, run.label, history, error, stopped[0], net, view, time.perf_counter() - t0,
                None if tracker is None else Sharpness.of(tracker), diverged,
            )  # fmt: skip
            outcomes.append(out)
            on_run_done(out)
            if stopped[0]:
                break
    return outcomes


# -- the state -------------------------------------------------------------------------------
