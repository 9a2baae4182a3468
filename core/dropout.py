"""The series' dropout layer, in its inverted form.

``Dropout(I_shape, ratio=0.25)``: in training mode each input is zeroed with probability
``ratio`` and the kept ones are scaled by 1/(1 − ratio), so the expected output equals the
input and evaluation needs no rescaling; in evaluation mode the layer is the identity.
The gradient is masked and scaled the same way.  The masks come from the layer's own
seeded generator, so a run is reproducible.  A :class:`core.network.Network` switches its
dropout layers to training mode in ``fit`` and to evaluation mode in ``predict``,
``evaluate`` and ``forward``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from gradscape.core._image import ShapedLayer, as_shape

__all__ = ["Dropout"]


class Dropout(ShapedLayer):
    """Inverted dropout.

    Parameters
    ----------
    I_shape : int or tuple
        One input sample's shape (a width for dense layers, (C, H, W) for images).
    ratio : float
        Probability of dropping an input, in [0, 1).
    name : str
    dtype : float32 or float64
    seed : int or numpy.random.Generator, optional
        Source of the masks (None: unseeded).
    training : bool
        The mode at construction (True: masks are drawn).
    """

    def __init__(
        self,
        I_shape: Any = None,  # the series' keyword
        ratio: float = 0.25,
        name: str = "",
        *,
        dtype: Any = np.float64,
        seed: int | np.random.Generator | None = None,
        training: bool = True,
    ) -> None:
        super().__init__(name, dtype)
        if I_shape is None:
            raise ValueError("Dropout needs I_shape, the shape of one input sample")
        self.in_shape = self.out_shape = as_shape("I_shape", I_shape, (1, 2, 3, 4))
        ok = isinstance(ratio, (int, float, np.floating)) and not isinstance(ratio, bool)
        if not ok or not 0.0 <= float(ratio) < 1.0:
            raise ValueError(f"ratio must be a number in [0, 1), got {ratio!r}")
        self.ratio = float(ratio)
        self.rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
        self.training = bool(training)
        self._keep: np.ndarray | None = None  # mask / (1 − ratio) of the last training pass

    def _forward(self, x: np.ndarray) -> np.ndarray:
        if not self.training or self.ratio == 0.0:
            self._keep = None
            self.y = x
            return x
        keep = self.rng.random(x.shape, dtype=self.dtype) >= self.ratio
        self._keep = scale = keep.astype(self.dtype)
        scale *= self.dtype.type(1.0 / (1.0 - self.ratio))
        self.y = x * scale
        return self.y

    def _backward(self, grad: np.ndarray) -> np.ndarray:
        return grad if self._keep is None else grad * self._keep

    def _describe(self) -> str:
        mode = "train" if self.training else "eval"
        return f"I_shape={self.in_shape}, ratio={self.ratio:g}, {mode}"
