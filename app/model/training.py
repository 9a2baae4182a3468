"""What the "Train a network" window trains: the datasets it offers and the user's choices.

:class:`NetworkState` holds the choices (dataset, architecture — dense hidden widths, or for
image data a CNN with its filter count and kernel size —, dropout, activation, optimizer and
its hyperparameters, η possibly a schedule, the comparison list, epochs, batch size, seed,
sharpness tracking every k steps); every setter validates and emits ``changed(name)`` only on
a real change;
:meth:`NetworkState.spec` gives the :class:`TrainSpec` that
:func:`app.model.training_run.train_runs` trains.
"""

from __future__ import annotations

import copy
import importlib.util
import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from PyQt6.QtCore import QObject, pyqtSignal

from gradscape.app.model.translation import translate
from gradscape.app.model.words import QT_TRANSLATE_NOOP
from gradscape.core import datasets
from gradscape.core._text import show
from gradscape.core.activations import ACTIVATIONS
from gradscape.core.optimizers import OPTIMIZERS
from gradscape.core.schedules import SCHEDULES, Schedule

#: The data are always drawn with this seed: the seed field changes the initial weights and
#: the batch order, so runs compared on one dataset see the same points.
DATA_SEED = 0
MAX_HIDDEN_LAYERS = 6
MAX_WIDTH = 1024
MAX_EPOCHS = 100_000
MAX_BATCH = 100_000
MAX_SEED = 2**31 - 1
MAX_COMPARE = 8
#: Sharpness tracking: steps between two measurements (0: off), the default when switched
#: on, and the fixed evaluation subset it is measured on.
MAX_SHARPNESS_EVERY = 100_000
SHARPNESS_EVERY_DEFAULT = 20
SHARPNESS_SAMPLES = 256
#: The architectures: dense layers of the hidden widths, or (image data only) a CNN
#: conv F@k×k ("same" padding) → activation → max pool 2 → dense output.
#: (Their titles are marked for translation: context "NetworkState".)
ARCHITECTURES = {
    "dense": QT_TRANSLATE_NOOP("NetworkState", "Dense (hidden widths)"),
    "cnn": QT_TRANSLATE_NOOP("NetworkState", "CNN (conv → pool → dense)"),
}
MAX_FILTERS = 64
MAX_KERNEL = 7
CNN_POOL = 2


@dataclass(frozen=True)
class DatasetInfo:
    """One entry of the dataset list: title, one-line description, the network's input and
    output sizes it asks for (known without loading it), optional module needed.  The
    title, description and ``extra`` are marked for translation (context "Datasets"): show
    them with ``translate("Datasets", text)``."""

    key: str
    title: str
    doc: str
    inputs: int
    outputs: int
    needs: str | None = None
    extra: str = ""
    #: one sample as an image (channels, height, width), for the CNN; None: not images
    image: tuple[int, int, int] | None = None


DATASETS: dict[str, DatasetInfo] = {
    info.key: info
    for info in (
        DatasetInfo(
            "sine",
            QT_TRANSLATE_NOOP("Datasets", "Sine curve fitting"),
            QT_TRANSLATE_NOOP(
                "Datasets",
                "200 points t = sin(x) + 0.1·noise, x in [−π, π]: 1 input, 1 output, squared error",
            ),
            1,
            1,
        ),
        DatasetInfo(
            "moons",
            QT_TRANSLATE_NOOP("Datasets", "Two moons"),
            QT_TRANSLATE_NOOP(
                "Datasets",
                "300 points on two interleaving half circles: 2 inputs, 2 classes, cross-entropy",
            ),
            2,
            2,
        ),
        DatasetInfo(
            "spirals",
            QT_TRANSLATE_NOOP("Datasets", "Spirals (3 arms)"),
            QT_TRANSLATE_NOOP(
                "Datasets", "300 points on three spiral arms: 2 inputs, 3 classes, cross-entropy"
            ),
            2,
            3,
        ),
        DatasetInfo(
            "xor",
            "XOR",
            QT_TRANSLATE_NOOP(
                "Datasets",
                "200 points around (±1, ±1), class 1 where the signs differ: "
                "not linearly separable",
            ),
            2,
            2,
        ),
        DatasetInfo(
            "digits",
            QT_TRANSLATE_NOOP("Datasets", "Digits (8×8 images)"),
            QT_TRANSLATE_NOOP(
                "Datasets",
                "1797 handwritten digits, 64 pixel inputs, 10 classes "
                "(scikit-learn's bundled copy)",
            ),
            64,
            10,
            needs="sklearn",
            extra=QT_TRANSLATE_NOOP(
                "Datasets", "the digits dataset needs scikit-learn: pip install 'gradscape[data]'"
            ),
            image=(1, 8, 8),
        ),
    )
}


