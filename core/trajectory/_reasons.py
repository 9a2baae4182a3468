"""Why the engine stopped a trajectory, as text that keeps its template and values.

A :class:`Reason` is the English sentence itself (a ``str``: every caller that prints, compares
or saves a reason keeps working), and it also carries the template it was made from and the
values put into it, so that a user interface can say it in another language
(``translate(template).format(**reason.args)``): a :class:`core._message.Message`.  The
templates are the module constants below, registered with :func:`core._message.template`, so
``tools/i18n.py`` lists them for the translators.
"""

from __future__ import annotations

from gradscape.core._message import Message, template

__all__ = ["REASONS", "Reason"]

START_NOT_FINITE = template("the loss at the start is not finite")
START_OUTSIDE = template(
    "start is outside the bounds: (w, b) = ({w}, {b}) is more than {bound} domain spans "
    "outside the domain"
)
GRADIENT_NOT_FINITE = template("the gradient at (w, b) = ({w}, {b}) is not finite")
MOVE_NOT_FINITE = template("the optimizer's move is not finite")
PARAMS_NOT_FINITE = template("the parameters are not finite")
LEFT_BOUNDS = template(
    "left the bounds: (w, b) = ({w}, {b}) is more than {bound} domain spans outside the domain"
)
LOSS_NOT_FINITE = template("the loss is not finite")
OPTIMIZER_FAILED = template("the optimizer failed: {error}")

#: Every template a reason is made from.
REASONS = (
    START_NOT_FINITE, START_OUTSIDE, GRADIENT_NOT_FINITE, MOVE_NOT_FINITE, PARAMS_NOT_FINITE,
    LEFT_BOUNDS, LOSS_NOT_FINITE, OPTIMIZER_FAILED,
)  # fmt: skip


class Reason(Message):
    """Why a trajectory stopped: the sentence ``template.format(**args)``, remembering
    ``template`` and ``args``."""
