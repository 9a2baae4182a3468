"""Name-keyed registries shared by optimizers, activations, losses and surfaces.

The series looks classes up by a normalised name: lower case, punctuation removed
(``"Santa-E"`` -> ``"santae"``).  Spaces and underscores are dropped as well so that
display names ("Leaky ReLU") resolve too.  One registry per kind of object is the single
source of truth for every choice the GUI offers.
"""

from __future__ import annotations

import difflib
import math
import string
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from gradscape.core._message import Message, template
from gradscape.core._text import show

T = TypeVar("T")

# A parameter's range and refusals (registered templates: the app says them in its language)
_BOOL_RANGE = template("True or False")
_CHOICES = template("one of {choices}")
_INTERVAL = template("in {interval}")
_ABOVE = template("> {low}")
_FROM = template(">= {low}")
_BELOW = template("< {high}")
_UP_TO = template("<= {high}")
_FINITE = template("finite")
MUST_BE_BOOL = template("{name} must be True or False, got {value}")
MUST_BE_IN = template("{name} must be {range}, got {value}")
MUST_BE_NUMBER = template("{name} must be a number {range}, got {value}")
MUST_BE_FINITE = template("{name} must be finite, got {value}")
MUST_BE_INTEGER = template("{name} must be an integer, got {value}")
TOO_LARGE_FOR_FLOAT = template("{name} must be {range}, got a number too large for a float")
# An unknown name (the registry's kind, "optimizer", is one of core's words: tools/i18n.py
# lists every registry's), the closest names joined by "or", the valid ones as a list
UNKNOWN_NAME = template("unknown {kind} {name}; valid names: {valid}")
UNKNOWN_NAME_CLOSE = template("unknown {kind} {name}; did you mean {close}? valid names: {valid}")
EITHER = template("{first} or {second}")
UNKNOWN_KEYWORD = template("{what} got an unknown keyword {name}; valid: {valid}")
GIVEN_TWICE = template("{what} got {name} twice (once as an alias)")
_NONE = template("none")

_STRIP = str.maketrans("", "", string.punctuation + " \t")


def normalise(name: str) -> str:
    """Return the lookup key of ``name``: lower case, no punctuation or blanks."""
    if not isinstance(name, str):
        raise TypeError(f"name must be a string, got {type(name).__name__}")
    return name.lower().translate(_STRIP)


_GREEK = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "eps": "ε", "epsilon": "ε",
    "eta": "η", "lambda": "λ", "mu": "μ", "rho": "ρ", "sigma": "σ", "tau": "τ",
}


def words(name: str) -> str:
    """A Python identifier as a reader's label: ``"effective_step"`` -> ``"effective step"``,
    ``"lambda_"`` -> ``"λ"``, ``"rho"`` -> ``"ρ"``."""
    bare = name.strip("_")
    return _GREEK.get(bare, bare.replace("_", " "))


#: Longest name that :meth:`Registry.suggest` compares with the valid ones
SUGGEST_MAX = 64


