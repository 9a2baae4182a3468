"""Loss surfaces over a 2-D parameter plane: the neuron's L(w, b) and classic test functions.

Every surface gives its loss and analytic gradient at arrays of points (broadcasting, so a
whole grid or K trajectories go through one call), its default domain, a recommended start,
its known minima and the demo learning rates that make each optimizer's motion visible
within a few hundred steps.  Surfaces are looked up by name in :data:`SURFACES`, the same
way optimizers are (``get_surface("Rosenbrock")``, ``get_surface("neuron", act="tanh")``).

The neuron surface is evaluated through the core's own dense layer
(:class:`core.layers.OutputLayer`, a BaseLayer with its loss, with stacked parameters) and
loss (:mod:`core.losses`), the code that trains networks — not through a closed-form copy.
"""

from __future__ import annotations

from gradscape.core.surfaces._base import (  # noqa: F401  (the package's public names)
    RESOLUTION,
    SERIES_DEMO,
    SURFACES,
    Domain,
    Surface,
    get_surface,
    register,
)
from gradscape.core.surfaces._classic import (  # noqa: F401  (the package's public names)
    Ackley,
    Beale,
    Booth,
    Himmelblau,
    Quadratic,
    Rastrigin,
    Rosenbrock,
    SixHumpCamel,
)
from gradscape.core.surfaces._expr import (  # noqa: F401  (public)
    ExprSurface,
    compile_expression,
    prepare_expressions,
)
from gradscape.core.surfaces._expr_parse import FUNCTIONS, parse_expression  # noqa: F401  (public)
from gradscape.core.surfaces._landscape import LandscapeSurface  # noqa: F401  (public)
from gradscape.core.surfaces._neuron import (  # noqa: F401  (the package's public names)
    ACTIVATION_KEYS,
    NEURON_CHUNK,
    Neuron,
)
from gradscape.core.surfaces._series import (  # noqa: F401  (the package's public names)
    Plateau,
    Ridge,
    Ripples,
    Saddle,
)
from gradscape.core.surfaces._table import BicubicTable  # noqa: F401  (public)

# The order users see the surfaces in: the neuron (the subject of the app) first, then the
# series' four search planes, then the classics (the neuron's module is imported last, after
# the helpers it needs); last, the two built from what the user gives: a network's
# landscape, opened from its file, and a formula typed in w and b.
SURFACES.reorder(
    ("neuron", "saddle", "plateau", "ripples", "ridge", "quadratic", "rosenbrock", "beale",
     "himmelblau", "rastrigin", "ackley", "booth", "sixhumpcamel", "landscape", "expr")
)  # fmt: skip
