"""The race's basin maps as one job: equal to core.basins per optimizer, progress over all
of them, cancel as the app's Cancelled."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from gradscape.app.model.basins_job import BasinRequest, compute_maps
from gradscape.app.model.results import Cancelled
from gradscape.core.basins import basins
from gradscape.core.surfaces import get_surface


def test_maps_in_order_equal_the_core_and_progress_spans_all():
    s = get_surface("sixhumpcamel")
    reqs = [BasinRequest("adam", {"eta": 0.05}, "Adam", "#ff0000"),
            BasinRequest("nag", {}, "NAG")]  # fmt: skip
    seen = []
    maps = compute_maps(s, reqs, 16, 600, 0, threading.Event(), seen.append)
    assert [m.label for m in maps] == ["Adam", "NAG"] and maps[0].color == "#ff0000"
    for m, (name, hyper) in zip(maps, [("adam", {"eta": 0.05}), ("nag", {})], strict=True):
        np.testing.assert_array_equal(m.basins.label, basins(s, name, hyper, grid=16, steps=600,
                                                              seed=0).label)  # fmt: skip
    # 250, 500, 600 of 600 steps, per map, as fractions of both maps
    assert seen == pytest.approx([250 / 1200, 500 / 1200, 0.5, 0.5 + 250 / 1200,
                                  0.5 + 500 / 1200, 1.0])  # fmt: skip


def test_cancel_raises_the_apps_cancelled():
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        compute_maps(get_surface("himmelblau"), [BasinRequest("adam", {}, "Adam")], 8, 600, None,
                     cancel)  # fmt: skip
