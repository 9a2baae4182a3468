"""A computed landscape and its file: a plain .npz that recomputes any grid point.

The file holds only numeric and string arrays (read with ``allow_pickle=False``):

=================  ==============================================================
``format``         "gradscape-landscape-1"
``theta``          the centre, float64 (size,): every layer's w (in, out) row-major, then b
``d1``, ``d2``     the directions, float64 (size,)
``sizes``          layer widths, inputs first, int64
``act``            middle layers' activation; ``out_act``, ``loss``: output's
``dtype``          "float32" or "float64": the arithmetic the grid was evaluated in
``x_eval``         the samples the grid was evaluated on, float64 (N, sizes[0])
``t_eval``         their targets: class labels int64 (N,) or float64 (N, sizes[-1])
``alpha``          grid axis of d1, float64 (na,), increasing; ``beta``: of d2 (nb,)
``loss_grid``      float64 (nb, na): row i, column j at θ + alpha[j] d1 + beta[i] d2
``acc_grid``       float64 (nb, na), NaN for a regression output
``path``           the training checkpoints' plane coordinates, float64 (n, 2)
``path_step``      their training steps, int64 (n,)
``path_loss``      their true losses; ``plane_path_loss``: the loss at their projections
``explained``      fraction of the path's squared deviation from θ along d1 and d2
                   (orthonormal directions: PCA, Hessian; NaN for random ones)
``path_explained`` fraction captured by the plane as a whole (any directions)
``directions``     "random", "pca" or "hessian"
``meta``           JSON object: what was computed (the spec), free-form
``path_name``      the learning rule that trained θ (optional: "")
``other_*``        optional, the compared rules' paths on the same plane:
                   ``other_names`` (k,), ``other_lengths`` (k,) int64, and, all
                   paths one after the other, ``other_paths`` (Σ, 2), ``other_steps``,
                   ``other_path_loss``, ``other_plane_path_loss`` (Σ,)
``interp_s``,      optional, the loss along (1 − s) θ₀ + s θ from the initial weights
``interp_loss``    θ₀ to θ (Goodfellow et al. 2015), (m,) each
``other_interp_    optional, the loss along (1 − s) θ + s θₖ from θ to each compared
loss``             rule's solution θₖ, (k, m): the barrier between two solutions
=================  ==============================================================

With only numpy and :mod:`core`, ``Landscape.load(f).network()`` rebuilds the network at
θ; after ``set_theta(net, theta + alpha[j] * d1 + beta[i] * d2)``, ``net.evaluate(x_eval,
t_eval)`` gives ``loss_grid[i, j]``.
"""

from __future__ import annotations

import io
import json
import math
import os
import zipfile
from dataclasses import dataclass, field, fields
from typing import Any

import numpy as np

from gradscape.core.activations import ACTIVATIONS
from gradscape.core.atomic import write_bytes, write_text
from gradscape.core.landscape._params import Layout, set_theta
from gradscape.core.losses import LOSSES
from gradscape.core.network import Network

__all__ = ["DIRECTIONS", "FORMAT", "Landscape"]

FORMAT = "gradscape-landscape-1"
#: What landscape files were marked with before the rename (still read).
OLD_FORMATS = ("losscape-landscape-1",)
DIRECTIONS = ("random", "pca", "hessian")

#: the largest array a landscape file may hold, inflated (a 401×401 grid is 1.3 MB; θ of a
#: network of 100 million parameters 0.8 GB): a hostile file cannot exhaust the memory
MAX_ARRAY_BYTES = 1 << 30

_STRINGS = ("act", "out_act", "loss", "dtype", "directions", "path_name")
#: fields a file may lack (files written before the compared paths and the interpolation)
_OPTIONAL = ("path_name", "other_names", "other_lengths", "other_paths", "other_steps",
             "other_path_loss", "other_plane_path_loss", "interp_s", "interp_loss",
             "other_interp_loss")  # fmt: skip


def _fail(name: str, message: str) -> ValueError:
    return ValueError(f"landscape field {name!r} {message}")


def _real(name: str, a: Any, ndim: int, finite: bool = True) -> np.ndarray:
    a = np.asarray(a)
    if a.dtype.kind not in "iuf" or a.ndim != ndim:
        raise _fail(name, f"must be a {ndim}-D array of numbers, got {a.dtype} {a.shape}")
    a = a.astype(np.float64)
    if finite and not np.isfinite(a).all():
        raise _fail(name, "must be finite")
    return a


