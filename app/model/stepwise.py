"""Step-by-step mode: one update of a learning rule as its sub-steps, read from its equations.

An update leaving the point of step k is walked as

1. the gradient at the point (``g = ∇L(w, b)``, a line every rule shares);
2. each update of the rule's state (velocity, moments, accumulators, SAM's ascent …), one
   sub-step per equation line that assigns a recorded state array; SAM's second gradient
   (``g' = ∇L(θ + ε̂)``) is a sub-step of its own;
3. the step Δ (the lines assigning Δ, with the intermediate quantities they use: bias
   corrections, η_t, bounds …);
4. the move to the next point (``(w, b) ← (w, b) + Δ``, a line every rule shares).

Nothing here names an optimizer: the sub-steps come from the rule's ``equations`` text and
the state arrays the engine recorded (:func:`substeps`).  Each line is split into its
assignments (``m ← …``, ``v = …``, several per line with ``;`` or ``,``; a condition such as
``t < burnin:`` and a trailing ``(comment)`` are set aside); a line assigning Δ is a step
line, one assigning a recorded state's symbol a state line, one assigning a gradient ``g…``
a gradient line, any other an intermediate that joins the first later line using it.

The sentence of a sub-step (:func:`explain`) says in plain words what happens, with the
engine's recorded values of that update (``Trajectory.grads[k]``, ``state[name][k]``,
``moves[k]``, ``params[k]``, ``params[k + 1]``).

numpy only (no Qt): the sentences are marked with :func:`QT_TRANSLATE_NOOP` (context
"StepMode") and translated by the ``translator`` the caller hands in.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from gradscape.app.model.arrays import fmt
from gradscape.app.model.overlays import MOMENT, VELOCITY_STATES
from gradscape.app.model.words import QT_TRANSLATE_NOOP, english
from gradscape.core._registry import words

#: The lines every rule shares: first and last in the step-by-step equations.
GRAD_LINE = "g = ∇L({axes})"
MOVE_LINE = "({axes}) ← ({axes}) + Δ"

#: A state array whose symbol in the equations is not its name (nor its name's Greek
#: letter, ``alpha`` -> α): the momentum buffer b, SAM's ε̂, Newton's shift μ, L-BFGS's
#: direction d, Eve's smoothed d̃.
STATE_SYMBOLS = {"buf": "b", "e": "ε̂", "shift": "μ", "direction": "d", "d": "d̃"}

#: The arrays a trajectory records beside the optimizer's state (not walked).
NOT_STATE = ("effective_step",)

TITLES = {
    "grad": QT_TRANSLATE_NOOP("StepMode", "Gradient"),
    "state": QT_TRANSLATE_NOOP("StepMode", "Update of {symbols}"),
    "regrad": QT_TRANSLATE_NOOP("StepMode", "Gradient at the shifted point"),
    "step": QT_TRANSLATE_NOOP("StepMode", "Step"),
    "move": QT_TRANSLATE_NOOP("StepMode", "Move"),
    "end": QT_TRANSLATE_NOOP("StepMode", "End of the run"),
}

SENTENCES = {
    "grad": QT_TRANSLATE_NOOP(
        "StepMode",
        "The gradient at ({axes}) = ({point}) is g = ({g}): the loss grows fastest that way, "
        "so the step will go against it.",
    ),
    "velocity": QT_TRANSLATE_NOOP(
        "StepMode",
        "{values}: a running mix of this gradient and the earlier ones, so the path keeps "
        "its heading. The arrow is the step it alone would make.",
    ),
    "squares": QT_TRANSLATE_NOOP(
        "StepMode",
        "{values}: it keeps track of how large the gradients have been on each axis; an axis "
        "with large gradients gets a smaller step.",
    ),
    "ascent": QT_TRANSLATE_NOOP(
        "StepMode",
        "{values}: SAM first looks uphill, a distance ρ along the gradient, to a point where "
        "the loss is higher.",
    ),
    "other": QT_TRANSLATE_NOOP(
        "StepMode",
        "{values}: the rule carries this from one update to the next and uses it for the step.",
    ),
    "regrad": QT_TRANSLATE_NOOP(
        "StepMode",
        "The gradient again, at the shifted point ({point}): the step uses this g' instead of g.",
    ),
    "step": QT_TRANSLATE_NOOP(
        "StepMode",
        "The step is Δ = ({delta}): on each axis the gradient times ({effective}), the "
        "effective step. The arrow shows it; the point has not moved yet.",
    ),
    "move": QT_TRANSLATE_NOOP(
        "StepMode",
        "The point moves by Δ from ({before}) to ({after}); the loss goes from {loss0} to {loss1}.",
    ),
    "end": QT_TRANSLATE_NOOP("StepMode", "{run} ends at step {n}: no update leaves this point."),
}


@dataclass(frozen=True)
class SubStep:
    """One sub-step of an update.

    ``kind``: "grad", "state", "regrad", "step" or "move"; ``lines``: the indices of the
    highlighted lines in :func:`equation_lines`; ``states``: the recorded state arrays it
    updates; ``arrow``: the overlay vector drawn (:class:`app.model.overlays.RunOverlay`'s
    kinds: "grad", "moment", "ascent", "ascent_grad", "move") or None; ``sense``: for a
    state update, what its sentence says ("velocity", "squares", "ascent", "other").
    """

    kind: str
    lines: tuple[int, ...]
    states: tuple[str, ...] = ()
    arrow: str | None = None
    sense: str = ""


def state_symbol(name: str) -> str:
    """The symbol of state array ``name`` in the equations (``buf`` -> b, ``alpha`` -> α)."""
    if name in STATE_SYMBOLS:
        return STATE_SYMBOLS[name]
    text = words(name)
    return name if " " in text else text  # v_max stays v_max


def rule_lines(equations: str) -> list[str]:
    """The rule's own equation lines (blank lines dropped)."""
    return [line.strip() for line in (equations or "").splitlines() if line.strip()]


