"""Property tests: a malformed scene document is refused with one short line, never a crash.

Hypothesis generates JSON documents around a valid scene — fields of the wrong type, missing
or extra fields, huge strings and numbers, integers beyond a float, NaN and Infinity, deep
nesting, unknown optimizer and surface names, hyperparameters of every kind — and
``Scene.from_json`` must either give a scene or raise :class:`SceneError` whose message is
one line of fewer than 300 characters (it names the field; it never echoes the value whole).
"""

from __future__ import annotations

import json
import math

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from gradscape.core.optimizers import OPTIMIZERS
from gradscape.core.scene import Scene, SceneError
from gradscape.core.surfaces import SURFACES

FIELDS = ("format", "version", "title", "surface", "surface_params", "optimizers", "start",
          "steps", "seed", "batch_size", "bound")  # fmt: skip

VALID = {
    "format": "gradscape-scene",
    "version": 1,
    "title": "t",
    "surface": "neuron",
    "surface_params": {"samples": [[1.0, 0.5], [-1.0, 0.2]], "act": "sigmoid"},
    "optimizers": [{"name": "adam", "hyper": {"eta": 0.1}}, {"name": "sgd", "hyper": {}}],
    "start": [1.0, -1.0],
    "steps": 20,
    "seed": 0,
    "batch_size": None,
    "bound": None,
}

PROFILE = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# -- values ---------------------------------------------------------------------------------

huge_ints = st.sampled_from([2**64, -(2**64), 2**1100, -(2**1100), 10**4000])
special_floats = st.sampled_from([math.nan, math.inf, -math.inf, 1e308, -1e308, 5e-324, -0.0])
huge_strings = st.integers(1_000, 300_000).map(lambda n: "é" * n)
names = st.sampled_from(
    [*OPTIMIZERS.names(), *SURFACES.names(), "Santa-E", "ADAM", "", " ", "nope", "adam ",
     "ǎdam", "\x00", "sgd:eta=1", "neuron\n"]
)  # fmt: skip
keys = st.one_of(
    st.sampled_from(["eta", "beta1", "beta2", "eps", "mu", "rho", "base", "act", "loss",
                     "samples", "domain", "resolution", "seed", "burnin", "name", "hyper"]),
    st.text(max_size=8),
)  # fmt: skip
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    huge_ints,
    st.floats(allow_nan=True, allow_infinity=True),
    special_floats,
    st.text(max_size=20),
    names,
    huge_strings,
)


def nested(depth: int) -> object:
    value: object = 1.0
    for i in range(depth):
        value = [value] if i % 2 else {"k": value}
    return value


junk = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=5), st.dictionaries(keys, inner, max_size=5)),
    max_leaves=12,
) | st.integers(10, 900).map(nested)


@st.composite
def optimizer_entries(draw) -> object:
    """One entry of ``optimizers``: mostly well-shaped, with junk names and hyperparameters."""
    hyper = draw(st.dictionaries(keys, junk, max_size=4) | junk)
    name = draw(names | junk)
    return draw(
        st.sampled_from(
            [
                {"name": name, "hyper": hyper},
                [name, hyper],
                name,
                {"name": name},
                {"name": name, "hyper": hyper, "extra": 1},
                hyper,
            ]
        )
    )


@st.composite
def documents(draw) -> object:
    """A scene document: the valid one with some fields replaced, removed or added."""
    doc = json.loads(json.dumps(VALID))
    for _ in range(draw(st.integers(1, 4))):
        action = draw(st.sampled_from(["replace", "remove", "extra", "optimizer", "param"]))
        field = draw(st.sampled_from(FIELDS))
        if action == "replace":
            doc[field] = draw(junk)
        elif action == "remove":
            doc.pop(field, None)
        elif action == "extra":
            doc[draw(st.text(min_size=1, max_size=10) | huge_strings)] = draw(junk)
        elif action == "optimizer":
            doc["optimizers"] = draw(st.lists(optimizer_entries(), max_size=4))
        else:
            params = doc["surface_params"] if isinstance(doc.get("surface_params"), dict) else {}
            params[draw(keys)] = draw(junk)
            doc["surface_params"] = params
    return draw(st.just(doc) | junk)


def to_text(doc: object) -> str:
    """JSON text as a hand-edited file may hold it: NaN/Infinity literals allowed."""
    return json.dumps(doc, allow_nan=True, ensure_ascii=False)


def assert_refused_in_one_line(text: str | bytes) -> None:
    try:
        scene = Scene.from_json(text)
    except SceneError as exc:
        message = str(exc)
        assert message, "an empty message"
        assert "\n" not in message and "\r" not in message, message[:500]
        assert len(message) < 300, f"{len(message)} characters: {message[:500]}"
    else:
        assert isinstance(scene, Scene)  # a valid document is a scene, completed
        assert Scene.from_json(scene.to_json()) == scene


# -- properties -----------------------------------------------------------------------------


@PROFILE
@given(documents())
@example({**VALID, "fiel\nd" * 50_000: 1})  # was echoed whole: 300 000 characters, 50 000 lines
@example({**VALID, "version": [{"k": "é" * 1_000, "n": 2**70, "f": -1e308}] * 3})  # was 302
@example({**VALID, "optimizers": [{"name": "sam", "hyper": {"base": "x" * 100_000}}]})  # was 331
@example({**VALID, "optimizers": [{"name": "é" * 5_000}]})  # cut the list of valid names
@example({**VALID, "title": "x" * 2_000_000})
@example({**VALID, "surface": "s" * 2_000_000})
@example({**VALID, "optimizers": [{"name": "adam", "hyper": {"eta": "e" * 2_000_000}}]})
@example({**VALID, "optimizers": [{"name": "adam", "hyper": {"k" * 100_000: 1.0}}]})
@example({**VALID, "surface_params": {"act": "a" * 1_000_000}})
@example({**VALID, "surface_params": {"k" * 100_000: 1}})
@example({**VALID, "start": [math.nan, math.inf]})
@example({**VALID, "steps": 10**4000})
@example({**VALID, "bound": -math.inf})
def test_a_malformed_document_is_refused_in_one_short_line(doc):
    assert_refused_in_one_line(to_text(doc))


@PROFILE
@given(
    st.one_of(
        st.binary(max_size=200),
        st.text(max_size=200),
        st.integers(1, 200_000).map(lambda n: "[" * n),
        st.integers(1, 200_000).map(lambda n: '{"a":' * n),
        st.integers(1, 50_000).map(lambda n: "1" * n),
        st.integers(1, 50_000).map(lambda n: '{"steps": ' + "9" * n + "}"),
        documents().map(to_text).map(lambda t: t[: len(t) // 2]),  # truncated file
        documents().map(lambda d: to_text(d).encode("utf-16")),  # not UTF-8
    )
)
@example(b"\xff\xfe")
@example('{"steps": ' + "9" * 5000 + "}")
@example("[" * 100_000)
@example('{"surface": "neuron", "optimizers": ["adam"], "steps": 5, "start": '
         + "[" * 980 + "]" * 980 + "}")  # fmt: skip
def test_text_that_is_no_scene_is_refused_in_one_short_line(text):
    assert_refused_in_one_line(text)
