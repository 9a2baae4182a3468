"""``losscape export``: render a scene with no window and write PNG, GIF, MP4, CSV or JSON.

The scene comes from options (surface, optimizers, η, start, steps, seed) or from a saved
scene file (``--scene``); the format from the output's extension.  Images are drawn by the
window's own views (:mod:`app.export.render`), so the CLI writes what the window shows.
CSV and JSON need no display at all; 2D views use Qt's offscreen platform; 3D views start a
virtual X server (Xvfb) when there is no display, and stop it afterwards.

Every image carries the scene that reproduces it (PNG text chunk, GIF comment, MP4 comment
metadata, ``scene.json`` beside a PNG sequence), and ``--scene`` reads it back from them.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import signal
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn, TextIO

from app.export.writers import (
    ANIMATION_FORMATS,
    GIF_MAX_FPS,
    ExportCancelled,
    ExportError,
    atomic_write_text,
    describe_oserror,
    format_for_path,
    read_embedded_scene,
    select_steps,
)

PROG = "losscape export"

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_WRITE = 3
EXIT_DIVERGED = 4
EXIT_DISPLAY = 5
EXIT_INTERRUPTED = 130

VIEWS = ("3d", "contour", "both", "loss", "window")
HEIGHT_MODES = ("linear", "log", "clip")
#: The window's colormaps (app.model.state.COLORMAPS, repeated so that --help needs no Qt).
COLORMAPS = ("viridis", "plasma", "inferno", "cividis", "CET-L17")
#: At most this many runs in one picture (the window's race has as many colours).
MAX_RUNS = 8

EPILOG = """\
formats (from the output's extension):
  .png   one frame (the step given by --at, default the last)
  .gif   animation (looping; fps <= 50)
  .mp4   animation, H.264 (even width and height)
  .csv   the trajectory table: step, w, b, loss, gradients, moves, optimizer state
         (one row per step; a race or sweep adds the columns run and label)
  .json  the scene and every trajectory
  DIR/   a folder (no extension, or ending in /): numbered PNG frames + scene.json

optimizer and surface syntax:
  NAME[:KEY=VALUE[,KEY=VALUE...]]   e.g.  adam:eta=0.1,beta1=0.8   neuron:act=tanh
  Names ignore case and punctuation (Santa-E = santae). Unset hyperparameters take the
  surface's demo values (Adam on the neuron: eta=0.25), then the optimizer's defaults.

exit status:
  0  success
  2  bad arguments, unknown optimizer or surface (the valid names are listed), bad scene
  3  the output could not be written (unwritable folder, full disk, encoder failure);
     no partial file is left behind
  4  a trajectory diverged: the output is written anyway, a warning says where and why
  5  cannot render here: no display and no Xvfb (install the Debian package xvfb)
  130  interrupted (Ctrl-C); nothing is left behind

examples:
  losscape export -o adam.gif
      the default scene: Adam (eta=0.25) on the sigmoid neuron, 200 steps, 3D view
  losscape export --optimizer sgd:eta=2 --optimizer adam --optimizer rmsprop \\
      --view both --size 1280x600 --fps 25 -o race.mp4
      a race of three optimizers, 3D view and contour map side by side
  losscape export --optimizer adam --eta 0.01 0.1 0.5 --view contour -o sweep.png
      a sweep of three learning rates in one picture, with a legend
  losscape export --surface rosenbrock --optimizer nag:eta=0.001,mu=0.9 \\
      --start -1.5 2 --steps 500 --stride 5 -o frames/
      every 5th step of a Rosenbrock run as numbered PNG frames
  losscape export --surface neuron:act=tanh,loss=square --samples 1,0.5 -1,0.2 \\
      --steps 100 -o run.csv
      the trajectory table of a neuron with two data samples (no display needed)
  losscape export --scene figure.png -o figure.mp4
      re-render the scene embedded in an exported PNG (or GIF, MP4, scene .json) as a video
"""


class UsageError(Exception):
    """Bad command-line input: exit status 2 with a one-line reason."""


class _Parser(argparse.ArgumentParser):
    """argparse that reports errors in one line (no usage dump) via :class:`UsageError`."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def _size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"must look like 800x600, got {text!r}") from None
    if not (64 <= w <= 8192 and 64 <= h <= 8192):
        raise argparse.ArgumentTypeError(f"must be between 64x64 and 8192x8192, got {text!r}")
    return w, h


def _scale(text: str) -> int | None:
    """``auto`` (None) or a whole factor 1 to 4."""
    if text.strip().lower() == "auto":
        return None
    try:
        v = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be auto or 1, 2, 3 or 4, got {text!r}") from None
    if not 1 <= v <= 4:
        raise argparse.ArgumentTypeError(f"must be auto or 1, 2, 3 or 4, got {text!r}")
    return v


def auto_scale(size: tuple[int, int]) -> int:
    """The text and line scale for a frame size: 1 below 2400×1800, then the largest whole
    factor ≤ 4 that fits the frame about 1200×900 times and divides both sides (the picture
    is drawn at the size divided by it: a fraction would leave an undrawn edge)."""
    w, h = size
    k = max(1, min(4, int(min(w / 1200.0, h / 900.0))))
    while w % k or h % k:
        k -= 1
    return k


def _int_at_least(low: int) -> Callable[[str], int]:
    """An argparse type: an integer >= ``low``."""

    def parse(text: str) -> int:
        try:
            v = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"must be an integer, got {text!r}") from None
        if v < low:
            raise argparse.ArgumentTypeError(f"must be >= {low}, got {v}")
        return v

    return parse


