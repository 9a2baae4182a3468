"""The launcher entry: ``gradscape --install-desktop`` and ``--uninstall-desktop``.

A freedesktop.org desktop entry (``gradscape.desktop``) goes into the user's applications
folder and the application icon (``resources/gradscape.svg``) into the user's hicolor icon
theme, both under ``$XDG_DATA_HOME`` (default ``~/.local/share``), so that the app shows in
the desktop's launcher with its icon.  The entry runs the command that installed it: the
``gradscape`` script that is running, else this interpreter with ``-m gradscape``.

Qt-free and display-free: these commands run anywhere.  Both files are written atomically
(:mod:`core.atomic`) and committed together, the icon first, so an entry never points at a
missing icon; a failure leaves the previous files as they were and prints one line (exit
status 3).  The command line stays in English.
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TextIO

from gradscape.core._text import one_line, shorten, shorten_path
from gradscape.core.atomic import AtomicFile, commit_together, describe_oserror, fill

#: The entry's file name: also the application id (Qt's desktop file name, Wayland's app id).
DESKTOP_ID = "gradscape"
ENTRY_NAME = f"{DESKTOP_ID}.desktop"
ICON_NAME = f"{DESKTOP_ID}.svg"

EXIT_OK = 0
EXIT_WRITE = 3

#: Characters that make an Exec argument need double quotes (Desktop Entry spec, "The Exec
#: key"), and those that must be escaped by a backslash inside the quotes.
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")
_ESCAPED_IN_QUOTES = set('"`$\\')


def data_home(env: Mapping[str, str] | None = None) -> Path:
    """``$XDG_DATA_HOME``, or ``~/.local/share`` when it is unset, empty or relative (the
    XDG Base Directory spec says a relative path is invalid and ignored)."""
    env = os.environ if env is None else env
    value = env.get("XDG_DATA_HOME", "")
    if value and os.path.isabs(value):
        return Path(value)
    home = env.get("HOME") or os.path.expanduser("~")
    return Path(home) / ".local" / "share"


def entry_path(env: Mapping[str, str] | None = None) -> Path:
    """Where the desktop entry goes: ``$XDG_DATA_HOME/applications/gradscape.desktop``."""
    return data_home(env) / "applications" / ENTRY_NAME


def icon_path(env: Mapping[str, str] | None = None) -> Path:
    """Where the icon goes: ``$XDG_DATA_HOME/icons/hicolor/scalable/apps/gradscape.svg``."""
    return data_home(env) / "icons" / "hicolor" / "scalable" / "apps" / ICON_NAME


def launch_command(argv0: str | None = None, executable: str | None = None) -> list[str]:
    """The command the entry runs: the running ``gradscape`` (or ``losscape``) script by its
    absolute path; else a ``gradscape`` script beside the interpreter (a virtual
    environment's bin/); else the interpreter with ``-m gradscape``."""
    argv0 = sys.argv[0] if argv0 is None else argv0
    executable = sys.executable if executable is None else executable
    script = Path(argv0)
    if script.name in ("gradscape", "losscape") and script.is_file():
        return [os.path.abspath(script)]
    if executable:
        beside = Path(executable).parent / "gradscape"
        if beside.is_file() and os.access(beside, os.X_OK):
            return [os.path.abspath(beside)]
        return [os.path.abspath(executable), "-m", "gradscape"]
    return ["gradscape"]


def exec_value(command: Sequence[str]) -> str:
    """``command`` as the value of an ``Exec`` key: arguments with reserved characters in
    double quotes (``"`$\\`` escaped inside), ``%`` doubled, and the key file's own
    escaping of backslashes on top."""
    words = []
    for arg in command:
        if any(c in _RESERVED for c in arg) or not arg:
            arg = '"' + "".join("\\" + c if c in _ESCAPED_IN_QUOTES else c for c in arg) + '"'
        words.append(arg.replace("%", "%%"))
    return " ".join(words).replace("\\", "\\\\")


def entry_text(command: Sequence[str]) -> str:
    """The desktop entry that launches ``command``."""
    lines = [
        "[Desktop Entry]",
        "Type=Application",
        "Version=1.4",
        "Name=gradscape",
        "Name[ja]=gradscape",
        "GenericName=Optimizer Visualizer",
        "GenericName[ja]=最適化手法の可視化",
        "Comment=See how gradient-descent optimizers move on loss surfaces",
        "Comment[ja]=勾配降下法の最適化手法が損失曲面をどう下るかを見て学べます",
        f"Exec={exec_value(command)}",
        f"Icon={DESKTOP_ID}",
        "Terminal=false",
        "StartupNotify=true",
        "Categories=Education;Science;",
        "Keywords=gradient descent;optimizer;learning rate;loss surface;neural network;"
        "machine learning;Adam;SGD;",
        "Keywords[ja]=勾配降下法;最適化手法;学習率;損失曲面;ニューラルネットワーク;機械学習;"
        "深層学習;",
    ]
    return "\n".join(lines) + "\n"


def _say(stream: TextIO, text: str) -> None:
    stream.write(one_line(f"gradscape: {text}") + "\n")


def install(
    env: Mapping[str, str] | None = None,
    command: Sequence[str] | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Write the desktop entry and the icon; returns the exit status (0, or 3 when a folder
    cannot take them: one line on stderr, nothing changed)."""
    from gradscape.resources import icon_path as source_icon

    stdout = sys.stdout if stdout is None else stdout
    stderr = sys.stderr if stderr is None else stderr
    entry, icon = entry_path(env), icon_path(env)
    command = launch_command() if command is None else list(command)
    files: list[AtomicFile] = []
    try:
        svg = source_icon().read_bytes()
        for target, data in ((icon, svg), (entry, entry_text(command).encode("utf-8"))):
            _make_folder(target.parent)
            files.append(fill(AtomicFile(target), data))
        commit_together(files)
    except _FolderError as exc:
        _say(stderr, f"error: {exc.strerror}")
        return EXIT_WRITE
    except OSError as exc:
        _say(stderr, f"error: {describe_oserror(exc, exc.filename or entry)}")
        return EXIT_WRITE
    finally:
        for f in files:
            f.discard()  # (nothing once committed)
    # one line per file written, so that neither path is cut by the other's length
    runs = shorten(exec_value(command))
    _say(stdout, f"wrote the launcher entry {shorten_path(entry)} (runs {runs})")
    _say(stdout, f"wrote its icon {shorten_path(icon)}")
    return EXIT_OK


class _FolderError(OSError):
    """A folder of the XDG tree could not be made; the message says which and why."""


#: errno values whose :func:`describe_oserror` sentence (about the parent folder) fits a
#: folder that could not be made; any other is reported with the folder's own name.
_PARENT_REASONS = {errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOSPC, errno.ENOTDIR}


def _make_folder(folder: Path) -> None:
    """``mkdir -p folder``; :class:`_FolderError` names the folder that could not be made."""
    missing = []
    here = folder
    while not here.exists() and here != here.parent:
        missing.append(here)
        here = here.parent
    for path in reversed(missing):
        try:
            path.mkdir()
        except FileExistsError:
            if not path.is_dir():
                raise
        except OSError as exc:
            if exc.errno in _PARENT_REASONS:
                reason = describe_oserror(exc, path)
            else:
                reason = f"cannot create the folder {shorten_path(path)}: {exc.strerror or exc}"
            raise _FolderError(exc.errno, reason) from None


def uninstall(
    env: Mapping[str, str] | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Remove the desktop entry and the icon; returns the exit status (0 also when there
    was nothing to remove, 3 when a file could not be removed)."""
    stdout = sys.stdout if stdout is None else stdout
    stderr = sys.stderr if stderr is None else stderr
    removed = []
    # the entry first: a launcher never shows an entry whose icon is gone
    for target in (entry_path(env), icon_path(env)):
        try:
            target.unlink()
        except FileNotFoundError:
            continue
        except IsADirectoryError:
            _say(stderr, f"error: {shorten_path(target)} is a folder, not gradscape's file")
            return EXIT_WRITE
        except OSError as exc:
            reason = describe_oserror(exc, target).replace("cannot write in", "cannot remove from")
            _say(stderr, f"error: {reason}")
            return EXIT_WRITE
        removed.append(shorten_path(target))
    if removed:
        _say(stdout, f"removed {' and '.join(removed)}")
    else:
        _say(stdout, f"nothing to remove: no launcher entry at {shorten_path(entry_path(env))}")
    return EXIT_OK
