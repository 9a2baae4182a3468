"""Persistence between launches (QSettings): last choices, view settings, window layout.

``LOSSCAPE_SETTINGS`` (a path to an .ini file) redirects everything, so tests and scripts
never touch the user's settings.  Stored values are validated through the state's setters
on load; anything invalid is skipped and the default kept.
"""

from __future__ import annotations

import json
import os
from typing import Any

from PyQt6.QtCore import QSettings

from app.model.state import AppState, Run

ORGANISATION = "losscape"
APPLICATION = "losscape"
ENV_PATH = "LOSSCAPE_SETTINGS"


def open_settings() -> QSettings:
    path = os.environ.get(ENV_PATH)
    if path:
        return QSettings(path, QSettings.Format.IniFormat)
    return QSettings(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANISATION, APPLICATION
    )


def state_to_dict(state: AppState) -> dict[str, Any]:
    return {
        "surface": state.surface,
        "surface_params": state.surface_params,
        "samples": [list(s) for s in state.samples] if state.samples is not None else None,
        "runs": [
            {"optimizer": r.optimizer, "hyper": dict(r.hyper), "color": r.color} for r in state.runs
        ],
        "current_run": state.current_run,
        "start": list(state.start),
        "steps": state.steps,
        "seed": state.seed,
        "batch_size": state.batch_size,
        "speed": state.speed,
        "height_mode": state.height_mode,
        "log_loss": state.log_loss,
        "colormap": state.colormap,
        "grid": state.grid,
    }


def apply_dict(state: AppState, data: dict[str, Any]) -> list[str]:
    """Apply what validates; return the problems met (for a log line, never a crash)."""
    problems: list[str] = []

    def attempt(what: str, fn) -> None:
        try:
            fn()
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            problems.append(f"{what}: {exc}")

    with state.batch():
        if "surface" in data:
            attempt("surface", lambda: setattr(state, "surface", data["surface"]))
        params = data.get("surface_params") or {}
        if not isinstance(params, dict):
            problems.append(f"surface_params: must be an object, got {params!r}")
            params = {}
        # The samples and the loss are checked together (binary cross-entropy wants targets
        # in [0, 1]): the samples go first, and once more after the parameters if the old
        # loss refused them, so that no order of old and new values blocks a valid pair.
        samples_given = data.get("samples") is not None and state.samples is not None
        samples_refused = False
        if samples_given:
            try:
                state.samples = data["samples"]
            except (ValueError, TypeError):
                samples_refused = True
        for name, value in params.items():
            attempt(
                f"surface parameter {name}", lambda n=name, v=value: state.set_surface_param(n, v)
            )
        if samples_refused:
            attempt("samples", lambda: setattr(state, "samples", data["samples"]))
        if data.get("runs"):
            attempt(
                "runs",
                lambda: setattr(
                    state,
                    "runs",
                    tuple(
                        Run(r["optimizer"], tuple(dict(r["hyper"]).items()), str(r["color"]))
                        for r in data["runs"]
                    ),
                ),
            )
        for key in (
            "current_run",
            "start",
            "steps",
            "seed",
            "batch_size",
            "speed",
            "height_mode",
            "log_loss",
            "colormap",
            "grid",
        ):
            if key in data:
                attempt(key, lambda k=key: setattr(state, k, data[k]))
    return problems


def save_state(settings: QSettings, state: AppState) -> None:
    settings.setValue("scene/json", json.dumps(state_to_dict(state)))


def load_state(settings: QSettings, state: AppState) -> list[str]:
    text = settings.value("scene/json", "", type=str)
    if not text:
        return []
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        return [f"stored scene is not JSON: {exc}"]
    if not isinstance(data, dict):
        return ["stored scene is not a JSON object"]
    return apply_dict(state, data)
