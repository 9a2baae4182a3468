"""Linear warm-up with a very long ramp: no OverflowError (found by the GUI monkey)."""

from __future__ import annotations

import pytest

from gradscape.core.schedules import get_schedule


def test_a_huge_total_iters_gives_the_start_factor_not_an_overflow():
    sched = get_schedule("linear", base=0.5, total_iters=10**400)
    # k = t − 1 = 0 at the first step: base · start_factor; later steps differ from it by
    # (e − s)·k/n, far below a float's resolution
    assert sched(1) == pytest.approx(0.5 / 3, rel=1e-15)
    assert sched(10**6) == pytest.approx(0.5 / 3, rel=1e-15)