def dataset_unavailable(key: str) -> str | None:
    """None when dataset ``key`` can be loaded here, else what to install (in the interface's
    language)."""
    info = DATASETS[key]
    if info.needs is not None and importlib.util.find_spec(info.needs) is None:
        return translate("Datasets", info.extra)
    return None


def load_dataset(key: str) -> datasets.Dataset:
    """The dataset behind a list entry (always drawn with :data:`DATA_SEED`)."""
    if key not in DATASETS:
        raise ValueError(
            translate("NetworkState", "dataset must be one of {choices}, got {value}").format(
                choices=", ".join(DATASETS), value=show(key)
            )
        )
    if key == "sine":
        return datasets.sine(200, 0.1, DATA_SEED)
    if key == "moons":
        return datasets.moons(300, 0.1, DATA_SEED)
    if key == "spirals":
        return datasets.spirals(300, 3, 0.2, DATA_SEED)
    if key == "xor":
        return datasets.xor(200, 0.2, DATA_SEED)
    return datasets.digits(0.2, DATA_SEED)


def parse_hidden(text: str) -> tuple[int, ...]:
    """ "32, 32" -> (32, 32); an empty text means no hidden layer (a linear model).

    Raises ValueError naming the bad entry and the valid range.
    """
    parts = [p for p in re.split(r"[,\s;]+", text.strip()) if p]
    if len(parts) > MAX_HIDDEN_LAYERS:
        raise ValueError(
            translate(
                "NetworkState", "hidden layers: at most {most} sizes, got {count} ({text})"
            ).format(most=MAX_HIDDEN_LAYERS, count=len(parts), text=show(text.strip()))
        )
    sizes = []
    for p in parts:
        try:
            n = int(p)
        except ValueError:
            raise ValueError(
                translate(
                    "NetworkState",
                    "hidden layer sizes must be whole numbers in [1, {high}] separated by "
                    "commas, got {value}",
                ).format(high=MAX_WIDTH, value=show(p))
            ) from None
        if not 1 <= n <= MAX_WIDTH:
            raise ValueError(
                translate(
                    "NetworkState", "hidden layer sizes must be in [1, {high}], got {value}"
                ).format(high=MAX_WIDTH, value=n)
            )
        sizes.append(n)
    return tuple(sizes)


def hidden_text(sizes: tuple[int, ...]) -> str:
    return ", ".join(str(n) for n in sizes)


def parse_dropout(text: str) -> tuple[float, ...]:
    """ "0.2" -> (0.2,) (every hidden layer), "0.2, 0" -> one ratio per hidden layer;
    empty or "0" means no dropout.  Each ratio is in [0, 1)."""
    parts = [p for p in re.split(r"[,\s;]+", text.strip()) if p]
    if len(parts) > MAX_HIDDEN_LAYERS:
        raise ValueError(
            translate(
                "NetworkState", "dropout: at most {most} ratios, got {count} ({text})"
            ).format(most=MAX_HIDDEN_LAYERS, count=len(parts), text=show(text.strip()))
        )
    ratios = []
    for p in parts:
        try:
            r = float(p)
        except ValueError:
            raise ValueError(
                translate(
                    "NetworkState",
                    "dropout ratios must be numbers in [0, 1) separated by commas, got {value}",
                ).format(value=show(p))
            ) from None
        ratios.append(_check_ratio(r))
    return tuple(ratios)


