"""Arranging engine arrays for drawing: height scaling, display coordinates, ticks, isolines.

No mathematics of the problem lives here, only the mapping from (w, b, loss) to what the
screen shows, shared by the 3D and contour views so both agree pixel for pixel.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np

#: Display box: w and b map to [-1, 1], the (transformed) height to [0, HEIGHT].
HEIGHT = 0.9
#: Clipped mode cuts the height at this quantile of the grid values.
CLIP_QUANTILE = 0.8
#: Log mode shows log10(loss - min + floor), floor = LOG_FLOOR * (max - min): three decades
#: (more would turn a narrow valley between grid points into spikes).
LOG_FLOOR = 1e-3
#: Losses beyond ± this are fitted as if they were it: then the difference of any two, the
#: log floor and the clip quantile stay finite (a grid from -1e308 to 1e308 spans 2e308,
#: which overflows).  They still get the end colours and heights (``unit`` clips).
HUGE_LOSS = float(np.finfo(np.float64).max) / 4
#: The largest power of ten a float holds (10.0 ** 309 overflows): log mode's last label.
MAX_DECADE = 308
#: Drawn paths stay within this half-width of the display box ([-1, 1] is the domain).
PATH_MARGIN = 1.1


@dataclass(frozen=True)
class HeightScale:
    """Maps loss values to a displayed height and back, per height mode."""

    mode: str
    zmin: float
    zmax: float
    floor: float
    lo: float
    hi: float

    @classmethod
    def fit(cls, z: np.ndarray, mode: str) -> HeightScale:
        finite = z[np.isfinite(z)]
        if finite.size == 0:
            return cls(mode, 0.0, 1.0, 1.0, 0.0, 1.0)
        zmin, zmax = float(finite.min()), float(finite.max())
        if max(-zmin, zmax) > HUGE_LOSS:
            finite = np.clip(finite, -HUGE_LOSS, HUGE_LOSS)
            zmin, zmax = max(zmin, -HUGE_LOSS), min(zmax, HUGE_LOSS)
        span = zmax - zmin if zmax > zmin else max(abs(zmax), 1.0)
        floor = LOG_FLOOR * span
        if mode == "clip":
            zmax = float(np.quantile(finite, CLIP_QUANTILE))
            if zmax <= zmin:
                zmax = zmin + span
        self = cls(mode, zmin, zmax, floor, 0.0, 1.0)
        lo, hi = self.transform(np.array([zmin, zmax]))
        if not hi > lo:
            hi = lo + 1.0
        return cls(mode, zmin, zmax, floor, float(lo), float(hi))

    def transform(self, z: np.ndarray) -> np.ndarray:
        """Loss -> height in this mode's units (before scaling to the box)."""
        z = np.asarray(z, dtype=np.float64)
        with np.errstate(all="ignore"):
            if self.mode == "log":
                return np.log10(np.maximum(z - self.zmin, 0.0) + self.floor)
            if self.mode == "clip":
                return np.minimum(z, self.zmax)
            return z.copy()

    def unit(self, z: np.ndarray) -> np.ndarray:
        """Loss -> [0, 1] (clipped), the colormap coordinate."""
        with np.errstate(all="ignore"):
            u = (self.transform(z) - self.lo) / (self.hi - self.lo)
        return np.clip(np.nan_to_num(u, nan=1.0, posinf=1.0, neginf=0.0), 0.0, 1.0)

    def ticks(self, n: int = 5) -> list[float]:
        """Loss values worth labelling on the height axis and the colour bar."""
        if self.mode == "log":
            lo, hi = math.floor(self.lo), min(math.ceil(self.hi), MAX_DECADE)
            # One label per decade of (loss - min), at a round loss value near it: labels
            # read "0.004, 0.01, 0.1" rather than "0.00428, 0.0133, 0.103" when the minimum
            # is not 0.  They are placed at their own heights, so rounding moves no label
            # off its value.
            vals = [_round_above(self.zmin + 10.0**k, self.zmin) for k in range(lo, hi + 1)]
            top = self.zmax + abs(self.zmax) * 1e-7
            vals = [self.zmin] + [v for v in vals if self.zmin < v <= top and math.isfinite(v)]
            while len(vals) > n + 1:
                vals = vals[::2]
            # Labels closer than 12 % of the axis would print over each other.
            kept: list[float] = []
            for v in vals:
                u = float(self.unit(np.array([v]))[0])
                if not kept or u - float(self.unit(np.array([kept[-1]]))[0]) >= 0.12:
                    kept.append(v)
            return kept
        return nice_ticks(self.zmin, self.zmax, n)


