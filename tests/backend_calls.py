"""Call a backend module with the flat arguments the tests were written with.

The backends take records (``tinynet.backends.interface``: ``Layout``,
``Batches``, ``Update``); these helpers build them from the flat argument
lists, so each test still says exactly what it passes.

For the compiled module the ``Layout`` is *forged*: its fields are set as
given, without ``Layout``'s checks, so hostile sizes and codes reach the
compiled module's own C-level guards exactly as before (it must refuse them
whatever Python passes it).  The pure-Python module gets a checked
``Layout`` (its checks are the shared ones in ``interface``).
"""

from tinynet.backends import python as _python
from tinynet.backends.interface import Batches, Layout, Update


def layout(module, sizes, activations, loss=0):
    """A Layout for ``module``: checked for the reference, forged for the compiled one."""
    if module is _python:
        return Layout(sizes, activations, loss)
    forged = object.__new__(Layout)
    forged.sizes, forged.activations, forged.loss = sizes, activations, loss
    forged.offsets, forged.n_params = None, None
    return forged


def train_epoch(module, sizes, activations, loss, params, state1, state2, X, Y, order,
                batch_size, optimizer, learning_rate, momentum, beta1, beta2, epsilon,
                weight_decay, step, accuracy, decay_biases=False):
    """The old 19-argument train_epoch, as records (``decay_biases`` came later)."""
    return module.train_epoch(
        layout(module, sizes, activations, loss), params,
        Batches(X, Y, order, batch_size, accuracy),
        Update(optimizer, learning_rate, state1, state2, step, momentum=momentum, beta1=beta1,
               beta2=beta2, epsilon=epsilon, weight_decay=weight_decay,
               decay_biases=decay_biases))


def predict(module, sizes, activations, params, X, n):
    return module.predict(layout(module, sizes, activations), params, X, n)


def evaluate(module, sizes, activations, loss, params, X, Y, n, accuracy):
    return module.evaluate(layout(module, sizes, activations, loss), params, X, Y, n, accuracy)


def gradients(module, sizes, activations, loss, params, X, Y, n):
    return module.gradients(layout(module, sizes, activations, loss), params, X, Y, n)


def call(module, name, *args, **kwargs):
    """``module.<name>(...)`` with the flat arguments (param_count passes straight through)."""
    if name == "param_count":
        return module.param_count(*args, **kwargs)
    return globals()[name](module, *args, **kwargs)