_positive_int = _int_at_least(1)
_nonneg_int = _int_at_least(0)


def _finite(text: str) -> float:
    try:
        v = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number, got {text!r}") from None
    if not math.isfinite(v):
        raise argparse.ArgumentTypeError(f"must be finite, got {text!r}")
    return v


def _fps(text: str) -> float:
    v = _finite(text)
    if not 0 < v <= 240:
        raise argparse.ArgumentTypeError(f"must be in (0, 240], got {text}")
    return v


def _sample(text: str) -> tuple[float, float]:
    parts = text.split(",")
    if len(parts) != 2:
        raise argparse.ArgumentTypeError(f"a sample is X,Y (e.g. 1,0.5), got {text!r}")
    return (_finite(parts[0]), _finite(parts[1]))


def _range(text: str) -> tuple[int, int | None]:
    a, sep, b = text.partition(":")
    if not sep:
        raise argparse.ArgumentTypeError(f"must be START:END (e.g. 0:100 or 50:), got {text!r}")
    try:
        start = int(a) if a.strip() else 0
        stop = int(b) if b.strip() else None
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be START:END integers, got {text!r}") from None
    return start, stop


def build_parser() -> argparse.ArgumentParser:
    """The ``losscape export`` argument parser (documented in its --help)."""
    p = _Parser(
        prog=PROG,
        description="Render a losscape scene without a window and write it as PNG, GIF, MP4, "
        "CSV or JSON. Works with no display: 2D views use Qt's offscreen platform, 3D views "
        "start their own virtual X server (Xvfb).",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        allow_abbrev=False,
    )
    sc = p.add_argument_group("scene (or --scene FILE)")
    sc.add_argument(
        "--scene", metavar="FILE",
        help="render a saved scene exactly: a scene .json, or a PNG/GIF/MP4/JSON exported by "
        "losscape (they embed their scene); excludes the other scene options",
    )  # fmt: skip
    sc.add_argument(
        "--surface", metavar="NAME[:K=V,...]",
        help="the loss surface and its parameters (default: neuron, the sigmoid neuron "
        "L(w, b) = 1/2 (sigmoid(x w + b) - y*)^2); e.g. rosenbrock, neuron:act=tanh,loss=binary",
    )  # fmt: skip
    sc.add_argument(
        "--samples", metavar="X,Y", nargs="+", type=_sample,
        help="data samples (x, y*) of the neuron surface (default: 1,0.5), e.g. --samples "
        "1,0.5 -1,0.2",
    )  # fmt: skip
    sc.add_argument(
        "--optimizer", metavar="NAME[:K=V,...]", action="append",
        help="an optimizer and its hyperparameters; repeat for a race (default: adam), "
        "e.g. --optimizer adam:eta=0.1 --optimizer sgd:eta=1",
    )  # fmt: skip
    sc.add_argument(
        "--eta", metavar="ETA", nargs="+", type=_finite,
        help="learning rate; several values sweep one optimizer, e.g. --eta 0.01 0.1 1",
    )  # fmt: skip
    sc.add_argument(
        "--start",
        metavar=("W", "B"),
        nargs=2,
        type=_finite,
        help="start point (default: the surface's recommended start)",
    )
    sc.add_argument("--steps", type=_nonneg_int, metavar="N", help="optimizer steps (default 200)")
    sc.add_argument(
        "--seed",
        type=_nonneg_int,
        metavar="N",
        help="seed of stochastic optimizers and minibatches (default 0)",
    )
    sc.add_argument(
        "--grid",
        type=_positive_int,
        metavar="N",
        help="surface mesh resolution per axis, 10..400 (default 100)",
    )

    look = p.add_argument_group("picture")
    look.add_argument(
        "--view",
        choices=VIEWS,
        default="3d",
        help="what to draw: the 3D surface, the contour map, both side by side, "
        "the loss curve, or the whole window (default 3d)",
    )
    look.add_argument(
        "--size",
        type=_size,
        default=(800, 600),
        metavar="WxH",
        help="frame size in pixels (default 800x600)",
    )
    look.add_argument(
        "--scale",
        type=_scale,
        default=None,
        metavar="K",
        help="text and line scale, 1 to 4; the size must divide by it (default auto: 1 below "
        "2400x1800, larger for larger frames, so labels stay readable)",
    )
    look.add_argument(
        "--height",
        choices=HEIGHT_MODES,
        default=None,
        help="height scale of the surface and colours (default linear)",
    )
    look.add_argument(
        "--colormap",
        choices=COLORMAPS,
        default=None,
        help="surface colours (default viridis)",
    )
    look.add_argument("--log-loss", action="store_true", help="log-scaled loss curve")

    anim = p.add_argument_group("animation")
    anim.add_argument(
        "--fps",
        type=_fps,
        default=30.0,
        help=f"frames per second of GIF/MP4 (default 30; GIF <= {GIF_MAX_FPS:g})",
    )
    anim.add_argument(
        "--stride",
        type=_positive_int,
        default=1,
        metavar="K",
        help="render every K-th step (the last step is always included)",
    )
    anim.add_argument(
        "--range",
        type=_range,
        default=None,
        metavar="A:B",
        help="render steps A..B only (default: all), e.g. 0:100 or 50:",
    )
    anim.add_argument(
        "--at",
        type=_nonneg_int,
        default=None,
        metavar="STEP",
        help="step shown in a .png (default: the last)",
    )

    out = p.add_argument_group("output")
    out.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="PATH",
        help="output file (.png .gif .mp4 .csv .json) or folder (PNG frames)",
    )
    out.add_argument(
        "--save-scene",
        metavar="FILE",
        help="also write the scene as JSON (load it with --scene or in the window)",
    )
    out.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="no progress or summary on stderr (errors still print)",
    )
    # argparse takes "-1,0.2" (a sample with a negative x) for an option; no option here
    # looks like a number, so every argument that starts with "-<digit>" is a value.
    p._negative_number_matcher = re.compile(r"^-\.?\d")  # type: ignore[attr-defined]
    return p


