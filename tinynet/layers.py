"""Layers: a row of neurons that all see the same inputs.

``Dense(n_in, n_out)`` holds ``n_in x n_out`` weights and ``n_out`` biases.
For one sample x (a list of ``n_in`` numbers) neuron j computes

    z_j = x_0 W_0j + x_1 W_1j + ... + b_j        and outputs  a_j = f(z_j)

``weights[k][j]`` connects input k to neuron j, the orientation of the
tutorial's ``synaptic_weights`` (so outputs = inputs . weights + bias).
"""

import math

from .activations import BY_NAME, apply, check_activation
from .inputs import finite_number, whole_number
from .rng import Random

__all__ = ["Dense", "INITIALIZERS", "initial_weights"]

#: The most weights one layer may hold (each is a Python float in a list).
MAX_WEIGHTS = 10_000_000

#: Weight initialisation schemes.
INITIALIZERS = ("uniform", "xavier", "he")


def default_init(activation: str) -> str:
    """The activation's own choice (its record in ``activations.TABLE``):
    He for ReLU-like layers, Xavier (Glorot) for the others."""
    return BY_NAME[check_activation(activation)].init


def initial_weights(n_in, n_out, init, rng):
    """Draw the starting weights (biases start at 0).

    * ``uniform``: U(-1, 1), the tutorial's ``2 * random() - 1``;
    * ``xavier``: U(-l, l) with l = sqrt(6 / (n_in + n_out)), keeps the signal's
      size steady through sigmoid/tanh layers;
    * ``he``: U(-l, l) with l = sqrt(6 / n_in), made for ReLU layers, which
      silence half their inputs.
    """
    if init == "uniform":
        limit = 1.0
    elif init == "xavier":
        limit = math.sqrt(6.0 / (n_in + n_out))
    elif init == "he":
        limit = math.sqrt(6.0 / n_in)
    else:
        raise ValueError("unknown init %r; choose one of: %s" % (init, ", ".join(INITIALIZERS)))
    return [[limit * (2.0 * rng.random() - 1.0) for _ in range(n_out)] for _ in range(n_in)]


class Dense:
    """A fully connected layer: every input is connected to every neuron.

    ``Dense(2, 4, activation="tanh")`` takes 2 inputs and has 4 neurons.
    ``init`` picks how the weights start ("uniform", "xavier" or "he"; by
    default He for ReLU layers and Xavier otherwise). ``weights`` and ``bias``
    may be given to start from known values; ``seed`` makes a layer's own
    random start reproducible (a ``Network`` with a seed re-draws it anyway).
    """

    def __init__(self, n_in, n_out, activation="sigmoid", init=None, weights=None, bias=None, seed=None):
        self.n_in = whole_number(n_in, "n_in", 1)
        self.n_out = whole_number(n_out, "n_out", 1)
        if self.n_in * self.n_out > MAX_WEIGHTS:
            raise ValueError(
                "Dense(%d, %d) would hold %d weights; tinynet keeps weights in Python lists "
                "and allows at most %d per layer" % (n_in, n_out, self.n_in * self.n_out, MAX_WEIGHTS))
        self.activation = check_activation(activation)
        if init is None:
            init = default_init(self.activation)
        if init not in INITIALIZERS:
            raise ValueError("unknown init %r; choose one of: %s" % (init, ", ".join(INITIALIZERS)))
        self.init = init
        # True once the user has set the weights: a Network then leaves them be.
        self.user_set = weights is not None or bias is not None
        self.reset(Random(seed))
        if weights is not None:
            self.weights = weights
        if bias is not None:
            self.bias = bias

    def reset(self, rng):
        """Draw fresh weights with ``rng`` (a ``tinynet.rng.Random``); biases go to 0."""
        self._weights = initial_weights(self.n_in, self.n_out, self.init, rng)
        self._bias = [0.0] * self.n_out

    @property
    def weights(self):
        """``n_in`` lists of ``n_out`` floats: ``weights[k][j]`` joins input k to neuron j."""
        return self._weights

    @weights.setter
    def weights(self, value):
        self._weights = self.check_weights(value)
        self.user_set = True

    @property
    def bias(self):
        """``n_out`` floats, one per neuron, added after the weighted sum."""
        return self._bias

    @bias.setter
    def bias(self, value):
        self._bias = self.check_bias(value)
        self.user_set = True

    def take_parameters(self, weights: list, bias: list) -> None:
        """Take the weights and biases a fit made (already checked): plain assignments.

        Unlike setting ``layer.weights``, this checks nothing and leaves
        ``user_set`` as it is, so handing a fit's results over cannot fail
        half way (see ``Network._hand_over``).
        """
        self._weights, self._bias = weights, bias

    def check_weights(self, value):
        """Validate a weight matrix for this layer; return it as float lists."""
        if hasattr(value, "tolist"):
            value = value.tolist()
        if not isinstance(value, (list, tuple)) or len(value) != self.n_in:
            raise ValueError(
                "weights of a Dense(%d, %d) layer must be %d rows of %d numbers"
                % (self.n_in, self.n_out, self.n_in, self.n_out)
            )
        rows = []
        for k, row in enumerate(value):
            if not isinstance(row, (list, tuple)) or len(row) != self.n_out:
                raise ValueError(
                    "weights row %d of a Dense(%d, %d) layer must hold %d numbers, got %r"
                    % (k, self.n_in, self.n_out, self.n_out, row)
                )
            rows.append([finite_number(v, "weights[%d][%d]" % (k, j), False) for j, v in enumerate(row)])
        return rows

    def check_bias(self, value):
        """Validate a bias list for this layer; return it as floats."""
        if hasattr(value, "tolist"):
            value = value.tolist()
        if not isinstance(value, (list, tuple)) or len(value) != self.n_out:
            raise ValueError(
                "bias of a Dense(%d, %d) layer must be a list of %d numbers, got %r"
                % (self.n_in, self.n_out, self.n_out, value)
            )
        return [finite_number(v, "bias[%d]" % j, False) for j, v in enumerate(value)]

    @property
    def parameter_count(self):
        """How many numbers training adjusts: weights plus biases."""
        return self.n_in * self.n_out + self.n_out

    def forward(self, x):
        """The layer's output for one sample ``x`` (a list of ``n_in`` numbers).

        Readable and slow: ``Network.predict`` uses the backend instead.
        """
        if len(x) != self.n_in:
            raise ValueError("this layer takes %d inputs, got %d" % (self.n_in, len(x)))
        z = []
        for j in range(self.n_out):
            acc = 0.0
            for k in range(self.n_in):
                acc += x[k] * self._weights[k][j]
            z.append(acc + self._bias[j])
        return apply(self.activation, z)

    def get_config(self):
        """The settings that rebuild this layer (used when saving)."""
        return {"type": "Dense", "n_in": self.n_in, "n_out": self.n_out,
                "activation": self.activation, "init": self.init}

    def __repr__(self):
        return "Dense(%d, %d, activation=%r)" % (self.n_in, self.n_out, self.activation)

