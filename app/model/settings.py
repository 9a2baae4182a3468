"""Persistence between launches (QSettings): the last scene, view settings, window layout.

The scene is stored as its own JSON (:meth:`core.scene.Scene.to_json`, the text of a scene
file) under :data:`SCENE_KEY`, the view settings as a JSON object under :data:`VIEW_KEY`.
Settings written by earlier versions (one JSON object of every field under
:data:`LEGACY_KEY`) are read when no scene of the present form is stored, and replaced at
the next save.  The interface's language ("en", "ja") is stored under :data:`LANGUAGE_KEY`
(:func:`load_language`, :func:`save_language`); unset, the system's locale decides.

``GRADSCAPE_SETTINGS`` (a path to an .ini file) redirects everything, so tests and scripts
never touch the user's settings.  Stored values are validated on load (the scene as a
whole, the view settings one by one); anything invalid is skipped and the default kept.
"""

from __future__ import annotations

import json
import os
from typing import Any

from PyQt6.QtCore import QSettings

from gradscape.app.model.choices import Run
from gradscape.app.model.state import VIEW_SETTINGS, AppState
from gradscape.app.runtime import LANGUAGES
from gradscape.core._text import show
from gradscape.core.scene import Scene

ORGANISATION = "gradscape"
APPLICATION = "gradscape"
ENV_PATH = "GRADSCAPE_SETTINGS"
#: The organisation and application name of the settings before the rename.
OLD_NAME = "losscape"
SCENE_KEY = "state/scene"
VIEW_KEY = "state/view"
LEGACY_KEY = "scene/json"
LANGUAGE_KEY = "ui/language"

#: The problems of a load are caught, reported and skipped, never raised.
_SKIPPED = (ValueError, TypeError, KeyError, AttributeError)


def open_settings() -> QSettings:
    path = os.environ.get(ENV_PATH)
    if path:
        return QSettings(path, QSettings.Format.IniFormat)
    settings = QSettings(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANISATION, APPLICATION
    )
    if not settings.allKeys():
        _adopt_old_settings(settings)
    return settings


def _adopt_old_settings(settings: QSettings) -> None:
    """Copy the settings saved under the app's name before the rename (losscape), once:
    the old file is left as it was."""
    old = QSettings(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, OLD_NAME, OLD_NAME
    )
    for key in old.allKeys():
        settings.setValue(key, old.value(key))
    if old.allKeys():
        settings.sync()


def load_language(settings: QSettings) -> str | None:
    """The interface language the user chose ("en", "ja"), or None when none is stored
    (or what is stored is no language of the app)."""
    value = settings.value(LANGUAGE_KEY, "", type=str)
    return value if value in LANGUAGES else None


def save_language(settings: QSettings, language: str) -> None:
    """Remember ``language`` (a key of :data:`app.runtime.LANGUAGES`) for the next launch."""
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, got {show(language)}")
    settings.setValue(LANGUAGE_KEY, language)
    settings.sync()


def save_state(settings: QSettings, state: AppState) -> None:
    """Store the state's scene and view settings (replacing an earlier version's form)."""
    settings.setValue(SCENE_KEY, state.scene.to_json())
    view = {name: getattr(state, name) for name in VIEW_SETTINGS}
    settings.setValue(VIEW_KEY, json.dumps(view))
    settings.remove(LEGACY_KEY)


def has_saved_scene(settings: QSettings) -> bool:
    """Whether a scene was saved here (False at the very first launch)."""
    return bool(settings.contains(SCENE_KEY) or settings.contains(LEGACY_KEY))


def load_state(settings: QSettings, state: AppState) -> list[str]:
    """Apply what validates of the stored scene and view settings to ``state``; return the
    problems met (for a log line, never a crash)."""
    text = settings.value(SCENE_KEY, "", type=str)
    if not text:
        return _load_legacy(settings, state)
    problems: list[str] = []
    with state.batch():
        try:
            state.scene = Scene.from_json(text)
        except _SKIPPED as exc:
            problems.append(f"stored scene: {exc}")
        try:
            view = json.loads(settings.value(VIEW_KEY, "{}", type=str))
        except (json.JSONDecodeError, RecursionError) as exc:
            return [*problems, f"stored view settings are not JSON: {exc}"]
        if not isinstance(view, dict):
            return [*problems, "stored view settings are not a JSON object"]
        for name in VIEW_SETTINGS:
            if name in view:
                try:
                    setattr(state, name, view[name])
                except _SKIPPED as exc:
                    problems.append(f"{name}: {exc}")
    return problems


def _load_legacy(settings: QSettings, state: AppState) -> list[str]:
    """Read the settings of an earlier version: one JSON object of every field."""
    text = settings.value(LEGACY_KEY, "", type=str)
    if not text:
        return []
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        return [f"stored scene is not JSON: {exc}"]
    if not isinstance(data, dict):
        return ["stored scene is not a JSON object"]
    return _apply_legacy(state, data)


def _apply_legacy(state: AppState, data: dict[str, Any]) -> list[str]:
    """Apply the fields of an earlier version's settings one by one, each through the
    state's setter: a bad one is reported and skipped, the rest still applies."""
    problems: list[str] = []

    def attempt(what: str, fn) -> None:
        try:
            fn()
        except _SKIPPED as exc:
            problems.append(f"{what}: {exc}")

    with state.batch():
        if "surface" in data:
            attempt("surface", lambda: setattr(state, "surface", data["surface"]))
        params = data.get("surface_params") or {}
        if not isinstance(params, dict):
            problems.append(f"surface_params: must be an object, got {show(params)}")
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
