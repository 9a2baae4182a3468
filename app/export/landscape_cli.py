"""``gradscape landscape``: train a network, compute its loss landscape, write it.

The network is trained and the landscape computed by :func:`core.landscape.compute_landscape`
(progress per chunk on stderr, Ctrl-C cancels, ``--workers``/``--scheduler`` spread the grid,
``--cache`` keeps results by the hash of what defines them).  Outputs, by extension:

- ``.npz``  the :class:`core.landscape.Landscape` (everything needed to recompute any point)
- ``.csv``  the grid as rows: alpha, beta, loss, accuracy
- ``.png .gif .mp4``  the landscape scene (:func:`core.scene.landscape_scene`) drawn by the
  window's own views through ``gradscape export``'s pipeline, the training path animated
  step by step as the window plays it.  The scene embedded in the image refers to the .npz
  (the one written, or a copy in the cache folder), so the image reopens in the window.

Exit status as ``gradscape export``: 0 ok, 2 bad arguments, 3 cannot write, 5 cannot render
here, 130 interrupted.
"""

from __future__ import annotations

import argparse
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from gradscape.app.export.cli_parser import (
    EXIT_DIVERGED,
    EXIT_OK,
    VIEWS,
    UsageError,
    _fps,
    _int_at_least,
    _output,
    _Parser,
    _size,
)
from gradscape.app.export.files import ExportCancelled
from gradscape.core._text import shorten_path
from gradscape.core.landscape._compute import GRID_MAX

PROG = "gradscape landscape"
#: What each output extension writes.
FORMATS = {".npz": "npz", ".csv": "csv", ".png": "png", ".gif": "gif", ".mp4": "mp4"}
IMAGE_FORMATS = ("png", "gif", "mp4")

EPILOG = """\
outputs (-o, repeatable; the format from the extension):
  .npz   the landscape: theta, d1, d2, sizes, act, out_act, loss, x_eval, t_eval, alpha,
         beta, loss_grid (len(beta) x len(alpha)), acc_grid, path (the projected
         training path), explained (PCA), path_loss, plane_path_loss, directions, meta
  .csv   the grid, one row per point: alpha, beta, loss, accuracy
  .png   the landscape with the training path (3D view, contour or both: --view)
  .gif   the training path animated over the landscape, one frame per checkpoint
  .mp4   the same as H.264 video (even width and height)

exit status:
  0 success, 2 bad arguments (an unreachable --scheduler too), 3 an output cannot be
  written, 4 the training diverged (nothing written), 5 cannot render here (no display
  and no Xvfb), 130 interrupted (Ctrl-C): the output being written is not left behind,
  the ones already finished are kept and named

examples:
  gradscape landscape --data digits --hidden 256,128 --directions pca -o land.npz -o land.gif
  gradscape landscape --data moons --hidden 16 --epochs 5 --grid 31 --workers 2 -o moons.png
"""


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog=PROG,
        description="Train a network and compute its loss landscape on a plane through the "
        "trained parameters (Li et al. 2018): random filter-normalised, PCA-of-the-path or "
        "top-Hessian directions.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    net = p.add_argument_group("network and training")
    net.add_argument("--data", default="digits", metavar="NAME", help="dataset (default digits)")
    net.add_argument(
        "--hidden",
        default="256,128",
        metavar="W[,W...]",
        help="widths of the hidden layers (default 256,128)",
    )
    net.add_argument(
        "--act",
        default="relu",
        metavar="NAME",
        help="activation of the hidden layers (default relu)",
    )
    net.add_argument(
        "--optimizer",
        default="adam",
        metavar="NAME[:K=V,...]",
        help="training optimizer and its hyperparameters, e.g. adam:eta=1e-3",
    )
    net.add_argument(
        "--compare",
        action="append",
        metavar="NAME[:K=V,...]",
        help="another optimizer trained from the same weights on the same batches, its path "
        "drawn on the same plane (with --directions pca: the PCA plane of all the paths); "
        "repeatable, up to 6",
    )
    net.add_argument("--epochs", type=_int_at_least(1), default=10, metavar="N",
                     help="passes over the training data (default 10)")  # fmt: skip
    net.add_argument("--batch-size", type=_int_at_least(1), default=64, metavar="N",
                     help="samples per update (default 64)")  # fmt: skip
    net.add_argument("--seed", type=_int_at_least(0), default=0, metavar="N",
                     help="seeds the weights, the batches and random directions (default 0; "
                     "the data is drawn as the Network window draws it)")  # fmt: skip
    land = p.add_argument_group("landscape")
    land.add_argument(
        "--directions",
        choices=("random", "pca", "hessian"),
        default="random",
        help="the plane's directions (default random)",
    )
    land.add_argument(
        "--grid",
        type=_int_at_least(3, GRID_MAX),
        default=51,
        metavar="N",
        help="grid points per axis (default 51)",
    )
    land.add_argument(
        "--span",
        type=_span,
        default=1.0,
        metavar="S",
        help="the axes run over [-S, S] (default 1.0)",
    )
    land.add_argument(
        "--workers",
        type=_int_at_least(1),
        default=None,
        metavar="N",
        help="worker processes for the grid (default: all cores)",
    )
    land.add_argument(
        "--scheduler",
        default=None,
        metavar="ADDR",
        type=_scheduler,
        help="a dask.distributed scheduler, e.g. tcp://10.0.0.5:8786",
    )
    land.add_argument(
        "--cache",
        default=None,
        metavar="DIR",
        help="cache folder (default ~/.cache/gradscape/landscapes)",
    )
    look = p.add_argument_group("pictures")
    look.add_argument(
        "--view",
        choices=[v for v in VIEWS if v != "window"],
        default="both",
        help="what images draw (default both: 3D view and contour map)",
    )
    look.add_argument(
        "--size",
        type=_size,
        default=(1200, 600),
        metavar="WxH",
        help="frame size (default 1200x600)",
    )
    look.add_argument("--fps", type=_fps, default=10.0, help="frames per second (default 10)")
    out = p.add_argument_group("output")
    out.add_argument(
        "-o",
        "--output",
        action="append",
        required=True,
        type=_output,
        metavar="PATH",
        help="an output (.npz .csv .png .gif .mp4); repeatable",
    )
    out.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")
    return p  # fmt: skip


