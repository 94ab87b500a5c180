"""The integer codes the compiled loop works with, derived from the tables.

The compiled loop (``tinynet/backends/_ctrain.pyx``) cannot look names up in
a dict at C speed, so every activation, loss and update rule gets a number:
its position in its table (``activations.TABLE``, ``losses.TABLE``,
``optimizers.UPDATE_RULES``).  This module is the one place that numbering
is made; ``tests/test_parity.py`` checks the .pyx's numbers against it.
"""

from .activations import TABLE as _ACTIVATIONS
from .losses import TABLE as _LOSSES
from .optimizers import UPDATE_RULES as _RULES

__all__ = ["ACTIVATION_CODES", "LOSS_CODES", "OPTIMIZER_CODES", "N_ACTIVATIONS", "N_LOSSES",
           "N_OPTIMIZERS", "NO_ACCURACY", "THRESHOLD_ACCURACY", "ARGMAX_ACCURACY", "SIGN_ACCURACY",
           "N_ACCURACY", "accuracy_mode", "activation_codes"]

#: name -> code, for each table.
ACTIVATION_CODES = {record.name: i for i, record in enumerate(_ACTIVATIONS)}
LOSS_CODES = {record.name: i for i, record in enumerate(_LOSSES)}
OPTIMIZER_CODES = {rule: i for i, rule in enumerate(_RULES)}

N_ACTIVATIONS = len(ACTIVATION_CODES)
N_LOSSES = len(LOSS_CODES)
N_OPTIMIZERS = len(OPTIMIZER_CODES)

# The names the backends use for the codes (LINEAR = 0, SIGMOID = 1, ...).
LINEAR, SIGMOID, TANH, RELU, LEAKY_RELU, SOFTMAX, SOFTPLUS = (
    ACTIVATION_CODES[name] for name in
    ("linear", "sigmoid", "tanh", "relu", "leaky_relu", "softmax", "softplus"))
MSE, BINARY_CROSSENTROPY, CROSSENTROPY, HINGE = (
    LOSS_CODES[name] for name in ("mse", "binary_crossentropy", "crossentropy", "hinge"))
SGD, ADAM = OPTIMIZER_CODES["sgd"], OPTIMIZER_CODES["adam"]

#: How the loops count correct answers: not at all, every output on the right
#: side of 0.5, the largest output at the target's largest entry, or every
#: output with the sign of its -1/+1 label (> 0 for +1; the hinge loss).
NO_ACCURACY, THRESHOLD_ACCURACY, ARGMAX_ACCURACY, SIGN_ACCURACY = range(4)
N_ACCURACY = 4


def activation_codes(names: "list[str]") -> "list[int]":
    """The codes of a list of activation names."""
    return [ACTIVATION_CODES[name] for name in names]


def accuracy_mode(loss: str, targets: "list[float]", width: int) -> int:
    """How to count correct answers: by threshold 0.5, by argmax, or not at all.

    Cross-entropy compares the most likely class; binary cross-entropy the
    0.5 threshold; hinge the sign of the score. With MSE accuracy applies only when every target is 0 or 1
    (classification): one-hot rows use argmax, others the threshold.
    """
    if loss == "crossentropy":
        return ARGMAX_ACCURACY
    if loss == "binary_crossentropy":
        return THRESHOLD_ACCURACY
    if loss == "hinge":
        return SIGN_ACCURACY  # the sign of each score against its -1/+1 label
    for v in targets:
        if v != 0.0 and v != 1.0:
            return NO_ACCURACY
    if width > 1:
        for start in range(0, len(targets), width):
            ones = 0
            for v in targets[start:start + width]:
                ones += v == 1.0
            if ones != 1:
                return THRESHOLD_ACCURACY
        return ARGMAX_ACCURACY
    return THRESHOLD_ACCURACY
