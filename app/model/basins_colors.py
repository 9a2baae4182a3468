"""A basin map's colours (no Qt): one colour per minimum, grey for "not converged", near
black for "diverged" — the same for the window's maps and ``gradscape basins`` pictures.

The first ten minima take a qualitative palette whose colours are far apart from each
other and from grey and black (Tableau's ten, grey swapped out); further minima (Rastrigin's
grid) take hues spaced by the golden angle, so neighbouring indices never look alike.
"""

from __future__ import annotations

import colorsys
from typing import Any

import numpy as np

from gradscape.app.model.words import QT_TRANSLATE_NOOP, english
from gradscape.core.basins import DIVERGED, NOT_CONVERGED

#: Colours of the first minima (RGB).
PALETTE = (
    (31, 119, 180),
    (255, 127, 14),
    (44, 160, 44),
    (214, 39, 40),
    (148, 103, 189),
    (140, 86, 75),
    (227, 119, 194),
    (188, 189, 34),
    (23, 190, 207),
    (174, 199, 232),
)
#: "Not converged" (settled nowhere, or still moving).
NOT_CONVERGED_RGB = (160, 160, 160)
#: "Diverged".
DIVERGED_RGB = (25, 25, 25)


def minimum_colors(k: int) -> np.ndarray:
    """RGB colours (k, 3) uint8 of minima 0..k−1."""
    out = [PALETTE[i] if i < len(PALETTE) else _golden(i) for i in range(k)]
    return np.array(out, dtype=np.uint8).reshape(k, 3)


def _golden(i: int) -> tuple[int, int, int]:
    h = (i * 0.6180339887498949) % 1.0
    s, v = (0.75, 0.9) if i % 2 else (0.55, 0.7)
    r, g, b = colorsys.hsv_to_rgb(h, s, v)
    return int(round(255 * r)), int(round(255 * g)), int(round(255 * b))


def label_rgb(label: np.ndarray, k: int) -> np.ndarray:
    """The colour of every start: (nb, nw, 3) uint8 for labels (nb, nw) of ``k`` minima.

    Row i is ``b[i]`` (the map's own order; a picture with b upwards flips it)."""
    lut = np.empty((k + 2, 3), dtype=np.uint8)
    lut[:k] = minimum_colors(k)
    lut[k] = DIVERGED_RGB
    lut[k + 1] = NOT_CONVERGED_RGB
    idx = np.where(label >= 0, label, np.where(label == DIVERGED, k, k + 1))
    return lut[idx]


def share(count: int, total: int) -> str:
    """``count`` of ``total`` as a percentage, never "0.0 %" for a few."""
    p = 100 * count / total
    return f"{p:.1f} %" if p >= 0.1 or p == 0 else f"{p:.2g} %"


#: The legend's words (context "BasinsLegend"): English in ``gradscape basins``' pictures,
#: the interface's language in the window (its view passes its ``translator``).
_MINIMUM = QT_TRANSLATE_NOOP("BasinsLegend", "({w}, {b}): {share}")
_FOUND = QT_TRANSLATE_NOOP("BasinsLegend", "({w}, {b}) (found): {share}")
_MORE = QT_TRANSLATE_NOOP("BasinsLegend", "{count} more minima: {share}")
_NOT_CONVERGED = QT_TRANSLATE_NOOP("BasinsLegend", "not converged: {share}")
_DIVERGED = QT_TRANSLATE_NOOP("BasinsLegend", "diverged: {share}")


def legend_entries(
    basins: Any, most: int = 8, translator: Any = english
) -> list[tuple[tuple[int, int, int], str]]:
    """(colour, text) lines of a legend: the minima reached most often (at most ``most``,
    then one line for the rest), then "not converged" and "diverged" when they occur;
    ``translator(context, text)`` translates the words (English by default)."""
    counts = basins.counts()
    total = basins.label.size
    k = len(basins.minima)
    colors = minimum_colors(k)
    reached = sorted((i for i in range(k) if counts[i]), key=lambda i: -counts[i])
    out = []
    for i in reached[:most]:
        w, b = basins.minima[i]
        text = translator("BasinsLegend", _MINIMUM if i < basins.n_known else _FOUND)
        out.append(
            (
                tuple(int(c) for c in colors[i]),
                text.format(w=f"{w:.3g}", b=f"{b:.3g}", share=share(counts[i], total)),
            )
        )
    if len(reached) > most:
        rest = sum(counts[i] for i in reached[most:])
        swatch = tuple(int(c) for c in colors[reached[most]])
        text = translator("BasinsLegend", _MORE)
        out.append((swatch, text.format(count=len(reached) - most, share=share(rest, total))))
    for lab, rgb, words in (
        (NOT_CONVERGED, NOT_CONVERGED_RGB, _NOT_CONVERGED),
        (DIVERGED, DIVERGED_RGB, _DIVERGED),
    ):
        if counts[lab]:
            text = translator("BasinsLegend", words)
            out.append((rgb, text.format(share=share(counts[lab], total))))
    return out