# --------------------------------------------------------------------------- scene building


def _parse_value(text: str, spec: Any) -> Any:
    """A command-line string as the kind of value ``spec`` (a registry Param) wants."""
    kind = getattr(spec, "kind", float)
    if kind is bool:
        low = text.strip().lower()
        if low in ("1", "true", "yes", "on"):
            return True
        if low in ("0", "false", "no", "off"):
            return False
        raise ValueError(f"{spec.name} must be true or false, got {text!r}")
    if kind is str:
        return text
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{spec.name} must be a number, got {text!r}") from None
    if kind is int and value == int(value):
        return int(value)
    return value


def split_spec(text: str, what: str) -> tuple[str, dict[str, str]]:
    """``NAME[:K=V,...]`` -> (name, {k: v}); ValueError naming ``what`` otherwise."""
    name, _, rest = text.partition(":")
    name = name.strip()
    if not name:
        raise ValueError(f"{what} needs a name before ':', got {text!r}")
    values: dict[str, str] = {}
    if rest.strip():
        for item in rest.split(","):
            key, eq, val = item.partition("=")
            if not eq or not key.strip() or not val.strip():
                raise ValueError(
                    f"{what} {name!r}: parameters are KEY=VALUE separated by commas, got {item!r}"
                )
            if key.strip() in values:
                raise ValueError(f"{what} {name!r}: {key.strip()!r} given twice")
            values[key.strip()] = val.strip()
    return name, values