def equation_lines(equations: str, axes: Sequence[str] = ("w", "b")) -> list[str]:
    """The lines the step-by-step mode shows: the gradient, the rule's lines, the move."""
    names = ", ".join(axes)
    return [GRAD_LINE.format(axes=names), *rule_lines(equations), MOVE_LINE.format(axes=names)]


_COMMENT = re.compile(r"\s{2,}\(.*\)\s*$")
_CONDITION = re.compile(r"^[^=←]*?:\s+(?=\S)")
# an assignment starts after ";" or "," (then blanks) with a symbol, then = or ←
_SPLIT = re.compile(r"[;,]\s+(?=[^\s=←,;()]+\s*[=←])")
_ASSIGN = re.compile(r"^\s*([^=←]+?)\s*[=←]\s*(.*)$")
# a symbol stands alone when no letter, digit, prime, accent or subscript touches it
# (a power may follow: g², βᵗ)
_LETTER = "A-Za-z0-9_\u0370-\u03ff'"
_BEFORE = rf"(?<![{_LETTER}])"
_AFTER = rf"(?![{_LETTER}\u0300-\u036f\u2080-\u209c])"


def assignments(line: str) -> list[tuple[str, str]]:
    """(left side, right side) of each assignment of ``line``."""
    text = _COMMENT.sub("", line)
    text = _CONDITION.sub("", text, count=1)
    out = []
    for clause in _SPLIT.split(text):
        m = _ASSIGN.match(clause)
        if m:
            out.append((m.group(1).strip(), m.group(2).strip()))
    return out


def uses(text: str, symbol: str) -> bool:
    """True when ``symbol`` appears in ``text`` as itself (``m`` in ``β1·m``, not in ``m̂``
    or ``max``)."""
    pattern = _BEFORE + re.escape(symbol) + _AFTER
    return re.search(pattern, text) is not None


