"""Synthetic frames for the export tests (no tests here).

Each frame is a flat background with a red 8x8 square at a known place, so a frame read back
from any format can be checked pixel by pixel: where the square is, and that it moved.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

BG = (30, 60, 90)
RED = (255, 0, 0)
W, H = 64, 48


def square_frame(k: int, w: int = W, h: int = H) -> np.ndarray:
    f = np.empty((h, w, 3), np.uint8)
    f[:] = BG
    x = 4 * k
    f[10:18, x : x + 8] = RED
    return f


def frames(n: int = 12) -> list[np.ndarray]:
    return [square_frame(k) for k in range(n)]


def red_columns(frame: np.ndarray) -> np.ndarray:
    """Columns of row 14 whose colour is close to the square's red (lossy codecs allowed)."""
    row = frame[14].astype(int)
    close = np.abs(row - np.array(RED)).max(axis=1) < 60
    return np.flatnonzero(close)


def leftovers(folder: Path) -> list[str]:
    """Hidden temporary files an export may have left behind."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))