def _check_ratio(r: Any) -> float:
    ok = isinstance(r, int | float | np.floating) and not isinstance(r, bool)
    if not ok or not 0.0 <= float(r) < 1.0:
        raise ValueError(
            translate(
                "NetworkState", "dropout ratio must be a number in [0, 1), got {value}"
            ).format(value=show(r))
        )
    return float(r)


def dropout_text(ratios: tuple[float, ...]) -> str:
    return ", ".join(f"{r:g}" for r in ratios)


def schedule_text(s: Schedule) -> str:
    """A schedule in short text form: ``cosine(0.01, 500, 0)``."""
    args = ", ".join(f"{v:g}" if isinstance(v, float) else str(v) for v in s.hyper.values())
    return f"{s.key}({args})"


def optimizer_hyper(key: str, **given: Any) -> dict[str, Any]:
    """Every hyperparameter of optimizer ``key``: its registry defaults, ``given`` on top
    (each validated by its Param spec)."""
    cls = OPTIMIZERS[key]
    specs = {p.name: p for p in cls.params}
    out = {p.name: p.default for p in cls.params}
    for name, value in given.items():
        if name not in specs:
            raise ValueError(
                translate(
                    "NetworkState", "{optimizer} has no hyperparameter {name}; valid: {valid}"
                ).format(optimizer=cls.display_name, name=show(name), valid=", ".join(specs))
            )
        out[name] = specs[name].validate(value)
    return out


def run_label(optimizer: str, hyper: dict[str, Any]) -> str:
    name = OPTIMIZERS[optimizer].display_name
    eta = hyper.get("eta")
    if isinstance(eta, Schedule):
        return f"{name} η={schedule_text(eta)}"
    return f"{name} η={eta:g}" if isinstance(eta, float | int) else name


@dataclass(frozen=True)
class TrainRun:
    """One optimizer of a comparison: registry key and every hyperparameter."""

    optimizer: str
    hyper: tuple[tuple[str, Any], ...]

    @property
    def hyper_dict(self) -> dict[str, Any]:
        return dict(self.hyper)

    @property
    def label(self) -> str:
        return run_label(self.optimizer, self.hyper_dict)


@dataclass(frozen=True)
class TrainSpec:
    """An immutable snapshot of everything one press of Train trains."""

    dataset: str
    hidden: tuple[int, ...]
    act: str
    runs: tuple[TrainRun, ...]
    epochs: int
    batch_size: int
    seed: int
    #: λmax of the training loss's Hessian every this many steps (0: not tracked)
    sharpness_every: int = 0
    #: "dense" (the hidden widths) or "cnn" (conv filters@kernel×kernel → act → pool → dense)
    arch: str = "dense"
    filters: int = 16
    kernel: int = 3
    #: dropout ratio after each hidden block (one per hidden layer; one for the CNN's
    #: conv block, after pooling), 0 = none; empty: no dropout
    dropout: tuple[float, ...] = ()

    @property
    def plain(self) -> bool:
        """A dense network without dropout (what sharpness and landscapes handle)."""
        return self.arch == "dense" and not any(self.dropout)


def _check_int(name: str, value: Any, low: int, high: int) -> int:
    if (
        isinstance(value, bool)
        or not isinstance(value, int | np.integer)
        or not (low <= value <= high)
    ):
        raise ValueError(
            translate(
                "NetworkState", "{name} must be a whole number in [{low}, {high}], got {value}"
            ).format(name=name, low=low, high=high, value=show(value))
        )
    return int(value)


@dataclass
class _Values:
    dataset: str = "moons"
    hidden: tuple[int, ...] = (16, 16)
    act: str = "relu"
    optimizer: str = "adam"
    hyper: dict[str, Any] = field(default_factory=lambda: optimizer_hyper("adam", eta=0.01))
    compare: tuple[TrainRun, ...] = ()
    epochs: int = 100
    batch_size: int = 32
    seed: int = 0
    log_loss: bool = True
    sharpness_every: int = 0
    arch: str = "dense"
    filters: int = 16
    kernel: int = 3
    dropout: tuple[float, ...] = ()