def _span(text: str) -> float:
    try:
        v = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number, got {text!r}") from None
    if not 0 < v < 1e6:
        raise argparse.ArgumentTypeError(f"must be in (0, 1e6), got {text}")
    return v


def _outputs(args: argparse.Namespace) -> list[tuple[Path, str]]:
    """The outputs with their formats; UsageError for an unknown extension or a repeat."""
    from gradscape.app.export.files import check_target

    seen: dict[str, str] = {}
    out = []
    for text in args.output:
        fmt = FORMATS.get(Path(text).suffix.lower())
        if fmt is None:
            raise UsageError(f"-o {text!r}: the extension must be one of {', '.join(FORMATS)}")
        if fmt in seen:
            raise UsageError(f"-o: two .{fmt} outputs ({seen[fmt]!r} and {text!r})")
        seen[fmt] = text
        if fmt == "mp4" and (args.size[0] % 2 or args.size[1] % 2):
            raise UsageError(f"--size for MP4 must have an even width and height, got {args.size}")
        if fmt == "gif" and args.fps > 50:
            raise UsageError(f"--fps for a GIF must be <= 50, got {args.fps:g}")
        out.append((Path(text), fmt))
    for path, fmt in out:
        check_target(path, "png" if fmt == "npz" else fmt)  # ExportError: exit 3
    return out


