"""Layers: a row of neurons that all see the same inputs.

``Dense(n_in, n_out)`` holds ``n_in x n_out`` weights and ``n_out`` biases.
For one sample x (a list of ``n_in`` numbers) neuron j computes

    z_j = x_0 W_0j + x_1 W_1j + ... + b_j        and outputs  a_j = f(z_j)

``weights[k][j]`` connects input k to neuron j, the orientation of the
tutorial's ``synaptic_weights`` (so outputs = inputs . weights + bias).
"""

import math

from . import elementary
from .activations import BY_NAME, apply, check_activation
from .inputs import finite_floats, whole_number
from .rng import Random

__all__ = ["BIAS_INITIALIZERS", "INITIALIZERS", "Dense", "initial_bias", "initial_weights"]

#: The most weights one layer may hold (each is a Python float in a list).
MAX_WEIGHTS = 10_000_000

#: Weight initialisation schemes (``Dense(init=...)``).  Which peer each matches:
#:
#: * ``uniform``: U(-1, 1), the classic NumPy tutorial's ``2 * random() - 1``;
#: * ``xavier`` = ``glorot_uniform``: U(-l, l), l = sqrt(6 / (n_in + n_out)) (Keras's
#:   default ``glorot_uniform``);
#: * ``he`` = ``he_uniform``: U(-l, l), l = sqrt(6 / n_in) (Keras ``he_uniform``);
#: * ``normal``: N(0, 1), Nielsen's network.py (``np.random.randn``);
#: * ``torch``: U(-l, l), l = 1 / sqrt(n_in), PyTorch ``nn.Linear``'s default
#:   (``kaiming_uniform_(a=sqrt(5))`` works out to that bound);
#: * ``sklearn``: U(-l, l), l = sqrt(f / (n_in + n_out)) with f = 2 for a sigmoid
#:   layer and 6 otherwise, scikit-learn ``MLPClassifier``'s ``_init_coef``
#:   (sklearn picks f from the *hidden* activation for every layer, the output
#:   layer included: for a sigmoid output after non-logistic hidden layers use
#:   ``glorot_uniform`` there);
#: * ``glorot_normal``, ``he_normal``, ``lecun_normal``: Keras's truncated normals,
#:   N(0, s^2) cut at 2 s (a draw beyond is drawn again), s = sqrt(k / fan) / 0.8796...
#:   with k / fan = 2 / (n_in + n_out), 2 / n_in, 1 / n_in;
#: * ``lecun_uniform``: U(-l, l), l = sqrt(3 / n_in) (Keras ``lecun_uniform``).
#:
#: The draws come from ``tinynet.rng.Random``, not from the peer's own
#: generator: "matches" means the same distribution, not the same numbers
#: (to start from a peer's very numbers, copy its weights into ``Dense(weights=...)``).
INITIALIZERS = ("uniform", "xavier", "he", "normal", "torch", "sklearn", "glorot_uniform",
                "glorot_normal", "he_uniform", "he_normal", "lecun_uniform", "lecun_normal")

#: Bias initialisation schemes (``Dense(bias_init=...)``): ``zeros`` (the
#: default, Keras's ``zeros``), ``ones`` (Keras's ``ones``), ``normal`` (N(0, 1),
#: Nielsen's network.py), ``torch`` (U(-1/sqrt(n_in), 1/sqrt(n_in)), PyTorch
#: ``nn.Linear``) and ``sklearn`` (the same uniform as that layer's ``sklearn``
#: weights, as ``MLPClassifier`` draws its intercepts).
BIAS_INITIALIZERS = ("zeros", "ones", "normal", "torch", "sklearn")

# Keras's truncated normal: the standard deviation of N(0, 1) cut at +-2 is
# 0.8796...; dividing by it gives the truncated draws the variance asked for.
_TRUNCATED_STD = 0.87962566103423978