def _integers(name: str, a: Any) -> np.ndarray:
    a = np.asarray(a)
    if a.dtype.kind not in "iu" or a.ndim != 1:
        raise _fail(name, f"must be a 1-D array of integers, got {a.dtype} {a.shape}")
    return a.astype(np.int64)


def _shape(name: str, a: np.ndarray, shape: tuple[int, ...]) -> None:
    if a.shape != shape:
        raise _fail(name, f"must have shape {shape}, got {a.shape}")


@dataclass(eq=False)
class Landscape:
    """Everything a landscape file holds (see the module docstring); validated on creation."""

    theta: np.ndarray
    d1: np.ndarray
    d2: np.ndarray
    sizes: np.ndarray
    act: str
    out_act: str
    loss: str
    x_eval: np.ndarray
    t_eval: np.ndarray
    alpha: np.ndarray
    beta: np.ndarray
    loss_grid: np.ndarray
    acc_grid: np.ndarray
    path: np.ndarray
    path_step: np.ndarray
    path_loss: np.ndarray
    plane_path_loss: np.ndarray
    explained: np.ndarray
    path_explained: float
    directions: str
    dtype: str = "float32"
    meta: dict[str, Any] = field(default_factory=dict)
    path_name: str = ""
    other_names: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=str))
    other_lengths: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    other_paths: np.ndarray = field(default_factory=lambda: np.zeros((0, 2)))
    other_steps: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    other_path_loss: np.ndarray = field(default_factory=lambda: np.zeros(0))
    other_plane_path_loss: np.ndarray = field(default_factory=lambda: np.zeros(0))
    interp_s: np.ndarray = field(default_factory=lambda: np.zeros(0))
    interp_loss: np.ndarray = field(default_factory=lambda: np.zeros(0))
    other_interp_loss: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))

    def __post_init__(self) -> None:
        for name in _STRINGS:
            v = getattr(self, name)
            if not isinstance(v, str):
                raise _fail(name, f"must be a string, got {type(v).__name__}")
        if self.directions not in DIRECTIONS:
            raise _fail(
                "directions", f"must be one of {', '.join(DIRECTIONS)}, got {self.directions!r}"
            )
        for name, registry in (("act", ACTIVATIONS), ("out_act", ACTIVATIONS), ("loss", LOSSES)):
            if getattr(self, name) not in registry:
                raise _fail(name, f"names no known {registry.kind}: {getattr(self, name)!r}")
        if self.dtype not in ("float32", "float64"):
            raise _fail("dtype", f"must be float32 or float64, got {self.dtype!r}")
        self.sizes = _integers("sizes", self.sizes)
        try:
            layout = Layout(tuple(self.sizes.tolist()))
        except ValueError as err:
            raise _fail("sizes", str(err)) from None
        for name in ("theta", "d1", "d2"):
            a = _real(name, getattr(self, name), 1)
            _shape(name, a, (layout.size,))
            setattr(self, name, a)
        x = _real("x_eval", self.x_eval, 2)
        if len(x) < 1 or x.shape[1] != layout.sizes[0]:
            raise _fail("x_eval", f"must have shape (N >= 1, {layout.sizes[0]}), got {x.shape}")
        self.x_eval = x
        self.t_eval = self._targets(np.asarray(self.t_eval), len(x), layout.sizes[-1])
        self.alpha = _real("alpha", self.alpha, 1)
        self.beta = _real("beta", self.beta, 1)
        for name in ("alpha", "beta"):
            a = getattr(self, name)
            if len(a) < 2 or not (np.diff(a) > 0).all():
                raise _fail(name, "must hold at least 2 strictly increasing values")
        grid = (len(self.beta), len(self.alpha))
        for name in ("loss_grid", "acc_grid"):
            a = _real(name, getattr(self, name), 2, finite=False)  # divergent regions: inf
            _shape(name, a, grid)
            setattr(self, name, a)
        self.path = _real("path", self.path, 2)
        n = len(self.path)
        _shape("path", self.path, (n, 2))
        self.path_step = _integers("path_step", self.path_step)
        _shape("path_step", self.path_step, (n,))
        for name in ("path_loss", "plane_path_loss"):
            a = _real(name, getattr(self, name), 1, finite=False)
            _shape(name, a, (n,))
            setattr(self, name, a)
        self.explained = _real("explained", self.explained, 1, finite=False)
        _shape("explained", self.explained, (2,))
        ok = np.isnan(self.explained) | ((self.explained >= 0) & (self.explained <= 1 + 1e-9))
        if not ok.all():
            raise _fail("explained", f"must hold fractions in [0, 1] or NaN, got {self.explained}")
        pe = self.path_explained
        if isinstance(pe, bool) or not isinstance(pe, (int, float, np.floating)):
            raise _fail("path_explained", f"must be a number, got {pe!r}")
        self.path_explained = float(pe)
        if not (math.isnan(self.path_explained) or 0 <= self.path_explained <= 1 + 1e-9):
            raise _fail("path_explained", f"must be in [0, 1] or NaN, got {pe!r}")
        if not isinstance(self.meta, dict):
            raise _fail("meta", f"must be a JSON object, got {type(self.meta).__name__}")
        self._check_others()
        self.interp_s = _real("interp_s", self.interp_s, 1)
        self.interp_loss = _real("interp_loss", self.interp_loss, 1, finite=False)
        _shape("interp_loss", self.interp_loss, self.interp_s.shape)
        k, m = len(self.other_names), len(self.interp_s)
        oi = np.asarray(self.other_interp_loss)
        if oi.size == 0:  # (none computed: a file of before the compared interpolations)
            oi = np.zeros((k, 0))
        self.other_interp_loss = _real("other_interp_loss", oi, 2, finite=False)
        if self.other_interp_loss.shape not in ((k, m), (k, 0)):
            raise _fail("other_interp_loss", f"must have shape {(k, m)}, got {oi.shape}")

    def _check_others(self) -> None:
        names = np.asarray(self.other_names)
        if names.ndim != 1 or (names.size and names.dtype.kind != "U"):
            raise _fail("other_names", f"must be a 1-D array of strings, got {names.dtype}")
        self.other_names = names.astype(str)
        self.other_lengths = _integers("other_lengths", self.other_lengths)
        _shape("other_lengths", self.other_lengths, (len(names),))
        if (self.other_lengths < 1).any():
            raise _fail("other_lengths", "must be >= 1")
        total = int(self.other_lengths.sum())
        self.other_paths = _real("other_paths", np.reshape(self.other_paths, (-1, 2)), 2)
        _shape("other_paths", self.other_paths, (total, 2))
        self.other_steps = _integers("other_steps", self.other_steps)
        _shape("other_steps", self.other_steps, (total,))
        for name in ("other_path_loss", "other_plane_path_loss"):
            a = _real(name, getattr(self, name), 1, finite=False)
            _shape(name, a, (total,))
            setattr(self, name, a)

    def barriers(self) -> list[tuple[str, float]]:
        """Per compared rule: the loss barrier on the line from θ to its solution, the
        highest loss along it above the higher of the two ends (0: linearly connected)."""
        out = []
        for name, row in zip(self.other_names.tolist(), self.other_interp_loss, strict=True):
            if row.size:
                out.append((name, float(max(0.0, row.max() - max(row[0], row[-1])))))
        return out

    def other_path_list(self) -> list[dict[str, Any]]:
        """The compared rules' paths: name, points (n, 2), steps, loss (true), plane_loss."""
        out, at = [], 0
        for name, n in zip(self.other_names.tolist(), self.other_lengths.tolist(), strict=True):
            sl = slice(at, at + n)
            at += n
            out.append({"name": name, "points": self.other_paths[sl],
                        "steps": self.other_steps[sl], "loss": self.other_path_loss[sl],
                        "plane_loss": self.other_plane_path_loss[sl]})  # fmt: skip
        return out

    def _targets(self, t: np.ndarray, rows: int, outputs: int) -> np.ndarray:
        if t.dtype.kind in "iu" and t.ndim == 1:
            _shape("t_eval", t, (rows,))
            top = outputs if outputs > 1 else 2
            if t.size and (t.min() < 0 or t.max() >= top):
                raise _fail("t_eval", f"as class labels must be integers in [0, {top})")
            return t.astype(np.int64)
        t = _real("t_eval", t, 2)
        _shape("t_eval", t, (rows, outputs))
        return t

    # -- use ---------------------------------------------------------------------------------
    @property
    def layout(self) -> Layout:
        return Layout(tuple(self.sizes.tolist()))

    def point(self, alpha: float, beta: float) -> np.ndarray:
        """θ + α d1 + β d2, float64 (computed in that order, as the grid was)."""
        return self.theta + float(alpha) * self.d1 + float(beta) * self.d2

    def network(self) -> Network:
        """A :class:`core.network.Network` of this landscape's shape and dtype at θ."""
        net = Network.from_sizes(
            self.sizes.tolist(), self.act, self.out_act, self.loss, opt="sgd", dtype=self.dtype
        )
        set_theta(net, self.theta)
        return net

    def to_csv(self, path: str | os.PathLike[str] | None = None) -> str:
        """The grid as CSV text, one row per point: alpha, beta, loss, accuracy (row-major
        over beta, then alpha; shortest round-trip floats).  Written atomically to ``path``
        when given."""
        lines = ["alpha,beta,loss,accuracy"]
        loss, acc = self.loss_grid.tolist(), self.acc_grid.tolist()  # Python floats: repr
        for i, b in enumerate(self.beta.tolist()):
            for j, a in enumerate(self.alpha.tolist()):
                lines.append(f"{a!r},{b!r},{loss[i][j]!r},{acc[i][j]!r}")
        text = "\n".join(lines) + "\n"
        if path is not None:
            write_text(path, text)
        return text

    # -- the file ----------------------------------------------------------------------------
    def to_arrays(self) -> dict[str, np.ndarray]:
        """The .npz's arrays, by name."""
        out: dict[str, np.ndarray] = {"format": np.array(FORMAT)}
        for f in fields(self):
            v = getattr(self, f.name)
            if f.name == "meta":
                out["meta"] = np.array(json.dumps(v, sort_keys=True))
            else:
                out[f.name] = np.asarray(v)
        return out

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the .npz atomically (compressed; readers never see half a file)."""
        buf = io.BytesIO()
        arrays: dict[str, Any] = self.to_arrays()
        np.savez_compressed(buf, allow_pickle=False, **arrays)
        write_bytes(path, buf.getvalue())

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Landscape:
        """Read and validate a landscape file (``allow_pickle=False``).

        Raises
        ------
        ValueError
            The file is no landscape file, or a field is missing or malformed (the message
            names it).
        OSError
            The file cannot be read.
        """
        try:
            z = np.load(path, allow_pickle=False)
        except OSError:
            raise
        except Exception as err:
            raise ValueError(f"{os.fspath(path)} is not a landscape file (.npz): {err}") from None
        if not isinstance(z, np.lib.npyio.NpzFile):
            raise ValueError(f"{os.fspath(path)} is not a landscape file (.npz): a single array")
        with z:
            names = set(z.files)
            values: dict[str, Any] = {}
            for name in ["format", *(f.name for f in fields(cls))]:
                if name not in names:
                    if name in _OPTIONAL:
                        continue
                    raise _fail(name, f"is missing from {os.fspath(path)}")
                try:
                    inflated = z.zip.getinfo(f"{name}.npy").file_size if z.zip else 0
                except KeyError:
                    inflated = 0
                if inflated > MAX_ARRAY_BYTES:
                    raise _fail(name, f"holds {inflated} bytes, more than a landscape file "
                                f"may ({MAX_ARRAY_BYTES})")  # fmt: skip
                try:
                    values[name] = z[name]
                except (ValueError, zipfile.BadZipFile, EOFError, OSError) as err:
                    raise _fail(name, f"cannot be read: {err}") from None
                except MemoryError:  # a header that claims more than the entry holds
                    raise _fail(name, "claims more memory than this machine has") from None
        if _text(values.pop("format"), "format") not in (FORMAT, *OLD_FORMATS):
            raise _fail("format", f"must be {FORMAT!r}")
        for name in _STRINGS:
            if name in values:
                values[name] = _text(values[name], name)
        try:
            meta = json.loads(_text(values["meta"], "meta"))
        except json.JSONDecodeError as err:
            raise _fail("meta", f"is no JSON: {err}") from None
        values["meta"] = meta
        pe = np.asarray(values["path_explained"])
        if pe.shape != () or pe.dtype.kind not in "iuf":
            raise _fail("path_explained", f"must be one number, got {pe.dtype} {pe.shape}")
        values["path_explained"] = float(pe)
        return cls(**values)


def _text(a: np.ndarray, name: str) -> str:
    if a.shape != () or a.dtype.kind != "U":
        raise _fail(name, f"must be a string, got {a.dtype} {a.shape}")
    return str(a)