def _round_above(v: float, floor: float) -> float:
    """``v`` rounded to the fewest significant digits that keep it above ``floor`` and
    within half its distance to ``floor`` (so it stays in its decade)."""
    gap = v - floor
    for digits in range(1, 16):
        r = float(f"{v:.{digits - 1}e}")
        if r > floor and abs(r - v) <= 0.5 * gap:
            return r
    return v


def nice_ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    """Round numbers (1, 2, 5 × 10^k) covering [lo, hi], about ``n`` of them."""
    if not (math.isfinite(lo) and math.isfinite(hi)) or hi <= lo:
        return [lo]
    raw = (hi - lo) / max(n, 1)
    mag = 10.0 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    first = math.ceil(lo / step - 1e-9) * step
    out = []
    v = first
    while v <= hi + 1e-9 * step:
        out.append(0.0 if abs(v) < 1e-12 * step else v)
        v += step
    return out


def fmt(v: float, digits: int = 4) -> str:
    """Short number text for labels and the status bar."""
    if v is None or not math.isfinite(v):
        return str(v)
    if v == 0:
        return "0"
    a = abs(v)
    if a >= 1e4 or a < 1e-3:
        text = f"{v:.{max(digits - 2, 1)}e}"
        mant, exp = text.split("e")
        if "." in mant:  # "1e-4", not "1.0e-4": shorter labels, and no false precision
            mant = mant.rstrip("0").rstrip(".")
        return f"{mant}e{int(exp)}"
    if a >= 10**digits:  # "1000", not "1e+03"
        return f"{v:.0f}"
    return f"{v:.{digits}g}"


@dataclass(frozen=True)
class Box:
    """The 3D display box of a domain: w, b -> [-1, 1]², height -> [0, HEIGHT]."""

    wlim: tuple[float, float]
    blim: tuple[float, float]
    scale: HeightScale

    def x(self, w: np.ndarray) -> np.ndarray:
        a, b = self.wlim
        return (np.asarray(w, dtype=np.float64) - a) / (b - a) * 2.0 - 1.0

    def y(self, b_: np.ndarray) -> np.ndarray:
        a, b = self.blim
        return (np.asarray(b_, dtype=np.float64) - a) / (b - a) * 2.0 - 1.0

    def z(self, loss: np.ndarray) -> np.ndarray:
        return self.scale.unit(loss) * HEIGHT

    def points(self, w: np.ndarray, b: np.ndarray, loss: np.ndarray, lift: float = 0.0):
        """(N, 3) float32 display coordinates of (w, b, loss) triples.

        Points outside the domain are held just beyond the box's edge (``PATH_MARGIN``), as
        heights already are at its floor and ceiling: a path that escapes (a saddle, a
        divergence) runs to the frame and stops there instead of shooting out of the
        picture, and the status bar still gives its true coordinates.
        """
        out = np.empty((len(w), 3), dtype=np.float32)
        with np.errstate(invalid="ignore"):
            out[:, 0] = np.clip(self.x(w), -PATH_MARGIN, PATH_MARGIN)
            out[:, 1] = np.clip(self.y(b), -PATH_MARGIN, PATH_MARGIN)
        out[:, 2] = self.z(loss) + lift
        return out


