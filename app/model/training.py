"""What the "Train a network" window trains: the datasets it offers and the user's choices.

:class:`NetworkState` holds the choices (dataset, hidden sizes, activation, optimizer and its
hyperparameters, the comparison list, epochs, batch size, seed, sharpness tracking every k
steps); every setter validates and emits ``changed(name)`` only on a real change;
:meth:`NetworkState.spec` gives the :class:`TrainSpec` that
:func:`app.model.training_run.train_runs` trains.
"""

from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from PyQt6.QtCore import QObject, pyqtSignal

from core import datasets
from core._text import show
from core.activations import ACTIVATIONS
from core.optimizers import OPTIMIZERS

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


@dataclass(frozen=True)
class DatasetInfo:
    """One entry of the dataset list: title, one-line description, the network's input and
    output sizes it asks for (known without loading it), optional module needed."""

    key: str
    title: str
    doc: str
    inputs: int
    outputs: int
    needs: str | None = None
    extra: str = ""


DATASETS: dict[str, DatasetInfo] = {
    info.key: info
    for info in (
        DatasetInfo(
            "sine",
            "Sine curve fitting",
            "200 points t = sin(x) + 0.1·noise, x in [−π, π]: 1 input, 1 output, squared error",
            1,
            1,
        ),
        DatasetInfo(
            "moons",
            "Two moons",
            "300 points on two interleaving half circles: 2 inputs, 2 classes, cross-entropy",
            2,
            2,
        ),
        DatasetInfo(
            "spirals",
            "Spirals (3 arms)",
            "300 points on three spiral arms: 2 inputs, 3 classes, cross-entropy",
            2,
            3,
        ),
        DatasetInfo(
            "xor",
            "XOR",
            "200 points around (±1, ±1), class 1 where the signs differ: not linearly separable",
            2,
            2,
        ),
        DatasetInfo(
            "digits",
            "Digits (8×8 images)",
            "1797 handwritten digits, 64 pixel inputs, 10 classes (scikit-learn's bundled copy)",
            64,
            10,
            needs="sklearn",
            extra="the digits dataset needs scikit-learn: pip install 'losscape[data]'",
        ),
    )
}


def dataset_unavailable(key: str) -> str | None:
    """None when dataset ``key`` can be loaded here, else what to install."""
    info = DATASETS[key]
    if info.needs is not None and importlib.util.find_spec(info.needs) is None:
        return info.extra
    return None


def load_dataset(key: str) -> datasets.Dataset:
    """The dataset behind a list entry (always drawn with :data:`DATA_SEED`)."""
    if key not in DATASETS:
        raise ValueError(f"dataset must be one of {', '.join(DATASETS)}, got {show(key)}")
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
            f"hidden layers: at most {MAX_HIDDEN_LAYERS} sizes, "
            f"got {len(parts)} ({show(text.strip())})"
        )
    sizes = []
    for p in parts:
        try:
            n = int(p)
        except ValueError:
            raise ValueError(
                f"hidden layer sizes must be whole numbers in [1, {MAX_WIDTH}] separated by "
                f"commas, got {show(p)}"
            ) from None
        if not 1 <= n <= MAX_WIDTH:
            raise ValueError(f"hidden layer sizes must be in [1, {MAX_WIDTH}], got {n}")
        sizes.append(n)
    return tuple(sizes)


def hidden_text(sizes: tuple[int, ...]) -> str:
    return ", ".join(str(n) for n in sizes)


def optimizer_hyper(key: str, **given: Any) -> dict[str, Any]:
    """Every hyperparameter of optimizer ``key``: its registry defaults, ``given`` on top
    (each validated by its Param spec)."""
    cls = OPTIMIZERS[key]
    specs = {p.name: p for p in cls.params}
    out = {p.name: p.default for p in cls.params}
    for name, value in given.items():
        if name not in specs:
            raise ValueError(
                f"{cls.display_name} has no hyperparameter {show(name)}; valid: {', '.join(specs)}"
            )
        out[name] = specs[name].validate(value)
    return out


def run_label(optimizer: str, hyper: dict[str, Any]) -> str:
    name = OPTIMIZERS[optimizer].display_name
    eta = hyper.get("eta")
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


def _check_int(name: str, value: Any, low: int, high: int) -> int:
    if (
        isinstance(value, bool)
        or not isinstance(value, int | np.integer)
        or not (low <= value <= high)
    ):
        raise ValueError(f"{name} must be a whole number in [{low}, {high}], got {show(value)}")
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

    def _set(self, name: str, value: Any) -> None:
        old = getattr(self._v, name)
        if type(old) is type(value) and old == value:
            return
        setattr(self._v, name, value)
        self.changed.emit(name)

    def set_dataset(self, key: str) -> None:
        if key not in DATASETS:
            raise ValueError(f"dataset must be one of {', '.join(DATASETS)}, got {show(key)}")
        missing = dataset_unavailable(key)
        if missing:
            raise ValueError(missing)
        self._set("dataset", key)

    def set_hidden(self, sizes: Any) -> None:
        sizes = parse_hidden(sizes) if isinstance(sizes, str) else tuple(sizes)
        for n in sizes:
            _check_int("hidden layer size", n, 1, MAX_WIDTH)
        if len(sizes) > MAX_HIDDEN_LAYERS:
            raise ValueError(f"hidden layers: at most {MAX_HIDDEN_LAYERS}, got {len(sizes)}")
        self._set("hidden", tuple(int(n) for n in sizes))

    def set_act(self, key: str) -> None:
        self._set("act", ACTIVATIONS.key(key))

    def set_optimizer(self, key: str) -> None:
        """Choose an optimizer: its hyperparameters start at the registry's defaults."""
        key = OPTIMIZERS.key(key)
        if key != self._v.optimizer:
            self._v.optimizer = key
            self._v.hyper = optimizer_hyper(key)
            self.changed.emit("optimizer")
            self.changed.emit("hyper")

    def set_hyper(self, name: str, value: Any) -> None:
        valid = optimizer_hyper(self._v.optimizer, **{name: value})[name]
        self._set("hyper", {**self._v.hyper, name: valid})

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
            raise ValueError(f"compare at most {MAX_COMPARE} optimizers")
        self._set("compare", (*self._v.compare, run))

    def remove_compare(self, index: int) -> None:
        runs = list(self._v.compare)
        if not 0 <= index < len(runs):
            raise ValueError(f"index must be in [0, {len(runs)}), got {index}")
        del runs[index]
        self._set("compare", tuple(runs))

    def clear_compare(self) -> None:
        self._set("compare", ())

    def set_epochs(self, n: int) -> None:
        self._set("epochs", _check_int("epochs", n, 1, MAX_EPOCHS))

    def set_batch_size(self, n: int) -> None:
        self._set("batch_size", _check_int("batch size", n, 1, MAX_BATCH))

    def set_seed(self, n: int) -> None:
        self._set("seed", _check_int("seed", n, 0, MAX_SEED))

    def set_log_loss(self, on: bool) -> None:
        self._set("log_loss", bool(on))

    def set_sharpness_every(self, k: int) -> None:
        """Track λmax every ``k`` steps of the next training (0 switches tracking off)."""
        self._set("sharpness_every", _check_int("sharpness every", k, 0, MAX_SHARPNESS_EVERY))

    def spec(self) -> TrainSpec:
        """What Train trains: the comparison list, or the optimizer being edited alone."""
        v = self._v
        runs = v.compare or (self.current_run,)
        return TrainSpec(
            v.dataset, v.hidden, v.act, runs, v.epochs, v.batch_size, v.seed, v.sharpness_every
        )
