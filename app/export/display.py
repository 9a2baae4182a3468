"""Run Qt with no screen: a virtual X server for 3D, Qt's offscreen platform for 2D.

Qt reads the platform when the QApplication is created, so :func:`prepare_display` must run
before that.  What works (see ``HEADLESS_QT.md``): pyqtgraph's 2D widgets render on the
``offscreen`` platform, but a ``QOpenGLWidget`` (the 3D view) only renders on ``xcb`` with a
real X server — Xvfb with Mesa's software renderer when there is no display.

Typical use::

    with prepare_display(need_gl=True):
        app = QApplication([])
        ...
"""

from __future__ import annotations

import ctypes
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from types import TracebackType

#: Debian/Ubuntu package that provides the Xvfb binary.
XVFB_PACKAGE = "xvfb"


#: Seconds an X server gets to answer the connection probe (a live one answers in ms).
PROBE_TIMEOUT = 2.0


def _x_address(display: str) -> tuple[int, object] | None:
    """(socket family, address) of an X display name ``[host]:n[.screen]``, or None when
    the name is not one."""
    host, sep, rest = display.rpartition(":")
    number = rest.split(".", 1)[0]
    if not sep or not number.isdigit():
        return None
    if host in ("", "unix") or host.startswith("/"):
        return socket.AF_UNIX, f"/tmp/.X11-unix/X{number}"
    return socket.AF_INET, (host, 6000 + int(number))


def display_problem(display: str, timeout: float | None = None) -> str | None:
    """None when the X server ``display`` answers a connection request, else why not.

    Qt aborts the whole process (SIGABRT) when its xcb platform cannot connect, and blocks
    when a server accepts but never answers; this probe finds both before Qt starts.  It
    sends the X11 connection set-up without credentials: an X server's reply -- success, or
    a refusal for want of authorisation -- shows a live server (Qt brings the credentials).
    Any other reply (an HTTP proxy that takes every connection, say) is not one.
    """
    timeout = PROBE_TIMEOUT if timeout is None else timeout
    address = _x_address(display)
    if address is None:
        return f"DISPLAY={display!r} is not an X display name"
    family, where = address
    if family == socket.AF_UNIX and not os.path.exists(str(where)):
        # Linux servers also listen on an abstract socket of the same name
        where = "\0" + str(where)
    try:
        with socket.socket(family, socket.SOCK_STREAM) as sock:
            sock.settimeout(timeout)
            sock.connect(where)
            # byte order "l" (little-endian), protocol 11.0, no authorisation
            sock.sendall(b"l\0" + (11).to_bytes(2, "little") + bytes(8))
            reply = b""
            while len(reply) < 8:
                part = sock.recv(8 - len(reply))
                if not part:
                    break
                reply += part
            if not reply:
                return f"the X server {display} closed the connection without answering"
            if not _x_setup_reply(reply):
                return f"what answers at DISPLAY={display} is not an X server"
    except TimeoutError:
        return f"the X server {display} does not answer (waited {timeout:g} s)"
    except OSError as exc:
        return f"cannot connect to the X server {display}: {exc.strerror or exc}"
    return None


def _x_setup_reply(reply: bytes) -> bool:
    """Whether ``reply`` begins as an X server's answer to a connection set-up does: its
    8-byte header with status Failed (0) or Success (1) and protocol version 11 in the byte
    order asked for (little-endian), or Authenticate (2)."""
    if len(reply) < 8 or reply[0] not in (0, 1, 2):
        return False
    return reply[0] == 2 or int.from_bytes(reply[2:4], "little") == 11


class HeadlessError(RuntimeError):
    """No display can be had; the message is one line that says what to install."""


def _die_with_parent() -> Callable[[], None] | None:
    """On Linux, a child hook that makes Xvfb exit when its parent dies, even by SIGKILL
    (so a killed export never leaves a server behind).  A pre-exec hook is only safe
    while this process has a single thread, so with more threads it is skipped."""
    if not sys.platform.startswith("linux") or threading.active_count() > 1:
        return None
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        prctl = libc.prctl
    except (OSError, AttributeError):
        return None
    pr_set_pdeathsig = 1

    def hook() -> None:
        prctl(pr_set_pdeathsig, signal.SIGTERM)

    return hook