def substeps(equations: str, state_names: Sequence[str]) -> tuple[SubStep, ...]:
    """The sub-steps of one update of a rule with ``equations`` whose recorded state
    arrays are ``state_names`` (see the module doc)."""
    lines = rule_lines(equations)
    states = [s for s in state_names if s not in NOT_STATE]
    symbol_of = {s: state_symbol(s) for s in states}
    parsed = [assignments(line) for line in lines]
    kinds, assigned = [], []
    for clauses in parsed:
        lhs = [left for left, _ in clauses]
        names = tuple(s for s in states if symbol_of[s] in lhs)
        assigned.append(names)
        if "Δ" in lhs:
            kinds.append("step")
        elif names:
            kinds.append("state")
        elif any(left.startswith("g") for left in lhs):
            kinds.append("regrad")
        else:
            kinds.append("inter")
    # an intermediate joins the first later line that uses it (the step when none does)
    target: dict[int, int | None] = {}
    for i in range(len(lines) - 1, -1, -1):
        if kinds[i] != "inter":
            continue
        lhs = [left for left, _ in parsed[i]]
        target[i] = None
        for j in range(i + 1, len(lines)):
            rhs = " ".join(right for _, right in parsed[j])
            if any(uses(rhs, sym) for sym in lhs):
                target[i] = target.get(j) if kinds[j] == "inter" else j
                break
    offset = 1  # equation_lines puts the gradient's line first
    step_lines = [i for i, k in enumerate(kinds) if k == "step"]
    groups: list[tuple[str, tuple[str, ...], list[int]]] = []
    for i, kind in enumerate(kinds):
        if kind == "regrad":
            groups.append(("regrad", (), [i]))
        elif kind == "state":
            same = next((g for g in groups if g[0] == "state" and g[1] == assigned[i]), None)
            if same is None:
                groups.append(("state", assigned[i], [i]))
            else:
                same[2].append(i)
    for i, j in target.items():
        home = next((g for g in groups if j in g[2]), None) if j is not None else None
        if home is not None:
            home[2].append(i)
        else:
            step_lines.append(i)
    # states no state line assigns (a step line assigns them, or a base rule's, in SAM)
    covered = {s for _, names, _ in groups for s in names}
    rest = tuple(s for s in states if s not in covered)
    if rest:
        own = [i for i, names in enumerate(assigned) if set(names) & set(rest)]
        groups.append(("state", rest, own or [i for i, k in enumerate(kinds) if k == "step"]))
    out = [SubStep("grad", (0,), arrow="grad")]
    for kind, names, idx in groups:
        if kind == "regrad":
            lines_of = tuple(i + offset for i in sorted(idx))
            out.append(SubStep("regrad", lines_of, arrow="ascent_grad"))
            continue
        text = " ".join(right for i in idx for _, right in parsed[i])
        if any(s in VELOCITY_STATES for s in names):
            sense, arrow = "velocity", MOMENT
        elif "e" in names:
            sense, arrow = "ascent", "ascent"
        elif "g²" in text or "|g|" in text:
            sense, arrow = "squares", "grad"
        else:
            sense, arrow = "other", "grad"
        out.append(SubStep("state", tuple(i + offset for i in sorted(idx)), names, arrow, sense))
    out.append(SubStep("step", tuple(i + offset for i in sorted(step_lines)), arrow="move"))
    out.append(SubStep("move", (len(lines) + offset,), arrow="move"))
    return tuple(out)


def _pair(v: Any) -> str:
    a = np.asarray(v, dtype=np.float64).reshape(-1)
    return ", ".join("—" if not np.isfinite(x) else fmt(float(x)) for x in a[:2])


def title(sub: SubStep | None, translator: Callable[[str, str], str] = english) -> str:
    """The sub-step's short name ("Gradient", "Update of m", …)."""
    if sub is None:
        return translator("StepMode", TITLES["end"])
    text = translator("StepMode", TITLES[sub.kind])
    if sub.kind == "state":
        return text.format(symbols=", ".join(state_symbol(s) for s in sub.states))
    return text


def explain(
    sub: SubStep | None,
    traj: Any,
    k: int,
    axes: Sequence[str] = ("w", "b"),
    translator: Callable[[str, str], str] = english,
) -> str:
    """The sentence of ``sub`` for the update leaving point ``k`` of ``traj``, with the
    engine's recorded values; ``sub`` None: the run has no update at ``k`` (its end)."""
    if sub is None or not 0 <= k < traj.n:
        return translator("StepMode", SENTENCES["end"]).format(run=traj.label, n=traj.n)
    text = translator("StepMode", SENTENCES[sub.sense or sub.kind])
    if sub.kind == "grad":
        point, g = _pair(traj.params[k]), _pair(traj.grads[k])
        return text.format(axes=", ".join(axes), point=point, g=g)
    if sub.kind == "state":
        values = ", ".join(f"{state_symbol(s)} = ({_pair(traj.state[s][k])})" for s in sub.states)
        return text.format(values=values)
    if sub.kind == "regrad":
        shifted = np.asarray(traj.params[k], dtype=np.float64)
        if "e" in traj.state:
            shifted = shifted + np.asarray(traj.state["e"][k], dtype=np.float64)
        return text.format(point=_pair(shifted))
    if sub.kind == "step":
        return text.format(
            delta=_pair(traj.moves[k]), effective=_pair(traj.state["effective_step"][k])
        )
    return text.format(
        before=_pair(traj.params[k]),
        after=_pair(traj.params[k + 1]),
        loss0=fmt(float(traj.loss[k])),
        loss1=fmt(float(traj.loss[k + 1])),
    )


def values(sub_index: int, subs: Sequence[SubStep], traj: Any, k: int) -> dict[str, np.ndarray]:
    """The values known after sub-step ``sub_index`` of the update leaving point ``k``:
    g, then each state updated so far, then Δ (from the step on), as the engine recorded
    them."""
    out: dict[str, np.ndarray] = {}
    if not 0 <= k < traj.n:
        return out
    out["g"] = np.asarray(traj.grads[k], dtype=np.float64)
    for sub in subs[: sub_index + 1]:
        for s in sub.states:
            out[s] = np.asarray(traj.state[s][k], dtype=np.float64)
        if sub.kind == "step":
            out["Δ"] = np.asarray(traj.moves[k], dtype=np.float64)
    return out
