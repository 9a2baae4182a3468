"""Draw data: every array the views show, prepared from a result and the view settings.

The compute worker calls :func:`draw_data` right after the trajectories, and again (in a
worker too) when only a view setting changes, so the views only hand ready arrays to their
items (``setData``/``setImage``): a colormap or height-mode change never rebuilds a mesh, its
normals or the iso-lines on the GUI thread.

numpy only (no Qt): a colormap arrives as its stop table (:class:`Colormap`), read once from
pyqtgraph on the GUI side.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from gradscape.app.model.arrays import (
    HEIGHT,
    Box,
    HeightScale,
    PathLOD,
    contour_levels,
    fmt,
    height_normals,
    isolines,
    nice_ticks,
)
from gradscape.app.model.overlays import OverlayData, overlay_data
from gradscape.app.model.words import QT_TRANSLATE_NOOP

#: The path floats this far above the surface so the mesh never hides it.
LIFT = 0.012
#: Iso-lines on the contour map.
CONTOUR_LINES = 12
#: Entries of the colour bar's gradient and of the contour image's lookup table.
COLORBAR_ENTRIES = 64
IMAGE_ENTRIES = 256
#: A loss curve is drawn through a peak-preserving subsample of about this many bins.
CURVE_BINS = 1000


@dataclass(frozen=True)
class ViewSettings:
    """The view settings the draw data depends on."""

    height_mode: str = "linear"
    colormap: str = "viridis"
    log_loss: bool = False

    @classmethod
    def of(cls, state: Any) -> ViewSettings:
        """The settings of an :class:`app.model.state.AppState` (read on its thread)."""
        return cls(state.height_mode, state.colormap, bool(state.log_loss))


@dataclass(frozen=True, eq=False)
class Colormap:
    """A colormap as its stops: positions in [0, 1] and RGBA colours in [0, 1].

    :meth:`map` interpolates linearly between stops and clips outside [0, 1], exactly as
    pyqtgraph's ``ColorMap.map(u, mode="float")``; :meth:`table` gives its byte lookup
    table (``ColorMap.getLookupTable(0, 1, n, alpha=False)``).
    """

    name: str
    pos: np.ndarray
    color: np.ndarray

    def map(self, u: np.ndarray) -> np.ndarray:
        """(..., 4) float RGBA of the values ``u`` (the colormap coordinate)."""
        u = np.asarray(u, dtype=np.float64)
        out = np.empty((*u.shape, 4), dtype=np.float64)
        for i in range(4):
            out[..., i] = np.interp(u, self.pos, self.color[:, i])
        return out

    def table(self, n: int) -> np.ndarray:
        """(n, 3) uint8 colours at n evenly spaced values of [0, 1]."""
        stops = (self.color * 255).astype(np.uint8)  # pyqtgraph's byte stops (truncated)
        x = np.linspace(0.0, 1.0, n)
        out = np.empty((n, 3), dtype=np.uint8)
        for i in range(3):
            out[:, i] = np.interp(x, self.pos, stops[:, i])
        return out

    def image(self, u: np.ndarray, entries: int = IMAGE_ENTRIES) -> np.ndarray:
        """(..., 4) uint8 RGBA of ``u`` ∈ [0, 1] through an ``entries``-colour table: the
        picture pyqtgraph's ImageItem draws for ``u`` with this colormap and levels (0, 1)
        (entry ⌊u·entries⌋, the last one for u = 1)."""
        lut = self.table(entries)
        idx = np.minimum((np.asarray(u, dtype=np.float64) * entries).astype(np.intp), entries - 1)
        rgba = np.empty((*idx.shape, 4), dtype=np.uint8)
        rgba[..., :3] = lut[np.maximum(idx, 0)]
        rgba[..., 3] = 255
        return rgba


@dataclass
class Mesh:
    """The 3D surface: display coordinates, per-vertex colours and normals."""

    x: np.ndarray  # (n,) float32
    y: np.ndarray  # (m,) float32
    z: np.ndarray  # (n, m) float32, in [0, HEIGHT]
    colors: np.ndarray  # (n·m, 4) float32 (flat: what GLSurfacePlotItem wants)
    normals: np.ndarray  # (n·m, 3) float32


@dataclass
class Label:
    """A text anchored at a 3D display point."""

    pos: np.ndarray  # (3,)
    text: str
    align: str  # "left", "center" or "right" of the anchor
    bold: bool = False


@dataclass
class Axes3D:
    """The 3D view's frame, ticks and labels, and its colour bar."""

    segments: np.ndarray  # (2·S, 3) float32, pairs of points
    labels: list[Label]
    colorbar: np.ndarray  # (COLORBAR_ENTRIES, 3) uint8, bottom to top
    colorbar_ticks: list[tuple[float, str]]  # (position in [0, 1], text)
    colorbar_title: str