def _typed(values: dict[str, str], specs: Sequence[Any], owner: str) -> dict[str, Any]:
    by_name = {s.name: s for s in specs}
    out: dict[str, Any] = {}
    for key, text in values.items():
        spec = by_name.get(key)
        if spec is None:
            # Leave the value as a number if it looks like one: the engine names the bad key.
            try:
                out[key] = float(text)
            except ValueError:
                out[key] = text
            continue
        out[key] = _parse_value(text, spec)
    return out


def scene_from_args(args: argparse.Namespace) -> Any:
    """The :class:`core.scene.Scene` the options describe (validated by the engine)."""
    from core.optimizers import OPTIMIZERS
    from core.scene import Scene, SceneError
    from core.surfaces import SURFACES

    surface_text = args.surface or "neuron"
    sname, sraw = split_spec(surface_text, "--surface")
    skey = SURFACES.key(sname)  # ValueError listing the valid surfaces
    sparams = _typed(sraw, SURFACES[skey].params, skey)
    if args.samples is not None:
        sparams["samples"] = [list(s) for s in args.samples]
    if args.grid is not None:
        sparams["resolution"] = args.grid

    specs = args.optimizer or ["adam"]
    runs: list[tuple[str, dict[str, Any]]] = []
    for text in specs:
        oname, oraw = split_spec(text, "--optimizer")
        okey = OPTIMIZERS.key(oname)  # ValueError listing the valid optimizers
        runs.append((okey, _typed(oraw, OPTIMIZERS[okey].params, okey)))
    etas = args.eta or []
    if len(etas) > 1:
        if len(runs) > 1:
            raise ValueError(
                f"--eta with several values sweeps one optimizer, but {len(runs)} optimizers "
                "were given; repeat --optimizer NAME:eta=VALUE for a race instead"
            )
        key, hyper = runs[0]
        if "eta" in hyper:
            raise ValueError("--eta sweeps the learning rate: drop eta= from --optimizer")
        runs = [(key, {**hyper, "eta": e}) for e in etas]
    elif len(etas) == 1:
        runs = [(k, {**h, "eta": h.get("eta", etas[0])}) for k, h in runs]
    if len(runs) > MAX_RUNS:
        raise ValueError(
            f"at most {MAX_RUNS} optimizers or eta values in one export, got {len(runs)}"
        )
    for key, hyper in runs:
        if "eta" in hyper and not any(p.name == "eta" for p in OPTIMIZERS[key].params):
            raise ValueError(f"{OPTIMIZERS[key].display_name} has no learning rate eta")

    kw: dict[str, Any] = {
        "surface": skey,
        "surface_params": sparams,
        "optimizers": runs,
        "steps": 200 if args.steps is None else args.steps,
        "seed": 0 if args.seed is None else args.seed,
    }
    if args.start is not None:
        kw["start"] = list(args.start)
    try:
        return Scene(**kw)
    except SceneError as exc:
        raise ValueError(_option_terms(str(exc), skey, [k for k, _ in runs])) from None


