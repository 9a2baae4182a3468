"""From a specification to a landscape: train, choose directions, evaluate the plane.

:class:`LandscapeSpec` holds everything that defines the result (validated, with a sha256
``key``); :func:`compute_landscape` trains the network with checkpoints, picks the
directions (filter-normalised random, the trajectory's PCA plane, or the Hessian's top
eigenvectors), evaluates the loss grid (locally in parallel or on a dask cluster),
projects the training path and measures how far the plane's picture is from the truth
along it (the honesty meter), and caches the :class:`Landscape` on disk by key.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import math
import os
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from gradscape.core import datasets
from gradscape.core.activations import ACTIVATIONS
from gradscape.core.landscape._directions import Plane, pca_directions, project, random_directions
from gradscape.core.landscape._file import DIRECTIONS, FORMAT, Landscape
from gradscape.core.landscape._grid import evaluate_points, interpolate, loss_grid, plane_losses
from gradscape.core.landscape._parallel import Cancelled, Progress
from gradscape.core.landscape._params import get_theta
from gradscape.core.network import Network
from gradscape.core.optimizers import get_opt

__all__ = ["DATASETS", "LandscapeSpec", "compute_landscape"]

#: the datasets a landscape can be computed on (core.datasets' generators)
DATASETS: dict[str, Callable[..., datasets.Dataset]] = {
    "digits": datasets.digits,
    "moons": datasets.moons,
    "spirals": datasets.spirals,
    "xor": datasets.xor,
    "sine": datasets.sine,
}
#: the seed every dataset is drawn with (the Network window's, app.model.training)
DATA_SEED = 0
#: at most about this many checkpoints are kept, evenly spaced in steps
MAX_CHECKPOINTS = 200


#: the largest grid (points per axis) a spec takes
GRID_MAX = 401
#: at most this many rules besides the first (the window draws eight runs and paths in
#: all: seven paths and the first rule running on the plane)
MAX_COMPARE = 6


def _rule(name: str, params: Any, what: str) -> dict[str, float]:
    """A learning rule's hyperparameters as sorted floats (ValueError naming the bad one)."""
    if not isinstance(params, Mapping):
        raise ValueError(f"{what} must be a mapping of names to numbers, got {params!r}")
    out = {}
    for k, v in params.items():
        if isinstance(v, bool) or not isinstance(v, (int, float, np.integer, np.floating)):
            raise ValueError(f"{what}[{k!r}] must be a number, got {v!r}")
        out[str(k)] = float(v)
    get_opt(name, **out)  # ValueError naming a bad name or value
    return dict(sorted(out.items()))


def _int(name: str, v: Any, low: int, high: int) -> int:
    if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or not low <= v <= high:
        raise ValueError(f"{name} must be an integer in [{low}, {high}], got {v!r}")
    return int(v)