@dataclass
class Path:
    """One run's path: the points and their level of detail for drawing."""

    points: np.ndarray  # (n+1, k): display coordinates (3D) or (w, b) (contour)
    lod: PathLOD


@dataclass
class ContourImage:
    """The contour map: coloured heat map, where it lies, and the iso-lines."""

    rgba: np.ndarray  # (nw, nb, 4) uint8, column-major (w along the first axis)
    rect: tuple[float, float, float, float]  # x, y, width, height in (w, b)
    levels: np.ndarray  # loss values of the iso-lines
    iso: np.ndarray  # (2·S, 2) segment end points


@dataclass
class Curves:
    """The loss curves: y per run, the y label and range, and the downsampling."""

    y: list[np.ndarray]
    label: str
    yrange: tuple[float, float]
    downsample: list[int]
    #: per run: the true loss of a recorded path (the full model at each checkpoint, beside
    #: the plane's loss at its projection: how far the picture can be trusted), else None
    true_y: list[np.ndarray | None] = field(default_factory=list)
    #: per run: η_t, the learning rate each step used when η follows a schedule (entry
    #: k − 1: step k, drawn at x = k on the second axis), else None
    rate: list[np.ndarray | None] = field(default_factory=list)
    #: the second axis's range (None: no run's η follows a schedule)
    rate_range: tuple[float, float] | None = None


@dataclass
class DrawData:
    """Everything the views draw for one result under one :class:`ViewSettings`."""

    settings: ViewSettings
    box: Box
    mesh: Mesh
    axes: Axes3D
    paths3d: list[Path]
    contour: ContourImage
    paths2d: list[Path]
    curves: Curves
    #: the arrows and effective steps at every step (:mod:`app.model.overlays`)
    overlays: OverlayData | None = None
    seconds: float = field(default=0.0, compare=False)


def box_of(grid: Any, height_mode: str) -> Box:
    """The display box of ``grid`` (``ws``, ``bs``, ``z``) under ``height_mode``."""
    scale = HeightScale.fit(grid.z, height_mode)
    wlim = (float(grid.ws[0]), float(grid.ws[-1]))
    return Box(wlim, (float(grid.bs[0]), float(grid.bs[-1])), scale)


def surface_mesh(grid: Any, box: Box, cmap: Colormap) -> Mesh:
    """The mesh of the loss over ``grid``: heights ``box.z(loss)``, colours the colormap at
    the normalised heights, smooth normals."""
    x, y = box.x(grid.ws).astype(np.float32), box.y(grid.bs).astype(np.float32)
    u = box.scale.unit(grid.z)
    z = (u * HEIGHT).astype(np.float32)
    colors = cmap.map(u.ravel()).astype(np.float32)
    return Mesh(x, y, z, colors, height_normals(x, y, z))


