"""What keeps training reproducible from one machine to the next.

A dense BLAS product sums in an order set by how many threads share it, and an iterative solver carries those
last digits into the coefficients it stops at: the item model retrained on one thread was 0.008 away from the
one trained on two (stop 39). Both trainers (:func:`reportkit.classifier.train.train`,
:func:`reportkit.items.train.train_items`) therefore run under :func:`one_blas_thread`, and give the same model
on a laptop and on a 64-core server.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable
from typing import ParamSpec, TypeVar

__all__ = ["one_blas_thread"]

_P = ParamSpec("_P")
_R = TypeVar("_R")

#: the libraries training loads that bring a BLAS or OpenMP of their own: a thread limit holds only the
#: libraries loaded when it is set, so these are loaded first
_NUMERICAL = ("numpy", "scipy.optimize", "sklearn.linear_model", "sklearn.model_selection")


def one_blas_thread(fit: Callable[_P, _R]) -> Callable[_P, _R]:
    """Run ``fit`` with every numerical library held to one thread (threadpoolctl), its signature kept."""

    @functools.wraps(fit)
    def one_thread(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        for name in _NUMERICAL:
            importlib.import_module(name)
        from threadpoolctl import threadpool_limits

        with threadpool_limits(limits=1):
            return fit(*args, **kwargs)

    return one_thread