def _option_terms(message: str, surface: str, optimizers: list[str]) -> str:
    """The scene's field names in a message as the options that set them: a user of the
    command line typed --optimizer, not optimizers[1].hyper."""
    m = re.match(r"optimizers\[(\d+)\](?:\.hyper)?: (.*)", message, re.S)
    if m and int(m[1]) < len(optimizers):
        return f"--optimizer {optimizers[int(m[1])]}: {m[2]}"
    m = re.match(r"surface_params: (.*)", message, re.S)
    if m:
        return f"--surface {surface}: {m[1]}"
    m = re.match(r"(start|steps|seed)(\[\d+\])?: (.*)", message, re.S)
    if m:
        return f"--{m[1]}: {m[3]}"
    return message


def load_scene_file(path: str) -> Any:
    """A Scene from a scene .json, a trajectory .json written by this tool, or an image
    with an embedded scene (PNG, GIF).  SceneError/ValueError name the problem."""
    from core.scene import Scene, SceneError, parse_json

    p = Path(path)
    if not p.is_file():
        raise SceneError(f"--scene: no such file {path!r}")
    suffix = p.suffix.lower()
    if suffix in (".png", ".gif", ".mp4"):
        try:
            text = read_embedded_scene(p)
        except (OSError, ValueError) as exc:
            raise SceneError(f"--scene: cannot read {path!r}: {exc}") from None
        if text is None:
            raise SceneError(f"--scene: {path!r} holds no losscape scene")
        return Scene.from_json(text)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise SceneError(f"--scene: cannot read {path!r}: {exc.strerror}") from None
    data = parse_json(raw)  # SceneError says where the JSON breaks
    if isinstance(data, dict) and "trajectories" in data and "scene" in data:
        return Scene.from_dict(data["scene"])
    return Scene.from_dict(data)


# --------------------------------------------------------------------------- data export


def _trajectory_rows(traj: Any) -> tuple[list[str], list[list[float]]]:
    """The engine's CSV columns for one trajectory (see ``core.trajectory.to_csv``)."""
    from core.trajectory import csv_columns

    names, table = csv_columns(traj)
    return names, table.tolist()


def _num(x: float) -> str:
    return "" if math.isnan(x) else repr(float(x))


#: Rows of CSV text formatted between two checks for Ctrl-C.
CHECK_ROWS = 4096


def csv_text(trajectories: Sequence[Any], check: Callable[[], None] = lambda: None) -> str:
    """CSV of one trajectory (exactly ``core.trajectory.to_csv``'s table), or of several
    with two leading columns ``run`` (0, 1, ...) and ``label`` and the union of the state
    columns (empty where a run has no such state).  ``check()`` is called every few
    thousand rows (it raises to stop)."""
    tables = [_trajectory_rows(t) for t in trajectories]
    if len(tables) == 1:
        names, rows = tables[0]
        lines = [",".join(names)]
        for a in range(0, len(rows), CHECK_ROWS):
            check()
            chunk = rows[a : a + CHECK_ROWS]
            lines += [",".join([str(int(r[0]))] + [_num(v) for v in r[1:]]) for r in chunk]
        return "\n".join(lines) + "\n"
    header: list[str] = []
    for names, _ in tables:
        header += [n for n in names if n not in header]
    lines = [",".join(["run", "label", *header])]
    for i, (traj, (names, rows)) in enumerate(zip(trajectories, tables, strict=True)):
        label = '"' + traj.label.replace('"', '""') + '"'
        index = {n: j for j, n in enumerate(names)}
        for j, r in enumerate(rows):
            if j % CHECK_ROWS == 0:
                check()
            cells = [str(int(r[0]))] + [_num(r[index[n]]) if n in index else "" for n in header[1:]]
            lines.append(",".join([str(i), label, *cells]))
    return "\n".join(lines) + "\n"


