"""File → Examples: scenes that each show one thing about optimizers, and the first launch's.

Each example is a :class:`~gradscape.core.scene.Scene` built here (no file to lose), with a
title and a sentence for the menu (marked for translation, translated where shown).  The
first launch opens :data:`FIRST_LAUNCH` and plays it: with the seed's one sample every
optimizer moves along the same line (∂L/∂w = x·∂L/∂b), so the first thing a learner sees is a
race where they part.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from gradscape.app.runtime import QT_TRANSLATE_NOOP
from gradscape.core.scene import Scene

__all__ = ["EXAMPLES", "FIRST_LAUNCH", "Example", "example"]

#: Two samples whose gradients point different ways: plain and momentum descent head off at
#: about −37°, the adaptive rules at about +10° (tests/app/model/test_examples.py).
TWO_SAMPLES = [[2.0, 0.9], [-1.0, 0.2]]


@dataclass(frozen=True)
class Example:
    key: str
    title: str  # QT_TRANSLATE_NOOP("Examples", …): translate where shown
    about: str
    build: Callable[[], Scene]


EXAMPLES: tuple[Example, ...] = (
    Example(
        "two-samples",
        QT_TRANSLATE_NOOP("Examples", "Two samples: where optimizers part"),
        QT_TRANSLATE_NOOP(
            "Examples",
            "The neuron fitted to two samples: SGD and momentum head one way, the adaptive "
            "rules (AdaGrad, RMSprop, Adam) another.",
        ),
        lambda: Scene(
            surface="neuron",
            surface_params={"samples": TWO_SAMPLES},
            optimizers=[("sgd", {}), ("msgd", {}), ("adagrad", {}), ("rmsprop", {}), ("adam", {})],
            steps=200,
        ),
    ),
    Example(
        "series",
        QT_TRANSLATE_NOOP("Examples", "The series' picture: one sample (x = 1, y* = 0.5)"),
        QT_TRANSLATE_NOOP(
            "Examples",
            "The seed article's neuron. With one sample ∂L/∂w = x·∂L/∂b, so every optimizer "
            "moves along the same line: they differ only in speed.",
        ),
        lambda: Scene(surface="neuron", optimizers=[("sgd", {}), ("msgd", {}), ("adam", {})]),
    ),
    Example(
        "rosenbrock",
        QT_TRANSLATE_NOOP("Examples", "Rosenbrock's valley: momentum pays"),
        QT_TRANSLATE_NOOP(
            "Examples",
            "A long curved valley: plain SGD crawls, momentum and NAG reach the minimum (1, 1).",
        ),
        lambda: Scene(
            surface="rosenbrock",
            optimizers=[("sgd", {"eta": 0.001}), ("msgd", {"eta": 0.001}),
                        ("nag", {"eta": 0.001}), ("adam", {"eta": 0.05})],  # fmt: skip
            steps=1000,
        ),
    ),
    Example(
        "himmelblau",
        QT_TRANSLATE_NOOP("Examples", "Himmelblau: one start, different minima"),
        QT_TRANSLATE_NOOP(
            "Examples",
            "Four minima of equal depth: from the same start, momentum ends in another one "
            "than SGD, RMSprop and Adam.",
        ),
        lambda: Scene(
            surface="himmelblau",
            optimizers=[("sgd", {"eta": 0.01}), ("msgd", {"eta": 0.01}), ("rmsprop", {}),
                        ("adam", {})],  # fmt: skip
            start=[0.0, -0.5],
            steps=500,
        ),
    ),
    Example(
        "saddle",
        QT_TRANSLATE_NOOP("Examples", "Escaping a saddle point"),
        QT_TRANSLATE_NOOP(
            "Examples",
            "Started next to the saddle of y² − x²: how fast each rule finds the way down.",
        ),
        lambda: Scene(
            surface="saddle",
            optimizers=[("sgd", {}), ("msgd", {}), ("rmsprop", {}), ("adam", {})],
            steps=40,
        ),
    ),
    Example(
        "too-large",
        QT_TRANSLATE_NOOP("Examples", "A learning rate too large"),
        QT_TRANSLATE_NOOP(
            "Examples",
            "The bowl x²/20 + y² has curvature 2 along y, so SGD is stable for η < 2/2 = 1: "
            "η = 0.9 zig-zags in, η = 1.05 diverges.",
        ),
        lambda: Scene(
            surface="quadratic", optimizers=[("sgd", {"eta": 0.9}), ("sgd", {"eta": 1.05})],
            steps=100,
        ),  # fmt: skip
    ),
)

#: The example the first launch opens (no saved settings) and plays.
FIRST_LAUNCH = "two-samples"


def example(key: str) -> Example:
    """The example called ``key``; KeyError names the valid keys."""
    for ex in EXAMPLES:
        if ex.key == key:
            return ex
    raise KeyError(f"no example {key!r}; valid: {', '.join(e.key for e in EXAMPLES)}")
