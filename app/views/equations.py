"""The equations panel: the current optimizer's update equations with live values."""

from __future__ import annotations

import html
from typing import Any

import numpy as np
from PyQt6.QtCore import Qt, QTimer
from PyQt6.QtGui import QTextOption
from PyQt6.QtWidgets import (
    QTextBrowser,
    QWidget,
)

from gradscape.app.model import stepwise
from gradscape.app.model.arrays import fmt
from gradscape.app.model.live import Deferred
from gradscape.app.model.state import AppState
from gradscape.app.model.step_walk import WalkPosition
from gradscape.app.runtime import QT_TRANSLATE_NOOP, translate
from gradscape.core._registry import words
from gradscape.core.scene_paths import is_recorded
from gradscape.core.surfaces import SURFACES


def _hyper_text(value: Any) -> str:
    """A hyperparameter as the panel prints it: a number, or a schedule as
    ``cosine(base=0.25, T_max=200, low=0)``."""
    if isinstance(value, float):
        return fmt(value)
    if isinstance(value, dict) and "schedule" in value:
        args = ", ".join(f"{k}={_hyper_text(v)}" for k, v in value.items() if k != "schedule")
        return f"{value['schedule']}({args})"
    return str(value)


#: Rows of the live values that are no optimizer's state (so not among core's words).
ROW_WORDS = {"effective step": QT_TRANSLATE_NOOP("EquationsPanel", "effective step")}


def _row_name(key: str) -> str:
    """A row's name in the interface's language: core's words (state names), else ours."""
    text = words(key)
    if text in ROW_WORDS:
        return translate("EquationsPanel", ROW_WORDS[text])
    return translate("core", text)


#: The step-by-step mode's highlighted equation line, and the others (dimmed)
HIGHLIGHT = "#ffe58a"
DIMMED = "#9a9a9a"


def _cell(value: float) -> str:
    """A table cell: the number, or "—" where it is undefined (the effective step of a
    coordinate whose gradient is 0)."""
    return fmt(value) if np.isfinite(value) else "—"