def json_text(scene: Any, trajectories: Sequence[Any]) -> str:
    """The scene and every trajectory (``core.trajectory.trajectory_dict``) as JSON."""
    from core.trajectory import trajectory_dict

    doc = {
        "scene": scene.to_dict(),
        "trajectories": [trajectory_dict(t) for t in trajectories],
    }
    return json.dumps(doc, indent=1, allow_nan=False, ensure_ascii=False) + "\n"


# --------------------------------------------------------------------------- progress


class Progress:
    """Frame progress on stderr: a live line on a terminal, every 10 % otherwise."""

    def __init__(self, stream: TextIO, quiet: bool) -> None:
        self.stream, self.quiet = stream, quiet
        self.tty = bool(getattr(stream, "isatty", lambda: False)())
        self._last_decile = -1
        self._t0 = time.perf_counter()

    def __call__(self, done: int, total: int, what: str = "frame") -> None:
        if self.quiet:
            return
        pct = 100 * done // total
        if self.tty:
            self.stream.write(f"\r{PROG}: {what} {done}/{total} ({pct}%)")
            if done == total:
                self.stream.write("\n")
            self.stream.flush()
        elif pct // 10 != self._last_decile or done == total:
            self._last_decile = pct // 10
            self.stream.write(f"{PROG}: {what} {done}/{total} ({pct}%)\n")
            self.stream.flush()
        if done == total:
            self._last_decile = -1  # the next count starts over

    def steps(self, started: float) -> Callable[[int, int], None]:
        """A progress callback for the engine: quiet for the first second, then counts
        "computing step k/N" like the frames."""

        def report(done: int, total: int) -> None:
            if time.perf_counter() - started > 1.0 or self._last_decile >= 0:
                self(done, total, "computing step")

        return report

    def info(self, text: str) -> None:
        if not self.quiet:
            self.stream.write(f"{PROG}: {text}\n")
            self.stream.flush()

    def elapsed(self) -> float:
        return time.perf_counter() - self._t0


