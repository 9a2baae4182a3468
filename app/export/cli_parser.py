"""The ``gradscape export`` command line: its options, their checks and its --help.

Qt-free (``gradscape export --help`` starts no Qt): every value is checked here with a
one-line reason (:class:`UsageError`, exit status 2) before any work.  What the options
describe becomes a scene in :mod:`app.export.scene_source`; :mod:`app.export.cli` runs it.
"""

from __future__ import annotations

import argparse
import math
import re
from collections.abc import Callable, Sequence
from typing import NoReturn

from gradscape.app.export.images import GIF_MAX_FPS
from gradscape.app.model.choices import COLORMAPS, HEIGHT_MODES  # the window's own choices
from gradscape.app.model.overlays import OVERLAYS, parse_overlays
from gradscape.core._text import BODY_LIMIT, one_line, shorten
from gradscape.core.surfaces import FUNCTIONS

PROG = "gradscape export"

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_WRITE = 3
EXIT_DIVERGED = 4
EXIT_DISPLAY = 5
EXIT_INTERRUPTED = 130

#: The views an export draws (app.export.render draws them; this module needs no Qt).
VIEWS = ("3d", "contour", "both", "loss", "window")

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
  expr:FORMULA   a surface typed as a formula in w and b: numbers, w, b, pi, e,
  + - * / ** and {functions}
  (read by a whitelist, never run as code; gradient and Hessian exact), e.g.
  --surface 'expr:log(1 + exp(-3*w*b))' --domain -3 3 -3 3

schedules (a real hyperparameter that changes with the step t = 1, 2, ...):
  KEY=NAME(ARGS)   e.g.  sgd:eta=cosine(0.5,200)   adam:eta=step(base=0.1,step_size=50)
  (quote the option in a shell: --optimizer "sgd:eta=cosine(0.5,200)")
  ARGS are numbers by keyword or in the order listed here:
{schedules}
  Omitted arguments take their defaults. The .csv gets a column KEY_t (e.g. eta_t): the
  value each step used; the scene records the schedule.

exit status:
  0  success
  2  bad arguments, unknown optimizer or surface (the valid names are listed), bad scene,
     an empty output
  3  the output could not be written (unwritable folder, full disk, a name too long,
     encoder failure); no partial file is left behind, and with --save-scene neither
     file is written (an existing one keeps its content)
  4  a trajectory diverged: the output is written anyway, a warning says where and why
  5  cannot render here: no display and no Xvfb (install the Debian package xvfb)
  130  interrupted (Ctrl-C); nothing is left behind

examples:
  gradscape export -o adam.gif
      the default scene: Adam (eta=0.25) on the sigmoid neuron, 200 steps, 3D view
  gradscape export --optimizer sgd:eta=2 --optimizer adam --optimizer rmsprop \\
      --view both --size 1280x600 --fps 25 -o race.mp4
      a race of three optimizers, 3D view and contour map side by side
  gradscape export --optimizer adam --eta 0.01 0.1 0.5 --view contour -o sweep.png
      a sweep of three learning rates in one picture, with a legend
  gradscape export --surface rosenbrock --optimizer nag:eta=0.001,mu=0.9 \\
      --start -1.5 2 --steps 500 --stride 5 -o frames/
      every 5th step of a Rosenbrock run as numbered PNG frames
  gradscape export --surface neuron:act=tanh,loss=square --samples 1,0.5 -1,0.2 \\
      --steps 100 -o run.csv
      the trajectory table of a neuron with two data samples (no display needed)
  gradscape export --optimizer "sgd:eta=cosine(0.5,200)" --steps 200 -o cosine.csv
      gradient descent with a cosine-annealed learning rate; the table has eta_t
  gradscape export --scene figure.png -o figure.mp4
      re-render the scene embedded in an exported PNG (or GIF, MP4, scene .json) as a video
