"""``gradscape basins``: the basin map of one optimizer on a surface, as data or a picture.

Every start of a grid over the surface's domain runs the optimizer for ``--steps`` steps
(:func:`core.basins.basins`: all starts as one batch, only final states kept) and is
labelled by the minimum it reaches, "not converged" or "diverged".  Outputs, by extension:

- ``.npz``  ``w``, ``b`` (the grid axes), ``label`` (len(b) × len(w): index into ``minima``,
  −1 diverged, −2 not converged), ``minima`` (k × 2), plus ``final`` (len(b) × len(w) × 2,
  where each start ended), ``n_known`` (the surface's known minima come first) and ``meta``
  (JSON: surface, optimizer, hyperparameters, steps, tol)
- ``.csv``  one row per start: w, b, label
- ``.png``  the map coloured by basin (one colour per minimum, grey not converged, near black
  diverged), b upwards, the minima marked, a legend

Drawn with numpy and Pillow: no display needed.  Exit status as ``gradscape export``: 0 ok,
2 bad arguments, 3 cannot write, 130 interrupted (Ctrl-C; nothing is left behind).
"""

from __future__ import annotations

import argparse
import io
import json
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

import numpy as np

from gradscape.app.export.cli_parser import (
    EXIT_OK,
    UsageError,
    _int_at_least,
    _output,
    _Parser,
)
from gradscape.core._text import shorten_path

PROG = "gradscape basins"
FORMATS = {".npz": "npz", ".csv": "csv", ".png": "png"}
#: The map's side in a PNG is the grid scaled by a whole factor to at least this many pixels.
MAP_PIXELS = 512
LEGEND_WIDTH = 300

EPILOG = """\
outputs (-o, repeatable; the format from the extension):
  .npz   w, b (grid axes), label (len(b) x len(w); index into minima, -1 diverged,
         -2 not converged), minima (k x 2), final, n_known, meta (JSON)
  .csv   one row per start: w, b, label
  .png   the map coloured by basin, the minima marked, a legend

a start converged to minimum i when it ends within --tol of it and its last move was
shorter than --tol; runs that settled elsewhere are checked for local minima (Newton on
the surface's gradient and Hessian), which are appended to minima (--no-discover: off)

exit status:
  0 success, 2 bad arguments, 3 an output cannot be written, 130 interrupted (Ctrl-C)

examples:
  gradscape basins --surface himmelblau --optimizer adam -o map.png -o map.npz
  gradscape basins --surface sixhumpcamel --optimizer msgd:eta=0.01 --grid 256 -o camel.png
"""


def _tol(text: str) -> float:
    try:
        v = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number, got {text!r}") from None
    if not 0 < v < float("inf"):
        raise argparse.ArgumentTypeError(f"must be > 0, got {text}")
    return v


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog=PROG,
        description="Colour every start point of a grid by the minimum an optimizer reaches "
        "from it: a basin-of-attraction map.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "--surface",
        default="himmelblau",
        metavar="NAME",
        help="the surface (default himmelblau); its domain is the grid's extent",
    )
    p.add_argument(
        "--optimizer",
        default="adam",
        metavar="NAME[:K=V,...]",
        help="the optimizer and its hyperparameters, e.g. adam:eta=0.1 (default: "
        "adam with the surface's demo hyperparameters)",
    )
    p.add_argument(
        "--grid",
        type=_int_at_least(2, 2048),
        default=200,
        metavar="N",
        help="start points per axis (default 200)",
    )
    p.add_argument(
        "--steps",
        type=_int_at_least(0, 1_000_000),
        default=1000,
        metavar="N",
        help="steps from every start (default 1000)",
    )
    p.add_argument(
        "--tol",
        type=_tol,
        default=None,
        metavar="X",
        help="convergence tolerance (default 1%% of the domain's larger span)",
    )
    p.add_argument(
        "--seed",
        type=_int_at_least(0),
        default=None,
        metavar="N",
        help="seed of a stochastic optimizer (SantaE, SantaSSS)",
    )
    p.add_argument(
        "--workers",
        type=_int_at_least(1, 64),
        default=1,
        metavar="N",
        help="processes for the grid's rows (default 1; the same map)",
    )
    p.add_argument(
        "--no-discover", action="store_true", help="label only the surface's known minima"
    )
    p.add_argument(
        "-o",
        "--output",
        action="append",
        required=True,
        type=_output,
        metavar="PATH",
        help="an output (.npz .csv .png); repeatable",
    )
    p.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")
    return p  # fmt: skip


