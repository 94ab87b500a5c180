"""tinynet: a neural-network library for learners, in pure Python.

>>> import tinynet
>>> net = tinynet.Network([tinynet.Dense(2, 4, "tanh"), tinynet.Dense(4, 1, "sigmoid")], seed=1)

``tinynet.BACKEND`` says which training loop runs: ``"cython"`` (the compiled
twin) or ``"python"`` (the readable reference). Both give the same numbers.
"""

from .backends import BACKEND
from .callbacks import Callback, Snapshots
from .diagnostics import TrainingWarning
from .gradcheck import gradient_check
from .layers import Dense
from .network import DivergenceError, Network, NumericalError, load
from .optimizers import SGD, Adam, ExponentialDecay, Momentum, StepDecay
from .version import __version__

__all__ = [
    "BACKEND", "Dense", "DivergenceError", "Network", "NumericalError", "gradient_check", "load",
    "SGD", "Momentum", "Adam", "StepDecay", "ExponentialDecay", "__version__",
    "Callback", "Snapshots", "TrainingWarning",
]