"""


def schedule_help() -> str:
    """One line per schedule of :data:`core.schedules.SCHEDULES`: its name, its arguments
    in order and its equation (the registry's, in k = t − 1)."""
    from gradscape.core.schedules import SCHEDULES

    lines = []
    for key, cls in SCHEDULES.items():
        args = ", ".join(p.name for p in cls.params)
        lines.append(f"    {key}({args})")
        lines += [f"        {line.strip()}" for line in cls.equation.splitlines()]
    return "\n".join(lines)


class UsageError(Exception):
    """Bad command-line input: exit status 2 with a one-line reason."""


class _Parser(argparse.ArgumentParser):
    """argparse that reports errors in one line (no usage dump) via :class:`UsageError`."""

    def error(self, message: str) -> NoReturn:
        # argparse quotes what was typed ("invalid choice: '...'", "unrecognized arguments:
        # ..."): a long value is shown shortened, and the message kept to one line
        message = re.sub(r"'([^']{61,})'", _requote, message)
        head, sep, rest = message.partition("unrecognized arguments: ")
        if sep:  # (unquoted)
            message = head + sep + shorten(rest)
        raise UsageError(one_line(message, BODY_LIMIT))


def _requote(match: re.Match[str]) -> str:
    """A long value argparse quoted, shortened (one of ours, shortened already, stays)."""
    value = match.group(1)
    if re.search(r"… \(\d+ characters\)$", value):
        return match.group(0)
    return repr(shorten(value))


#: The frame size when --size is not given: 4:3, or 2:1 for two views side by side (each
#: then gets about the square a surface needs, as in ``gradscape landscape``).
DEFAULT_SIZE = (800, 600)
DEFAULT_SIZE_BOTH = (1200, 600)


def default_size(view: str) -> tuple[int, int]:
    """The frame size of ``view`` when --size is not given."""
    return DEFAULT_SIZE_BOTH if view == "both" else DEFAULT_SIZE


class _ExportParser(_Parser):
    """The export's parser: --size defaults by --view (:func:`default_size`)."""

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        ns, rest = super().parse_known_args(args, namespace)
        if getattr(ns, "size", ()) is None:
            ns.size = default_size(ns.view)
        return ns, rest


def _output(text: str) -> str:
    """An output path: anything but empty (an empty one would write into the current folder)."""
    if not text:
        raise argparse.ArgumentTypeError(
            "must not be empty: give a file (.png .gif .mp4 .csv .json) or a folder"
        )
    return text


def _quoted(text: str) -> str:
    """``text`` quoted for a message, shortened when long."""
    return repr(shorten(text))


def _size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"must look like 800x600, got {_quoted(text)}") from None
    if not (64 <= w <= 8192 and 64 <= h <= 8192):
        raise argparse.ArgumentTypeError(
            f"must be between 64x64 and 8192x8192, got {_quoted(text)}"
        )
    return w, h


def _scale(text: str) -> int | None:
    """``auto`` (None) or a whole factor 1 to 4."""
    if text.strip().lower() == "auto":
        return None
    try:
        v = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"must be auto or 1, 2, 3 or 4, got {_quoted(text)}"
        ) from None
    if not 1 <= v <= 4:
        raise argparse.ArgumentTypeError(f"must be auto or 1, 2, 3 or 4, got {_quoted(text)}")
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


def _int_at_least(low: int, high: int | None = None) -> Callable[[str], int]:
    """An argparse type: an integer >= ``low`` (and <= ``high`` when given)."""

    def parse(text: str) -> int:
        try:
            v = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"must be an integer, got {_quoted(text)}") from None
        if high is not None and not low <= v <= high:
            raise argparse.ArgumentTypeError(f"must be in {low}..{high}, got {shorten(str(v))}")
        if v < low:
            raise argparse.ArgumentTypeError(f"must be >= {low}, got {shorten(str(v))}")
        return v

    return parse


_positive_int = _int_at_least(1)
_nonneg_int = _int_at_least(0)


def _finite(text: str) -> float:
    try:
        v = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number, got {_quoted(text)}") from None
    if not math.isfinite(v):
        raise argparse.ArgumentTypeError(f"must be finite, got {_quoted(text)}")
    return v


def _fps(text: str) -> float:
    v = _finite(text)
    if not 0 < v <= 240:
        raise argparse.ArgumentTypeError(f"must be in (0, 240], got {shorten(text)}")
    return v


def _sample(text: str) -> tuple[float, float]:
    parts = text.split(",")
    if len(parts) != 2:
        raise argparse.ArgumentTypeError(f"a sample is X,Y (e.g. 1,0.5), got {_quoted(text)}")
    return (_finite(parts[0]), _finite(parts[1]))