def _outputs(args: argparse.Namespace) -> list[tuple[Path, str]]:
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
        out.append((Path(text), fmt))
    for path, fmt in out:
        check_target(path, "png" if fmt == "npz" else fmt)  # ExportError: exit 3
    return out


def optimizer_spec(text: str) -> tuple[str, dict[str, Any]]:
    """``NAME[:K=V,...]`` -> (registry key, typed hyperparameters); ValueError naming it."""
    from gradscape.app.export.scene_source import _typed, split_spec
    from gradscape.core.optimizers import OPTIMIZERS

    name, raw = split_spec(text, "--optimizer")
    key = OPTIMIZERS.key(name)  # ValueError listing the valid optimizers
    return key, _typed(raw, OPTIMIZERS[key].params, key)


# -- outputs ------------------------------------------------------------------------------


def npz_bytes(m: Any) -> bytes:
    """The map as an .npz (no pickled objects: ``meta`` is a JSON string)."""
    meta = {
        "surface": m.surface,
        "optimizer": m.optimizer,
        "hyper": {k: v for k, v in m.hyper.items() if isinstance(v, (int, float, str, bool))},
        "steps": m.steps,
        "tol": m.tol,
    }
    buf = io.BytesIO()
    np.savez_compressed(
        buf,
        w=m.w,
        b=m.b,
        label=m.label.astype(np.int32),
        minima=m.minima,
        final=m.final,
        n_known=np.int64(m.n_known),
        meta=np.array(json.dumps(meta)),
    )
    return buf.getvalue()


def csv_text(m: Any) -> str:
    """One row per start, w varying fastest: ``w,b,label`` (w and b exact to 17 digits)."""
    ww, bb = np.meshgrid(m.w, m.b)
    buf = io.StringIO()
    buf.write("w,b,label\n")
    table = np.column_stack([ww.ravel(), bb.ravel()])
    lines = [
        f"{w!r},{b!r},{lab}"
        for (w, b), lab in zip(table.tolist(), m.label.ravel().tolist(), strict=True)
    ]
    buf.write("\n".join(lines))
    buf.write("\n")
    return buf.getvalue()