def axes3d(box: Box, names: tuple[str, str], cmap: Colormap) -> Axes3D:
    """Floor frame, height axis, ticks every round value, axis names, colour bar."""
    (w0, w1), (b0, b1) = box.wlim, box.blim
    segs: list[tuple[float, float, float]] = []
    corners = ((-1, -1), (1, -1), (1, 1), (-1, 1))
    for a, b in zip(corners, corners[1:] + corners[:1], strict=True):
        segs += [(a[0], a[1], 0.0), (b[0], b[1], 0.0)]
    # The height axis stands at the back-left corner.
    segs += [(-1, 1, 0.0), (-1, 1, HEIGHT)]
    labels = []
    t = 0.05
    for v in nice_ticks(w0, w1, 4):
        x = float(box.x(v))
        segs += [(x, -1, 0.0), (x, -1 - t, 0.0)]
        labels.append(Label(np.array([x, -1 - 2.6 * t, 0.0]), fmt(v, 3), "center"))
    for v in nice_ticks(b0, b1, 4):
        y = float(box.y(v))
        segs += [(1, y, 0.0), (1 + t, y, 0.0)]
        labels.append(Label(np.array([1 + 2.2 * t, y, 0.0]), fmt(v, 3), "left"))
    zt = box.scale.ticks(4)
    for v in zt:
        z = float(box.z(np.array([v]))[0])
        segs += [(-1, 1, z), (-1 - t, 1, z)]
        labels.append(Label(np.array([-1 - 1.6 * t, 1.0, z]), fmt(v, 3), "right"))
    labels.append(Label(np.array([0.0, -1.38, 0.0]), names[0], "center", True))
    labels.append(Label(np.array([1.36, 0.0, 0.0]), names[1], "center", True))
    # (the words, context "DrawData", are translated by the views that draw them)
    loss = QT_TRANSLATE_NOOP("DrawData", "loss")
    labels.append(Label(np.array([-1.0, 1.0, HEIGHT + 0.1]), loss, "center", True))
    ticks = [(float(box.scale.unit(np.array([v]))[0]), fmt(v, 3)) for v in zt]
    title = {
        "log": QT_TRANSLATE_NOOP("DrawData", "loss (log)"),
        "clip": QT_TRANSLATE_NOOP("DrawData", "loss (clipped)"),
    }.get(box.scale.mode, loss)
    return Axes3D(
        np.array(segs, dtype=np.float32), labels, cmap.table(COLORBAR_ENTRIES), ticks, title
    )


def paths3d(box: Box, trajectories: list[Any]) -> list[Path]:
    """Each trajectory's (w, b, loss) in display coordinates, lifted above the mesh."""
    out = []
    for traj in trajectories:
        p = np.asarray(traj.params, dtype=np.float64)
        pos = box.points(p[:, 0], p[:, 1], np.asarray(traj.loss), lift=LIFT)
        out.append(Path(pos, PathLOD(pos)))
    return out


def contour_image(grid2d: Any, grid3d: Any, height_mode: str, cmap: Colormap) -> ContourImage:
    """The heat map of the finer grid and the iso-lines of the 3D grid.

    Each grid has its own height scale, as each view fits its own.  Iso-lines come from the
    3D grid (at most 200²): the finer heat-map grid would cost four times as much for lines
    that look the same.
    """
    scale = HeightScale.fit(grid2d.z, height_mode)
    rgba = cmap.image(scale.unit(grid2d.z))
    w0, w1 = float(grid2d.ws[0]), float(grid2d.ws[-1])
    b0, b1 = float(grid2d.bs[0]), float(grid2d.bs[-1])
    dw, db = (w1 - w0) / (len(grid2d.ws) - 1), (b1 - b0) / (len(grid2d.bs) - 1)
    # Pixel centres sit on the grid points.
    rect = (w0 - dw / 2, b0 - db / 2, w1 - w0 + dw, b1 - b0 + db)
    levels = contour_levels(scale, CONTOUR_LINES)
    return ContourImage(rgba, rect, levels, isolines(grid3d.ws, grid3d.bs, grid3d.z, levels))


def paths2d(trajectories: list[Any]) -> list[Path]:
    """Each trajectory's (w, b) points, for the contour map."""
    out = []
    for traj in trajectories:
        p = np.asarray(traj.params, dtype=np.float64)
        out.append(Path(p, PathLOD(p)))
    return out


def curve_y(loss: np.ndarray, log_loss: bool) -> np.ndarray:
    """The loss curve's heights: the loss, or log10 of it floored at 10⁻³ of its least
    positive value (our own log axis: pyqtgraph's warns on zeros, an exact minimum)."""
    loss = np.asarray(loss, dtype=np.float64)
    if not log_loss:
        return loss
    pos = loss[loss > 0]
    floor = pos.min() * 1e-3 if pos.size else 1e-300
    with np.errstate(all="ignore"):
        return np.log10(np.maximum(loss, floor))


