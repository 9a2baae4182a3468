"""The engine behind descend, race and sweep: one loop over t for every optimizer and start.

A call's N = M·K trajectories (M optimizers × K start points, optimizer-major) are the
columns of its records (:class:`_Records`).  A :class:`_Run` per optimizer holds its
columns, the arguments it is handed and where its state is recorded; :class:`_Stops` knows
which trajectories stopped, where and why.  :meth:`_Engine.run` takes the steps in order:
check the start points, then for each t the gradient, every optimizer's update, the new
points and the divergence check; finally the records are cut into one Trajectory per
optimizer and start point.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np

from gradscape.core._message import message_of
from gradscape.core.optimizers import Optimizer
from gradscape.core.optimizers._point import PointRule, point_rules
from gradscape.core.schedules import Schedule
from gradscape.core.surfaces import Surface
from gradscape.core.trajectory._points import run_points
from gradscape.core.trajectory._reasons import (
    GRADIENT_NOT_FINITE,
    LEFT_BOUNDS,
    LOSS_NOT_FINITE,
    MOVE_NOT_FINITE,
    OPTIMIZER_FAILED,
    PARAMS_NOT_FINITE,
    START_NOT_FINITE,
    START_OUTSIDE,
    Reason,
)
from gradscape.core.trajectory._result import Trajectory, TrajectoryState

#: Largest steps × trajectories one call records (about 2 GB of arrays).
MAX_RECORDS = 20_000_000

#: Steps between two calls of a run's ``progress`` callback.
PROGRESS_EVERY = 250



def _label(opt: Optimizer) -> str:
    eta = opt.hyper.get("eta")
    name = type(opt).display_name or type(opt).__name__
    if isinstance(eta, Schedule) and eta.key:
        return f"{name} η: {eta.display_name}"
    return f"{name} η={eta:g}" if isinstance(eta, (int, float)) else name


class _Batches:
    """Minibatch indices: a fresh seeded permutation per epoch, consecutive slices of it.

    All trajectories of one call see the same sequence, so a race is fair and K start
    points at once equal K separate runs.
    """

    def __init__(self, n: int, size: int, seed: int | None) -> None:
        self.n, self.size = n, size
        self.rng = np.random.default_rng(0 if seed is None else seed)
        self.order = self.rng.permutation(n)
        self.pos = 0

    def next(self) -> np.ndarray:
        if self.pos >= self.n:
            self.order = self.rng.permutation(self.n)
            self.pos = 0
        idx = self.order[self.pos : self.pos + self.size]
        self.pos += self.size
        return idx


@dataclass(eq=False)
class _Records:
    """Everything a call keeps, step-major so that each step writes contiguous rows.

    N below is the number of trajectories of the call (its columns).

    Attributes
    ----------
    params : ndarray, shape (steps + 1, 2, N)
        The points (w, b) after each step, the start first.
    loss : ndarray, shape (steps + 1, N)
        The (full-data) loss at each point.
    grads, moves : ndarray, shape (steps, 2, N)
        The gradient each step used and the move it made.
    batch_loss : ndarray, shape (steps, N), or None
        Stochastic mode: the minibatch loss each step saw.
    """

    params: np.ndarray
    loss: np.ndarray
    grads: np.ndarray
    moves: np.ndarray
    batch_loss: np.ndarray | None

    @classmethod
    def allocate(cls, steps: int, n: int, stochastic: bool) -> _Records:
        """Empty records for ``steps`` steps of ``n`` trajectories.

        Raises
        ------
        ValueError
            When steps × n exceeds :data:`MAX_RECORDS`.
        """
        if steps * n > MAX_RECORDS:
            # every step of every trajectory is kept (~100 bytes each): refuse before allocating
            raise ValueError(
                f"steps × trajectories = {steps} × {n} = {steps * n} exceeds "
                f"{MAX_RECORDS}; use fewer steps, start points or optimizers"
            )
        return cls(
            params=np.empty((steps + 1, 2, n)),
            loss=np.empty((steps + 1, n)),
            grads=np.empty((steps, 2, n)),
            moves=np.empty((steps, 2, n)),
            batch_loss=np.empty((steps, n)) if stochastic else None,
        )


class _Stops:
    """Which trajectories stopped, at which step and why, and where they stay.

    Attributes
    ----------
    dead : ndarray of bool, shape (N,)
        The stopped trajectories.
    any : bool
        ``dead.any()``: the loop tests one bool per step while nothing has stopped.
    n_good : ndarray of int, shape (N,)
        Good steps of each trajectory (``steps`` unless it stopped).
    diverged_at, reasons : list
        Per trajectory, the step it stopped at and why (None while it runs).
    frozen : ndarray, shape (2, N)
        Where stopped trajectories stay: their last good point.
    """

    def __init__(self, params: np.ndarray, steps: int) -> None:
        n = params.shape[-1]
        self._params = params  # the params record, read for a stopped trajectory's last point
        self.dead = np.zeros(n, dtype=bool)
        self.any = False
        self.n_good = np.full(n, steps, dtype=np.int64)
        self.diverged_at: list[int | None] = [None] * n
        self.reasons: list[str | None] = [None] * n
        self.frozen = np.empty((2, n))

    def stop(self, mask: np.ndarray, step: int, why: Callable[[int], str]) -> None:
        """Stop the trajectories in ``mask`` at ``step`` (those not stopped yet get
        ``why(i)`` as their reason); they stay at their last good point."""
        dead = self.dead
        for i in np.flatnonzero(mask & ~dead).tolist():
            self.diverged_at[i] = step
            self.reasons[i] = why(i)
            last = max(step - 1, 0)
            self.n_good[i] = last
            self.frozen[:, i] = self._params[last, :, i]
        dead[mask] = True
        self.any = bool(dead.any())


@dataclass(frozen=True)
class _Box:
    """The region a trajectory must stay in: ``bound`` domain spans around the domain."""

    bound: float
    cw: float  # the domain's centre
    cb: float
    lim_w: float  # the box's half widths
    lim_b: float
    lo_w: float  # its edges (cw − lim_w, ...), for the per-step test
    hi_w: float
    lo_b: float
    hi_b: float

    @classmethod
    def around(cls, surface: Surface, bound: float) -> _Box:
        (w0, w1), (b0, b1) = surface.domain
        cw, cb = 0.5 * (w0 + w1), 0.5 * (b0 + b1)
        lim_w, lim_b = 0.5 * (w1 - w0) * (1 + 2 * bound), 0.5 * (b1 - b0) * (1 + 2 * bound)
        return cls(bound, cw, cb, lim_w, lim_b, cw - lim_w, cw + lim_w, cb - lim_b, cb + lim_b)

    def outside(self, w: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Mask of the points (w, b) outside the box (nan is not outside)."""
        return (np.abs(w - self.cw) > self.lim_w) | (np.abs(b - self.cb) > self.lim_b)

    def holds(self, wmin: float, wmax: float, bmin: float, bmax: float) -> bool:
        """Whether every point lies in the box, given the extremes of w and b (False for
        nan extremes: every comparison with nan is false)."""
        return self.lo_w <= wmin and wmax <= self.hi_w and self.lo_b <= bmin and bmax <= self.hi_b