def picture(m: Any, title: str) -> np.ndarray:
    """The map as an RGB image (h, w, 3) uint8: b upwards, minima marked, a legend."""
    from PIL import Image, ImageDraw, ImageFont

    from gradscape.app.model.basins_colors import label_rgb, legend_entries

    nb, nw = m.label.shape
    f = max(1, -(-MAP_PIXELS // max(nb, nw)))  # whole factor: crisp cells
    rgb = label_rgb(m.label, len(m.minima))[::-1]  # row 0 at the top = the largest b
    rgb = np.repeat(np.repeat(rgb, f, axis=0), f, axis=1)
    mh, mw = rgb.shape[:2]
    pad, top = 12, 40
    img = Image.new("RGB", (pad + mw + pad + LEGEND_WIDTH, top + mh + pad), (255, 255, 255))
    img.paste(Image.fromarray(np.ascontiguousarray(rgb)), (pad, top))
    draw = ImageDraw.Draw(img)
    try:  # a font with η and ×, where the system has one
        font: Any = ImageFont.truetype("DejaVuSans.ttf", 14)
        small: Any = ImageFont.truetype("DejaVuSans.ttf", 12)
    except OSError:  # Pillow's own font: ASCII
        font, small = ImageFont.load_default(14), ImageFont.load_default(12)
        title = title.replace("η", "eta").replace("×", "x")
    draw.text((pad, 12), title, fill=(0, 0, 0), font=font)
    (w0, w1), (b0, b1) = (m.w[0], m.w[-1]), (m.b[0], m.b[-1])
    r = max(4, f * max(nb, nw) // 90)
    for i, (x, y) in enumerate(m.minima.tolist()):
        if not (min(w0, w1) <= x <= max(w0, w1) and min(b0, b1) <= y <= max(b0, b1)):
            continue
        px = pad + (x - w0) / (w1 - w0) * (mw - f) + f / 2
        py = top + (b1 - y) / (b1 - b0) * (mh - f) + f / 2
        rr = r if i < m.n_known else max(2, r // 2)
        draw.ellipse((px - rr, py - rr, px + rr, py + rr), fill=(255, 255, 255), outline=(0, 0, 0),
                     width=2)  # fmt: skip
    draw.rectangle((pad - 1, top - 1, pad + mw, top + mh), outline=(0, 0, 0))
    lx, ly = pad + mw + pad, top
    draw.text((lx, ly), "basins (share of starts)", fill=(0, 0, 0), font=font)
    ly += 24
    for color, text in legend_entries(m):
        draw.rectangle((lx, ly, lx + 16, ly + 16), fill=color, outline=(0, 0, 0))
        draw.text((lx + 24, ly + 1), text, fill=(0, 0, 0), font=small)
        ly += 24
    ly += 8
    for text in (f"w: {w0:g} to {w1:g} (right)", f"b: {b0:g} to {b1:g} (up)", f"tol {m.tol:g}"):
        draw.text((lx, ly), text, fill=(60, 60, 60), font=small)
        ly += 18
    return np.asarray(img)


def png_bytes(rgb: np.ndarray) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.fromarray(rgb).save(buf, format="PNG")
    return buf.getvalue()


def title_of(m: Any, surface: Any, optimizer: str) -> str:
    from gradscape.core.optimizers import OPTIMIZERS

    cls = OPTIMIZERS[optimizer]
    eta = m.hyper.get("eta")
    rule = cls.display_name + (f" η={eta:g}" if isinstance(eta, (int, float)) else "")
    return f"{rule} on {surface.display_name}: {len(m.w)}×{len(m.b)} starts, {m.steps} steps"


# -- running ------------------------------------------------------------------------------


def run(args: argparse.Namespace, stderr: TextIO, cancel: threading.Event | None = None) -> int:
    """Compute the map and write every output; returns the exit status."""
    from gradscape.app.export.cli import Progress
    from gradscape.app.export.files import cancelled_error, commit_outputs, prepare_file
    from gradscape.core.basins import Cancelled, basins
    from gradscape.core.surfaces import get_surface

    cancel = cancel or threading.Event()
    progress = Progress(stderr, args.quiet, PROG)
    outputs = _outputs(args)
    surface = get_surface(args.surface)  # ValueError listing the surfaces
    key, hyper = optimizer_spec(args.optimizer)
    try:
        m = basins(
            surface,
            key,
            hyper,
            grid=args.grid,
            steps=args.steps,
            tol=args.tol,
            seed=args.seed,
            discover=not args.no_discover,
            workers=args.workers,
            progress=lambda done, total: progress(done, total, "step" if total > 16 else "chunk"),
            cancel=cancel.is_set,
        )
    except Cancelled:
        raise cancelled_error(outputs[0][0]) from None
    files = []
    try:
        for path, fmt in outputs:
            if cancel.is_set():
                raise cancelled_error(path)
            if fmt == "npz":
                data = npz_bytes(m)
            elif fmt == "csv":
                data = csv_text(m).encode("utf-8")
            else:
                data = png_bytes(picture(m, title_of(m, surface, key)))
            files.append(prepare_file(path, data))
        commit_outputs(files)
    finally:
        for f in files:
            f.discard()
    counts = m.counts()
    reached = sum(v for k, v in counts.items() if k >= 0)
    n_min = sum(1 for k, v in counts.items() if k >= 0 and v)
    progress.info(
        f"{reached} of {m.label.size} starts converged to {n_min} minima, "
        f"{counts[-2]} not converged, {counts[-1]} diverged"
    )
    for path, _ in outputs:
        progress.info(f"wrote {shorten_path(path)}")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``gradscape basins``; returns the exit status (see --help)."""
    from gradscape.app.export.cli import run_command

    return run_command(
        PROG, build_parser(), run, argv, lambda args: args.output[0] if args.output else None
    )
