"""A basin map's legend: English by default (``gradscape basins`` pictures), the interface's
language when the window's view passes ``translate``."""

from __future__ import annotations

import numpy as np

from gradscape.app.model.basins_colors import legend_entries, share
from gradscape.app.runtime import install_language, translate
from gradscape.core.basins import DIVERGED, NOT_CONVERGED, basins
from gradscape.core.surfaces import get_surface


def test_the_legend_in_english_and_in_japanese(qapp):
    # η large enough that part of the grid diverges and part does not converge in 40 steps
    m = basins(get_surface("himmelblau"), "sgd", {"eta": 0.022}, grid=14, steps=40, seed=0)
    values, n = np.unique(m.label, return_counts=True)
    counts = dict(zip(values.tolist(), n.tolist(), strict=True))
    total = m.label.size
    assert counts.get(DIVERGED) and counts.get(NOT_CONVERGED)  # both lines are there
    english = [text for _, text in legend_entries(m)]
    assert english[-2:] == [
        f"not converged: {share(counts[NOT_CONVERGED], total)}",
        f"diverged: {share(counts[DIVERGED], total)}",
    ]
    w, b = m.minima[max((i for i in counts if i >= 0), key=lambda i: counts[i])]
    assert english[0].startswith(f"({w:.3g}, {b:.3g})")
    try:
        install_language(qapp, "ja")
        japanese = [text for _, text in legend_entries(m, translator=translate)]
        assert [text for _, text in legend_entries(m)] == english  # no translator: English
    finally:
        install_language(qapp, "en")
    assert japanese[-2:] == [
        f"収束せず: {share(counts[NOT_CONVERGED], total)}",
        f"発散: {share(counts[DIVERGED], total)}",
    ]
    assert japanese[0] == english[0]  # a minimum's line is numbers only