def _slips(a: str, b: str) -> int:
    """Edit distance counting a swap of two neighbours as one slip (optimal string
    alignment): ``"adma"`` -> ``"adam"`` is 1."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


class Registry(Generic[T]):
    """A mapping from normalised names (and aliases) to registered objects.

    Parameters
    ----------
    kind : str
        What is registered ("optimizer", "activation", ...), used in error messages.
    """

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._items: dict[str, T] = {}
        self._aliases: dict[str, str] = {}

    def register(self, key: str, item: T, aliases: tuple[str, ...] = ()) -> T:
        k = normalise(key)
        if k in self._items or k in self._aliases:
            raise ValueError(f"{self.kind} {show(key)} is registered twice")
        self._items[k] = item
        for alias in aliases:
            a = normalise(alias)
            if a != k:
                self._aliases[a] = k
        return item

    def key(self, name: str) -> str:
        """The canonical key of ``name``; ValueError suggesting the closest names and
        listing the valid ones if unknown."""
        k = normalise(name)
        k = self._aliases.get(k, k)
        if k not in self._items:
            raise ValueError(self.unknown(name))
        return k

    def suggest(self, name: str, n: int = 3) -> list[str]:
        """The canonical keys closest to ``name``, closest first (``"adma"`` -> ``adam``).

        On the normalised spellings, aliases included: those within a few typing slips
        (edit distance with transpositions ≤ max(1, len/3)), nearest first, ties by
        difflib's similarity ratio; else difflib's close matches (ratio ≥ 0.6).
        """
        if not isinstance(name, str) or len(name) > SUGGEST_MAX:
            return []  # (a pasted document is no typo: the comparisons cost length²)
        typed = normalise(name)
        spellings = {**{k: k for k in self._items}, **self._aliases}
        most = max(1, len(typed) // 3)
        near = sorted(
            (d, -difflib.SequenceMatcher(None, typed, sp).ratio(), sp)
            for sp in spellings
            # lengths further apart than `most` are more slips apart than that
            if abs(len(sp) - len(typed)) <= most and (d := _slips(typed, sp)) <= most
        )
        close = [sp for _, _, sp in near] or difflib.get_close_matches(
            typed, list(spellings), n=3 * n, cutoff=0.6
        )
        return list(dict.fromkeys(spellings[c] for c in close))[:n]

    def unknown(self, name: Any) -> Message:
        """The message for an unknown ``name``: the closest valid names, then all of them
        (a :class:`~core._message.Message`: the kind and "or" said in the reader's language)."""
        close = self.suggest(name) if isinstance(name, str) else []
        kind, shown, valid = Message(self.kind), show(name), ", ".join(self.names())
        if not close:
            return Message(UNKNOWN_NAME, kind=kind, name=shown, valid=valid)
        either: str = close[0]
        for other in close[1:]:
            either = Message(EITHER, first=either, second=other)
        return Message(UNKNOWN_NAME_CLOSE, kind=kind, name=shown, close=either, valid=valid)

    def __getitem__(self, name: str) -> T:
        return self._items[self.key(name)]

    def __contains__(self, name: object) -> bool:
        if not isinstance(name, str):
            return False
        k = normalise(name)
        return self._aliases.get(k, k) in self._items

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def names(self) -> list[str]:
        """Canonical keys in registration order (or the order given to :meth:`reorder`)."""
        return list(self._items)

    def reorder(self, names: Sequence[str]) -> None:
        """List the entries in the order of ``names`` from now on (names or aliases).

        ``names`` must name every registered entry exactly once; later registrations are
        appended.  Raises ValueError naming what is unknown, repeated or missing.
        """
        keys = [self.key(n) for n in names]  # ValueError for an unknown name
        repeated = sorted({k for k in keys if keys.count(k) > 1})
        missing = [k for k in self._items if k not in keys]
        if repeated or missing:
            rep, miss = ", ".join(repeated) or "none", ", ".join(missing) or "none"
            raise ValueError(
                f"{self.kind} order must name every entry once; repeated: {rep}; missing: {miss}"
            )
        self._items = {k: self._items[k] for k in keys}

    def items(self) -> list[tuple[str, T]]:
        return list(self._items.items())


@dataclass(frozen=True)
class Param:
    """Specification of one hyperparameter, enough to validate it and build a form.

    ``low``/``high`` are bounds (``None`` = unbounded); ``low_open``/``high_open`` say
    whether the bound itself is excluded.  ``kind`` is ``float``, ``int``, ``bool`` or
    ``str`` (then ``choices`` lists the allowed strings).
    """

    name: str
    default: Any
    doc: str
    low: float | None = None
    high: float | None = None
    low_open: bool = False
    high_open: bool = False
    log: bool = False
    kind: type = float
    choices: tuple[str, ...] = ()
    label: str = ""

    @property
    def display(self) -> str:
        """The name a reader sees: ``label`` when set, else :func:`words` of ``name``."""
        return self.label or words(self.name)

    def range_text(self) -> str:
        """The valid values in words ("in [0, 1)", "> 0"): a :class:`~core._message.Message`."""
        if self.kind is bool:
            return Message(_BOOL_RANGE)
        if self.kind is str:
            return Message(_CHOICES, choices=", ".join(repr(c) for c in self.choices))
        if self.low is not None and self.high is not None:
            lb = "(" if self.low_open else "["
            rb = ")" if self.high_open else "]"
            return Message(_INTERVAL, interval=f"{lb}{self.low:g}, {self.high:g}{rb}")
        if self.low is not None:
            return Message(_ABOVE if self.low_open else _FROM, low=f"{self.low:g}")
        if self.high is not None:
            return Message(_BELOW if self.high_open else _UP_TO, high=f"{self.high:g}")
        return Message(_FINITE)

    def _out_of_range(self, value: Any) -> Message:
        return Message(MUST_BE_IN, name=self.name, range=self.range_text(), value=show(value))

    def validate(self, value: Any) -> Any:
        """Return ``value`` converted to the parameter's kind, or raise ValueError.

        The message names the parameter, the value and the valid range.
        """
        if self.kind is bool:
            if isinstance(value, (bool, int)) and value in (0, 1):
                return bool(value)
            raise ValueError(Message(MUST_BE_BOOL, name=self.name, value=show(value)))
        if self.kind is str:
            if isinstance(value, str) and value in self.choices:
                return value
            raise ValueError(self._out_of_range(value))
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            try:
                import numpy as np

                if isinstance(value, np.generic) and np.isrealobj(value):
                    value = value.item()
                else:
                    raise TypeError
            except TypeError:
                shown = show(value)
                raise ValueError(
                    Message(MUST_BE_NUMBER, name=self.name, range=self.range_text(), value=shown)
                ) from None
        if self.kind is int:
            # Exact integer check: float(value) would overflow for huge ints and round
            # whole numbers above 2**53.
            if isinstance(value, float):
                if not math.isfinite(value):
                    raise ValueError(Message(MUST_BE_FINITE, name=self.name, value=show(value)))
                if not value.is_integer():
                    raise ValueError(Message(MUST_BE_INTEGER, name=self.name, value=show(value)))
            value = int(value)
        else:
            try:
                value = float(value)
            except OverflowError:
                raise ValueError(
                    Message(TOO_LARGE_FOR_FLOAT, name=self.name, range=self.range_text())
                ) from None
            if not math.isfinite(value):
                raise ValueError(Message(MUST_BE_FINITE, name=self.name, value=show(value)))
        if self.low is not None and (value < self.low or (self.low_open and value == self.low)):
            raise ValueError(self._out_of_range(value))
        if self.high is not None and (value > self.high or (self.high_open and value == self.high)):
            raise ValueError(self._out_of_range(value))
        return value


def bind_params(
    what: str,
    specs: tuple[Param, ...],
    given: dict[str, Any],
    aliases: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Validate keyword arguments against ``specs``; fill in defaults.

    Unknown keywords raise ValueError listing the accepted ones.  ``aliases`` maps an
    accepted alternative name to its canonical one (e.g. ``alpha`` -> ``eta``).
    """
    aliases = aliases or {}
    by_name = {p.name: p for p in specs}
    out: dict[str, Any] = {}
    for name, value in given.items():
        canonical = aliases.get(name, name)
        if canonical not in by_name:
            valid = ", ".join(list(by_name) + list(aliases)) or Message(_NONE)
            raise ValueError(Message(UNKNOWN_KEYWORD, what=what, name=show(name), valid=valid))
        if canonical in out:
            raise ValueError(Message(GIVEN_TWICE, what=what, name=show(canonical)))
        out[canonical] = by_name[canonical].validate(value)
    for p in specs:
        out.setdefault(p.name, p.default)
    return out
