"""gradscape: see how gradient-descent optimizers learn.

One import name owns the project's packages: :mod:`gradscape.core` (the numpy core: layers,
activations, losses, optimizers, surfaces, landscapes; never Qt), :mod:`gradscape.app` (the
PyQt6 desktop app and the headless ``gradscape export`` / ``landscape`` / ``basins``
commands) and :mod:`gradscape.resources` (style sheet, icon, translations).  The source
tree keeps them as the top-level folders ``core/``, ``app/`` and ``resources/``;
``pyproject.toml`` maps them under this name when a wheel is built, and in a checkout the
links ``gradscape/core`` → ``../core`` (and so on) do the same.
"""

from __future__ import annotations

from importlib import metadata as _metadata

try:
    __version__: str = _metadata.version("gradscape")
except _metadata.PackageNotFoundError:  # a checkout on sys.path, not installed
    __version__ = "0+unknown"
