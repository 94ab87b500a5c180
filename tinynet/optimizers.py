"""Optimizers: how a gradient becomes a change of the weights.

Gradient descent moves every weight a little downhill:

    w  <-  w - learning_rate * dLoss/dw

* ``SGD``: exactly that; with ``momentum`` mu it keeps a velocity
  v <- mu v + g and steps w <- w - lr v, rolling through small bumps
  (PyTorch's form of classical momentum).
* ``Momentum``: SGD with momentum 0.9 by default.
* ``Adam``: keeps running averages of the gradient (m) and of its square (v)
  and steps each weight by lr * m_hat / (sqrt(v_hat) + eps): big steps where
  gradients are steady, small ones where they are noisy.

Learning-rate schedules shrink the learning rate as training goes on:
``StepDecay`` multiplies it by ``gamma`` every ``step_size`` epochs,
``ExponentialDecay`` by ``gamma`` every epoch.

The optimizers form one table (:data:`TABLE`); each names the update
``rule`` the training loops apply (one of :data:`UPDATE_RULES`, whose
positions are the compiled loop's codes) and its ``hyperparameters()``.
"""

from ._compat import shallow_copy
from .inputs import real_number, whole_number

__all__ = ["SGD", "Momentum", "Adam", "StepDecay", "ExponentialDecay", "get", "get_schedule",
           "TABLE", "UPDATE_RULES"]

#: The update rules the training loops implement, in the order of their codes.
UPDATE_RULES = ("sgd", "adam")


class SGD:
    """Stochastic gradient descent, with optional classical momentum."""

    name = "sgd"
    rule = "sgd"  # the update the training loops apply (UPDATE_RULES)

    def __init__(self, learning_rate: float = 0.1, momentum: float = 0.0) -> None:
        self.learning_rate = real_number(learning_rate, "learning_rate", 0.0, low_open=True)
        self.momentum = real_number(momentum, "momentum", 0.0, 1.0, high_open=True)

    def hyperparameters(self) -> dict:
        """What the update rule needs besides the learning rate and weight decay."""
        return {"momentum": self.momentum, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8}

    def get_config(self) -> dict:
        """The settings that rebuild this optimizer (used when saving)."""
        return {"name": self.name, "learning_rate": self.learning_rate, "momentum": self.momentum}

    def __repr__(self):
        return "%s(learning_rate=%r, momentum=%r)" % (type(self).__name__, self.learning_rate, self.momentum)


class Momentum(SGD):
    """SGD with momentum (0.9 unless you say otherwise)."""

    name = "momentum"

    def __init__(self, learning_rate: float = 0.1, momentum: float = 0.9) -> None:
        super().__init__(learning_rate, momentum)


class Adam:
    """Adam (Kingma and Ba, 2015), with PyTorch's defaults."""

    name = "adam"
    rule = "adam"

    def __init__(self, learning_rate: float = 0.001, beta1: float = 0.9, beta2: float = 0.999,
                 epsilon: float = 1e-8) -> None:
        self.learning_rate = real_number(learning_rate, "learning_rate", 0.0, low_open=True)
        self.beta1 = real_number(beta1, "beta1", 0.0, 1.0, high_open=True)
        self.beta2 = real_number(beta2, "beta2", 0.0, 1.0, high_open=True)
        self.epsilon = real_number(epsilon, "epsilon", 0.0, low_open=True)
        self.momentum = 0.0

    def hyperparameters(self) -> dict:
        """What the update rule needs besides the learning rate and weight decay."""
        return {"momentum": 0.0, "beta1": self.beta1, "beta2": self.beta2, "epsilon": self.epsilon}

    def get_config(self) -> dict:
        """The settings that rebuild this optimizer (used when saving)."""
        return {"name": self.name, "learning_rate": self.learning_rate, "beta1": self.beta1,
                "beta2": self.beta2, "epsilon": self.epsilon}

    def __repr__(self):
        return "Adam(learning_rate=%r, beta1=%r, beta2=%r, epsilon=%r)" % (
            self.learning_rate, self.beta1, self.beta2, self.epsilon)


