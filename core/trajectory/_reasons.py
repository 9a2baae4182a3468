"""Why the engine stopped a trajectory, as text that keeps its template and values.

A :class:`Reason` is the English sentence itself (a ``str``: every caller that prints, compares
or saves a reason keeps working), and it also carries the template it was made from and the
values put into it, so that a user interface can say it in another language
(``translate(template).format(**reason.args)``).  The templates are the module constants below;
``tools/i18n.py`` lists them for the translators.
"""

from __future__ import annotations

from typing import Any

__all__ = ["REASONS", "Reason"]

START_NOT_FINITE = "the loss at the start is not finite"
START_OUTSIDE = (
    "start is outside the bounds: (w, b) = ({w}, {b}) is more than {bound} domain spans "
    "outside the domain"
)
GRADIENT_NOT_FINITE = "the gradient at (w, b) = ({w}, {b}) is not finite"
MOVE_NOT_FINITE = "the optimizer's move is not finite"
PARAMS_NOT_FINITE = "the parameters are not finite"
LEFT_BOUNDS = (
    "left the bounds: (w, b) = ({w}, {b}) is more than {bound} domain spans outside the domain"
)
LOSS_NOT_FINITE = "the loss is not finite"
OPTIMIZER_FAILED = "the optimizer failed: {error}"

#: Every template a reason is made from.
REASONS = (
    START_NOT_FINITE, START_OUTSIDE, GRADIENT_NOT_FINITE, MOVE_NOT_FINITE, PARAMS_NOT_FINITE,
    LEFT_BOUNDS, LOSS_NOT_FINITE, OPTIMIZER_FAILED,
)  # fmt: skip


class Reason(str):
    """The sentence ``template.format(**args)``, remembering ``template`` and ``args``."""

    template: str
    args: dict[str, str]

    def __new__(cls, template: str, **args: Any) -> Reason:
        self = super().__new__(cls, template.format(**args) if args else template)
        self.template = template
        self.args = {k: str(v) for k, v in args.items()}
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        # (to worker and engine processes and back: the template and values travel along)
        return (_rebuild, (self.template, self.args))


def _rebuild(template: str, args: dict[str, str]) -> Reason:
    return Reason(template, **args)
