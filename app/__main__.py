"""gradscape's command line: launch the window, render a screenshot, or export.

``gradscape`` opens the window; ``gradscape --screenshot PATH`` renders the default scene;
``gradscape export …`` is the headless exporter (:mod:`app.export.cli`, its own parser);
``gradscape --install-desktop`` adds the launcher entry (:mod:`app.export.desktop`).
Other subcommands can register in :data:`SUBCOMMANDS`.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any

#: Extra subcommands: name -> (configure(parser), run(args) -> exit code).  Other modules
#: (export) register here before :func:`main` parses.
SUBCOMMANDS: dict[
    str, tuple[Callable[[argparse.ArgumentParser], None], Callable[[argparse.Namespace], int]]
] = {}


def _configure_landscape(parser: argparse.ArgumentParser) -> None:
    # (no import here: the main parser is built at every launch)
    parser.description = "train a network and write its loss landscape"
    parser.add_argument("rest", nargs=argparse.REMAINDER, help="see gradscape landscape --help")


def _run_landscape(args: argparse.Namespace) -> int:
    from gradscape.app.export.landscape_cli import main as landscape_main

    return landscape_main(list(args.rest), window_factory=_offscreen_window)


#: ``gradscape landscape`` (:mod:`app.export.landscape_cli`): its own parser and messages.
SUBCOMMANDS["landscape"] = (_configure_landscape, _run_landscape)


def _configure_basins(parser: argparse.ArgumentParser) -> None:
    parser.description = "colour every start of a grid by the minimum an optimizer reaches"
    parser.add_argument("rest", nargs=argparse.REMAINDER, help="see gradscape basins --help")


def _run_basins(args: argparse.Namespace) -> int:
    from gradscape.app.export.basins_cli import main as basins_main

    return basins_main(list(args.rest))


#: ``gradscape basins`` (:mod:`app.export.basins_cli`): its own parser and messages.
SUBCOMMANDS["basins"] = (_configure_basins, _run_basins)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gradscape",
        description="See how gradient-descent optimizers move on loss surfaces.",
        epilog="Headless export of images, animations and data: gradscape export --help; "
        "a trained network's loss landscape: gradscape landscape --help; "
        "basins of attraction: gradscape basins --help",
    )
    parser.add_argument(
        "--screenshot",
        metavar="PATH",
        help="render the window with the default scene after the first frame, save it as "
        "PNG and exit (e.g. gradscape --screenshot shot.png --size 1440x900); with no "
        "display it starts a virtual X server (Xvfb) of its own",
    )
    parser.add_argument(
        "--size",
        metavar="WxH",
        default="1440x900",
        help="window size for --screenshot (default 1440x900)",
    )
    parser.add_argument(
        "--scene",
        metavar="FILE",
        help="with --screenshot: render this saved scene (File → Save scene, or a PNG/GIF "
        "exported by gradscape) instead of the default one",
    )
    parser.add_argument(
        "--no-settings",
        action="store_true",
        help="start from the default scene; neither read nor write settings",
    )
    desktop = parser.add_mutually_exclusive_group()
    desktop.add_argument(
        "--install-desktop",
        action="store_true",
        help="add gradscape to the desktop's launcher: write gradscape.desktop and the icon "
        "into $XDG_DATA_HOME (default ~/.local/share) and exit",
    )
    desktop.add_argument(
        "--uninstall-desktop",
        action="store_true",
        help="remove the launcher entry and the icon written by --install-desktop and exit",
    )
    if SUBCOMMANDS:
        sub = parser.add_subparsers(dest="command")
        for name, (configure, _run) in SUBCOMMANDS.items():
            configure(sub.add_parser(name))
    return parser


def _make_app(argv0: str, language_from_settings: bool = False):
    """The application, its interface language chosen before any window is made: the one
    stored in the settings (``language_from_settings``; View → Language writes it), else the
    system locale's (``LANG=ja_JP.UTF-8`` -> Japanese).  None (after a message) when there
    is no display."""
    # The platform must be chosen before the QApplication exists.
    if (
        "QT_QPA_PLATFORM" not in os.environ
        and not os.environ.get("DISPLAY")
        and not os.environ.get("WAYLAND_DISPLAY")
        and sys.platform.startswith("linux")
    ):
        sys.stderr.write(
            "gradscape: no display found (DISPLAY is not set). Run it on a desktop, or under a "
            "virtual X server: xvfb-run -a gradscape …\n"
        )
        return None
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    display = os.environ.get("DISPLAY")
    if display and (platform == "xcb" or not platform and not os.environ.get("WAYLAND_DISPLAY")):
        from gradscape.app.export.display import display_problem

        problem = display_problem(display)  # Qt would abort (SIGABRT) on a dead display
        if problem is not None:
            sys.stderr.write(
                f"gradscape: {problem}. Run it on a desktop, or under a virtual X server: "
                "xvfb-run -a gradscape …\n"
            )
            return None
    from gradscape.app.runtime import application

    app = application(argv0)
    app.setOrganizationName("gradscape")
    app.setApplicationName("gradscape")
    app.setDesktopFileName("gradscape")  # the launcher entry of --install-desktop
    from gradscape.app.runtime import install as collect_on_gui_thread

    collect_on_gui_thread(app)  # never in a worker: see app/runtime.py
    from gradscape.app.runtime import install_language, system_language

    chosen = None
    if language_from_settings:
        from gradscape.app.model.settings import load_language, open_settings

        chosen = load_language(open_settings())
    install_language(app, chosen or system_language())
    return app


def open_main_window(persist: bool = True) -> Any:
    """The window as ``gradscape`` opens it (not yet shown): the main window with File's
    scene and export actions, and exceptions of its slots reported in its status bar."""
    from gradscape.app.windows.main_window import MainWindow

    win = MainWindow(persist=persist)
    if not hasattr(win, "export_controller"):  # File → Open/Save scene, Export …
        from gradscape.app.export.controller import install_export_menu

        install_export_menu(win, window_factory=MainWindow.offscreen)
    install_error_report(win)
    return win


def _screenshot_command(path: str, size: tuple[int, int], scene: str | None) -> int:
    """``gradscape --screenshot``: make the application, take the screenshot, and destroy
    the application on the way out, before a virtual X server it runs on is stopped (Qt
    ends the process when its X connection breaks)."""
    app = _make_app(sys.argv[0] if sys.argv else "gradscape")
    if app is None:
        return 1
    try:
        state = None
        if scene:
            from gradscape.app.export.scene_source import load_scene_file
            from gradscape.app.model.state import AppState

            try:
                state = AppState(scene=load_scene_file(scene))
            except ValueError as exc:
                sys.stderr.write(f"gradscape: {str(exc).removeprefix('--scene: ')}\n")
                return 2
        return screenshot(path, size, state=state)
    finally:
        state = None
        del app  # the last reference: Qt closes its X connection now


def _screen_for(size: tuple[int, int]) -> Callable[[], None] | None:
    """A screen for ``--screenshot``, as ``gradscape export`` finds one: the desktop's, else
    a virtual X server (Xvfb) started now.  Returns what stops it (nothing for the desktop's),
    or None after a one-line message when there is neither.  A Wayland session or a platform
    the user chose (``QT_QPA_PLATFORM=wayland``, ...) is left as it is."""
    from gradscape.app.export.display import HeadlessError, prepare_display

    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform not in ("", "xcb", "offscreen", "minimal") or (
        not platform and os.environ.get("WAYLAND_DISPLAY")
    ):
        return lambda: None
    try:
        display = prepare_display(True, width=size[0], height=size[1])
    except HeadlessError as exc:
        sys.stderr.write(f"gradscape: {exc}\n")
        return None
    if display.running:
        where = f"{display.ignored}, so" if display.ignored else "no display:"
        sys.stderr.write(
            f"gradscape: {where} rendering on a virtual X server {display.display} (Xvfb)\n"
        )
    return display.stop


def screenshot(path: str, size: tuple[int, int], timeout_s: float = 20.0, state: Any = None) -> int:
    """Render the window at ``size`` and save it; 0 on success.

    ``state`` (an :class:`app.model.state.AppState`) is the scene to show; default: the default
    scene.
    """
    try:
        return _screenshot(path, size, timeout_s, state)
    finally:
        # The window's widgets hold reference cycles (panels and their slots), and automatic
        # collection is off (app.runtime): free them now, while the application exists.
        # Left to the interpreter's exit, they may be freed after it, which crashes Qt.
        import gc

        gc.collect()


def _screenshot(path: str, size: tuple[int, int], timeout_s: float, state: Any) -> int:
    from PyQt6.QtCore import QCoreApplication, QEvent, QEventLoop

    from gradscape.app.export.capture import grab
    from gradscape.app.windows.main_window import MainWindow

    win = MainWindow(state, persist=False, synchronous=True)
    from gradscape.app.model.camera import view_camera

    camera = view_camera(win.state.scene)
    if camera is not None:  # the camera a --scene records
        win.view3d.set_camera(camera)
    win.resize(*size)
    win.show()
    deadline = time.monotonic() + timeout_s
    while win.view3d.first_frame_at is None and time.monotonic() < deadline:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
    # A couple more rounds so layouts, the 2D views and the status bar settle.
    for _ in range(5):
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
    if win.view3d.first_frame_at is None:
        sys.stderr.write("gradscape: the 3D view never drew a frame (is OpenGL available?)\n")
        win.close()
        return 1
    img = grab(win)
    ok = img.save(path, "PNG")
    win.close()
    # Destroy the window now, while the application exists: its Python side sits in
    # reference cycles (slots that close over it), and with automatic garbage collection
    # off (app.runtime) it would otherwise be freed at interpreter exit, after the
    # QApplication — a use-after-free that crashed the process on its way out.
    win.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    if not ok:
        sys.stderr.write(f"gradscape: could not write {path}\n")
        return 1
    print(f"wrote {path} ({img.width()}x{img.height()})")
    if (img.width(), img.height()) != tuple(size):
        w, h = size
        sys.stderr.write(
            f"gradscape: note: the window cannot be as small as {w}x{h}; "
            f"the screenshot is {img.width()}x{img.height()}\n"
        )
    return 0


def _offscreen_window(state: Any) -> Any:
    """The whole window for ``gradscape export --view window`` (imported only then: the
    exporter's --help and 2D views need no window)."""
    from gradscape.app.windows.main_window import MainWindow

    return MainWindow.offscreen(state)


#: How long after the window opens the objects alive then are settled out of the garbage
#: collector's later passes (:func:`app.runtime.settle_memory`).
SETTLE_MS = 3000


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``gradscape`` console script."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["export"]:  # headless rendering: its own parser, no window
        from gradscape.app.export.cli import main as export_main

        return export_main(argv[1:], window_factory=_offscreen_window)
    if argv[:1] == ["landscape"]:  # its own parser: one-line errors, its own --help
        from gradscape.app.export.landscape_cli import main as landscape_main

        return landscape_main(argv[1:], window_factory=_offscreen_window)
    if argv[:1] == ["basins"]:  # its own parser as well
        from gradscape.app.export.basins_cli import main as basins_main

        return basins_main(argv[1:])
    parser = build_parser()
    args = parser.parse_args(argv)
    command = getattr(args, "command", None)
    if command:
        return SUBCOMMANDS[command][1](args)
    if args.install_desktop or args.uninstall_desktop:  # no display, no Qt
        if args.screenshot or args.scene:
            parser.error("--install-desktop and --uninstall-desktop take no other option")
        from gradscape.app.export import desktop

        return desktop.install() if args.install_desktop else desktop.uninstall()
    if args.screenshot:
        from gradscape.app.export.capture import parse_size

        try:
            size = parse_size(args.size)
        except ValueError as exc:
            parser.error(str(exc))
        stop_display = _screen_for(size)
        if stop_display is None:
            return 1
        try:
            return _screenshot_command(args.screenshot, size, args.scene)
        finally:
            stop_display()  # (after the application is gone: see _screenshot_command)
    if args.scene:
        parser.error("--scene goes with --screenshot (the window opens scenes from File)")
    app = _make_app(sys.argv[0] if sys.argv else "gradscape", not args.no_settings)
    if app is None:
        return 1
    win = open_main_window(persist=not args.no_settings)
    win.show()
    from PyQt6.QtCore import QTimer

    from gradscape.app.runtime import settle_memory, tear_down

    QTimer.singleShot(SETTLE_MS, settle_memory)  # (the first scene drawn by then)
    code = app.exec()
    del win
    tear_down(app)
    return code


def install_error_report(win: Any) -> None:
    """Report an exception that escapes a Qt slot instead of letting PyQt abort the app.

    PyQt6 ends the process (SIGABRT) on an exception in a slot unless ``sys.excepthook``
    is set: a bug in one control must not cost the user the session.  The traceback goes to
    stderr and the window's status bar says what happened; the window keeps running (or the
    window that replaced it: View → Language makes the window again).
    """
    import traceback

    from gradscape.app.runtime import translate

    previous = sys.excepthook
    shown = [win]

    def follow(new: Any) -> None:
        shown[0] = new
        new.replaced.connect(follow)

    if hasattr(win, "replaced"):
        win.replaced.connect(follow)

    def report(kind: type[BaseException], exc: BaseException, tb: Any) -> None:
        if issubclass(kind, KeyboardInterrupt):
            previous(kind, exc, tb)
            return
        traceback.print_exception(kind, exc, tb, file=sys.stderr)
        try:
            text = translate("MainWindow", "Internal error: {kind}: {error}")
            shown[0].statusBar().showMessage(text.format(kind=kind.__name__, error=exc), 15000)
        except RuntimeError:  # the window is already gone
            pass

    sys.excepthook = report


if __name__ == "__main__":
    sys.exit(main())