def height_normals(x: np.ndarray, y: np.ndarray, z: np.ndarray) -> np.ndarray:
    """(n·m, 3) float32 unit normals of the height field z[i, j] over (x[i], y[j]).

    n ∝ (−∂z/∂x, −∂z/∂y, 1).  pyqtgraph would average face normals in a Python loop per
    vertex (about 80 ms for 100×100): this is the same smooth shading in a millisecond.
    """
    dzdx = np.gradient(z, x, axis=0) if len(x) > 1 else np.zeros_like(z)
    dzdy = np.gradient(z, y, axis=1) if len(y) > 1 else np.zeros_like(z)
    n = np.stack([-dzdx, -dzdy, np.ones_like(z)], axis=-1)
    n /= np.linalg.norm(n, axis=-1, keepdims=True)
    return n.reshape(-1, 3).astype(np.float32)


def isolines(ws: np.ndarray, bs: np.ndarray, z: np.ndarray, levels) -> np.ndarray:
    """Line segments of the iso-lines of z (indexed z[i, j] at (ws[i], bs[j])).

    Marching squares, vectorised over cells and levels.  Returns (2·S, 2) points where
    consecutive pairs are segments (pyqtgraph's ``connect="pairs"``).
    """
    out = []
    z00, z10, z11, z01 = z[:-1, :-1], z[1:, :-1], z[1:, 1:], z[:-1, 1:]
    x0, x1 = ws[:-1, None], ws[1:, None]
    y0, y1 = bs[None, :-1], bs[None, 1:]
    shape = z00.shape
    X0 = np.broadcast_to(x0, shape)
    X1 = np.broadcast_to(x1, shape)
    Y0 = np.broadcast_to(y0, shape)
    Y1 = np.broadcast_to(y1, shape)
    with np.errstate(all="ignore"):
        for lv in levels:
            a00, a10, a11, a01 = z00 >= lv, z10 >= lv, z11 >= lv, z01 >= lv
            # Edge crossings in a fixed order: bottom, right, top, left.
            edges = [
                (a00 != a10, z00, z10, X0, Y0, X1, Y0),
                (a10 != a11, z10, z11, X1, Y0, X1, Y1),
                (a01 != a11, z01, z11, X0, Y1, X1, Y1),
                (a00 != a01, z00, z01, X0, Y0, X0, Y1),
            ]
            masks = np.stack([e[0] for e in edges])
            count = masks.sum(axis=0)
            if not count.any():
                continue
            pts = np.empty((4, *shape, 2))
            for k, (_, za, zb, xa, ya, xb, yb) in enumerate(edges):
                t = np.clip(np.where(za != zb, (lv - za) / (zb - za), 0.5), 0.0, 1.0)
                pts[k, ..., 0] = xa + t * (xb - xa)
                pts[k, ..., 1] = ya + t * (yb - ya)
            two = count == 2
            if two.any():
                m = masks[:, two]
                p = pts[:, two]
                order = np.argsort(~m, axis=0, kind="stable")[:2]
                seg = np.take_along_axis(p, order[..., None], axis=0)
                out.append(np.stack([seg[0], seg[1]], axis=1).reshape(-1, 2))
            four = count == 4
            if four.any():
                p = pts[:, four]
                out.append(np.stack([p[0], p[1]], axis=1).reshape(-1, 2))
                out.append(np.stack([p[2], p[3]], axis=1).reshape(-1, 2))
    if not out:
        return np.empty((0, 2))
    return np.concatenate(out)


def contour_levels(scale: HeightScale, n: int = 12) -> np.ndarray:
    """Loss values of ``n`` iso-lines evenly spaced in the displayed height."""
    u = (np.arange(n) + 0.5) / n
    h = scale.lo + u * (scale.hi - scale.lo)
    if scale.mode == "log":
        return scale.zmin + np.maximum(10.0**h - scale.floor, 0.0)
    return h


#: A rectangle of the plane, (x0, x1, y0, y1)
Rect = tuple[float, float, float, float]

#: Level of detail of drawn paths: at most this many points per path; longer trajectories
#: are drawn through every k-th point (plus the current one).  Keeps a 100 000-step run as
#: cheap to draw per frame as a 2 000-step one.
MAX_PATH_POINTS = 2000