def _human(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024  # type: ignore[assignment]
    return f"{n} B"


def _size_of(path: Path) -> int:
    if path.is_dir():
        return sum(f.stat().st_size for f in path.iterdir() if f.is_file())
    return path.stat().st_size


# --------------------------------------------------------------------------- rendering


def _frame_steps(scene: Any, args: argparse.Namespace, fmt: str) -> list[int]:
    """The steps to draw (--at for a PNG, --range and --stride for an animation); a usage
    error names a step outside the run."""
    if fmt == "png":
        at = scene.steps if args.at is None else args.at
        if at > scene.steps:
            raise UsageError(f"--at must be in [0, {scene.steps}], got {at}")
        return [at]
    start, stop = args.range or (0, None)
    return select_steps(scene.steps, stride=args.stride, start=start, stop=stop)


def _compute(
    state: Any, scene: Any, out: Path, progress: Progress, cancel: threading.Event | None
) -> Any:
    """The window's result for ``state``, computed here, once: counted on stderr after the
    first second, stopped by Ctrl-C (ExportCancelled)."""
    from app.model.compute import Cancelled, compute_result

    show = progress.steps(time.perf_counter())
    n = len(scene.optimizers)

    def fraction(f: float) -> None:
        # compute_result counts the grids as one part and the race as n more
        show(max(0, min(scene.steps, round((f * (n + 1) - 1) / n * scene.steps))), scene.steps)

    try:
        return compute_result(
            state.scene,
            lambda: cancel is not None and cancel.is_set(),
            fraction,
            colors=state.run_colors,
        )
    except Cancelled:
        raise ExportCancelled(f"export to {out} cancelled; nothing was written", out) from None


def _render_images(
    scene: Any,
    args: argparse.Namespace,
    fmt: str,
    out: Path,
    progress: Progress,
    cancel: threading.Event | None = None,
    window_factory: Any = None,
) -> tuple[Path, list[Any]]:
    """Start Qt (and Xvfb if needed), compute the scene once (progress, Ctrl-C), render the
    frames, write them; returns the path and the trajectories."""
    from app.export.display import prepare_display
    from app.export.render import needs_gl

    w, h = args.size
    scale = auto_scale((w, h)) if args.scale is None else args.scale
    if w % scale or h % scale:
        raise UsageError(
            f"--size {w}x{h} must divide by --scale {scale} (the picture is drawn at "
            f"{w / scale:g}x{h / scale:g} and enlarged)"
        )
    display = prepare_display(needs_gl(args.view), width=w, height=h)
    if display.running:
        progress.info(f"no display: rendering on a virtual X server {display.display} (Xvfb)")
    try:
        from PyQt6.QtWidgets import QApplication

        from app.views.gl_context import application

        if QApplication.instance() is None:
            # Qt reads the scale once, when the application starts (a process that already
            # runs Qt, like a test, renders at its own scale)
            os.environ["QT_SCALE_FACTOR"] = str(scale)  # (also 1: over an inherited one)
        app = application()  # hidden views' GL contexts share pyqtgraph's shaders
        from app.runtime import install as collect_on_gui_thread

        collect_on_gui_thread(app)  # the encoder thread must not free Qt objects
        from app.export.render import FrameRenderer
        from app.export.writers import export_animation
        from app.model.state import AppState

        state = AppState(scene=scene)
        if args.height is not None:
            state.height_mode = args.height
        if args.colormap is not None:
            state.colormap = args.colormap
        state.log_loss = args.log_loss
        state.set_result(_compute(state, scene, out, progress, cancel))
        renderer = FrameRenderer(state, args.view, (w, h), window_factory=window_factory)
        try:
            steps = _frame_steps(scene, args, fmt)
            written = export_animation(
                renderer.render,
                steps,
                out,
                fps=args.fps,
                scene=scene.to_json(),
                kind=fmt,
                progress=progress,
                cancel=cancel,
            )
            return written, state.result.trajectories
        finally:
            renderer.close()
            del app
    finally:
        display.stop()


# --------------------------------------------------------------------------- main


def _check_output(args: argparse.Namespace) -> str:
    fmt = format_for_path(args.output)
    if fmt == "mp4" and (args.size[0] % 2 or args.size[1] % 2):
        w, h = args.size
        raise UsageError(f"--size for MP4 (H.264) must have an even width and height, got {w}x{h}")
    if fmt == "gif" and args.fps > GIF_MAX_FPS:
        raise UsageError(
            f"--fps for a GIF must be <= {GIF_MAX_FPS:g} (browsers slow faster GIFs down), "
            f"got {args.fps:g}"
        )
    if fmt not in ANIMATION_FORMATS and (args.range is not None or args.stride != 1):
        raise UsageError(f"--range and --stride apply to animations (.gif .mp4 folder), not .{fmt}")
    if args.at is not None and fmt != "png":
        raise UsageError("--at picks the step of a .png; animations use --range")
    return fmt


def _scene_options_given(args: argparse.Namespace) -> list[str]:
    names = ["surface", "samples", "optimizer", "eta", "start", "steps", "seed", "grid"]
    return ["--" + n for n in names if getattr(args, n) is not None]


def _check_renderable(scene: Any) -> None:
    """The window (and so the renderer) shows one start point on the default domain."""
    from app.model.state import check_showable

    try:
        check_showable(scene)
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def run(
    args: argparse.Namespace,
    stderr: TextIO,
    cancel: threading.Event | None = None,
    window_factory: Any = None,
) -> int:
    """Do the export described by parsed ``args``; returns the exit status.

    ``window_factory`` makes the whole window for ``--view window`` (the app's entry point
    hands it down: export never imports the windows).
    """
    progress = Progress(stderr, args.quiet)
    fmt = _check_output(args)
    if args.scene is not None:
        given = _scene_options_given(args)
        if given:
            raise UsageError(
                f"--scene renders the saved scene exactly; drop {', '.join(given)} "
                "(or leave out --scene)"
            )
        scene = load_scene_file(args.scene)
    else:
        scene = scene_from_args(args)
    if fmt not in ("csv", "json"):
        _check_renderable(scene)
        _frame_steps(scene, args, fmt)  # a bad --at or --range before any work
    out = Path(args.output)

    def check() -> None:
        """Stop here, writing nothing, when Ctrl-C (or SIGTERM) came."""
        if cancel is not None and cancel.is_set():
            raise ExportCancelled(f"export to {out} cancelled; nothing was written", out)

    show = progress.steps(time.perf_counter())

    def steps_done(done: int, total: int) -> None:
        check()
        show(done, total)

    if fmt in ("csv", "json"):
        trajectories = scene.run(progress=steps_done)
        text = csv_text(trajectories, check) if fmt == "csv" else json_text(scene, trajectories)
        check()
        atomic_write_text(out, text)
    else:  # computed once, by the window's own code, and drawn
        out, trajectories = _render_images(
            scene, args, fmt, out, progress, cancel, window_factory
        )
    diverged = [t for t in trajectories if t.diverged_at is not None]
    if args.save_scene:
        atomic_write_text(args.save_scene, scene.to_json())

    progress.info(f"wrote {out} ({_human(_size_of(out))}) in {progress.elapsed():.1f} s")
    caveat = scene.surface_object().caveat
    if caveat:
        progress.info(f"note: {caveat}")
    for t in diverged:
        reason = f": {t.reason}" if t.reason else ""
        stderr.write(f"{PROG}: warning: {t.label} diverged at step {t.diverged_at}{reason}\n")
    return EXIT_DIVERGED if diverged else EXIT_OK


def _install_interrupt(cancel: threading.Event) -> dict[int, Any]:
    """Ctrl-C and SIGTERM set ``cancel`` instead of raising: an exception raised inside a
    Qt or pyqtgraph callback would be swallowed there, a flag is seen at the next frame."""
    if threading.current_thread() is not threading.main_thread():
        return {}

    def handler(signum: int, frame: Any) -> None:
        if cancel.is_set():  # a second Ctrl-C: stop now
            raise KeyboardInterrupt
        cancel.set()

    return {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)}