def _scheduler(text: str) -> str:
    """argparse type of --scheduler: tcp://HOST:PORT, checked before any training."""
    from gradscape.app.model.landscape_run import check_scheduler

    try:
        value = check_scheduler(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    if value is None:
        raise argparse.ArgumentTypeError("give an address such as tcp://10.0.0.5:8786")
    return value


def cache_folder(args: argparse.Namespace) -> Path:
    if args.cache is not None:
        return Path(args.cache)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache")
    return Path(base) / "gradscape" / "landscapes"


def make_spec(args: argparse.Namespace) -> Any:
    """The :class:`core.landscape.LandscapeSpec` of the options (ValueError names one)."""
    from gradscape.app.export.scene_source import _typed, split_spec
    from gradscape.core.landscape import LandscapeSpec
    from gradscape.core.optimizers import OPTIMIZERS

    try:
        hidden = tuple(int(w) for w in args.hidden.split(","))
    except ValueError:
        raise UsageError(f"--hidden must be widths like 256,128, got {args.hidden!r}") from None
    def rule(text: str, option: str) -> tuple[str, dict[str, Any]]:
        name, raw = split_spec(text, option)
        key = OPTIMIZERS.key(name)  # ValueError listing the valid optimizers
        return key, _typed(raw, OPTIMIZERS[key].params, key)

    key, hyper = rule(args.optimizer, "--optimizer")
    compare = tuple(rule(text, "--compare") for text in args.compare or ())
    return LandscapeSpec(
        data=args.data,
        hidden=hidden,
        act=args.act,
        optimizer=key,
        opt_params=hyper,
        compare=compare,
        epochs=args.epochs,
        batch_size=args.batch_size,
        seed=args.seed,
        directions=args.directions,
        grid=args.grid,
        span=args.span,
    )


def _picture_args(args: argparse.Namespace) -> argparse.Namespace:
    """What ``gradscape export``'s renderer reads of its options, for these pictures."""
    return argparse.Namespace(
        size=args.size, scale=None, view=args.view, height=None, colormap=None,
        log_loss=False, fps=args.fps, stride=1, range=None, at=None,
    )  # fmt: skip


def run(
    args: argparse.Namespace,
    stderr: TextIO,
    cancel: threading.Event | None = None,
    window_factory: Any = None,
) -> int:
    """Compute and write what ``args`` asks for; returns the exit status."""
    from gradscape.app.export.cli import Progress
    from gradscape.app.export.files import cancelled_error

    cancel = cancel or threading.Event()
    progress = Progress(stderr, args.quiet, PROG)
    outputs = _outputs(args)
    spec = make_spec(args)
    cache = cache_folder(args)
    from gradscape.core.landscape import Cancelled, compute_landscape
    from gradscape.core.network import DivergenceError

    if cache.exists() and not cache.is_dir():
        raise UsageError(f"--cache {shorten_path(cache)} is not a folder")
    first = outputs[0][0]
    try:
        land = compute_landscape(
            spec,
            workers=args.workers,
            scheduler=args.scheduler,
            progress=lambda done, total, what: progress(done, total, what),
            cancel=cancel.is_set,
            cache_dir=cache,
        )
    except Cancelled:
        raise cancelled_error(first) from None
    except DivergenceError as exc:
        progress.info(f"error: the training {exc}; nothing was written")
        return EXIT_DIVERGED
    except (ImportError, ConnectionError) as exc:  # no dask, or no scheduler there
        raise UsageError(f"--scheduler: {exc}") from None
    if "cache_error" in land.meta:
        progress.info(f"warning: {land.meta['cache_error']}")
    written: list[Path] = []
    try:
        _write(args, land, spec, outputs, cache, progress, cancel, window_factory, written)
    except ExportCancelled as exc:
        if written:
            exc.kept = "kept, complete: " + ", ".join(shorten_path(p) for p in written)
        raise
    return EXIT_OK


def _write(
    args: argparse.Namespace, land: Any, spec: Any, outputs: list[tuple[Path, str]],
    cache: Path, progress: Any, cancel: threading.Event, window_factory: Any,
    written: list[Path],
) -> None:  # fmt: skip
    """Write the outputs one after the other (each atomically), listing them in ``written``."""
    from gradscape.app.export.cli import render_outputs
    from gradscape.app.export.files import cancelled_error, commit_outputs, prepare_file

    for name, barrier in land.barriers():
        progress.info(f"loss barrier on the line from {spec.optimizer}'s solution to {name}'s: "
                      f"{barrier:.4g}")  # fmt: skip
    # The .npz the scene of the pictures refers to: the one asked for, else the cache's.
    npz = next((p for p, f in outputs if f == "npz"), None)
    if npz is not None:
        land.save(npz)
        written.append(npz)
        progress.info(f"wrote {shorten_path(npz)}")
    elif any(f in IMAGE_FORMATS for _, f in outputs):
        npz = cache / f"{spec.key()}.npz"
        if not npz.is_file():
            cache.mkdir(parents=True, exist_ok=True)
            land.save(npz)
    for path, fmt in outputs:
        if fmt != "csv":
            continue
        if cancel.is_set():
            raise cancelled_error(path)
        f = prepare_file(path, land.to_csv().encode("utf-8"))
        try:
            commit_outputs([f])
        finally:
            f.discard()
        written.append(path)
        progress.info(f"wrote {shorten_path(path)}")
    pictures = [(fmt, path) for path, fmt in outputs if fmt in IMAGE_FORMATS]
    if pictures:
        from gradscape.core.scene import landscape_scene

        assert npz is not None
        scene = landscape_scene(npz)
        # one Qt session, one computation of the scene, one renderer for every picture
        done, _ = render_outputs(
            scene, _picture_args(args), pictures, progress, cancel, window_factory
        )
        for path in done:
            written.append(Path(path))
            progress.info(f"wrote {shorten_path(path)}")


def main(argv: Sequence[str] | None = None, window_factory: Any = None) -> int:
    """Entry point of ``gradscape landscape``; returns the exit status (see --help)."""
    from gradscape.app.export.cli import run_command

    return run_command(
        PROG,
        build_parser(),
        lambda args, stderr, cancel: run(args, stderr, cancel, window_factory),
        argv,
    )