class PathLOD:
    """The drawn prefix of a path up to step k, decimated to ≤ MAX_PATH_POINTS points."""

    def __init__(self, points: np.ndarray, max_points: int = MAX_PATH_POINTS) -> None:
        self.points = points
        self.stride = max(1, -(-len(points) // max_points))
        self.coarse = points[:: self.stride]

    @functools.cached_property
    def bounds(self) -> Rect | None:
        """(x0, x1, y0, y1) of every point of the path; None when one is not finite."""
        p = np.asarray(self.points, dtype=np.float64)
        if not len(p) or not np.isfinite(p).all():
            return None
        lo, hi = p.min(axis=0), p.max(axis=0)
        return (float(lo[0]), float(hi[0]), float(lo[1]), float(hi[1]))

    def within(self, rect: Rect) -> bool:
        """Every point of the path is finite and inside ``rect``."""
        b = self.bounds
        return b is not None and rect[0] <= b[0] and b[1] <= rect[1] and rect[2] <= b[2] and (
            b[3] <= rect[3]
        )

    def upto(self, k: int) -> np.ndarray:
        k = min(max(k, 0), len(self.points) - 1)
        if self.stride == 1:
            return self.points[: k + 1]
        head = self.coarse[: k // self.stride + 1]
        if k % self.stride == 0:
            return head
        return np.concatenate([head, self.points[k : k + 1]])


def clip_segments(p: np.ndarray, q: np.ndarray, rect: Rect) -> tuple[np.ndarray, ...]:
    """Where each segment from ``p[i]`` to ``q[i]`` ((n, 2) arrays) lies inside ``rect``
    (Liang–Barsky): ``(visible, t0, t1, a, b)``, the part drawn running from
    ``a = p + t0 (q − p)`` to ``b = p + t1 (q − p)``.  An end inside the rectangle is
    returned exactly (t0 = 0: a is p; t1 = 1: b is q); a segment with a non-finite end is
    not visible."""
    x0, x1, y0, y1 = rect
    d = q - p
    t0 = np.zeros(len(p))
    t1 = np.ones(len(p))
    visible = np.isfinite(p).all(axis=1) & np.isfinite(q).all(axis=1)
    with np.errstate(all="ignore"):
        for dk, dist in (
            (-d[:, 0], p[:, 0] - x0), (d[:, 0], x1 - p[:, 0]),
            (-d[:, 1], p[:, 1] - y0), (d[:, 1], y1 - p[:, 1]),
        ):  # fmt: skip
            r = dist / dk
            visible &= (dk != 0) | (dist >= 0)  # parallel to this edge: on its inner side
            t0 = np.where(dk < 0, np.maximum(t0, r), t0)
            t1 = np.where(dk > 0, np.minimum(t1, r), t1)
        visible &= t0 <= t1
        a = np.where((t0 == 0)[:, None], p, p + t0[:, None] * d)
        b = np.where((t1 == 1)[:, None], q, p + t1[:, None] * d)
    return visible, t0, t1, a, b


def clip_polyline(points: np.ndarray, rect: Rect) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The polyline through ``points`` ((n, 2)) cut to ``rect``: its pieces inside, in
    order, a NaN row between two pieces (pyqtgraph's ``connect="finite"``).

    Returns ``(out, ends, open_)``: ``out[:ends[m]]`` is the cut polyline of
    ``points[:m + 1]`` (its first m segments), and ``open_[m]`` tells whether that one ends
    at ``points[m]`` itself (the next segment then goes on from it without a break).  A
    segment crossing the rectangle's edge stops on it, in its own direction; segments
    outside it, or with a non-finite end, are left out.  Where every point is inside,
    ``out`` is ``points``.
    """
    pts = np.asarray(points, dtype=np.float64)
    n = len(pts)
    first_in = bool(n) and _inside(pts[0], rect)
    if n < 2:
        out = pts[:1] if first_in else np.empty((0, 2))
        return out, np.zeros(max(n, 1), dtype=np.intp), np.array([first_in] * max(n, 1))
    visible, t0, t1, a, b = clip_segments(pts[:-1], pts[1:], rect)
    ends_open = visible & (t1 == 1)  # the segment's drawn part reaches its end point
    goes_on = np.empty(n - 1, dtype=bool)  # the segment continues the previous piece
    goes_on[0] = first_in  # (a first point inside starts the first piece)
    goes_on[1:] = ends_open[:-1] & (t0[1:] == 0)
    new = visible & ~goes_on
    drawn_before = first_in | (np.concatenate([[0], np.cumsum(visible)[:-1]]) > 0)
    rows = np.empty((n - 1, 3, 2))
    rows[:, 0] = np.nan
    rows[:, 1] = a
    rows[:, 2] = b
    take = np.stack([new & drawn_before, new, visible], axis=1)
    head = pts[:1] if first_in else np.empty((0, 2))
    out = np.concatenate([head, rows[take]])
    ends = np.concatenate([[len(head)], len(head) + np.cumsum(take.sum(axis=1))])
    open_ = np.concatenate([[first_in], ends_open])
    return out, ends, open_


def _inside(point: np.ndarray, rect: Rect) -> bool:
    x0, x1, y0, y1 = rect
    return bool(x0 <= point[0] <= x1 and y0 <= point[1] <= y1)


class ThinPath:
    """A path's drawn prefix up to step k for a 2D view: the points of ``lod`` (the path,
    decimated for very long runs) without those that stay in the same ``cell`` as the point
    before them, the current point always last.

    With a cell of a third of a pixel (``CELL_PIXELS``) the line is drawn with the same
    pixels but a handful, a few levels of 255 apart where its antialiased edge falls, from a
    fraction of its points: the neuron race's runs, converging by hundredths of a pixel a
    step, keep one point in three (768 of 2408), and a stroked polyline costs Qt's raster
    engine per point.  ``cell`` None (no
    pixel size yet) keeps every point.

    ``clip`` (a rectangle of the plane, a margin around the view) cuts the line where it
    leaves it (:func:`clip_polyline`): a diverging run's segments hundreds of views long
    cost Qt's raster engine ~0.1 s a repaint with the path's wide pens (the GUI monkey's
    longest turn, 0.56 s), the same segments cut at the margin a fraction of a
    millisecond.  The prefix then has NaN rows where the line leaves and comes back."""

    def __init__(
        self, lod: PathLOD, cell: tuple[float, float] | None, clip: Rect | None = None
    ) -> None:
        self.lod = lod
        self.clip = None if clip is None or lod.within(clip) else clip  # (nothing to cut)
        coarse = np.asarray(lod.coarse, dtype=np.float64)
        if cell is None or len(coarse) < 3:
            self.keep = np.arange(len(coarse))
        else:
            with np.errstate(all="ignore"):  # (a far or non-finite point: its own cell)
                cells = np.floor(coarse / np.asarray(cell, dtype=np.float64))
            keep = np.empty(len(coarse), dtype=bool)
            keep[0] = True
            keep[1:] = (cells[1:] != cells[:-1]).any(axis=1)
            self.keep = np.flatnonzero(keep)
        self.kept = coarse[self.keep]
        if self.clip is not None:
            self._cut, self._ends, self._open = clip_polyline(self.kept, self.clip)
        #: the drawn line's length in pixels up to each of its points (None: no cell)
        self._length: np.ndarray | None = None
        if cell is not None:
            line = self._cut if self.clip is not None else self.kept
            with np.errstate(all="ignore"):
                d = np.diff(line, axis=0) / (np.asarray(cell, dtype=np.float64) / CELL_PIXELS)
                seg = np.hypot(d[:, 0], d[:, 1])
            self._length = np.concatenate([[0.0], np.cumsum(np.where(np.isfinite(seg), seg, 0))])

    def _prefix(self, k: int) -> tuple[int, int, bool]:
        """Step k (clamped), how many kept points it draws, and whether the last of them
        is step k's own."""
        lod = self.lod
        k = min(max(k, 0), len(lod.points) - 1)
        j = k // lod.stride  # the last of the decimated points at or before step k
        m = int(np.searchsorted(self.keep, j, side="right"))
        return k, m, bool(self.keep[m - 1] == j and j * lod.stride == k)

    def pixels(self, k: int) -> float:
        """How long the line drawn up to step k is, in pixels of the view (cut, and up to
        the last kept point; 0 without a cell)."""
        if self._length is None:
            return 0.0
        _, m, _ = self._prefix(k)
        rows = int(self._ends[m - 1]) if self.clip is not None else m
        return float(self._length[max(rows, 1) - 1])

    def upto(self, k: int) -> np.ndarray:
        k, m, exact = self._prefix(k)  # (exact: no point after the kept ones)
        current = np.asarray(self.lod.points[k : k + 1], dtype=np.float64)
        if self.clip is None:
            return self.kept[:m] if exact else np.concatenate([self.kept[:m], current])
        head = self._cut[: self._ends[m - 1]]
        if exact:
            return head
        visible, t0, _, a, b = clip_segments(self.kept[m - 1 : m], current, self.clip)
        if not visible[0]:
            return head
        if self._open[m - 1] and t0[0] == 0:  # (the line goes on from the last kept point)
            return np.concatenate([head, b])
        gap = np.full((1 if len(head) else 0, 2), np.nan)
        return np.concatenate([head, gap, a, b])


#: :class:`ThinPath`'s cell in pixels of the view
CELL_PIXELS = 1.0 / 3.0


def fading_colors(color_rgba: tuple[float, float, float, float], n: int) -> np.ndarray:
    """(n, 4) colours going from transparent to ``color_rgba`` (the tail's fade); read-only,
    made once per colour (a drag asks for every run's at every race)."""
    return _fading(tuple(float(c) for c in color_rgba), n)


@functools.lru_cache(maxsize=64)
def _fading(color_rgba: tuple[float, ...], n: int) -> np.ndarray:
    c = np.tile(np.asarray(color_rgba, dtype=np.float32), (n, 1))
    if n:
        c[:, 3] *= np.linspace(0.0, 1.0, n, dtype=np.float32) ** 1.5
    c.setflags(write=False)
    return c


#: Most points a curve hands to its plot item: beyond this, the lowest and the highest point of
#: each of MAX_CURVE_POINTS / 2 bins — a bin per pixel column of the Network window's plots,
#: so the line looks the same, and a 100 000-epoch history draws (and switches to log scale)
#: in ~0.1 s instead of seconds (QPainter dashes every segment of the validation curves).
MAX_CURVE_POINTS = 1200


def peak_decimate(
    x: np.ndarray, y: np.ndarray, max_points: int = MAX_CURVE_POINTS
) -> tuple[np.ndarray, np.ndarray]:
    """``(x, y)`` itself when it has at most ``max_points`` points, else the lowest and the
    highest point of each of ``max_points // 2`` consecutive bins, in order (so every peak
    and every trough of the curve is kept).  NaN (a gap) is kept only in a bin of gaps."""
    n = len(y)
    if n <= max_points:
        return x, y
    per = -(-n // (max_points // 2))  # points per bin, rounded up
    pad = (-n) % per
    bins = np.concatenate([y, np.full(pad, np.nan)]).reshape(-1, per)
    gap = np.isnan(bins)
    lo = np.where(gap, np.inf, bins).argmin(axis=1)  # (an all-gap bin gives its first point)
    hi = np.where(gap, -np.inf, bins).argmax(axis=1)
    start = np.arange(len(bins)) * per
    idx = np.sort(np.stack([start + lo, start + hi], axis=1), axis=1).ravel()
    idx = idx[idx < n]
    idx = idx[np.r_[True, idx[1:] != idx[:-1]]]  # a bin whose lowest is its highest: once
    return x[idx], y[idx]