class EquationsPanel(QTextBrowser):
    """The selected optimizer's update equations with the live values of the current step."""

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        #: the step-by-step mode's sentence shown last ("" when the mode is off)
        self.explanation = ""
        self.setObjectName("equations")
        self.setOpenLinks(False)
        # Rows wrap to the panel's width, a word longer than the panel too: the panel never
        # needs a horizontal scroll bar.
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        # Rich-text layout costs ~0.7 ms: during playback refresh at most every 40 ms
        # (25 Hz is plenty for reading numbers) instead of on every frame.
        state.playingChanged.connect(self._on_playing)
        self._throttle = QTimer(self)
        self._throttle.setSingleShot(True)
        self._throttle.setInterval(40)
        self._throttle.timeout.connect(self.refresh)
        state.stepChanged.connect(self._on_step)
        # a new race while the start is dragged: 5 refreshes a second (app.model.live)
        self._later = Deferred(state, self.refresh, self)
        state.resultChanged.connect(self._later.call)
        state.drawChanged.connect(self._later.call)
        for sig in (state.currentRunChanged, state.runsChanged, state.walk.changed):
            sig.connect(self.refresh)
        self.refresh()

    def _on_playing(self, on: bool) -> None:
        if not on:
            self.refresh()  # paused: the exact values of the step shown

    def _on_step(self, _step: int) -> None:
        if not self.state.playing:
            self.refresh()  # a single step (keys, scrub, export): show it now
        elif not self._throttle.isActive():
            self._throttle.start()

    def values(self) -> dict[str, np.ndarray] | None:
        """Live values of the step that led to the current point (the engine's
        ``Trajectory.at``): gradient g, the optimizer's state after it, the move Δ.
        None at step 0."""
        st, res = self.state, self.state.result
        if res is None or st.current_run >= len(res.trajectories) or not self._current():
            return None
        traj = res.trajectories[st.current_run]
        at = traj.at(st.step)
        if at["grad"] is None:
            return None
        out = {"g": np.asarray(at["grad"], dtype=np.float64)}
        for name, arr in (at.get("state") or {}).items():
            out[name] = np.asarray(arr, dtype=np.float64)
        out["Δ"] = np.asarray(at["move"], dtype=np.float64)
        return out

    def rate_value(self) -> float | None:
        """η_t of the step that led to the current point (at step 0: of the first step)
        when the current run's η follows a schedule; read from the draw data, which the
        compute worker prepared.  None otherwise."""
        st, res = self.state, self.state.result
        if res is None or res.draw is None or not self._current():
            return None
        rates = res.draw.curves.rate
        if st.current_run >= len(rates) or rates[st.current_run] is None:
            return None
        rate = rates[st.current_run]
        if not len(rate):
            return None
        return float(rate[min(max(st.step, 1), len(rate)) - 1])

    def _current(self) -> bool:
        """True when the state's result was computed for the scene the panel shows (not
        while a changed scene is being computed, nor after its computation failed)."""
        return self.state.result_is_current()

    def refresh(self, *_: Any) -> None:
        st = self.state
        cls = st.run.cls
        lines = [f"<h3>{html.escape(cls.display_name)}</h3>"]
        eq = (getattr(cls, "equations", "") or "").strip()
        names = tuple(getattr(SURFACES[st.surface], "axis_names", ("w", "b")))
        walk = st.walk.position()
        self.explanation = ""
        if walk is not None:
            lines.append(self._walk_html(walk, eq, names))
            eq = ""  # (shown line by line above)
        if eq:
            # wrapped, never scrolled sideways: a narrow panel (a 1280 × 720 screen) breaks
            # a long update rule after an operator and indents nothing
            lines.append("<pre style='white-space: pre-wrap'>" + html.escape(eq) + "</pre>")
        paper = (getattr(cls, "paper", "") or "").strip()
        if paper:
            lines.append(f"<p><i>{html.escape(paper)}</i></p>")
        shown = {p.name: translate("core", p.display) for p in getattr(cls, "params", ())}
        hyper = ", ".join(
            f"{shown.get(k) or translate('core', words(k))} = {_hyper_text(v)}"
            for k, v in st.run.hyper
        )
        if hyper:
            lines.append(f"<p class='hyper'>{html.escape(hyper)}</p>")
        vals = self.values() if walk is None else None
        if vals is not None:
            traj = st.result.trajectories[st.current_run]
            rows = "".join(
                f"<tr><td><b>{html.escape(_row_name(k))}</b></td>"
                f"<td>{_cell(float(v.reshape(-1)[0]))}</td>"
                f"<td>{_cell(float(v.reshape(-1)[-1]))}</td></tr>"
                for k, v in vals.items()
                if v.size
            )
            lines.append(
                "<p>"
                + html.escape(
                    translate("EquationsPanel", "Step t = {t}:").format(
                        t=min(st.step, len(traj.params) - 1)
                    )
                )
                + "</p>"
                f"<table cellspacing='0' cellpadding='2'><tr><th></th><th>{names[0]}</th>"
                f"<th>{names[1]}</th></tr>{rows}</table>"
            )
        rate = self.rate_value()
        if rate is not None:
            note = translate("EquationsPanel", "(the scheduled learning rate of step {k})").format(
                k=max(st.step, 1)
            )
            lines.append(f"<p class='rate'><b>η_t</b> = {fmt(rate)} {html.escape(note)}</p>")
        if walk is None and vals is None and st.result is not None and not self._current():
            waiting = translate(
                "EquationsPanel", "Values: waiting for the computation of these settings…"
            )
            lines.append(f"<p><i>{html.escape(waiting)}</i></p>")
        if self._current():
            lines.append(self.recorded_html(names))
        self.setHtml("".join(lines))

    # -- the step-by-step mode -------------------------------------------------------------
    def _walk_html(self, pos: WalkPosition, eq: str, names: tuple[str, ...]) -> str:
        """The equations line by line, the sub-step's lines highlighted and the others
        dimmed, the sentence, and the values of this update known so far."""
        sub = pos.sub
        shown = set(sub.lines) if sub is not None else set()
        rows = []
        for i, line in enumerate(stepwise.equation_lines(eq, names)):
            text = html.escape(line)
            if i in shown:
                rows.append(
                    f"<span style='background-color:{HIGHLIGHT}; color:#000000; "
                    f"font-weight:bold'>{text}</span>"
                )
            else:
                rows.append(f"<span style='color:{DIMMED}'>{text}</span>")
        k, size = pos.k, len(pos.subs)
        if sub is None:
            head = stepwise.title(None, translate)
        else:
            head = translate("EquationsPanel", "Update {k} → {k1}, part {i} of {n}: {what}").format(
                k=k, k1=k + 1, i=pos.index + 1, n=size, what=stepwise.title(sub, translate)
            )
        self.explanation = stepwise.explain(sub, pos.traj, k, names, translate)
        out = [
            f"<p class='walk'><b>{html.escape(translate('EquationsPanel', 'Step by step'))}"
            f"</b> — {html.escape(head)}</p>",
            "<pre style='white-space: pre-wrap'>" + "\n".join(rows) + "</pre>",
            f"<p class='explain'>{html.escape(self.explanation)}</p>",
        ]
        vals = stepwise.values(pos.index, pos.subs, pos.traj, k) if sub is not None else {}
        if vals:
            cells = "".join(
                f"<tr><td><b>{html.escape(_row_name(key))}</b></td>"
                f"<td>{_cell(float(v.reshape(-1)[0]))}</td>"
                f"<td>{_cell(float(v.reshape(-1)[-1]))}</td></tr>"
                for key, v in vals.items()
            )
            out.append(
                f"<table cellspacing='0' cellpadding='2'><tr><th></th><th>{names[0]}</th>"
                f"<th>{names[1]}</th></tr>{cells}</table>"
            )
        return "".join(out)

    def highlighted_lines(self) -> list[str]:
        """The equation lines drawn highlighted (read back from the document)."""
        found: list[str] = []
        block = self.document().begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                frag = it.fragment()
                fmt_ = frag.charFormat()
                if fmt_.background().style() != Qt.BrushStyle.NoBrush and (
                    fmt_.background().color().name() == HIGHLIGHT
                ):
                    found.append(frag.text())
                it += 1
            block = block.next()
        return [line.strip() for text in found for line in text.split("\u2028") if line.strip()]

    def recorded_values(self) -> list[dict[str, Any]]:
        """What each recorded path (a projected training path) has at the current step: it
        ran no optimizer, so no equations — its step, position, the plane's loss there and,
        when recorded, the true loss of the full model (the honesty meter)."""
        res = self.state.result
        if res is None:
            return []
        out = []
        for traj in res.trajectories:
            if not is_recorded(traj):
                continue
            at = traj.at(self.state.step)
            true = traj.extra.get("true_loss")
            out.append(
                {
                    "name": traj.label,
                    "step": at["step"],
                    "position": (at["w"], at["b"]),
                    "plane_loss": at["loss"],
                    "true_loss": None if true is None else float(true[at["step"]]),
                }
            )
        return out

    def recorded_html(self, names: tuple[str, ...]) -> str:
        rows = []
        for v in self.recorded_values():
            true = "—" if v["true_loss"] is None else fmt(v["true_loss"])
            rows.append(
                f"<tr><td><b>{html.escape(v['name'])}</b></td><td>{v['step']}</td>"
                f"<td>{fmt(v['position'][0])}</td><td>{fmt(v['position'][1])}</td>"
                f"<td>{fmt(v['plane_loss'])}</td><td>{true}</td></tr>"
            )
        if not rows:
            return ""
        head = [
            translate("EquationsPanel", "Recorded paths"),
            translate("EquationsPanel", "Projected onto the plane; no optimizer ran on it."),
            translate("EquationsPanel", "step"),
            names[0],
            names[1],
            translate("EquationsPanel", "plane loss"),
            translate("EquationsPanel", "true loss"),
        ]
        title, note, step, w, b, plane, true = (html.escape(t) for t in head)
        return (
            f"<h3>{title}</h3><p>{note}</p>"
            f"<table cellspacing='0' cellpadding='2'><tr><th></th><th>{step}</th>"
            f"<th>{w}</th><th>{b}</th>"
            f"<th>{plane}</th><th>{true}</th></tr>" + "".join(rows) + "</table>"
        )
