"""Callbacks: your own code, run by ``fit`` at the start, after every epoch and at the end.

The names are Keras' names. Write a subclass of :class:`Callback`, override
the methods you need, and pass instances to ``fit(..., callbacks=[...])``:

>>> from tinynet import Network, Dense
>>> from tinynet.callbacks import Callback
>>> class StopBelow(Callback):
...     '''Stop training once the loss is below a target.'''
...     def __init__(self, target):
...         self.target = target
...     def on_epoch_end(self, epoch, logs=None):
...         if logs["loss"] < self.target:
...             self.model.stop_training = True   # Keras' way to stop
>>> net = Network([Dense(2, 4, "tanh"), Dense(4, 1, "sigmoid")], loss="binary_crossentropy", seed=1)
>>> history = net.fit([[0, 0], [0, 1], [1, 0], [1, 1]], [0, 1, 1, 0], epochs=5000,
...                   learning_rate=1.0, verbose=0, callbacks=[StopBelow(0.1)])
>>> len(history) < 5000 and history["loss"][-1] < 0.1
True

What each method receives:

* ``on_train_begin(logs)``: ``logs`` is ``{"epochs": how many this call asked for}``.
* ``on_epoch_end(epoch, logs)``: ``epoch`` is the epoch's number as the
  history counts it (from 1, and running on across ``fit`` calls; Keras counts
  from 0), ``logs`` holds its figures: ``loss``, ``accuracy``, ``val_loss``,
  ``val_accuracy`` (when validation data was given), ``lr`` and ``seconds``.
* ``on_train_end(logs)``: ``logs`` holds the last epoch's figures. Not
  called when training stops with an error (or Ctrl-C).

``self.model`` is the network being trained. A callback may read its
layers' weights, and may stop the training by setting
``self.model.stop_training = True``: the epoch that just ended is kept and
``fit`` returns. While ``fit`` runs, the network is busy: a callback that
calls ``predict`` or ``evaluate`` on it gets a RuntimeError (copy the
weights instead, as :class:`Snapshots` does).
"""

__all__ = ["Callback", "Snapshots", "Snapshot"]


class Callback:
    """The base class: every method does nothing until you override it."""

    model = None  # the network being trained, set by fit before on_train_begin

    def set_model(self, model: object) -> None:
        """Called by ``fit`` first: remember the network being trained."""
        self.model = model

    def on_train_begin(self, logs: "dict | None" = None) -> None:
        """Called once, before the first epoch of a ``fit`` call."""

    def on_epoch_end(self, epoch: int, logs: "dict | None" = None) -> None:
        """Called after each epoch (numbered from 1, running on across fits)."""

    def on_train_end(self, logs: "dict | None" = None) -> None:
        """Called once, after the last epoch of a ``fit`` call that ended normally."""


class Snapshot:
    """The network's parameters at the end of one epoch.

    Attributes:
        epoch: the epoch number (0 = before any training).
        weights: one matrix per layer (``weights[layer][k][j]``), copied.
        biases: one list per layer, copied.
        logs: that epoch's figures (loss, accuracy, ...), empty for epoch 0.
    """

    def __init__(self, epoch: int, weights: list, biases: list, logs: dict) -> None:
        self.epoch = epoch
        self.weights = weights
        self.biases = biases
        self.logs = logs

    def apply_to(self, net: object) -> None:
        """Load these weights and biases into ``net`` (a network of the same shape)."""
        for layer, w, b in zip(net.layers, self.weights, self.biases):
            layer.weights = [list(row) for row in w]
            layer.bias = list(b)

    def __repr__(self) -> str:
        loss = self.logs.get("loss")
        return "<Snapshot epoch %d%s>" % (self.epoch, "" if loss is None else ", loss %.6g" % loss)


def _copy_parameters(net: object) -> tuple:
    """(weights, biases) of every layer of ``net``, as fresh lists."""
    weights = [[list(row) for row in layer.weights] for layer in net.layers]
    biases = [list(layer.bias) for layer in net.layers]
    return weights, biases