@dataclass(eq=False)
class _Run:
    """One optimizer of the call: its K trajectories, its arguments and its state records.

    Attributes
    ----------
    key : str
        Registry key of the optimizer.
    opt : Optimizer
        The optimizer.
    index : int
        Its place m in the call: its moves are ``moves[m]`` and ``moves[M + m]`` of the
        engine's list, its columns ``cols``.
    cols : slice
        Its K columns in the call's records.
    gw, gb, f : ndarray, shape (K,)
        The gradient and loss it is handed: fixed views of the engine's shared buffers.
    params : (ndarray, ndarray)
        Its w and b: fixed views of the live parameters, updated in place.
    grad_fn : callable
        The gradient at ``params`` + an offset, on the step's minibatch (SAM's look-ahead).
    more : dict
        For a rule that needs more than gradients (``surface_only``: Newton, L-BFGS), its
        ``loss_fn`` (the loss at ``params`` + an offset, on the step's minibatch) and
        ``hess_fn`` (the surface's Hessian there, on all the data); empty otherwise.
    state : dict of str to ndarray, shape (steps, 2, K)
        The records of its state arrays, in the order of its ``state_names``.
    slot_records : list of (str, ndarray)
        The state records still written slot by slot each step: all of them at step 1,
        none once its state turns out fused (see :meth:`_Engine.fuse_state_records`).
    failed : bool
        Whether the optimizer raised (its trajectories are stopped; it is called no more).
    """

    key: str
    opt: Optimizer
    index: int
    cols: slice
    gw: np.ndarray
    gb: np.ndarray
    f: np.ndarray
    params: tuple[np.ndarray, np.ndarray]
    grad_fn: Callable[..., tuple]
    more: dict[str, Callable[..., Any]]
    state: dict[str, np.ndarray]
    slot_records: list[tuple[str, np.ndarray]]
    failed: bool = False


