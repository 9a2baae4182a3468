"""``gradscape export``: render a scene with no window and write PNG, GIF, MP4, CSV or JSON.

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
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

from gradscape.app.export.cli_parser import (
    EXIT_DISPLAY,
    EXIT_DIVERGED,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    EXIT_WRITE,
    PROG,
    UsageError,
    auto_scale,
    build_parser,
)
from gradscape.app.export.data_text import csv_text, json_text
from gradscape.app.export.files import (
    ANIMATION_FORMATS,
    ExportCancelled,
    ExportError,
    cancelled_error,
    check_target,
    commit_outputs,
    describe_oserror,
    format_for_path,
    prepare_file,
)
from gradscape.app.export.frameloop import select_steps
from gradscape.app.export.images import GIF_MAX_FPS
from gradscape.app.export.scene_source import load_scene_file, scene_from_args
from gradscape.core._text import one_line, shorten, shorten_path
from gradscape.core.atomic import AtomicFile

__all__ = ["EXIT_DISPLAY", "EXIT_DIVERGED", "EXIT_INTERRUPTED", "EXIT_OK", "EXIT_USAGE",
           "EXIT_WRITE", "Progress", "auto_scale", "build_parser", "main", "run"]  # fmt: skip


# --------------------------------------------------------------------------- progress


class Progress:
    """Frame progress on stderr: a live line on a terminal, every 10 % otherwise."""

    def __init__(self, stream: TextIO, quiet: bool, prog: str = PROG) -> None:
        self.stream, self.quiet, self.prog = stream, quiet, prog
        self.tty = bool(getattr(stream, "isatty", lambda: False)())
        self._last_decile = -1
        self._t0 = time.perf_counter()

    def __call__(self, done: int, total: int, what: str = "frame") -> None:
        if self.quiet:
            return
        pct = 100 * done // total
        if self.tty:
            self.stream.write(f"\r{self.prog}: {what} {done}/{total} ({pct}%)")
            if done == total:
                self.stream.write("\n")
            self.stream.flush()
        elif pct // 10 != self._last_decile or done == total:
            self._last_decile = pct // 10
            self.stream.write(f"{self.prog}: {what} {done}/{total} ({pct}%)\n")
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
            self.stream.write(f"{self.prog}: {text}\n")
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
            raise UsageError(f"--at must be in [0, {scene.steps}], got {shorten(str(at))}")
        return [at]
    start, stop = args.range or (0, None)
    return select_steps(scene.steps, stride=args.stride, start=start, stop=stop)


def _compute(
    state: Any, scene: Any, out: Path, progress: Progress, cancel: threading.Event | None
) -> Any:
    """The window's result for ``state``, computed here, once: counted on stderr after the
    first second, stopped by Ctrl-C (ExportCancelled)."""
    from gradscape.app.model.compute import Cancelled, compute_result

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
        raise cancelled_error(out) from None


def _render_images(
    scene: Any,
    args: argparse.Namespace,
    fmt: str,
    out: Path,
    progress: Progress,
    cancel: threading.Event | None = None,
    window_factory: Any = None,
    also: Sequence[AtomicFile] = (),
) -> tuple[Path, list[Any]]:
    """Start Qt (and Xvfb if needed), compute the scene once (progress, Ctrl-C), render the
    frames, write them (committed together with the prepared files ``also``); returns the
    path and the trajectories."""
    written, trajectories = render_outputs(
        scene, args, [(fmt, out)], progress, cancel, window_factory, also
    )
    return written[0], trajectories


def render_outputs(
    scene: Any,
    args: argparse.Namespace,
    targets: Sequence[tuple[str, Path]],
    progress: Progress,
    cancel: threading.Event | None = None,
    window_factory: Any = None,
    also: Sequence[AtomicFile] = (),
) -> tuple[list[Path], list[Any]]:
    """:func:`_render_images` for several outputs ``(format, path)`` of one scene: one Qt
    session, one computation and one renderer draw them all, in order (``also`` is
    committed with the first); returns the paths written and the trajectories."""
    from gradscape.app.export.display import prepare_display
    from gradscape.app.export.render import needs_gl

    w, h = args.size
    scale = auto_scale((w, h)) if args.scale is None else args.scale
    if w % scale or h % scale:
        raise UsageError(
            f"--size {w}x{h} must divide by --scale {scale} (the picture is drawn at "
            f"{w / scale:g}x{h / scale:g} and enlarged)"
        )
    display = prepare_display(needs_gl(args.view), width=w, height=h)
    where = f"{display.ignored}, so" if display.ignored else "no display:"
    if display.running:
        progress.info(f"{where} rendering on a virtual X server {display.display} (Xvfb)")
    elif display.ignored:
        progress.info(f"{where} rendering off-screen")
    try:
        from PyQt6.QtWidgets import QApplication

        from gradscape.app.runtime import application

        if QApplication.instance() is None:
            # Qt reads the scale once, when the application starts (a process that already
            # runs Qt, like a test, renders at its own scale)
            os.environ["QT_SCALE_FACTOR"] = str(scale)  # (also 1: over an inherited one)
        app = application()  # hidden views' GL contexts share pyqtgraph's shaders
        from gradscape.app.runtime import install as collect_on_gui_thread

        collect_on_gui_thread(app)  # the encoder thread must not free Qt objects
        from gradscape.app.export.frameloop import export_animation
        from gradscape.app.export.render import FrameRenderer
        from gradscape.app.model.state import AppState

        state = AppState(scene=scene)
        if args.height is not None:
            state.height_mode = args.height
        if args.colormap is not None:
            state.colormap = args.colormap
        state.log_loss = args.log_loss
        state.overlays = getattr(args, "overlay", ())  # (gradscape landscape has none)
        state.set_result(_compute(state, scene, targets[0][1], progress, cancel))
        renderer = FrameRenderer(state, args.view, (w, h), window_factory=window_factory)
        try:
            written = []
            for i, (fmt, out) in enumerate(targets):
                written.append(
                    export_animation(
                        renderer.render,
                        _frame_steps(scene, args, fmt),
                        out,
                        fps=args.fps,
                        scene=scene.to_json(),
                        kind=fmt,
                        progress=progress,
                        cancel=cancel,
                        also=also if i == 0 else (),
                    )
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


def _check_outputs(args: argparse.Namespace, fmt: str) -> None:
    """Every output can be written, tried before any work (exit status 3 if not), and
    ``--save-scene`` is not the output itself (nor the scene.json of a frame folder)."""
    out = Path(args.output)
    check_target(out, fmt)
    if args.save_scene is None:
        return
    scene = Path(args.save_scene)
    clash = [out, out / "scene.json"] if fmt == "frames" else [out]
    if any(os.path.abspath(scene) == os.path.abspath(c) for c in clash):
        raise UsageError(f"--save-scene {shorten_path(scene)} would overwrite the output")


def _scene_options_given(args: argparse.Namespace) -> list[str]:
    names = ["surface", "samples", "domain", "optimizer", "eta", "start", "steps", "seed", "grid"]
    return ["--" + n for n in names if getattr(args, n) is not None]


def _check_renderable(scene: Any) -> None:
    """The window (and so the renderer) shows one start point on the default domain."""
    from gradscape.app.model.choices import check_showable

    try:
        check_showable(scene)
    except ValueError as exc:
        raise UsageError(str(exc)) from None


#: The order of --camera's values.
CAMERA_ORDER = ("azimuth", "elevation", "distance")


def _with_camera_option(scene: Any, values: Sequence[float]) -> Any:
    """``scene`` recording the camera of ``--camera AZIMUTH ELEVATION DISTANCE``."""
    from gradscape.app.model.camera import camera_at, with_camera

    azimuth, elevation, distance = values
    if not -90 <= elevation <= 90:
        raise UsageError(f"--camera: the elevation must be in [-90, 90] degrees, got {elevation:g}")
    if not 0 < distance <= 1e6:
        raise UsageError(f"--camera: the distance must be in (0, 1e6], got {distance:g}")
    return with_camera(scene, camera_at(azimuth, elevation, distance))


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
    if getattr(args, "camera", None) is not None:
        scene = _with_camera_option(scene, args.camera)
    elif fmt not in ("csv", "json") and args.view != "contour" and "camera" not in scene.view:
        # a picture records the camera it is drawn with, as the window's exports do
        from gradscape.app.model.camera import DEFAULT_CAMERA

        scene = _with_camera_option(scene, [DEFAULT_CAMERA[k] for k in CAMERA_ORDER])
    if fmt not in ("csv", "json"):
        _check_renderable(scene)
        _frame_steps(scene, args, fmt)  # a bad --at or --range before any work
    _check_outputs(args, fmt)
    # The scene file waits, written, beside its target until the output is complete: then
    # both are committed together, or neither (commit_outputs).
    also: list[AtomicFile] = []
    if args.save_scene is not None:
        also.append(prepare_file(args.save_scene, scene.to_json().encode("utf-8")))
    try:
        return _export(scene, args, fmt, progress, stderr, cancel, window_factory, also)
    finally:
        for f in also:
            f.discard()  # nothing once committed


def _export(
    scene: Any,
    args: argparse.Namespace,
    fmt: str,
    progress: Progress,
    stderr: TextIO,
    cancel: threading.Event | None,
    window_factory: Any,
    also: list[AtomicFile],
) -> int:
    """Compute, render and write the checked outputs (see :func:`run`)."""
    out = Path(args.output)

    def check() -> None:
        """Stop here, writing nothing, when Ctrl-C (or SIGTERM) came."""
        if cancel is not None and cancel.is_set():
            raise cancelled_error(out)

    show = progress.steps(time.perf_counter())

    def steps_done(done: int, total: int) -> None:
        check()
        show(done, total)

    if fmt in ("csv", "json"):
        trajectories = scene.run(progress=steps_done)
        text = csv_text(trajectories, check) if fmt == "csv" else json_text(scene, trajectories)
        check()
        data = prepare_file(out, text.encode("utf-8"))
        try:
            check()
            commit_outputs([*also, data])
        finally:
            data.discard()  # nothing once committed
    else:  # computed once, by the window's own code, and drawn
        out, trajectories = _render_images(
            scene, args, fmt, out, progress, cancel, window_factory, also
        )
    diverged = [t for t in trajectories if t.diverged_at is not None]

    size = _human(_size_of(out))
    progress.info(f"wrote {shorten_path(out)} ({size}) in {progress.elapsed():.1f} s")
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


def run_command(
    prog: str,
    parser: argparse.ArgumentParser,
    run_args: Callable[[argparse.Namespace, TextIO, threading.Event], int],
    argv: Sequence[str] | None = None,
    output_of: Callable[[argparse.Namespace], str | None] = lambda args: None,
) -> int:
    """Parse ``argv`` and ``run_args(args, stderr, cancel)``, mapping every failure to
    one line on stderr and the documented exit status (the export, landscape and other
    headless commands share it).

    Ctrl-C and SIGTERM set ``cancel`` while it runs; ``output_of(args)`` names the file an
    OSError without a file name is reported against.
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    stderr = sys.stderr
    previous: dict[int, Any] = {}
    cancel = threading.Event()
    output: str | None = None

    def say(text: str) -> None:
        # one line under 300 characters, whatever the message quotes
        stderr.write(one_line(f"{prog}: {text}") + "\n")

    try:
        try:
            args = parser.parse_args(argv)
        except SystemExit as exc:  # --help
            return int(exc.code or 0)
        output = output_of(args)
        previous = _install_interrupt(cancel)
        return run_args(args, stderr, cancel)
    except UsageError as exc:
        say(f"error: {exc} (see {prog} --help)")
        return EXIT_USAGE
    except ExportCancelled as exc:
        say(f"interrupted; {getattr(exc, 'kept', None) or 'nothing was written'}")
        return EXIT_INTERRUPTED
    except ExportError as exc:
        say(f"error: {exc}")
        return EXIT_WRITE
    except OSError as exc:  # named by the file it met, else by the output
        where = exc.filename or output or "."
        say(f"error: {describe_oserror(exc, where)}")
        return EXIT_WRITE
    except ValueError as exc:  # the engine's and the registries' messages (SceneError too)
        say(f"error: {exc}")
        return EXIT_USAGE
    except KeyboardInterrupt:
        say("interrupted; nothing was written")
        return EXIT_INTERRUPTED
    except Exception as exc:  # HeadlessError and a renderer that cannot start
        from gradscape.app.export.display import HeadlessError

        if isinstance(exc, HeadlessError) or isinstance(exc, RuntimeError) and "OpenGL" in str(exc):
            say(f"error: {exc}")
            return EXIT_DISPLAY
        raise
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def main(argv: Sequence[str] | None = None, window_factory: Any = None) -> int:
    """Entry point of ``gradscape export``; returns the exit status (see --help).

    ``window_factory``: see :func:`run` (``gradscape export`` passes the main window's).
    """
    return run_command(
        PROG,
        build_parser(),
        lambda args, stderr, cancel: run(args, stderr, cancel, window_factory),
        argv,
        output_of=lambda args: args.output,
    )
