"""The window's basin maps are computed in the engine process (their optimizers' loop in a
thread of the GUI's process held the interpreter lock the GUI thread needs: a 0.34 s gap in
the monkey's bench), equal to the maps computed here; a surface that cannot be sent there is
mapped here instead; a cancel stops the process's map."""

from __future__ import annotations

import copy
import threading

import numpy as np
import pytest

import gradscape.app.model.basins_job as job
from gradscape.app.model.basins_job import BasinRequest, BasinsController, compute_maps
from gradscape.app.model.engine_process import engine_process
from gradscape.app.model.results import Cancelled
from gradscape.core.surfaces import get_surface

REQS = [BasinRequest("adam", {"eta": 0.05}, "Adam", "#ff0000"), BasinRequest("nag", {}, "NAG")]


@pytest.fixture
def counted(monkeypatch):
    """How many maps this process computed itself (the engine process does not see it)."""
    ran = [0]
    here = job.compute_maps

    def counting(*args, **kwargs):
        ran[0] += 1
        return here(*args, **kwargs)

    monkeypatch.setattr(job, "compute_maps", counting)
    return ran


def _maps(qtbot, surface) -> list:
    ctl = BasinsController()
    got: list = []
    ctl.ready.connect(got.append)
    ctl.compute(surface, REQS, grid=16, steps=600, seed=0)
    qtbot.waitUntil(lambda: bool(got), timeout=30000)
    return got[0]


def test_the_maps_come_from_the_engine_process(qtbot, counted):
    s = get_surface("sixhumpcamel")
    maps = _maps(qtbot, s)
    assert counted[0] == 0  # not one step here
    want = compute_maps(s, REQS, 16, 600, 0, threading.Event())
    for m, w in zip(maps, want, strict=True):
        assert m.label == w.label and m.color == w.color
        np.testing.assert_array_equal(m.basins.label, w.basins.label)


def test_a_surface_that_cannot_be_sent_is_mapped_here(qtbot, counted):
    s = copy.copy(get_surface("himmelblau"))  # (a copy: the registry's stays as it is)
    s.unpicklable = lambda: None  # (a lambda: pickle refuses it)
    maps = _maps(qtbot, s)
    assert counted[0] == 1 and len(maps) == 2


def test_a_cancel_stops_the_map_in_the_engine_process():
    calls = [0]

    def cancelled() -> bool:
        calls[0] += 1
        return calls[0] > 1

    with pytest.raises(Cancelled):
        engine_process().basins(get_surface("himmelblau"), REQS, 200, 100_000, 0, cancelled,
                                lambda f: None)  # fmt: skip
    # free again at once
    maps = engine_process().basins(get_surface("himmelblau"), REQS[:1], 8, 50, 0,
                                   lambda: False, lambda f: None)  # fmt: skip
    assert len(maps) == 1
