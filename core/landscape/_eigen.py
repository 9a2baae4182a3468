"""Eigen-solvers for symmetric operators given as matrix-vector products (no matrix formed).

:func:`lanczos` (k largest algebraic eigenpairs, full reorthogonalisation) and
:func:`power_iteration` (the largest one, warm-startable), used on exact Hessian-vector
products by :mod:`core.landscape._hessian` and :mod:`core.landscape._sharpness`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

__all__ = ["Cancelled", "lanczos", "power_iteration"]

Progress = Callable[[int, int, str], Any]
Cancel = Callable[[], bool]


class Cancelled(Exception):
    """A long computation was stopped by its ``cancel`` callable."""


def _start(size: int, v0: Any, seed: int) -> np.ndarray:
    if v0 is not None:
        v = np.array(v0, dtype=np.float64).reshape(-1)
        if v.shape != (size,):
            raise ValueError(f"v0 must have shape ({size},), got {v.shape}")
        nrm = np.linalg.norm(v)
        if np.isfinite(nrm) and nrm > 0:
            return v / nrm
    v = np.random.default_rng(seed).standard_normal(size)
    return v / np.linalg.norm(v)


def power_iteration(
    matvec: Callable[[np.ndarray], np.ndarray],
    size: int,
    *,
    tol: float = 1e-4,
    max_iter: int = 100,
    seed: int = 0,
    v0: Any = None,
) -> tuple[float, np.ndarray]:
    """Largest algebraic eigenvalue of a symmetric operator and its unit eigenvector.

    Power iteration with the Rayleigh quotient λ, stopped when the residual ‖Av − λv‖ is at
    most ``tol``·|λ|; when it is not within ``max_iter`` products (eigenvalues of like
    magnitude, a slow gap), Lanczos finds the eigenpair instead.  ``v0`` warm-starts it
    (a previous eigenvector); otherwise a Gaussian vector drawn with ``seed``.  When the
    eigenvalue of largest magnitude is negative, the iteration is repeated on A − λI,
    whose dominant eigenvalue is then the largest algebraic one of A.
    """
    if size < 1:
        raise ValueError(f"size must be >= 1, got {size}")
    if isinstance(max_iter, bool) or not isinstance(max_iter, (int, np.integer)) or max_iter < 1:
        raise ValueError(f"max_iter must be an integer >= 1, got {max_iter!r}")
    if not tol > 0:
        raise ValueError(f"tol must be > 0, got {tol!r}")

    def run(
        op: Callable[[np.ndarray], np.ndarray], v: np.ndarray
    ) -> tuple[float, np.ndarray, bool]:
        lam = 0.0
        for _ in range(int(max_iter)):
            w = op(v)
            lam = float(v @ w)
            nrm = float(np.linalg.norm(w))
            if nrm == 0.0 or not np.isfinite(nrm):
                return lam, v, nrm == 0.0
            # converged when v is an eigenvector: the residual ‖Av − λv‖ is small (a
            # Rayleigh quotient that stalls is no proof: ±λ of like size make it creep)
            if float(np.linalg.norm(w - lam * v)) <= tol * abs(lam):
                return lam, v, True
            v = w / nrm
        return lam, v, False

    v = _start(size, v0, seed)
    lam, v, ok = run(matvec, v)
    if ok and lam < 0:
        shift = lam
        mu, v, ok = run(lambda z: matvec(z) - shift * z, _start(size, None, seed + 1))
        lam = mu + shift
    if not ok:
        # eigenvalues of like magnitude and opposite signs, or a slow gap: Lanczos, which
        # finds the largest algebraic eigenvalue whatever the others are
        values, vectors = lanczos(matvec, size, 1, tol=tol, max_iter=max(int(max_iter), 60),
                                  seed=seed)  # fmt: skip
        return float(values[0]), vectors[0]
    return lam, v


def _tridiagonal(alpha: np.ndarray, beta: np.ndarray, lo: int, hi: int) -> np.ndarray:
    """The Lanczos matrix of steps lo..hi (inclusive)."""
    off = beta[lo:hi]
    return np.diag(alpha[lo : hi + 1]) + np.diag(off, 1) + np.diag(off, -1)


def lanczos(
    matvec: Callable[[np.ndarray], np.ndarray],
    size: int,
    k: int = 2,
    *,
    tol: float = 1e-6,
    max_iter: int = 200,
    seed: int = 0,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """The k largest algebraic eigenpairs of a symmetric operator (Lanczos).

    Full reorthogonalisation (twice per step) against every previous Lanczos vector.
    Stops when the top-k Ritz residuals ``β_j·|s_j|`` are at most ``tol·max(1, |θ|)``,
    after ``max_iter`` products, or when the space is exhausted (size products: the pairs
    are then exact).  A breakdown (the Krylov space is invariant; its Ritz values are
    exact) continues with a fresh random vector orthogonal to the basis, until such a
    restarted block's top eigenvalue falls below the k-th found: that finds repeated
    eigenvalues too, which a single Krylov space holds once.

    ``progress(done, total, "Lanczos")`` after every product; ``cancel()`` returning
    True raises :class:`Cancelled`.

    Returns
    -------
    values : ndarray (k,)
        Largest first.
    vectors : ndarray (k, size)
        Orthonormal rows, ``vectors[i]`` belongs to ``values[i]``.
    """
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or not 1 <= k <= size:
        raise ValueError(f"k must be an integer in [1, {size}], got {k!r}")
    if isinstance(max_iter, bool) or not isinstance(max_iter, (int, np.integer)) or max_iter < k:
        raise ValueError(f"max_iter must be an integer >= k = {k}, got {max_iter!r}")
    if not tol > 0:
        raise ValueError(f"tol must be > 0, got {tol!r}")
    rng = np.random.default_rng(seed)
    m = min(int(max_iter), size)
    basis = np.zeros((m, size))
    alpha = np.zeros(m)
    beta = np.zeros(m)
    q = rng.standard_normal(size)
    q /= np.linalg.norm(q)
    theta = np.zeros(0)
    s = np.zeros((0, 0))
    j = 0
    scale = 0.0
    block = 0  # first index of the current Krylov block (after a breakdown, a new one)
    for j in range(m):
        if cancel is not None and cancel():
            raise Cancelled("Lanczos iteration cancelled")
        basis[j] = q
        w = np.asarray(matvec(q), dtype=np.float64)
        alpha[j] = q @ w
        for _ in range(2):  # full reorthogonalisation, twice ("twice is enough")
            w -= basis[: j + 1].T @ (basis[: j + 1] @ w)
        b = float(np.linalg.norm(w))
        scale = max(scale, abs(alpha[j]), b)
        breakdown = b <= 1e-12 * scale or b == 0.0
        if progress is not None:
            progress(j + 1, m, "Lanczos")
        if j + 1 >= k:
            theta, s = np.linalg.eigh(_tridiagonal(alpha, beta, 0, j))
            if j + 1 == size:
                break
            tb, sb = np.linalg.eigh(_tridiagonal(alpha, beta, block, j))
            if breakdown:
                # the block spans an invariant subspace: its Ritz values are exact.  A
                # restarted block whose top stays below the k-th value has probed the
                # rest of the space: done.  Otherwise explore the rest.
                done = block > 0 and tb[-1] <= theta[-k]
            else:
                res = b * np.abs(s[-1, -k:])
                done = bool(np.all(res <= tol * np.maximum(1.0, np.abs(theta[-k:]))))
                if done and block > 0:  # the restarted block's top must have converged too
                    done = b * abs(sb[-1, -1]) <= tol * max(1.0, abs(tb[-1]))
            if done:
                break
        if j + 1 == m:
            break
        if breakdown:
            # an invariant subspace: go on with a random vector orthogonal to the basis
            beta[j] = 0.0
            block = j + 1
            q = rng.standard_normal(size)
            for _ in range(2):
                q -= basis[: j + 1].T @ (basis[: j + 1] @ q)
            q /= np.linalg.norm(q)
        else:
            beta[j] = b
            q = w / b
    order = np.arange(len(theta) - 1, len(theta) - 1 - k, -1)
    values = theta[order]
    vectors = (basis[: j + 1].T @ s[:, order]).T
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return values, vectors
