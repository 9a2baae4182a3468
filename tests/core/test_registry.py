"""Param validation and name lookup (core/_registry.py)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from gradscape.core._registry import Param, Registry, bind_params, normalise


def test_normalise_drops_case_punctuation_and_blanks():
    assert normalise("Santa-E") == "santae"
    assert normalise("RMS prop_Graves") == "rmspropgraves"


def test_registry_lookup_and_unknown_names():
    reg: Registry[int] = Registry("thing")
    reg.register("FooBar", 1, aliases=("fb",))
    assert reg["foo-bar"] == 1 and reg["FB"] == 1 and "foo_bar" in reg
    with pytest.raises(ValueError, match="unknown thing 'nope'; valid names: foobar"):
        reg["nope"]
    with pytest.raises(ValueError, match="registered twice"):
        reg.register("foo bar", 2)


INT = Param("seed", 0, "seed", 0, None, kind=int)
FLOAT = Param("eta", 0.1, "rate", 0.0, None, low_open=True)


@pytest.mark.parametrize("value", [10**400, 2**80 + 1, np.int64(7), 3.0])
def test_int_param_accepts_any_whole_number_exactly(value):
    assert INT.validate(value) == int(value)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (math.nan, "seed must be finite, got nan"),
        (math.inf, "seed must be finite, got inf"),
        (1.5, "seed must be an integer, got 1.5"),
        (-1, r"seed must be >= 0, got -1"),
        ("3", "seed must be a number >= 0, got '3'"),
        (True, "seed must be a number"),
    ],
)
def test_int_param_errors_name_the_parameter(value, message):
    with pytest.raises(ValueError, match=message):
        INT.validate(value)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (10**400, "eta must be > 0, got a number too large for a float"),
        (0.0, r"eta must be > 0, got 0.0"),
        (-math.inf, "eta must be finite"),
        (np.float32(np.nan), "eta must be finite"),
    ],
)
def test_float_param_errors_name_the_parameter(value, message):
    with pytest.raises(ValueError, match=message):
        FLOAT.validate(value)


def test_bind_params_fills_defaults_and_resolves_aliases():
    got = bind_params("Adam", (FLOAT, INT), {"alpha": 0.5}, aliases={"alpha": "eta"})
    assert got == {"eta": 0.5, "seed": 0}
    with pytest.raises(ValueError, match="unknown keyword 'beta'; valid: eta, seed, alpha"):
        bind_params("Adam", (FLOAT, INT), {"beta": 1}, aliases={"alpha": "eta"})
    with pytest.raises(ValueError, match="twice"):
        bind_params("Adam", (FLOAT, INT), {"alpha": 0.5, "eta": 0.5}, aliases={"alpha": "eta"})


def test_reorder_sets_the_listing_order_and_checks_the_names():
    reg: Registry[int] = Registry("thing")
    for i, name in enumerate(["alpha", "Beta", "gamma"]):
        reg.register(name, i, aliases=(f"{name}-alias",))
    reg.reorder(["Gamma", "alpha", "beta-alias"])  # any spelling or alias
    assert reg.names() == ["gamma", "alpha", "beta"]
    assert list(reg) == ["gamma", "alpha", "beta"]
    assert reg.items() == [("gamma", 2), ("alpha", 0), ("beta", 1)]
    assert reg["beta-alias"] == 1 and reg["GAMMA"] == 2  # lookups unchanged
    reg.register("delta", 3)  # registered later: appended
    assert reg.names() == ["gamma", "alpha", "beta", "delta"]
    with pytest.raises(ValueError, match="repeated: alpha; missing: delta"):
        reg.reorder(["alpha", "alpha", "beta", "gamma"])
    with pytest.raises(ValueError, match="unknown thing 'omega'"):
        reg.reorder(["omega"])
    assert reg.names() == ["gamma", "alpha", "beta", "delta"]  # unchanged by a failed call


@pytest.mark.parametrize(
    ("registry", "typed", "meant"),
    [
        ("optimizers", "adma", "adam"),
        ("optimizers", "RMSprob", "rmsprop"),
        ("optimizers", "lbgfs", "lbfgs"),
        ("optimizers", "momentun", "msgd"),  # through the alias "momentum"
        ("surfaces", "rosenbrok", "rosenbrock"),
        ("surfaces", "Himelblau", "himmelblau"),
        ("activations", "sigmod", "sigmoid"),
        ("losses", "sqare", "square"),
        ("schedules", "cosin", "cosine"),
    ],
)
def test_an_unknown_name_suggests_the_closest_valid_one_first(registry, typed, meant):
    from gradscape.core.activations import ACTIVATIONS
    from gradscape.core.losses import LOSSES
    from gradscape.core.optimizers import OPTIMIZERS
    from gradscape.core.schedules import SCHEDULES
    from gradscape.core.surfaces import SURFACES

    reg = {
        "optimizers": OPTIMIZERS, "surfaces": SURFACES, "activations": ACTIVATIONS,
        "losses": LOSSES, "schedules": SCHEDULES,
    }[registry]  # fmt: skip
    assert reg.suggest(typed)[0] == meant
    with pytest.raises(ValueError) as err:
        reg.key(typed)
    msg = str(err.value)
    assert f"did you mean {meant}" in msg and "\n" not in msg
    assert msg.endswith(", ".join(reg.names()))  # and every valid name still listed


def test_a_name_far_from_all_gets_no_suggestion():
    from gradscape.core.optimizers import OPTIMIZERS

    assert OPTIMIZERS.suggest("zzzzzz") == []
    with pytest.raises(ValueError, match=r"^unknown optimizer 'zzzzzz'; valid names: sgd, "):
        OPTIMIZERS.key("zzzzzz")


def test_a_huge_unknown_name_is_refused_at_once_without_suggestions():
    from gradscape.core.optimizers import OPTIMIZERS

    huge = "adam" * 250_000  # a megabyte: no typo, and edit distances would cost length²
    assert OPTIMIZERS.suggest(huge) == []
    with pytest.raises(ValueError, match=r"^unknown optimizer '.*; valid names: sgd"):
        OPTIMIZERS.key(huge)
