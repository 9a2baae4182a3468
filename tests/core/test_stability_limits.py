"""Each rule's stability hint: running the real optimizer on a quadratic at 0.95× the stated
largest stable η converges, at 1.05× it diverges."""

from __future__ import annotations

import math

import numpy as np
import pytest

from gradscape.core.surfaces import get_surface
from gradscape.core.trajectory import descend, stability

#: x²/20 + y²: Hessian diag(0.1, 2), so λmax = 2 everywhere
SURFACE = get_surface("quadratic")
START = (-7.0, 2.0)

CASES = [
    ("sgd", {}),
    ("msgd", {"mu": 0.9}),
    ("msgd", {"mu": 0.6, "dampening": 0.5}),
    ("msgd", {"mu": 0.5, "form": "series"}),
    ("nag", {"mu": 0.9}),
    ("nag", {"mu": 0.5, "form": "series"}),
    ("qhm", {"beta": 0.9, "nu": 0.7}),
    ("qhm", {"beta": 0.5, "nu": 0.2}),
    ("newton", {"radius": 1e6}),
]


@pytest.mark.parametrize(("name", "hyper"), CASES, ids=lambda c: str(c))
def test_the_stated_limit_separates_converging_from_diverging(name, hyper):
    hint = stability(SURFACE, *START, 0.01, name, hyper)
    assert hint["lambda_max"] == pytest.approx(2.0)
    limit = hint["limit"]
    assert math.isfinite(limit) and limit > 0
    assert f"{limit:.3g}" in hint["text"] or name == "newton"
    below = descend(SURFACE, (name, {**hyper, "eta": 0.95 * limit}), START, 3000)
    above = descend(SURFACE, (name, {**hyper, "eta": 1.05 * limit}), START, 3000)
    assert below.diverged_at is None
    assert below.loss[-1] < 1e-8 * below.loss[0]
    assert stability(SURFACE, *START, 0.95 * limit, name, hyper)["stable"] is True
    assert above.diverged_at is not None or above.loss[-1] > above.loss[0]
    assert stability(SURFACE, *START, 1.05 * limit, name, hyper)["stable"] is False


def test_limits_by_hand():
    # λmax = 2: SGD 2/2, torch-form momentum (2 + 2μ)/2, NAG (2 + 2μ)/((1 + 2μ)·2),
    # QHM (2 + 2β)/((1 + β − 2νβ)·2)
    def limit(name, **h):
        return stability(SURFACE, *START, 0.01, name, h)["limit"]

    assert limit("sgd") == pytest.approx(1.0)
    assert limit("msgd", mu=0.9) == pytest.approx(1.9)
    assert limit("nag", mu=0.9) == pytest.approx(3.8 / 2.8 / 2)
    assert limit("qhm", beta=0.9, nu=0.7) == pytest.approx(3.8 / (1.9 - 1.26) / 2)
    # ν = 0 is SGD, ν = 1 the series' momentum
    assert limit("qhm", beta=0.5, nu=0.0) == pytest.approx(limit("sgd"))
    assert limit("qhm", beta=0.5, nu=1.0) == pytest.approx(limit("msgd", mu=0.5, form="series"))


@pytest.mark.parametrize("name", ["adam", "rmsprop", "amsgrad"])
def test_adaptive_rules_state_their_preconditioned_limit_not_a_fixed_one(name):
    hint = stability(SURFACE, *START, 0.1, name, {})
    assert hint["limit"] is None and hint["stable"] is None
    assert "λmax(P⁻¹H)" in hint["text"]


@pytest.mark.parametrize("name", ["adagrad", "qhadam", "lbfgs", "santae", "eve"])
def test_the_others_say_no_simple_limit(name):
    hint = stability(SURFACE, *START, 0.1, name, {})
    assert hint["limit"] is None and "no simple limit" in hint["text"]


def test_the_default_is_plain_gradient_descent():
    assert (
        stability(SURFACE, *START, 0.5)["text"]
        == stability(SURFACE, *START, 0.5, "sgd", {})["text"]
    )
    assert "plain gradient descent is stable" in stability(SURFACE, *START, 0.5)["text"]
    np.testing.assert_allclose(stability(SURFACE, *START, 0.5)["limit"], 1.0)
