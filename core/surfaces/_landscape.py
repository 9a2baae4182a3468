"""A trained network's loss landscape as a surface: the grid of a saved
:class:`core.landscape.Landscape` file, interpolated (:class:`BicubicTable`)."""

from __future__ import annotations

import hashlib
import math
import os
import threading
from dataclasses import dataclass
from typing import Any

import numpy as np

from gradscape.core._message import Message, template
from gradscape.core._text import shorten_path, show
from gradscape.core.surfaces._base import RESOLUTION, Surface, _check_domain, register
from gradscape.core.surfaces._table import BicubicTable

#: Files read and hashed, by (path, inode, size, modification time): a scene is validated
#: again at every change of the window's choice, and the file is read once.
_CACHE: dict[tuple[str, int, int, int], _Data] = {}
_CACHE_SIZE = 4
_LOCK = threading.Lock()


@dataclass(frozen=True)
class _Data:
    """What the surface needs of a landscape file."""

    sha256: str
    table: BicubicTable
    size: int  # parameters of the network (N)
    directions: str
    explained: float  # the share of the path's variance the plane holds (nan: unknown)
    path: np.ndarray  # (n, 2)
    path_loss: np.ndarray  # (n,) true losses
    plane_path_loss: np.ndarray  # (n,) the plane's losses at the projections


