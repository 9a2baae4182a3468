"""gradscape's non-code assets (style sheet, application icon, translations), installed with
the package.

The app finds them through :data:`RESOURCES_DIR`, so they are found both in a source
checkout and after a plain ``pip install .`` (where no ``resources/`` folder sits next to
``app/``).  The README's screenshots live in ``screenshots/`` and are not installed.
"""

from __future__ import annotations

from pathlib import Path

#: The folder holding the assets.
RESOURCES_DIR: Path = Path(__file__).resolve().parent


def resource_path(name: str) -> Path:
    """Path of the asset ``name`` (e.g. ``"style.qss"``) inside :data:`RESOURCES_DIR`."""
    return RESOURCES_DIR / name


def style_sheet() -> str:
    """The app's Qt style sheet, or "" when it is missing (the app then uses Qt's look)."""
    path = resource_path("style.qss")
    return path.read_text(encoding="utf-8") if path.is_file() else ""


#: The application icon (a loss surface's level sets and an optimizer's path), SVG.
ICON_NAME = "gradscape.svg"


def icon_path() -> Path:
    """Path of the application icon (:data:`ICON_NAME`)."""
    return resource_path(ICON_NAME)
