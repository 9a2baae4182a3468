"""Schedules with very long cycles: a value or a clear refusal, never an OverflowError
(each case found by the GUI monkey typing a huge whole number into a schedule's field)."""

from __future__ import annotations

import math

import pytest

from gradscape.core.schedules import get_schedule


def test_a_huge_total_iters_gives_the_start_factor_not_an_overflow():
    sched = get_schedule("linear", base=0.5, total_iters=10**400)
    # k = t − 1 = 0 at the first step: base · start_factor; later steps differ from it by
    # (e − s)·k/n, far below a float's resolution
    assert sched(1) == pytest.approx(0.5 / 3, rel=1e-15)
    assert sched(10**6) == pytest.approx(0.5 / 3, rel=1e-15)


def test_a_cosine_over_a_huge_period_stays_at_its_base():
    sched = get_schedule("cosine", base=0.5, T_max=10**400, low=0.1)
    assert sched(1) == 0.5
    # low + (base − low)(1 + cos(π k/T))/2 with k/T ≈ 1e-394: cos = 1 to the last bit
    assert sched(10**6) == 0.5
    # a period a float holds: the closed form
    finite = get_schedule("cosine", base=0.5, T_max=10**20, low=0.1)
    k = 5 * 10**19
    assert finite(k + 1) == pytest.approx(0.1 + 0.4 * (1 + math.cos(math.pi * 0.5)) / 2)


def test_cosine_restarts_with_a_huge_first_cycle():
    sched = get_schedule("cosineRestarts", base=0.5, T_0=10**400, T_mult=3)
    assert sched(7) == 0.5


@pytest.mark.parametrize("total", [2**53 + 1, 10**400])
def test_a_one_cycle_longer_than_a_float_counts_is_refused_with_a_message(total):
    with pytest.raises(ValueError) as err:
        get_schedule("oneCycle", peak=0.1, total_steps=total)
    text = str(err.value)
    assert text.startswith("total_steps must be <= 9007199254740992, got ")
    assert len(text) < 300  # (the value shortened, not 400 digits)
    # the longest allowed one still builds and starts at peak/div_factor
    assert get_schedule("oneCycle", peak=0.1, total_steps=2**53)(1) == pytest.approx(0.1 / 25)