def main(argv: Sequence[str] | None = None, window_factory: Any = None) -> int:
    """Entry point of ``losscape export``; returns the exit status (see --help).

    ``window_factory``: see :func:`run` (``losscape export`` passes the main window's).
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    stderr = sys.stderr
    parser = build_parser()
    previous: dict[int, Any] = {}
    cancel = threading.Event()
    try:
        try:
            args = parser.parse_args(argv)
        except SystemExit as exc:  # --help
            return int(exc.code or 0)
        previous = _install_interrupt(cancel)
        return run(args, stderr, cancel, window_factory)
    except UsageError as exc:
        stderr.write(f"{PROG}: error: {exc} (see {PROG} --help)\n")
        return EXIT_USAGE
    except ExportCancelled:
        stderr.write(f"{PROG}: interrupted; nothing was written\n")
        return EXIT_INTERRUPTED
    except ExportError as exc:
        stderr.write(f"{PROG}: error: {exc}\n")
        return EXIT_WRITE
    except OSError as exc:
        where = exc.filename or "the output"
        stderr.write(f"{PROG}: error: {describe_oserror(exc, where)}\n")
        return EXIT_WRITE
    except ValueError as exc:  # the engine's and the registries' messages (SceneError too)
        stderr.write(f"{PROG}: error: {exc}\n")
        return EXIT_USAGE
    except KeyboardInterrupt:
        stderr.write(f"{PROG}: interrupted; nothing was written\n")
        return EXIT_INTERRUPTED
    except Exception as exc:  # HeadlessError and a renderer that cannot start
        from app.export.display import HeadlessError

        if isinstance(exc, HeadlessError) or isinstance(exc, RuntimeError) and "OpenGL" in str(exc):
            stderr.write(f"{PROG}: error: {exc}\n")
            return EXIT_DISPLAY
        raise
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)