class Snapshots(Callback):
    """Keep a copy of the weights and biases every ``every`` epochs.

    The starting weights are kept too (once, as the epoch before the first
    one trained: epoch 0 for a new network), and so is the last epoch of
    every ``fit`` call. Use the snapshots to replay training
    (:func:`tinynet.plotting.html_replay`) or to go back to an earlier epoch
    (``snapshots[3].apply_to(net)``).

    >>> from tinynet import Network, Dense
    >>> net = Network([Dense(2, 1, "sigmoid")], seed=0)
    >>> snaps = Snapshots(every=2)
    >>> _ = net.fit([[0, 0], [1, 1]], [0, 1], epochs=5, verbose=0, callbacks=[snaps])
    >>> snaps.epochs
    [0, 2, 4, 5]

    A snapshot list behaves like a list of :class:`Snapshot` objects.
    """

    def __init__(self, every: int = 1) -> None:
        if isinstance(every, bool) or not isinstance(every, int) or every < 1:
            raise ValueError("every must be a whole number of epochs, at least 1, not %r" % (every,))
        self.every = every
        self.snapshots = []
        self._last_logs = {}

    def _keep(self, epoch: int, logs: dict) -> None:
        if self.snapshots and self.snapshots[-1].epoch == epoch:
            return
        weights, biases = _copy_parameters(self.model)
        self.snapshots.append(Snapshot(epoch, weights, biases, dict(logs)))

    def on_train_begin(self, logs: "dict | None" = None) -> None:
        """Keep the starting weights, unless this callback already holds later ones."""
        if not self.snapshots:
            history = getattr(self.model, "history", None)
            start = history.last_epoch if history is not None else 0
            self._keep(start, {})

    def on_epoch_end(self, epoch: int, logs: "dict | None" = None) -> None:
        """Keep a copy on every ``every``-th epoch."""
        self._last_logs = dict(logs or {})
        self._last_epoch = epoch
        if epoch % self.every == 0:
            self._keep(epoch, self._last_logs)

    def on_train_end(self, logs: "dict | None" = None) -> None:
        """Keep the last epoch too."""
        if getattr(self, "_last_epoch", None) is not None:
            self._keep(self._last_epoch, self._last_logs)

    @property
    def epochs(self) -> list:
        """The epoch numbers of the snapshots, in order."""
        return [s.epoch for s in self.snapshots]

    def __len__(self) -> int:
        return len(self.snapshots)

    def __getitem__(self, i: int) -> Snapshot:
        return self.snapshots[i]

    def __iter__(self):
        return iter(self.snapshots)

    def __repr__(self) -> str:
        return "<Snapshots every %d epochs: %d kept>" % (self.every, len(self.snapshots))


class CallbackList:
    """The callbacks of one ``fit`` call, called in the order given (used by ``fit``)."""

    def __init__(self, callbacks: "list | None", net: object) -> None:
        if callbacks is None:
            callbacks = []
        if isinstance(callbacks, Callback):
            callbacks = [callbacks]
        try:
            callbacks = list(callbacks)
        except TypeError:
            raise TypeError("callbacks must be a list of Callback objects, not %r" % (callbacks,)) from None
        for c in callbacks:
            for name in ("on_train_begin", "on_epoch_end", "on_train_end"):
                if not callable(getattr(c, name, None)):
                    raise TypeError("callback %r has no %s method: subclass tinynet.callbacks.Callback"
                                    % (c, name))
        self.callbacks = callbacks
        self.net = net

    def train_begin(self, logs: dict) -> None:
        """Give each callback the network, then call its ``on_train_begin``."""
        for c in self.callbacks:
            if callable(getattr(c, "set_model", None)):
                c.set_model(self.net)
            else:
                c.model = self.net
            c.on_train_begin(logs)

    def epoch_end(self, epoch: int, logs: dict) -> None:
        """Call each callback's ``on_epoch_end`` with its own copy of the epoch's figures."""
        for c in self.callbacks:
            c.on_epoch_end(epoch, dict(logs))

    def train_end(self, logs: dict) -> None:
        """Call each callback's ``on_train_end`` with its own copy of the last figures."""
        for c in self.callbacks:
            c.on_train_end(dict(logs))