class _Call(NamedTuple):
    """One optimizer's update call at a step: a _Run's fields taken out once, because the
    loop over the optimizers runs M × steps times and unpacks a tuple faster than it reads
    attributes.  ``m`` is the _Run's ``index`` (a field named ``index`` would hide
    tuple.index)."""

    m: int
    opt: Optimizer
    gw: np.ndarray
    gb: np.ndarray
    f: np.ndarray
    grad_fn: Callable[..., tuple]
    params: tuple[np.ndarray, np.ndarray]
    slot_records: list[tuple[str, np.ndarray]]


#: A _Call's fields as a plain tuple (what one optimizer alone is handed each step).
_CallFields = tuple[
    int,
    Optimizer,
    np.ndarray,
    np.ndarray,
    np.ndarray,
    Callable[..., tuple],
    tuple[np.ndarray, np.ndarray],
    list[tuple[str, np.ndarray]],
]


def _record_slots(opt: Optimizer, records: list[tuple[str, np.ndarray]], row: int) -> None:
    """Copy the state of ``opt``'s two slots (w, b) into row ``row`` of its records."""
    state = opt.state
    assert state is not None  # called after update(), which creates it
    s0, s1 = state
    for nm, r in records:
        a0 = s0.get(nm)
        if a0 is not None:
            r[row, 0] = a0
            r[row, 1] = s1[nm]
        else:  # not created (yet) by this rule
            r[row] = np.nan


def more_fns(
    surface: Surface,
    ws: np.ndarray,
    bs: np.ndarray,
    loss_only: Callable[..., np.ndarray],
    loss_grad: Callable[..., tuple[np.ndarray, np.ndarray, np.ndarray]],
    batch_box: list[np.ndarray | None],
) -> dict[str, Callable[..., Any]]:
    """The ``loss_fn`` and ``hess_fn`` keywords of a ``surface_only`` rule whose points are
    the live views (ws, bs): the loss (on the step's minibatch, when ``batch_box`` holds
    one) and the surface's Hessian, (K, 2, 2), at the points plus offsets."""

    def shifted(ow: Any, ob: Any) -> tuple[np.ndarray, np.ndarray]:
        pw, pb = ws + ow, bs + ob
        if pw.shape != pb.shape:
            pw, pb = np.broadcast_arrays(pw, pb)
        return pw, pb

    def loss_fn(ow: Any, ob: Any) -> np.ndarray:
        pw, pb = shifted(ow, ob)
        bt = batch_box[0]
        return loss_only(pw, pb) if bt is None else loss_grad(pw, pb, bt)[0]

    def hess_fn(ow: Any, ob: Any) -> np.ndarray:
        return np.asarray(surface.hessian(*shifted(ow, ob)), dtype=np.float64)

    return {"loss_fn": loss_fn, "hess_fn": hess_fn}


