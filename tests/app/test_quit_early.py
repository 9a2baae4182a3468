"""The ``gradscape`` window quits cleanly however early it is closed: PyQt's clean-up at exit
walked a dangling wrapper when the window closed right after its first frame, and the app
ended in a segmentation fault about 3 times in 8 (app.runtime.tear_down)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

#: The command's own main(), its event loop told to quit after ``delay`` ms.
CHILD = r"""
import sys
from PyQt6.QtCore import QTimer
from PyQt6.QtWidgets import QApplication

delay = int(sys.argv[1])
exec_ = QApplication.exec


def quitting(self):
    QTimer.singleShot(delay, self.quit)
    return exec_()


QApplication.exec = quitting
from gradscape.app.__main__ import main

sys.exit(main(["--no-settings"]))
"""


@pytest.mark.parametrize("delay", [0, 400, 900, 1200, 1600, 2500])
def test_the_window_quits_with_status_0_however_early(gl, tmp_path, delay):
    env = dict(os.environ, GRADSCAPE_SETTINGS=str(tmp_path / "settings.ini"))
    # (output to a file, not a pipe: a crashed app's engine process would hold a pipe open)
    with open(tmp_path / "err.txt", "w") as err:
        proc = subprocess.run(
            [sys.executable, "-X", "faulthandler", "-c", CHILD, str(delay)],
            stdout=subprocess.DEVNULL,
            stderr=err,
            timeout=60,
            env=env,
            cwd=tmp_path,
        )
    stderr = (tmp_path / "err.txt").read_text(errors="replace")
    assert proc.returncode == 0, stderr[-2000:]
    assert "Traceback" not in stderr and "Fatal Python error" not in stderr