def loss_curves(trajectories: list[Any], log_loss: bool) -> Curves:
    """The loss curve of every run, its y range (6 % padding) and its downsampling."""
    ys = [curve_y(t.loss, log_loss) for t in trajectories]
    trues = [getattr(t, "extra", {}).get("true_loss") for t in trajectories]
    true_y = [None if v is None else curve_y(v, log_loss) for v in trues]
    every = ys + [y for y in true_y if y is not None]
    finite = np.concatenate([y[np.isfinite(y)] for y in every] or [np.zeros(1)])
    yrange = (0.0, 1.0)
    if finite.size:
        lo, hi = float(finite.min()), float(finite.max())
        pad = (hi - lo) * 0.06 or 1.0
        yrange = (lo - pad, hi + pad)
    # Long runs: a peak-preserving subsample (min and max of each bin) of about 2000
    # points, fixed per result so the first paint is as cheap as the next ones.
    ds = [max(1, len(y) // CURVE_BINS) for y in ys]
    rate = [scheduled_rate(t) for t in trajectories]
    return Curves(
        ys,
        QT_TRANSLATE_NOOP("DrawData", "log₁₀ loss")
        if log_loss
        else QT_TRANSLATE_NOOP("DrawData", "loss"),
        yrange,
        ds,
        true_y,
        rate,
        rate_range(rate),
    )


def scheduled_rate(traj: Any) -> np.ndarray | None:
    """η_t of a run whose η follows a schedule (the value each step used), else None."""
    hyper = getattr(traj, "hyper", None) or {}
    if isinstance(hyper.get("eta"), (int, float)) or "eta" not in hyper:
        return None
    return traj.schedule_values().get("eta")


def rate_range(rate: list[np.ndarray | None]) -> tuple[float, float] | None:
    """The second axis's range over every η_t (from 0, 6 % headroom), or None."""
    finite = [r[np.isfinite(r)] for r in rate if r is not None]
    if not finite:
        return None
    top = max((float(a.max()) for a in finite if a.size), default=0.0)
    return (0.0, top * 1.06 if top > 0 else 1.0)


def draw_data(
    grid3d: Any,
    grid2d: Any,
    trajectories: list[Any],
    axis_names: tuple[str, str],
    settings: ViewSettings,
    cmap: Colormap,
    surface: Any = None,
) -> DrawData:
    """Everything the views draw for these grids and trajectories under ``settings``.

    ``cmap`` must be the colormap named by ``settings.colormap``; ``surface`` (optional)
    gives the overlays SAM's gradient at its ascent point.
    """
    if cmap.name != settings.colormap:
        raise ValueError(f"cmap must be {settings.colormap!r}, got {cmap.name!r}")
    t0 = time.perf_counter()
    box = box_of(grid3d, settings.height_mode)
    p3 = paths3d(box, trajectories)
    heights = [p.points[:, 2].astype(np.float64) for p in p3]
    return DrawData(
        settings,
        box,
        surface_mesh(grid3d, box, cmap),
        axes3d(box, axis_names, cmap),
        p3,
        contour_image(grid2d, grid3d, settings.height_mode, cmap),
        paths2d(trajectories),
        loss_curves(trajectories, settings.log_loss),
        overlay_data(trajectories, heights, box, surface),
        time.perf_counter() - t0,
    )


def paths_draw(previous: DrawData, trajectories: list[Any], surface: Any = None) -> DrawData:
    """``previous`` with new trajectories: the paths, loss curves and overlays prepared again,
    the box, mesh, axes and contour image kept (the same objects, so that the views can tell
    they need not set them again).

    Valid only when ``previous`` was drawn from the same grids under the same settings (a new
    start point or new hyperparameters on the same surface): what a drag of the start point
    recomputes at every mouse move, without the iso-lines and the mesh's normals.
    """
    t0 = time.perf_counter()
    box = previous.box
    p3 = paths3d(box, trajectories)
    heights = [p.points[:, 2].astype(np.float64) for p in p3]
    return replace(
        previous,
        paths3d=p3,
        paths2d=paths2d(trajectories),
        curves=loss_curves(trajectories, previous.settings.log_loss),
        overlays=overlay_data(trajectories, heights, box, surface),
        seconds=time.perf_counter() - t0,
    )