def _overlays(text: str) -> tuple[str, ...]:
    try:
        chosen = parse_overlays(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None
    return tuple(n for n in OVERLAYS if n in chosen)


def _range(text: str) -> tuple[int, int | None]:
    a, sep, b = text.partition(":")
    if not sep:
        raise argparse.ArgumentTypeError(
            f"must be START:END (e.g. 0:100 or 50:), got {_quoted(text)}"
        )
    try:
        start = int(a) if a.strip() else 0
        stop = int(b) if b.strip() else None
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"must be START:END integers, got {_quoted(text)}"
        ) from None
    return start, stop


def build_parser() -> argparse.ArgumentParser:
    """The ``gradscape export`` argument parser (documented in its --help)."""
    p = _ExportParser(
        prog=PROG,
        description="Render a gradscape scene without a window and write it as PNG, GIF, MP4, "
        "CSV or JSON. Works with no display: 2D views use Qt's offscreen platform, 3D views "
        "start their own virtual X server (Xvfb).",
        epilog=EPILOG.replace("{schedules}", schedule_help()).replace(
            "{functions}", " ".join(FUNCTIONS)
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        allow_abbrev=False,
    )
    sc = p.add_argument_group("scene (or --scene FILE)")
    sc.add_argument(
        "--scene", metavar="FILE",
        help="render a saved scene exactly: a scene .json, or a PNG/GIF/MP4/JSON exported by "
        "gradscape (they embed their scene); excludes the other scene options",
    )  # fmt: skip
    sc.add_argument(
        "--surface", metavar="NAME[:K=V,...]",
        help="the loss surface and its parameters (default: neuron, the sigmoid neuron "
        "L(w, b) = 1/2 (sigmoid(x w + b) - y*)^2); e.g. rosenbrock, neuron:act=tanh,loss=binary; "
        "or a formula in w and b: 'expr:(1-w)**2+100*(b-w**2)**2'",
    )  # fmt: skip
    sc.add_argument(
        "--domain", metavar=("WMIN", "WMAX", "BMIN", "BMAX"), nargs=4, type=_finite,
        help="the drawn region of the surface, e.g. --domain -2 2 -1 3 (default: the "
        "surface's; pictures of a built-in surface keep its own, a typed formula takes any)",
    )  # fmt: skip
    sc.add_argument(
        "--samples", metavar="X,Y", nargs="+", type=_sample,
        help="data samples (x, y*) of the neuron surface (default: 1,0.5), e.g. --samples "
        "1,0.5 -1,0.2",
    )  # fmt: skip
    sc.add_argument(
        "--optimizer", metavar="NAME[:K=V,...]", action="append",
        help="an optimizer and its hyperparameters; repeat for a race (default: adam), "
        "e.g. --optimizer adam:eta=0.1 --optimizer sgd:eta=1; a hyperparameter may follow "
        "a schedule, e.g. sgd:eta=cosine(0.5,200) (see schedules below)",
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
        type=_int_at_least(10, 400),
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
        default=None,
        metavar="WxH",
        help="frame size in pixels (default 800x600; 1200x600 for --view both)",
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
    look.add_argument(
        "--camera",
        nargs=3,
        type=_finite,
        metavar=("AZIMUTH", "ELEVATION", "DISTANCE"),
        help="the 3D view's camera: azimuth and elevation in degrees (elevation in -90..90) "
        "and distance > 0, e.g. --camera -58 28 4 (default: the camera a --scene records, "
        "else -58 28 4); recorded in the exported scene",
    )
    look.add_argument(
        "--overlay",
        type=_overlays,
        default=(),
        metavar="NAMES",
        help="draw at the current step, comma-separated: grad (−η·g), move (Δ), velocity "
        "(momentum, first moment), ascent (SAM's ε̂ and the gradient there), effective "
        "(the effective step per axis)",
    )

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
        type=_output,
        metavar="PATH",
        help="output file (.png .gif .mp4 .csv .json) or folder (PNG frames)",
    )
    out.add_argument(
        "--save-scene",
        type=_output,
        metavar="FILE",
        help="also write the scene as JSON (load it with --scene or in the window); written "
        "together with the output: both or, when one cannot be written, neither",
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