class VirtualDisplay:
    """An Xvfb server started on a free display number and stopped on :meth:`stop`.

    The server itself picks the display number (``-displayfd``), which is free of the race
    between "find an unused number" and "bind it" that a lock-file scan has.

    Parameters
    ----------
    width, height : int
        Screen size; windows larger than the screen still render, but keep it generous.
    depth : int
        Colour depth (24 for Mesa's llvmpipe).
    timeout : float
        Seconds to wait for the server to come up.
    """

    def __init__(
        self, width: int = 1920, height: int = 1200, depth: int = 24, timeout: float = 10.0
    ) -> None:
        for name, value in (("width", width), ("height", height)):
            if not isinstance(value, int) or not 16 <= value <= 16384:
                raise ValueError(f"{name} must be an integer in [16, 16384], got {value!r}")
        if depth not in (16, 24):
            raise ValueError(f"depth must be 16 or 24, got {depth!r}")
        self.width, self.height, self.depth = width, height, depth
        self.timeout = float(timeout)
        self.display: str | None = None
        #: why an inherited DISPLAY was not used (see :func:`prepare_display`)
        self.ignored: str | None = None
        self._proc: subprocess.Popen[bytes] | None = None
        self._saved_env: dict[str, str | None] = {}

    @staticmethod
    def find_xvfb() -> str:
        """Path of the Xvfb binary, or raise :class:`HeadlessError` naming the package."""
        exe = shutil.which("Xvfb")
        if exe is None:
            raise HeadlessError(
                "no display and no Xvfb to render 3D: install the Debian package "
                f"'{XVFB_PACKAGE}' (sudo apt-get install {XVFB_PACKAGE}) or set DISPLAY"
            )
        return exe

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    def start(self) -> str:
        """Start Xvfb; set ``DISPLAY`` and ``QT_QPA_PLATFORM=xcb``; return the display name."""
        if self.running:
            assert self.display is not None
            return self.display
        exe = self.find_xvfb()
        read_fd, write_fd = os.pipe()
        cmd = [
            exe, "-displayfd", str(write_fd),
            "-screen", "0", f"{self.width}x{self.height}x{self.depth}",
            "-nolisten", "tcp", "-noreset",
        ]  # fmt: skip
        try:
            self._proc = subprocess.Popen(
                cmd,
                pass_fds=(write_fd,),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                start_new_session=True,  # a Ctrl-C in the terminal goes to us, not to Xvfb
                preexec_fn=_die_with_parent(),
            )
        except OSError as exc:
            os.close(read_fd)
            os.close(write_fd)
            raise HeadlessError(f"could not start {exe}: {exc.strerror or exc}") from exc
        os.close(write_fd)
        try:
            number = self._read_display_number(read_fd)
        finally:
            os.close(read_fd)
        self.display = f":{number}"
        for key, value in (("DISPLAY", self.display), ("QT_QPA_PLATFORM", "xcb")):
            self._saved_env.setdefault(key, os.environ.get(key))
            os.environ[key] = value
        return self.display

    def _read_display_number(self, fd: int) -> int:
        assert self._proc is not None
        deadline = time.monotonic() + self.timeout
        data = b""
        while not data.endswith(b"\n"):
            left = deadline - time.monotonic()
            if left <= 0:
                self._kill()
                raise HeadlessError(f"Xvfb did not start within {self.timeout:g} s")
            ready, _, _ = select.select([fd], [], [], left)
            if not ready:
                continue
            chunk = os.read(fd, 64)
            if not chunk:  # Xvfb exited before it wrote its display number
                err = self._stderr_tail()
                self._kill()
                raise HeadlessError(f"Xvfb failed to start: {err or 'no error output'}")
            data += chunk
        return int(data.strip())

    def _stderr_tail(self) -> str:
        assert self._proc is not None and self._proc.stderr is not None
        try:
            self._proc.wait(timeout=2)
        except subprocess.TimeoutExpired:
            return ""
        lines = self._proc.stderr.read().decode("utf-8", "replace").strip().splitlines()
        return lines[-1] if lines else ""

    def _kill(self) -> None:
        if self._proc is None:
            return
        if self._proc.poll() is None:
            self._proc.send_signal(signal.SIGTERM)
            try:
                self._proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
        if self._proc.stderr is not None:
            self._proc.stderr.close()
        self._proc = None

    def stop(self) -> None:
        """Stop the server and restore ``DISPLAY`` / ``QT_QPA_PLATFORM`` (idempotent)."""
        self._kill()
        for key, value in self._saved_env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        self._saved_env = {}
        self.display = None

    def __enter__(self) -> VirtualDisplay:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


class _NoDisplay:
    """What :func:`prepare_display` returns when nothing had to be started."""

    display: str | None = None
    running = False

    def __init__(self, ignored: str | None = None) -> None:
        #: why the inherited DISPLAY was not used (None when it was, or there was none)
        self.ignored = ignored

    def stop(self) -> None:
        pass

    def __enter__(self) -> _NoDisplay:
        return self

    def __exit__(self, *exc: object) -> None:
        pass


def prepare_display(
    need_gl: bool, *, width: int = 1920, height: int = 1200
) -> VirtualDisplay | _NoDisplay:
    """Choose the Qt platform before the QApplication exists; start Xvfb if 3D needs it.

    - An explicit ``QT_QPA_PLATFORM`` other than ``xcb`` (e.g. ``offscreen`` for 2D-only
      tests) is respected when 3D is not needed.
    - With a ``DISPLAY`` whose X server answers (:func:`display_problem`): use it (``xcb``).
    - With a ``DISPLAY`` that does not answer: as with none (Qt would abort on it); the
      returned object's ``ignored`` says why.
    - No display, 2D only: Qt's ``offscreen`` platform.
    - No display, 3D: start Xvfb (:class:`VirtualDisplay`) sized to hold ``width`` x ``height``.

    Returns
    -------
    VirtualDisplay or a no-op stand-in
        Call ``stop()`` (or use it as a context manager) when Qt is done.

    Raises
    ------
    HeadlessError
        3D is needed, there is no display and Xvfb is not installed.
    """
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    display = os.environ.get("DISPLAY")
    uses_x = need_gl or not platform or platform == "xcb"
    if display and uses_x:
        problem = display_problem(display)
        if problem is None:
            os.environ["QT_QPA_PLATFORM"] = "xcb"
            return _NoDisplay()
        # A dead DISPLAY is treated as none (Qt would abort on it): render without it.
        del os.environ["DISPLAY"]
        if not need_gl:
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
            return _NoDisplay(ignored=problem)
        vd = VirtualDisplay(max(1280, int(width) + 64), max(1024, int(height) + 64))
        vd.ignored = problem
        try:
            vd.start()
        except HeadlessError as exc:
            raise HeadlessError(f"{problem}; {exc}") from None
        return vd
    if display:
        return _NoDisplay()
    if not need_gl:
        if not platform or platform == "xcb":
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
        return _NoDisplay()
    vd = VirtualDisplay(max(1280, int(width) + 64), max(1024, int(height) + 64))
    vd.start()
    return vd