def file_sha256(path: str) -> str:
    """The sha256 hex digest of the file at ``path``."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def read_landscape(path: str) -> _Data:
    """The landscape file at ``path`` read, validated and hashed (cached while the file
    stays the same).  ValueError names the file and the problem."""
    name = shorten_path(path)
    try:
        st = os.stat(path)
    except OSError as e:
        raise ValueError(f"file: cannot read the landscape {name}: {e.strerror}") from None
    key = (os.path.realpath(path), st.st_ino, st.st_size, st.st_mtime_ns)
    with _LOCK:
        hit = _CACHE.get(key)
    if hit is not None:
        return hit
    from gradscape.core.landscape import Landscape

    try:
        land = Landscape.load(path)
        digest = file_sha256(path)
    except OSError as e:
        raise ValueError(f"file: cannot read the landscape {name}: {e.strerror}") from None
    except ValueError as e:
        raise ValueError(f"file: {name} is not a landscape file: {e}") from None
    try:
        table = BicubicTable(land.alpha, land.beta, drawable(land.loss_grid))
    except ValueError as e:
        raise ValueError(f"file: {name}: {e}") from None
    # the plane's share of the path's squared deviation from θ (any directions); the two
    # PCA directions' shares add up to it
    explained = float(getattr(land, "path_explained", np.nan))
    if not math.isfinite(explained):
        per = np.asarray(land.explained, dtype=np.float64).reshape(-1)[:2]
        explained = float(per.sum()) if per.size == 2 and np.isfinite(per).all() else math.nan
    data = _Data(
        digest,
        table,
        int(np.asarray(land.theta).size),
        str(land.directions),
        explained,
        np.asarray(land.path, dtype=np.float64).reshape(-1, 2),
        np.asarray(land.path_loss, dtype=np.float64).reshape(-1),
        np.asarray(land.plane_path_loss, dtype=np.float64).reshape(-1),
    )
    with _LOCK:
        _CACHE[key] = data
        while len(_CACHE) > _CACHE_SIZE:
            del _CACHE[next(iter(_CACHE))]
    return data


def drawable(grid: np.ndarray) -> np.ndarray:
    """The grid with its non-finite cells (where the network's loss overflows: a diverging
    region far from θ) set to the largest finite value, so that the surface stays drawable
    and differentiable there: a flat plateau at the top of the colour scale.  The file keeps
    the raw values."""
    g = np.asarray(grid, dtype=np.float64)
    ok = np.isfinite(g)
    if ok.all():
        return g
    if not ok.any():
        raise ValueError("the landscape's loss is not finite at any grid point")
    return np.where(ok, g, g[ok].max())


@register
class LandscapeSurface(Surface):
    """The loss of a trained network over a plane θ + α·d1 + β·d2 of its parameters.

    The values are the grid a :class:`core.landscape.Landscape` file holds (the network's
    exact loss at every grid point), drawn and descended through their C¹ bicubic
    interpolant (:class:`core.surfaces._table.BicubicTable`), whose gradient is exact for
    the interpolant.

    Parameters
    ----------
    file : str
        Path of the landscape .npz (made absolute, so a scene finds it from anywhere).
    sha256 : str, optional
        The file's sha256 as a scene recorded it: a file that changed since is refused,
        naming both digests.  Default: the file's present digest.
    domain : ((αmin, αmax), (βmin, βmax)), optional
        Default: the grid's axes.
    resolution : int
        Grid points per axis for drawing.
    """

    name = "landscape"
    display_name = "Network loss landscape"
    params = (RESOLUTION,)
    structured_params = ("file", "sha256", "domain")
    axis_names = ("α", "β")
    doc = (
        "L(θ + α·d1 + β·d2): a trained network's loss on a plane through its parameters θ "
        "(Li et al. 2018), from a landscape file; between grid points a C¹ bicubic "
        "interpolant."
    )
    min_value = None
    from_file = True

    def __init__(
        self,
        *,
        file: Any = None,
        sha256: Any = None,
        domain: Any = None,
        resolution: int = 100,
        **unknown: Any,
    ) -> None:
        if unknown:
            raise ValueError(
                f"Network loss landscape got an unknown keyword {show(next(iter(unknown)))}; "
                "valid: file, sha256, domain, resolution"
            )
        if not isinstance(file, (str, os.PathLike)) or not os.fspath(file):
            raise ValueError(f"file: must be the path of a landscape .npz file, got {show(file)}")
        path = os.path.abspath(os.fspath(file))
        data = read_landscape(path)
        if sha256 is not None:
            if not isinstance(sha256, str) or len(sha256) != 64:
                raise ValueError(f"sha256: must be 64 hexadecimal digits, got {show(sha256)}")
            if sha256.lower() != data.sha256:
                raise ValueError(
                    f"file: {shorten_path(path)} has changed since this scene was made "
                    f"(sha256 {data.sha256[:12]}…, the scene recorded {sha256.lower()[:12]}…); "
                    "open the landscape file itself to see it as it is now"
                )
        table_domain = data.table.domain
        super().__init__(domain=table_domain if domain is None else _check_domain(domain),
                         resolution=resolution)  # fmt: skip
        self.file = path
        self.sha256 = data.sha256
        self._data = data
        self.table = data.table
        self._measuring = threading.local()

    # pickled (the app's engine process sends results back) without the thread-local flag
    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        del state["_measuring"]
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._measuring = threading.local()

    # -- evaluation ---------------------------------------------------------------------
    def _loss(self, w, b):
        return self.table.value(w, b)

    def _loss_grad(self, w, b):
        return self.table(w, b)

    # -- geometry and words -------------------------------------------------------------
    @property
    def start(self) -> tuple[float, float]:
        """Where the recorded training path begins (inside the domain), else the
        trained network θ at (0, 0)."""
        (a0, a1), (b0, b1) = self.domain
        if len(self._data.path):
            a, b = self._data.path[0]
            return float(np.clip(a, a0, a1)), float(np.clip(b, b0, b1))
        return float(np.clip(0.0, a0, a1)), float(np.clip(0.0, b0, b1))

    @property
    def minimum_text(self) -> str:
        z = self.table.values
        j, i = np.unravel_index(int(np.argmin(z)), z.shape)
        return (
            f"the trained network θ at (0, 0); least loss on the grid {z[j, i]:.6g} at "
            f"({self.table.x[i]:.4g}, {self.table.y[j]:.4g})"
        )

    @property
    def badge(self) -> str:
        """The line "projection — 2 of N dimensions, x % of the path's variance" (the
        plane's share of the training path's squared deviation from θ), and how far the
        plane's loss is from the true loss along the path (the honesty meter): a
        :class:`~core._message.Message`, which the window says in its language."""
        d = self._data
        values = {"size": f"{d.size:,}"}
        if math.isfinite(d.explained):
            values["share"] = f"{100.0 * d.explained:.1f}"
        n = min(len(d.path_loss), len(d.plane_path_loss))
        if n:
            gap = np.abs(d.plane_path_loss[:n] - d.path_loss[:n])
            if np.isfinite(gap).all():
                values["gap"] = _fmt(float(gap.max()))
        return Message(_BADGES["share" in values, "gap" in values], **values)

    def demo_hyper(self, opt_name: str) -> dict[str, Any]:
        """The series' hyperparameters, η scaled so that the first step from the start
        moves 1 % of the domain's diagonal (the grid's scale is the network's, not the
        demo surfaces'): one step at η = 1 measures the move, proportional to η for the
        rules whose first step is (gradient descent, momentum, the RMSprop and Adam
        families); for the others it sets the order of magnitude."""
        out = super().demo_hyper(opt_name)
        # (the engine asks for the demo values of the optimizer it builds: inside the
        # measuring step, the series' are the answer)
        if "eta" not in out or getattr(self._measuring, "on", False):
            return out
        from gradscape.core.trajectory import descend

        (a0, a1), (b0, b1) = self.domain
        target = 0.01 * math.hypot(a1 - a0, b1 - b0)
        self._measuring.on = True
        try:
            traj = descend(self, (opt_name, {**out, "eta": 1.0}), self.start, 1,
                           seed=0, bound=math.inf)  # fmt: skip
        except ValueError:
            return out
        finally:
            self._measuring.on = False
        one = traj[0] if isinstance(traj, list) else traj
        moved = float(np.hypot(*one.moves[0])) if one.n else 0.0
        if math.isfinite(moved) and moved > 0:
            out["eta"] = float(f"{target / moved:.3g}")
        return out

    def to_dict(self) -> dict[str, Any]:
        d = super().to_dict()
        d["params"]["file"] = self.file
        d["params"]["sha256"] = self.sha256
        return d


#: The badge's sentence, by (the path's variance share is known, the gap is known).
_BADGES = {
    (False, False): template("projection — 2 of {size} dimensions"),
    (True, False): template(
        "projection — 2 of {size} dimensions, {share} % of the path's variance"
    ),
    (False, True): template(
        "projection — 2 of {size} dimensions; plane vs true loss on the path: max gap {gap}"
    ),
    (True, True): template(
        "projection — 2 of {size} dimensions, {share} % of the path's variance; "
        "plane vs true loss on the path: max gap {gap}"
    ),
}


def _fmt(v: float) -> str:
    return f"{v:.3g}"