#: Every optimizer, by the name ``fit(optimizer=...)`` and saved models use.
TABLE = (SGD, Momentum, Adam)
_BY_NAME = {cls.name: cls for cls in TABLE}


def get(optimizer: object = "sgd", learning_rate: "float | None" = None,
        momentum: "float | None" = None) -> "SGD | Adam":
    """An optimizer object from a name ("sgd", "momentum", "adam") or an optimizer.

    ``learning_rate`` and ``momentum``, when given, override the defaults.
    """
    if isinstance(optimizer, dict):  # a saved config
        config = dict(optimizer)
        name = config.pop("name", None)
        if name not in _BY_NAME:
            raise ValueError("unknown optimizer %r; choose one of: sgd, momentum, adam" % (name,))
        return _BY_NAME[name](**config)
    if isinstance(optimizer, str):
        key = optimizer.lower()
        if key not in _BY_NAME:
            raise ValueError("unknown optimizer %r; choose one of: sgd, momentum, adam" % (optimizer,))
        kwargs = {}
        if learning_rate is not None:
            kwargs["learning_rate"] = learning_rate
        if momentum:
            if key == "adam":
                raise ValueError("momentum does not apply to Adam (it has beta1 instead)")
            kwargs["momentum"] = momentum
        return _BY_NAME[key](**kwargs)
    if isinstance(optimizer, (SGD, Adam)):
        optimizer = shallow_copy(optimizer)  # never change the caller's object
        if learning_rate is not None:
            optimizer.learning_rate = real_number(learning_rate, "learning_rate", 0.0, low_open=True)
        if momentum:
            if isinstance(optimizer, Adam):
                raise ValueError("momentum does not apply to Adam (it has beta1 instead)")
            optimizer.momentum = real_number(momentum, "momentum", 0.0, 1.0, high_open=True)
        return optimizer
    raise TypeError("optimizer must be 'sgd', 'momentum', 'adam' or an optimizer object, not %r" % (optimizer,))


class StepDecay:
    """Multiply the learning rate by ``gamma`` every ``step_size`` epochs."""

    def __init__(self, step_size: int = 10, gamma: float = 0.5) -> None:
        try:
            self.step_size = whole_number(step_size, "step_size", 1)
        except TypeError as exc:  # a schedule's settings: always a ValueError
            raise ValueError(str(exc)) from None
        self.gamma = real_number(gamma, "gamma", 0.0, 1.0, low_open=True)

    def __call__(self, epoch: int, learning_rate: float) -> float:
        """The learning rate for ``epoch`` (counted from 0)."""
        return learning_rate * self.gamma ** (epoch // self.step_size)

    def get_config(self) -> dict:
        """The settings that rebuild this schedule."""
        return {"name": "step", "step_size": self.step_size, "gamma": self.gamma}


class ExponentialDecay:
    """Multiply the learning rate by ``gamma`` every epoch."""

    def __init__(self, gamma: float = 0.95) -> None:
        self.gamma = real_number(gamma, "gamma", 0.0, 1.0, low_open=True)

    def __call__(self, epoch: int, learning_rate: float) -> float:
        """The learning rate for ``epoch`` (counted from 0)."""
        return learning_rate * self.gamma ** epoch

    def get_config(self) -> dict:
        """The settings that rebuild this schedule."""
        return {"name": "exponential", "gamma": self.gamma}


def get_schedule(schedule: object) -> object:
    """A schedule from None, "step", "exponential", a config dict, or a callable(epoch, lr)."""
    if schedule is None or callable(schedule):
        return schedule
    if isinstance(schedule, str):
        schedule = {"name": schedule}
    if isinstance(schedule, dict):
        config = dict(schedule)
        name = config.pop("name", None)
        if name == "step":
            return StepDecay(**config)
        if name == "exponential":
            return ExponentialDecay(**config)
        raise ValueError("unknown lr_schedule %r; use 'step', 'exponential' or a function" % (name,))
    raise TypeError("lr_schedule must be None, 'step', 'exponential' or a function, not %r" % (schedule,))