@dataclass(frozen=True)
class LandscapeSpec:
    """What defines a computed landscape.

    Attributes
    ----------
    data
        A dataset of :data:`DATASETS`; the network trains on its training split and the
        grid is evaluated on (the first ``eval_samples`` of) the same samples.
    hidden
        Widths of the middle layers (inputs and outputs follow from the data).
    act
        The middle layers' activation.
    optimizer, opt_params
        Learning rule and its hyperparameters (``{"eta": 1e-3}``).
    compare
        Other learning rules ``((name, {params}), ...)``, each trained from the same
        initial weights on the same batches; their paths are projected onto the plane
        through the first rule's solution (a PCA plane is then that of all the paths).
    epochs, batch_size, seed
        Training; ``seed`` seeds the initial weights, the batches and the random
        directions.  The data is always drawn with :data:`DATA_SEED` (as the Network
        window draws it), so a landscape is that of the network the window trains.
    directions
        "random" (filter-normalised), "pca" (of the training path) or "hessian".
    grid
        Points per axis, odd (the centre is a grid point), 3 to 401.
    span
        The grid's half-width: random directions: in direction units (1 = a move as large
        as each unit's weights); pca: in units of the projected path's largest coordinate
        plus a tenth (1 = the path fits with a margin, both axes alike); hessian: in
        parameter-space length (unit eigenvectors).
    include_bias
        Random directions move the biases too (see :func:`random_directions`).
    eval_samples
        Samples the grid is evaluated on (None: the whole training split).
    dtype
        "float32" or "float64": training and evaluation arithmetic.
    """

    data: str = "digits"
    hidden: tuple[int, ...] = (256, 128)
    act: str = "relu"
    optimizer: str = "adam"
    opt_params: Mapping[str, float] = field(default_factory=dict)
    compare: tuple[tuple[str, Mapping[str, float]], ...] = ()
    epochs: int = 10
    batch_size: int = 64
    seed: int = 0
    directions: str = "random"
    grid: int = 51
    span: float = 1.0
    include_bias: bool = False
    eval_samples: int | None = None
    dtype: str = "float32"

    def __post_init__(self) -> None:
        if self.data not in DATASETS:
            raise ValueError(f"data must be one of {', '.join(DATASETS)}, got {self.data!r}")
        if isinstance(self.hidden, (str, bytes)) or not hasattr(self.hidden, "__iter__"):
            raise ValueError(f"hidden must be a list of layer widths, got {self.hidden!r}")
        hidden = tuple(_int("hidden width", h, 1, 65536) for h in self.hidden)
        object.__setattr__(self, "hidden", hidden)
        if not isinstance(self.act, str) or self.act not in ACTIVATIONS:
            raise ValueError(f"act must name an activation, got {self.act!r}")
        if not isinstance(self.optimizer, str):
            raise ValueError(f"optimizer must be a name, got {self.optimizer!r}")
        if not isinstance(self.opt_params, Mapping):
            raise ValueError(
                f"opt_params must be a mapping of names to numbers, got {self.opt_params!r}"
            )
        params = _rule(self.optimizer, self.opt_params, "opt_params")
        object.__setattr__(self, "opt_params", params)
        pairs = self.compare
        if isinstance(pairs, (str, bytes, Mapping)) or not hasattr(pairs, "__iter__"):
            raise ValueError(f"compare must be a list of (name, params) pairs, got {pairs!r}")
        rules = []
        for i, pair in enumerate(self.compare):
            if not (isinstance(pair, (tuple, list)) and len(pair) == 2):
                raise ValueError(f"compare[{i}] must be a (name, params) pair, got {pair!r}")
            name, hyper = pair
            if not isinstance(name, str):
                raise ValueError(f"compare[{i}] must start with an optimizer's name, got {name!r}")
            rules.append((name, _rule(name, hyper, f"compare[{i}] params")))
        if len(rules) > MAX_COMPARE:
            raise ValueError(f"compare holds at most {MAX_COMPARE} rules, got {len(rules)}")
        object.__setattr__(self, "compare", tuple(rules))
        _int("epochs", self.epochs, 1, 100_000)
        _int("batch_size", self.batch_size, 1, 1_000_000)
        _int("seed", self.seed, 0, 2**63 - 1)
        if self.directions not in DIRECTIONS:
            raise ValueError(
                f"directions must be one of {', '.join(DIRECTIONS)}, got {self.directions!r}"
            )
        if _int("grid", self.grid, 3, GRID_MAX) % 2 == 0:
            raise ValueError(f"grid must be odd (the centre is a grid point), got {self.grid}")
        span = self.span
        if (
            isinstance(span, bool)
            or not isinstance(span, (int, float))
            or not (math.isfinite(span) and span > 0)
        ):
            raise ValueError(f"span must be a finite number > 0, got {span!r}")
        object.__setattr__(self, "span", float(span))
        if not isinstance(self.include_bias, bool):
            raise ValueError(f"include_bias must be True or False, got {self.include_bias!r}")
        if self.eval_samples is not None:
            _int("eval_samples", self.eval_samples, 1, 10_000_000)
        if self.dtype not in ("float32", "float64"):
            raise ValueError(f"dtype must be float32 or float64, got {self.dtype!r}")

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (``LandscapeSpec(**d)`` rebuilds the spec)."""
        d = asdict(self)
        d["hidden"] = list(self.hidden)
        d["opt_params"] = dict(self.opt_params)
        d["compare"] = [[name, dict(params)] for name, params in self.compare]
        return d

    def key(self) -> str:
        """sha256 hex of what defines the result (the file format and the computation's
        revision included: a cached file of an older computation is not reused)."""
        text = json.dumps({"format": FORMAT, "revision": REVISION, **self.to_dict()},
                          sort_keys=True)  # fmt: skip
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _report(progress: Progress | None, done: int, total: int, what: str) -> None:
    if progress is not None:
        progress(done, total, what)


def _train(
    spec: LandscapeSpec, rule: tuple[str, Mapping[str, float]], x: np.ndarray, t: np.ndarray,
    sizes: list[int], kind: str, progress: Progress | None, cancel: Callable[[], Any] | None,
) -> tuple[Network, np.ndarray, np.ndarray]:  # fmt: skip
    """The network trained by ``rule`` (name, params), its checkpoints (n, size) and their
    steps (step 0 included).  Every rule starts from the same weights (``spec.seed``)."""
    out_act, loss = _output(kind)
    net = Network.from_sizes(
        sizes, spec.act, out_act, loss, opt=rule[0], opt_dic=dict(rule[1]),
        dtype=spec.dtype, seed=spec.seed,
    )  # fmt: skip
    total = spec.epochs * math.ceil(len(x) / spec.batch_size)
    every = max(1, math.ceil(total / MAX_CHECKPOINTS))
    dt = np.dtype(spec.dtype)  # (a checkpoint in the network's dtype is exact)
    thetas, steps = [get_theta(net).astype(dt)], [0]

    def on_step(step: int, _f: float) -> None:
        if step % every == 0 or step == total:
            thetas.append(get_theta(net).astype(dt))
            steps.append(step)

    def on_epoch(epoch: int, _logs: dict[str, Any]) -> None:
        _report(progress, epoch, spec.epochs, "train")

    stop = (lambda: bool(cancel())) if cancel is not None else None
    net.fit(x, t, spec.epochs, spec.batch_size, seed=spec.seed, callback=on_epoch, stop=stop,
            on_step=on_step)  # fmt: skip
    if cancel is not None and cancel():
        raise Cancelled("training cancelled")
    return net, np.array(thetas, dtype=np.float64), np.array(steps, dtype=np.int64)


def _output(kind: str) -> tuple[str, str]:
    """Output activation and loss for a dataset kind."""
    return ("softmax", "cross") if kind == "classification" else ("identity", "square")


#: bumped whenever the same spec would compute a different landscape (cache keys change)
REVISION = 5

#: the PCA plane's half-width at span 1, in units of the path's largest coordinate: the
#: path's start is not drawn on the grid's edge
PCA_MARGIN = 1.1


#: points of the 1-D interpolation from the initial weights to the solution
INTERP_POINTS = 41


def _cat(parts: list[np.ndarray], empty: tuple[int, ...]) -> np.ndarray:
    return np.concatenate(parts) if parts else np.zeros(empty)


def _axis(grid: int, half: float) -> np.ndarray:
    k = (grid - 1) // 2
    return half * (np.arange(-k, k + 1) / k)  # the centre exactly 0, symmetric


def compute_landscape(
    spec: LandscapeSpec,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    progress: Progress | None = None,
    cancel: Callable[[], Any] | None = None,
    cache_dir: str | os.PathLike[str] | None = None,
) -> Landscape:
    """Train, pick the directions, evaluate the grid and the path; cached by ``spec.key()``.

    Parameters
    ----------
    workers, scheduler
        Local processes for the grid (None: all cores) or a dask scheduler's address.
    progress
        ``progress(done, total, what)`` with ``what`` in "train", "hessian", "grid",
        "checkpoints", "plane".
    cancel
        Polled throughout; True stops with :class:`Cancelled`.
    cache_dir
        A folder: ``<key>.npz`` there is returned when it exists (and reads as this
        spec's landscape), and written after a computation.
    """
    if not isinstance(spec, LandscapeSpec):
        raise ValueError(f"spec must be a LandscapeSpec, got {type(spec).__name__}")
    key = spec.key()
    cached = None if cache_dir is None else Path(cache_dir) / f"{key}.npz"
    if cached is not None and cached.is_file():
        try:
            land = Landscape.load(cached)
        except ValueError:
            land = None  # a damaged cache file is recomputed and replaced
        if land is not None and land.meta.get("key") == key:
            return land
    data = DATASETS[spec.data](seed=DATA_SEED, dtype=np.float64)
    kind = data.kind
    x = data.x_train
    t = data.labels_train if kind == "classification" else data.t_train
    sizes = [x.shape[1], *spec.hidden, data.t_train.shape[1]]
    rules = [(spec.optimizer, spec.opt_params), *spec.compare]
    trained = [_train(spec, rule, x, t, sizes, kind, progress, cancel) for rule in rules]
    net, ckpts, steps = trained[0]
    m = len(x) if spec.eval_samples is None else min(spec.eval_samples, len(x))
    x_eval, t_eval = x[:m], t[:m]
    theta = get_theta(net)
    explained = np.full(2, np.nan)
    meta: dict[str, Any] = {"key": key, "spec": spec.to_dict(), "checkpoints": len(ckpts)}
    every = np.concatenate([c for _, c, _ in trained])  # all the paths' checkpoints
    if spec.directions == "random":
        d1, d2 = random_directions(sizes, theta, seed=spec.seed, include_bias=spec.include_bias)
    elif spec.directions == "pca":
        d1, d2, explained = pca_directions(every, theta)
    else:
        # imported here: the Hessian machinery is only needed for these directions (and
        # by name, so that this module type-checks on its own)
        hessian = importlib.import_module("gradscape.core.landscape._hessian")
        values, vectors = hessian.top_eigenpairs(
            net, x_eval, t_eval, k=2, seed=spec.seed, progress=progress, cancel=cancel
        )
        d1, d2 = np.asarray(vectors[0], np.float64), np.asarray(vectors[1], np.float64)
        meta["eigenvalues"] = [float(v) for v in values]
    plane = Plane(theta, d1, d2)
    paths = [project(plane, c) for _, c, _ in trained]
    path = paths[0]
    dev = every - theta
    total = float(np.einsum("ij,ij->", dev, dev))
    coords = np.concatenate(paths)
    captured = float(np.einsum("ij,jk,ik->", coords, plane.gram, coords))
    path_explained = captured / total if total > 0 else math.nan
    if spec.directions == "hessian" and total > 0:  # orthonormal: the split is meaningful
        explained = np.sum((dev @ np.stack([d1, d2]).T) ** 2, axis=0) / total
    half = spec.span
    if spec.directions == "pca":
        # one extent for both axes (the plane's distances stay true): the paths' largest
        # coordinate (unit directions, so the same length on either axis)
        ext = float(np.abs(coords).max())
        half = spec.span * PCA_MARGIN * (ext if ext > 0 else 1.0)
    alpha, beta = _axis(spec.grid, half), _axis(spec.grid, half)
    out_act, loss = _output(kind)
    net_args = (sizes, spec.act, out_act, loss, x_eval, t_eval)
    lg, ag = loss_grid(*net_args, theta, d1, d2, alpha, beta, dtype=spec.dtype, workers=workers,
                       scheduler=scheduler, progress=progress, cancel=cancel)  # fmt: skip
    true_losses, plane_losses_ = [], []
    for (_, c, _), pc in zip(trained, paths, strict=True):
        true, _ = evaluate_points(*net_args, c, dtype=spec.dtype, progress=progress,
                                  cancel=cancel)  # fmt: skip
        on_plane, _ = plane_losses(*net_args, plane, pc, dtype=spec.dtype, workers=workers,
                                   scheduler=scheduler, progress=progress,
                                   cancel=cancel)  # fmt: skip
        true_losses.append(true)
        plane_losses_.append(on_plane)
    # Goodfellow et al.'s 1-D look: the straight line from the initial weights to θ
    interp_s, interp_loss, _ = interpolate(*net_args, ckpts[0], theta, INTERP_POINTS,
                                           dtype=spec.dtype, workers=1,
                                           cancel=cancel)  # fmt: skip
    others = trained[1:]
    # ... and from θ to each compared rule's solution (linear mode connectivity)
    other_interp = [
        interpolate(*net_args, theta, c[-1], INTERP_POINTS, dtype=spec.dtype, workers=1,
                    cancel=cancel)[1]
        for _, c, _ in others
    ]  # fmt: skip
    land = Landscape(
        theta=theta, d1=d1, d2=d2, sizes=np.array(sizes), act=spec.act, out_act=out_act,
        loss=loss, x_eval=x_eval, t_eval=t_eval, alpha=alpha, beta=beta, loss_grid=lg,
        acc_grid=ag, path=path, path_step=steps, path_loss=true_losses[0],
        plane_path_loss=plane_losses_[0], explained=np.asarray(explained, np.float64),
        path_explained=path_explained, directions=spec.directions, dtype=spec.dtype,
        meta=meta, path_name=rules[0][0],
        other_names=np.array([name for name, _ in spec.compare], dtype=str),
        other_lengths=np.array([len(c) for _, c, _ in others], dtype=np.int64),
        other_paths=_cat(paths[1:], (0, 2)),
        other_steps=_cat([st for _, _, st in others], (0,)).astype(np.int64),
        other_path_loss=_cat(true_losses[1:], (0,)),
        other_plane_path_loss=_cat(plane_losses_[1:], (0,)),
        interp_s=interp_s, interp_loss=interp_loss,
        other_interp_loss=np.array(other_interp).reshape(len(others), len(interp_s)),
    )  # fmt: skip
    if cached is not None:
        try:
            cached.parent.mkdir(parents=True, exist_ok=True)
            land.save(cached)
        except OSError as err:  # the result matters more than its cache
            land.meta["cache_error"] = f"not cached in {cached.parent}: {err.strerror or err}"
    return land