class NetworkState(QObject):
    """The choices of the "Train a network" window.  ``changed(name)`` after a real change."""

    changed = pyqtSignal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._v = _Values()

    # Read-only views of the choices; the set_* methods change them.
    dataset = property(lambda self: self._v.dataset, doc="dataset key (see DATASETS)")
    hidden = property(lambda self: self._v.hidden, doc="hidden layer sizes")
    act = property(lambda self: self._v.act, doc="activation key of the hidden layers")
    optimizer = property(lambda self: self._v.optimizer, doc="optimizer key being edited")
    hyper = property(lambda self: dict(self._v.hyper), doc="its hyperparameters (a copy)")
    compare = property(lambda self: self._v.compare, doc="runs to compare, in order")
    epochs = property(lambda self: self._v.epochs, doc="passes over the data")
    batch_size = property(lambda self: self._v.batch_size, doc="samples per update")
    seed = property(lambda self: self._v.seed, doc="seed of the weights and batch order")
    log_loss = property(lambda self: self._v.log_loss, doc="log-scale loss axis")
    sharpness_every = property(
        lambda self: self._v.sharpness_every, doc="steps between sharpness measurements (0: off)"
    )
    arch = property(lambda self: self._v.arch, doc='architecture: "dense" or "cnn"')
    filters = property(lambda self: self._v.filters, doc="CNN: number of filters")
    kernel = property(lambda self: self._v.kernel, doc="CNN: filter size (kernel × kernel)")
    dropout = property(
        lambda self: self._v.dropout,
        doc="dropout ratios as given: one for every hidden layer, or one per hidden layer",
    )

    def copy(self) -> NetworkState:
        """A new state with the same choices (the window made again in another language)."""
        twin = NetworkState()
        twin._v = copy.deepcopy(self._v)
        return twin

    def _set(self, name: str, value: Any) -> None:
        old = getattr(self._v, name)
        if type(old) is type(value) and old == value:
            return
        setattr(self._v, name, value)
        self.changed.emit(name)

    def set_dataset(self, key: str) -> None:
        if key not in DATASETS:
            raise ValueError(
                translate("NetworkState", "dataset must be one of {choices}, got {value}").format(
                    choices=", ".join(DATASETS), value=show(key)
                )
            )
        missing = dataset_unavailable(key)
        if missing:
            raise ValueError(missing)
        self._set("dataset", key)
        if self._v.arch == "cnn" and DATASETS[key].image is None:
            self._set("arch", "dense")  # a CNN needs images

    def set_arch(self, key: str) -> None:
        """ "dense" or "cnn" (the CNN only for image data: digits)."""
        if key not in ARCHITECTURES:
            raise ValueError(
                translate(
                    "NetworkState", "architecture must be one of {choices}, got {value}"
                ).format(choices=", ".join(ARCHITECTURES), value=show(key))
            )
        if key == "cnn" and DATASETS[self._v.dataset].image is None:
            raise ValueError(
                translate(
                    "NetworkState",
                    "architecture: a CNN needs image data (digits); {data} are points",
                ).format(data=translate("Datasets", DATASETS[self._v.dataset].title))
            )
        self._set("arch", key)

    def set_filters(self, n: int) -> None:
        self._set("filters", _check_int(translate("NetworkState", "filters"), n, 1, MAX_FILTERS))

    def set_kernel(self, n: int) -> None:
        kernel = translate("NetworkState", "kernel size")
        self._set("kernel", _check_int(kernel, n, 1, MAX_KERNEL))

    def set_dropout(self, ratios: Any) -> None:
        """One ratio for every hidden layer, or one per hidden layer ("0.2" or "0.2, 0";
        a number or a sequence); empty or zeros: no dropout."""
        if isinstance(ratios, str):
            ratios = parse_dropout(ratios)
        elif isinstance(ratios, int | float | np.floating):
            ratios = (ratios,)
        ratios = tuple(_check_ratio(r) for r in ratios)
        if len(ratios) > MAX_HIDDEN_LAYERS:
            raise ValueError(
                translate("NetworkState", "dropout: at most {most} ratios, got {count}").format(
                    most=MAX_HIDDEN_LAYERS, count=len(ratios)
                )
            )
        self._set("dropout", ratios)

    def dropout_per_layer(self) -> tuple[float, ...]:
        """The ratio after each hidden block (dense: each hidden layer; CNN: its conv
        block); ValueError when the ratios given do not fit the architecture."""
        blocks = 1 if self._v.arch == "cnn" else len(self._v.hidden)
        given = self._v.dropout
        if not any(given):
            return ()
        if len(given) == 1:
            return given * blocks
        if len(given) != blocks:
            if self._v.arch == "cnn":
                text = translate(
                    "NetworkState",
                    "dropout: {count} ratios for the CNN's conv block; give one ratio for every "
                    "hidden layer or one per hidden layer",
                )
            else:
                text = translate(
                    "NetworkState",
                    "dropout: {count} ratios for {blocks} hidden layers; give one ratio for every "
                    "hidden layer or one per hidden layer",
                )
            raise ValueError(text.format(count=len(given), blocks=blocks))
        return given

    def set_hidden(self, sizes: Any) -> None:
        sizes = parse_hidden(sizes) if isinstance(sizes, str) else tuple(sizes)
        for n in sizes:
            _check_int(translate("NetworkState", "hidden layer size"), n, 1, MAX_WIDTH)
        if len(sizes) > MAX_HIDDEN_LAYERS:
            raise ValueError(
                translate("NetworkState", "hidden layers: at most {most}, got {count}").format(
                    most=MAX_HIDDEN_LAYERS, count=len(sizes)
                )
            )
        self._set("hidden", tuple(int(n) for n in sizes))

    def set_act(self, key: str) -> None:
        self._set("act", ACTIVATIONS.key(key))

    def set_optimizer(self, key: str) -> None:
        """Choose an optimizer: its hyperparameters start at the registry's defaults."""
        key = OPTIMIZERS.key(key)
        if OPTIMIZERS[key].surface_only:
            raise ValueError(
                f"{OPTIMIZERS[key].display_name} needs the loss or Hessian at other points, "
                "which only the surfaces give: not for networks"
            )
        if key != self._v.optimizer:
            self._v.optimizer = key
            self._v.hyper = optimizer_hyper(key)
            self.changed.emit("optimizer")
            self.changed.emit("hyper")

    def set_hyper(self, name: str, value: Any) -> None:
        valid = optimizer_hyper(self._v.optimizer, **{name: value})[name]
        self._set("hyper", {**self._v.hyper, name: valid})

    @property
    def eta_schedule(self) -> Schedule | None:
        """The schedule η follows, None when η is a number."""
        eta = self._v.hyper.get("eta")
        return eta if isinstance(eta, Schedule) else None

    def set_eta_schedule(self, key: str | None, **params: Any) -> None:
        """Let η follow schedule ``key`` of :data:`core.schedules.SCHEDULES` (its first
        value from the current η unless ``params`` give it), or with None / "constant" go
        back to a number (the schedule's first value)."""
        eta = self._v.hyper.get("eta")
        if eta is None:
            raise ValueError(
                translate("NetworkState", "{optimizer} has no η to schedule").format(
                    optimizer=OPTIMIZERS[self._v.optimizer].display_name
                )
            )
        if key is None or SCHEDULES.key(key) == "constant":
            if isinstance(eta, Schedule):
                self.set_hyper("eta", float(eta(1)))
            return
        cls = SCHEDULES[key]
        first = "peak" if any(p.name == "peak" for p in cls.params) else "base"
        if isinstance(eta, Schedule) and type(eta) is cls and not params:
            return
        number = float(eta(1)) if isinstance(eta, Schedule) else float(eta)
        if any(p.name == first for p in cls.params):
            params.setdefault(first, number)
        ordered = {p.name: params[p.name] for p in cls.params if p.name in params}
        unknown = sorted(set(params) - set(ordered))
        if unknown:
            raise ValueError(
                translate(
                    "NetworkState", "schedule {schedule} has no parameter {name}; valid: {valid}"
                ).format(
                    schedule=translate("core", cls.display_name),
                    name=show(unknown[0]),
                    valid=", ".join(p.name for p in cls.params),
                )
            )
        self._set("hyper", {**self._v.hyper, "eta": cls(**ordered)})

    def set_schedule_param(self, name: str, value: Any) -> None:
        """Change one parameter of η's schedule (validated by the schedule)."""
        sched = self.eta_schedule
        if sched is None:
            raise ValueError(translate("NetworkState", "η follows no schedule: choose one first"))
        if name not in sched.hyper:
            raise ValueError(
                translate(
                    "NetworkState", "schedule {schedule} has no parameter {name}; valid: {valid}"
                ).format(
                    schedule=translate("core", sched.display_name),
                    name=show(name),
                    valid=", ".join(sched.hyper),
                )
            )
        self._set("hyper", {**self._v.hyper, "eta": type(sched)(**{**sched.hyper, name: value})})

    def reset_hyper(self) -> None:
        self._set("hyper", optimizer_hyper(self._v.optimizer))

    @property
    def current_run(self) -> TrainRun:
        return TrainRun(self._v.optimizer, tuple(self._v.hyper.items()))

    def add_compare(self) -> None:
        """Append the optimizer being edited to the comparison list (no duplicates)."""
        run = self.current_run
        if run in self._v.compare:
            return
        if len(self._v.compare) >= MAX_COMPARE:
            raise ValueError(
                translate("NetworkState", "compare at most {most} optimizers").format(
                    most=MAX_COMPARE
                )
            )
        self._set("compare", (*self._v.compare, run))

    def remove_compare(self, index: int) -> None:
        runs = list(self._v.compare)
        if not 0 <= index < len(runs):
            raise ValueError(
                translate("NetworkState", "index must be in [0, {count}), got {value}").format(
                    count=len(runs), value=index
                )
            )
        del runs[index]
        self._set("compare", tuple(runs))

    def clear_compare(self) -> None:
        self._set("compare", ())

    def set_epochs(self, n: int) -> None:
        self._set("epochs", _check_int(translate("NetworkState", "epochs"), n, 1, MAX_EPOCHS))

    def set_batch_size(self, n: int) -> None:
        batch = translate("NetworkState", "batch size")
        self._set("batch_size", _check_int(batch, n, 1, MAX_BATCH))

    def set_seed(self, n: int) -> None:
        self._set("seed", _check_int(translate("NetworkState", "seed"), n, 0, MAX_SEED))

    def set_log_loss(self, on: bool) -> None:
        self._set("log_loss", bool(on))

    def set_sharpness_every(self, k: int) -> None:
        """Track λmax every ``k`` steps of the next training (0 switches tracking off)."""
        every = translate("NetworkState", "sharpness every")
        self._set("sharpness_every", _check_int(every, k, 0, MAX_SHARPNESS_EVERY))

    def spec(self) -> TrainSpec:
        """What Train trains: the comparison list, or the optimizer being edited alone."""
        v = self._v
        runs = v.compare or (self.current_run,)
        spec = TrainSpec(
            v.dataset, v.hidden, v.act, runs, v.epochs, v.batch_size, v.seed, v.sharpness_every,
            v.arch, v.filters, v.kernel, self.dropout_per_layer(),
        )  # fmt: skip
        if spec.sharpness_every and not spec.plain:
            raise ValueError(
                translate(
                    "NetworkState",
                    "sharpness tracking takes dense networks without dropout; switch it off "
                    "for this network",
                )
            )
        return spec