# The uniform bound of each uniform scheme, from (n_in, n_out, sigmoid?).
_UNIFORM = {
    "uniform": lambda n_in, n_out, sig: 1.0,
    "xavier": lambda n_in, n_out, sig: math.sqrt(6.0 / (n_in + n_out)),
    "glorot_uniform": lambda n_in, n_out, sig: math.sqrt(6.0 / (n_in + n_out)),
    "he": lambda n_in, n_out, sig: math.sqrt(6.0 / n_in),
    "he_uniform": lambda n_in, n_out, sig: math.sqrt(6.0 / n_in),
    "lecun_uniform": lambda n_in, n_out, sig: math.sqrt(3.0 / n_in),
    "torch": lambda n_in, n_out, sig: 1.0 / math.sqrt(n_in),
    "sklearn": lambda n_in, n_out, sig: math.sqrt((2.0 if sig else 6.0) / (n_in + n_out)),
}

# The variance (before truncation) of each truncated-normal scheme.
_TRUNCATED = {
    "glorot_normal": lambda n_in, n_out: 2.0 / (n_in + n_out),
    "he_normal": lambda n_in, n_out: 2.0 / n_in,
    "lecun_normal": lambda n_in, n_out: 1.0 / n_in,
}


def default_init(activation: str) -> str:
    """The activation's own choice (its record in ``activations.TABLE``):
    He for ReLU-like layers, Xavier (Glorot) for the others."""
    return BY_NAME[check_activation(activation)].init


def _gauss(rng) -> float:
    """One N(0, 1) draw from ``rng.random()``: Marsaglia's polar method.

    It needs only +, *, / , sqrt and tinynet's own ``log`` (no cos, no
    ``random.gauss``, which MicroPython lacks), so it gives the same bits on
    every platform.
    """
    while True:
        u = 2.0 * rng.random() - 1.0
        v = 2.0 * rng.random() - 1.0
        s = u * u + v * v
        if 0.0 < s < 1.0:  # a point inside the unit circle (not its centre)
            return u * elementary.sqrt(-2.0 * elementary.log(s) / s)


def _draw(scheme, n_in, n_out, sigmoid, rng):
    """One number drawn by ``scheme`` for a layer of ``n_in`` -> ``n_out``."""
    if scheme == "normal":
        return _gauss(rng)
    if scheme in _TRUNCATED:
        std = math.sqrt(_TRUNCATED[scheme](n_in, n_out)) / _TRUNCATED_STD
        while True:
            x = _gauss(rng)
            if -2.0 <= x <= 2.0:  # beyond 2 standard deviations: draw again
                return std * x
    limit = _UNIFORM[scheme](n_in, n_out, sigmoid)
    return limit * (2.0 * rng.random() - 1.0)


def initial_weights(n_in: int, n_out: int, init: str, rng: object,
                    activation: "str | None" = None) -> "list[list[float]]":
    """Draw the starting weights: ``n_in`` rows of ``n_out`` numbers.

    ``init`` is one of :data:`INITIALIZERS` (see there for the formula of each
    and the peer it matches); ``activation`` matters only to ``sklearn``
    (a sigmoid layer gets the narrower bound).  ``rng`` is a ``tinynet.rng.Random``.
    """
    if init not in INITIALIZERS:
        raise ValueError("unknown init %r; choose one of: %s" % (init, ", ".join(INITIALIZERS)))
    sigmoid = activation == "sigmoid"
    return [[_draw(init, n_in, n_out, sigmoid, rng) for _ in range(n_out)] for _ in range(n_in)]


def initial_bias(n_in: int, n_out: int, bias_init: str, rng: object,
                 activation: "str | None" = None) -> "list[float]":
    """Draw the starting biases: ``n_out`` numbers (``zeros`` by default)."""
    if bias_init == "zeros":
        return [0.0] * n_out
    if bias_init == "ones":
        return [1.0] * n_out
    if bias_init not in BIAS_INITIALIZERS:
        raise ValueError("unknown bias_init %r; choose one of: %s"
                         % (bias_init, ", ".join(BIAS_INITIALIZERS)))
    sigmoid = activation == "sigmoid"
    return [_draw(bias_init, n_in, n_out, sigmoid, rng) for _ in range(n_out)]