class _Engine:
    """M optimizers × K start points advanced together: :meth:`run` takes the steps.

    Parameters
    ----------
    surface : Surface
    runs : list of (str, Optimizer)
        The registry key and a fresh optimizer of each run.
    starts : ndarray, shape (K, 2)
    steps : int
    seed, batch_size, bound
        As checked by the entry points (:func:`core.trajectory.descend`).
    """

    def __init__(
        self,
        surface: Surface,
        runs: list[tuple[str, Optimizer]],
        starts: np.ndarray,
        steps: int,
        *,
        seed: int | None,
        batch_size: int | None,
        bound: float,
        points: bool = False,
    ) -> None:
        m_count, k_count = len(runs), len(starts)
        n_all = m_count * k_count
        self.steps, self.starts, self.seed, self.batch_size = steps, starts, seed, batch_size
        self.m_count, self.k_count = m_count, k_count
        self.records = _Records.allocate(steps, n_all, batch_size is not None)
        self.stops = _Stops(self.records.params, steps)
        self.box = _Box.around(surface, bound)
        self.batches: _Batches | None = None
        if batch_size is not None:
            samples = surface.samples
            assert samples is not None  # the entry points allow a batch size only with samples
            self.batches = _Batches(len(samples), batch_size, seed)
        # The step's minibatch, in a box the runs' grad_fn read: a closure over the engine
        # itself would be a reference cycle, and the records (often 100 MB) would wait for
        # the garbage collector instead of going with the last trajectory.
        self.batch_box: list[np.ndarray | None] = [None]
        # Validated arrays of one shape: skip the checks.  "..." because the neuron's
        # loss_grad and grad also take a minibatch's indices (the base class' do not).
        self.loss_grad: Callable[..., tuple[np.ndarray, np.ndarray, np.ndarray]] = (
            surface._loss_grad
        )
        self.loss_only = surface._loss  # stochastic mode: the full-data loss at each point
        # SAM's look-ahead needs no loss
        self.grad_only: Callable[..., tuple[np.ndarray, np.ndarray]] = surface._grad
        self.surface = surface  # Newton's Hessian, L-BFGS's loss at other points

        # The parameters live in one (2, N) buffer updated in place (w += dw, as a layer
        # does), so each optimizer's slice of w and b is a fixed view.
        self.wb = np.empty((2, n_all))
        self.wb[0] = np.tile(starts[:, 0], m_count)
        self.wb[1] = np.tile(starts[:, 1], m_count)
        self.w, self.b = self.wb[0], self.wb[1]
        self.stops.frozen[...] = self.wb

        # Several optimizers: live buffers with a fixed view per optimizer, which each step
        # fills once (gradients, losses), instead of slicing per optimizer and step; their
        # moves are collected in a list and written to the record row in one call.  One
        # optimizer alone gets the surface's arrays and its moves go straight into the
        # record rows.  The optimizers copy what they keep (their inputs are only read
        # during the call: the contract).
        self.alone = m_count == 1
        self.grad_in = np.empty((2, n_all))  # gradients handed to the optimizers
        self.loss_in = np.empty(n_all)  # losses handed to the optimizers
        self.moves: list[Any] = [None] * (2 * m_count)  # [dw of each run..., db of each...]
        self.zeros = np.zeros(k_count)  # the moves of an optimizer that failed
        self.runs = [self._prepare_run(m, key, opt) for m, (key, opt) in enumerate(runs)]
        # the update calls of a step, rebuilt after step 1 and after a failure (several
        # optimizers; one alone gets new arrays each step)
        self._calls: list[_Call] = []
        self._relist = True
        # the fused state records (buffer, stacked arrays), from step 1 on
        self.fused: tuple[np.ndarray, list[np.ndarray]] | None = None
        # One start point, full batch, every rule with a point rule: the race may run on
        # Python floats (:meth:`run_points`)
        self.points: list[PointRule] | None = None
        if points and k_count == 1 and batch_size is None:
            self.points = point_rules([opt for _, opt in runs])

    def _prepare_run(self, m: int, key: str, opt: Optimizer) -> _Run:
        """Optimizer ``m``'s _Run: its columns, argument views and state records."""
        k = self.k_count
        cols = slice(m * k, (m + 1) * k)
        ws, bs = self.w[cols], self.b[cols]
        state = {nm: np.empty((self.steps, 2, k)) for nm in opt.state_names}
        return _Run(
            key=key,
            opt=opt,
            index=m,
            cols=cols,
            gw=self.grad_in[0, cols],
            gb=self.grad_in[1, cols],
            f=self.loss_in[cols],
            params=(ws, bs),
            grad_fn=self._grad_fn(ws, bs),
            more=self._more(ws, bs) if opt.surface_only else {},
            state=state,
            slot_records=list(state.items()),
        )

    def _grad_fn(self, ws: np.ndarray, bs: np.ndarray) -> Callable[..., tuple]:
        """The gradient at (ws + ow, bs + ob) on the step's minibatch (SAM's grad_fn)."""
        grad_only, batch_box = self.grad_only, self.batch_box

        def grad_fn(ow: Any, ob: Any) -> tuple[np.ndarray, np.ndarray]:
            pw, pb = ws + ow, bs + ob
            if pw.shape != pb.shape:  # (broadcast_arrays costs more than the sums)
                pw, pb = np.broadcast_arrays(pw, pb)
            bt = batch_box[0]
            return grad_only(pw, pb) if bt is None else grad_only(pw, pb, bt)

        return grad_fn

    def _more(self, ws: np.ndarray, bs: np.ndarray) -> dict[str, Callable[..., Any]]:
        """``loss_fn`` and ``hess_fn`` at (ws + ow, bs + ob) (see :class:`_Run`)."""
        loss_grad, loss_only, batch_box = self.loss_grad, self.loss_only, self.batch_box
        return more_fns(self.surface, ws, bs, loss_only, loss_grad, batch_box)

    # -- the steps, in the order run() takes them ------------------------------------------

    def run(self, progress: Callable[[int, int], object] | None) -> list[Trajectory]:
        """All the steps; the trajectories (optimizer-major).

        ``progress(done, steps)`` is called every :data:`PROGRESS_EVERY` steps and at the
        end (one integer comparison per step otherwise); an exception it raises stops the
        run and propagates.
        """
        steps = self.steps
        # the steps as locals: the loop looks each up `steps` times otherwise
        gradient, step_all, advance, check = self.gradient, self.step_all, self.advance, self.check
        with np.errstate(all="ignore"):
            loss, gw, gb = self.check_start()
            if self.points is not None and not self.stops.any:
                if run_points(self, loss, gw, gb, progress, PROGRESS_EVERY):
                    if progress is not None:
                        progress(steps, steps)
                    return self.trajectories()
                # something to stop or a rule that raised: the array path decides, from the
                # start (the optimizers are untouched, every record row is written again)
                np.copyto(self.wb, self.records.params[0])
                loss, gw, gb = self.loss_grad(self.w, self.b)
            report = PROGRESS_EVERY + 1 if progress is not None else steps + 1
            for t in range(1, steps + 1):
                if t == report:  # reached only with a progress callback
                    assert progress is not None
                    report += PROGRESS_EVERY
                    progress(t - 1, steps)
                f, gw, gb = gradient(t, loss, gw, gb)
                step_all(t, f, gw, gb)
                loss, gw, gb = advance(t)
                check(t, loss, gw, gb)
        if progress is not None:
            progress(steps, steps)
        return self.trajectories()

    def check_start(self) -> tuple[np.ndarray, Any, Any]:
        """Record the start points and their loss; stop those with a non-finite loss or
        outside the box (step 0).  Returns the loss and gradient there (the gradient None
        in stochastic mode: each step draws its own)."""
        w, b = self.w, self.b
        if self.batches is not None:
            loss, gw, gb = self.loss_only(w, b), None, None
        else:
            loss, gw, gb = self.loss_grad(w, b)
        rec, stops, box = self.records, self.stops, self.box
        rec.params[0, 0], rec.params[0, 1], rec.loss[0] = w, b, loss
        bad = ~np.isfinite(loss)
        if bad.any():
            stops.stop(bad, 0, lambda i: Reason(START_NOT_FINITE))
        outside = box.outside(w, b)
        if outside.any():
            stops.stop(
                outside,
                0,
                lambda i: Reason(
                    START_OUTSIDE, w=f"{w[i]:.4g}", b=f"{b[i]:.4g}", bound=f"{box.bound:g}"
                ),
            )
        return loss, gw, gb

    def gradient(self, t: int, loss: np.ndarray, gw: Any, gb: Any) -> tuple[Any, Any, Any]:
        """The loss and gradient step ``t`` uses, recorded and checked: (f, gw, gb).

        Full batch: those at the current points (``loss``, ``gw``, ``gb``); stochastic
        mode: a fresh minibatch's.  Stopped trajectories get a zero gradient; a
        non-finite one stops its trajectory at ``t``.
        """
        w, b, stops = self.w, self.b, self.stops
        if self.batches is not None:
            batch = self.batch_box[0] = self.batches.next()
            f, gw, gb = self.loss_grad(w, b, batch)
            batch_loss = self.records.batch_loss
            assert batch_loss is not None  # allocated in stochastic mode
            batch_loss[t - 1] = f
        else:
            f = loss
        if stops.any:
            gw[stops.dead] = 0.0
            gb[stops.dead] = 0.0
        Gt = self.records.grads[t - 1]
        Gt[0], Gt[1] = gw, gb
        if not math.isfinite(float(np.add.reduce(Gt, axis=None))):
            stops.stop(
                ~(np.isfinite(gw) & np.isfinite(gb)),
                t,
                lambda i: Reason(GRADIENT_NOT_FINITE, w=f"{w[i]:.4g}", b=f"{b[i]:.4g}"),
            )
            gw[stops.dead] = 0.0
            gb[stops.dead] = 0.0
            Gt[0], Gt[1] = gw, gb
        return f, gw, gb

    def step_all(self, t: int, f: np.ndarray, gw: np.ndarray, gb: np.ndarray) -> None:
        """Step ``t`` of every optimizer still running: moves and state recorded.

        An optimizer that raises ArithmeticError or ValueError (e.g. a scalar overflow in
        its schedule) stops its own trajectories at ``t``, like a divergence; the others
        go on.
        """
        moves, m_count, row = self.moves, self.m_count, t - 1
        calls = self._step_calls(t, f, gw, gb)
        for m, opt, gwv, gbv, fv, grad_fn, params, slot_records in calls:
            try:
                # keywords spelled out: a call with **kw copies the dict every time
                # (21 rules × 1000 steps: ~3 % of a race)
                if opt.surface_only:
                    moves[m], moves[m_count + m] = opt.update(
                        gwv, gbv, t=t, f=fv, grad_fn=grad_fn, params=params, batch_ndim=1,
                        **self.runs[m].more,
                    )  # fmt: skip
                else:
                    moves[m], moves[m_count + m] = opt.update(
                        gwv, gbv, t=t, f=fv, grad_fn=grad_fn, params=params, batch_ndim=1
                    )
            except (ArithmeticError, ValueError) as e:
                self._fail(m, t, e)
                continue
            if slot_records:
                _record_slots(opt, slot_records, row)
        self.record_moves(row)
        if t == 1:
            self.fuse_state_records()
        if self.fused is not None:
            # fused optimizers keep one (2, K) state array per name, updated in place: all
            # of them go into one record row per step, in one call
            np.concatenate(self.fused[1], out=self.fused[0][row])

    def _step_calls(
        self, t: int, f: np.ndarray, gw: np.ndarray, gb: np.ndarray
    ) -> Sequence[_CallFields]:
        """Step ``t``'s update calls (the fields of a _Call), one per optimizer still
        running, with its inputs."""
        if self.alone:
            # the surface's fresh arrays (not the record rows: a rule may scribble on its
            # inputs without touching the record)
            run = self.runs[0]
            if run.failed:
                return []
            # a plain tuple of _Call's fields: built each step, without NamedTuple's __new__
            return [(0, run.opt, gw, gb, f, run.grad_fn, run.params, run.slot_records)]
        self.grad_in[...] = self.records.grads[t - 1]
        self.loss_in[...] = f
        if self._relist:
            self._calls = [
                _Call(r.index, r.opt, r.gw, r.gb, r.f, r.grad_fn, r.params, r.slot_records)
                for r in self.runs
                if not r.failed
            ]
            self._relist = False
        return self._calls

    def _fail(self, m: int, t: int, error: Exception) -> None:
        """Optimizer ``m`` raised at step ``t``: stop its trajectories there, for good."""
        run = self.runs[m]
        mask = np.zeros(len(self.stops.dead), dtype=bool)
        mask[run.cols] = True
        self.stops.stop(mask, t, lambda i: Reason(OPTIMIZER_FAILED, error=message_of(error)))
        run.failed = True
        self.moves[m] = self.moves[self.m_count + m] = self.zeros  # its points stay frozen
        self._relist = True

    def record_moves(self, row: int) -> None:
        """Every optimizer's moves into row ``row`` of the moves record."""
        Dt, moves = self.records.moves[row], self.moves
        if self.alone:
            Dt[0] = moves[0]
            Dt[1] = moves[1]
            return
        # one numpy call instead of two copies per optimizer (a race of 21 pays per call)
        try:
            np.concatenate(moves, out=Dt.reshape(-1))
        except ValueError:  # a rule broke the contract's shapes: broadcast as before
            m_count = self.m_count
            for run in self.runs:
                Dt[0, run.cols] = moves[run.index]
                Dt[1, run.cols] = moves[m_count + run.index]

    def fuse_state_records(self) -> None:
        """After step 1: one record buffer for the state arrays of every fused optimizer.

        A fused optimizer keeps one (2, K) array per state name, updated in place (see
        :meth:`Optimizer.stacked_state`).  Their records become views of one
        (steps, 2·R, K) buffer, so that each step copies all R arrays with one
        ``np.concatenate(arrays, out=buffer[t − 1])``; those optimizers no longer record
        slot by slot.
        """
        k = self.k_count
        fused: list[tuple[_Run, list[np.ndarray]]] = []
        for run in self.runs:
            if run.failed or not run.slot_records:
                continue
            stacked = [run.opt.stacked_state(nm) for nm, _ in run.slot_records]
            arrays = [a for a in stacked if a is not None and a.shape == (2, k)]
            if len(arrays) == len(stacked):  # every state array stacked as (2, K)
                fused.append((run, arrays))
        if not fused:
            return
        every = [a for _, arrays in fused for a in arrays]
        buf = np.empty((self.steps, 2 * len(every), k))
        j = 0
        for run, _ in fused:
            for nm, _ in run.slot_records:
                run.state[nm] = buf[:, 2 * j : 2 * j + 2]  # (steps, 2, K), the others' layout
                j += 1
            run.slot_records = []
        self.fused = (buf, every)
        self._relist = True

    def advance(self, t: int) -> tuple[np.ndarray, Any, Any]:
        """The points after step ``t`` (p_t = p_{t−1} + move; stopped ones stay), recorded
        with their loss.  Returns the loss and gradient there (the gradient None in
        stochastic mode); stopped trajectories' loss reads 0 (kept out of the checks)."""
        rec, stops = self.records, self.stops
        # both axes in one operation, then into the live buffer
        Pt = rec.params[t]
        np.add(rec.params[t - 1], rec.moves[t - 1], out=Pt)
        if stops.any:
            np.copyto(Pt, stops.frozen, where=stops.dead)
        np.copyto(self.wb, Pt)
        if self.batches is not None:
            loss, gw, gb = self.loss_only(self.w, self.b), None, None
        else:
            loss, gw, gb = self.loss_grad(self.w, self.b)
        rec.loss[t] = loss
        if stops.any:
            loss[stops.dead] = 0.0
        return loss, gw, gb

    def check(self, t: int, loss: np.ndarray, gw: Any, gb: Any) -> None:
        """Stop the trajectories that went wrong at step ``t``.

        The fast path: the extremes of w and b and the loss' sum say whether anything is
        wrong at all (nan makes every comparison false; inf makes the sum non-finite).
        """
        Pt = self.records.params[t]
        wmin, bmin = np.minimum.reduce(Pt, axis=1).tolist()
        wmax, bmax = np.maximum.reduce(Pt, axis=1).tolist()
        if math.isfinite(float(np.add.reduce(loss)) + wmin + wmax + bmin + bmax) and self.box.holds(
            wmin, wmax, bmin, bmax
        ):
            return
        self._stop_diverged(t, loss, gw, gb)

    def _stop_diverged(self, t: int, loss: np.ndarray, gw: Any, gb: Any) -> None:
        """Find what went wrong at step ``t`` and stop those trajectories, first reason
        first: a non-finite move, non-finite parameters, the box left, a non-finite loss."""
        w, b, stops, box = self.w, self.b, self.stops, self.box
        Dt = self.records.moves[t - 1]
        stops.stop(
            ~(np.isfinite(Dt[0]) & np.isfinite(Dt[1])),
            t,
            lambda i: Reason(MOVE_NOT_FINITE),
        )
        stops.stop(~(np.isfinite(w) & np.isfinite(b)), t, lambda i: Reason(PARAMS_NOT_FINITE))
        stops.stop(
            box.outside(w, b),
            t,
            lambda i: Reason(LEFT_BOUNDS, w=f"{w[i]:.4g}", b=f"{b[i]:.4g}", bound=f"{box.bound:g}"),
        )
        stops.stop(~np.isfinite(loss), t, lambda i: Reason(LOSS_NOT_FINITE))
        if stops.any:
            # stopped points stay at their last good position from now on
            np.copyto(self.wb, stops.frozen, where=stops.dead)
            loss[stops.dead] = 0.0
            if gw is not None:
                gw[stops.dead] = 0.0
                gb[stops.dead] = 0.0

    def trajectories(self) -> list[Trajectory]:
        """The records cut into one Trajectory per optimizer and start point, each up to
        its last good step (optimizer-major)."""
        rec, stops, steps, k_count = self.records, self.stops, self.steps, self.k_count
        # Per-trajectory views, trajectory axis first: one cheap row lookup per array (a
        # thousand start points build a thousand trajectories).
        Pk, Gk, Dk = (np.moveaxis(a, -1, 0) for a in (rec.params, rec.grads, rec.moves))
        Lk = rec.loss.T
        FBk = None if rec.batch_loss is None else rec.batch_loss.T
        starts_list = [(float(a), float(b)) for a, b in self.starts.tolist()]
        goods = stops.n_good.tolist()
        out = []
        for run in self.runs:
            opt = run.opt
            label = _label(opt)
            # start k of a rule that seeds each model (SantaE, SantaSSS) drew its noise from
            # seed + k: its hyperparameters say so, and reproduce it alone
            seed0 = opt.hyper.get("seed") if opt.seed_per_model else None
            Sk = [(nm, np.moveaxis(a, -1, 0)) for nm, a in run.state.items()]
            for k in range(k_count):
                i = run.index * k_count + k
                n = goods[i]
                whole = n == steps  # no slicing needed
                grads, moves = (Gk[i], Dk[i]) if whole else (Gk[i, :n], Dk[i, :n])
                state = TrajectoryState(
                    {nm: a[k] if whole else a[k, :n] for nm, a in Sk}, moves, grads
                )
                hyper = dict(opt.hyper) if seed0 is None else {**opt.hyper, "seed": seed0 + k}
                out.append(
                    Trajectory(
                        label=label,
                        optimizer=run.key,
                        hyper=hyper,
                        params=Pk[i] if whole else Pk[i, : n + 1],
                        loss=Lk[i] if whole else Lk[i, : n + 1],
                        grads=grads,
                        moves=moves,
                        state=state,
                        diverged_at=stops.diverged_at[i],
                        reason=stops.reasons[i],
                        steps=steps,
                        start=starts_list[k],
                        batch_loss=None if FBk is None else FBk[i, :n],
                        batch_size=self.batch_size,
                        seed=self.seed,
                    )
                )
        return out