class Dense:
    """A fully connected layer: every input is connected to every neuron.

    ``Dense(2, 4, activation="tanh")`` takes 2 inputs and has 4 neurons.
    ``init`` picks how the weights start (one of :data:`INITIALIZERS`, e.g.
    "xavier", "he", or a peer's default: "normal", "torch", "sklearn"; by
    default He for ReLU layers and Xavier otherwise); ``bias_init`` how the
    biases start (:data:`BIAS_INITIALIZERS`; "zeros" by default). ``weights`` and ``bias``
    may be given to start from known values; ``seed`` makes a layer's own
    random start reproducible (a ``Network`` with a seed re-draws it anyway).
    """

    def __init__(self, n_in: int, n_out: int, activation: str = "sigmoid", init: "str | None" = None,
                 weights: object = None, bias: object = None, seed: "int | None" = None,
                 bias_init: str = "zeros") -> None:
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
        if bias_init not in BIAS_INITIALIZERS:
            raise ValueError("unknown bias_init %r; choose one of: %s"
                             % (bias_init, ", ".join(BIAS_INITIALIZERS)))
        self.bias_init = bias_init
        # True once the user has set the weights: a Network then leaves them be.
        self.user_set = weights is not None or bias is not None
        self.reset(Random(seed))
        if weights is not None:
            self.weights = weights
        if bias is not None:
            self.bias = bias

    def reset(self, rng: object) -> None:
        """Draw fresh weights, then biases, with ``rng`` (a ``tinynet.rng.Random``)."""
        self._weights = initial_weights(self.n_in, self.n_out, self.init, rng, self.activation)
        self._bias = initial_bias(self.n_in, self.n_out, self.bias_init, rng, self.activation)

    @property
    def weights(self) -> "list[list[float]]":
        """``n_in`` lists of ``n_out`` floats: ``weights[k][j]`` joins input k to neuron j."""
        return self._weights

    @weights.setter
    def weights(self, value: object) -> None:
        self._weights = self.check_weights(value)
        self.user_set = True

    @property
    def bias(self) -> "list[float]":
        """``n_out`` floats, one per neuron, added after the weighted sum."""
        return self._bias

    @bias.setter
    def bias(self, value: object) -> None:
        self._bias = self.check_bias(value)
        self.user_set = True

    def take_parameters(self, weights: list, bias: list) -> None:
        """Take the weights and biases a fit made (already checked): plain assignments.

        Unlike setting ``layer.weights``, this checks nothing and leaves
        ``user_set`` as it is, so handing a fit's results over cannot fail
        half way (see ``Network._hand_over``).
        """
        self._weights, self._bias = weights, bias

    def check_weights(self, value: object) -> "list[list[float]]":
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
            rows.append(finite_floats(list(row), "weights[%d]" % k, False))
        return rows

    def check_bias(self, value: object) -> "list[float]":
        """Validate a bias list for this layer; return it as floats."""
        if hasattr(value, "tolist"):
            value = value.tolist()
        if not isinstance(value, (list, tuple)) or len(value) != self.n_out:
            raise ValueError(
                "bias of a Dense(%d, %d) layer must be a list of %d numbers, got %r"
                % (self.n_in, self.n_out, self.n_out, value)
            )
        return finite_floats(list(value), "bias", False)

    @property
    def parameter_count(self) -> int:
        """How many numbers training adjusts: weights plus biases."""
        return self.n_in * self.n_out + self.n_out

    def forward(self, x: "list[float]") -> "list[float]":
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

    def get_config(self) -> dict:
        """The settings that rebuild this layer (used when saving)."""
        config = {"type": "Dense", "n_in": self.n_in, "n_out": self.n_out,
                  "activation": self.activation, "init": self.init}
        if self.bias_init != "zeros":  # (absent means zeros: older files load unchanged)
            config["bias_init"] = self.bias_init
        return config

    def __repr__(self):
        return "Dense(%d, %d, activation=%r)" % (self.n_in, self.n_out, self.activation)

