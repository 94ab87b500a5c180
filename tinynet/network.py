"""The network: layers stacked one after another, trained with gradient descent.

>>> from tinynet import Network, Dense
>>> net = Network([Dense(2, 4, "tanh"), Dense(4, 1, "sigmoid")], loss="mse", seed=0)
>>> history = net.fit([[0, 0], [0, 1], [1, 0], [1, 1]], [0, 1, 1, 0],
...                   epochs=2000, learning_rate=0.5, verbose=0)
>>> net.predict_classes([[0, 0], [0, 1], [1, 0], [1, 1]])
[0, 1, 1, 0]

``Network`` does the orchestration (checking data, epochs, shuffling order,
history, progress, early stopping); the arithmetic of each epoch runs in a
backend (``tinynet.backends``): the readable Python loop or its compiled twin.

One call at a time: ``fit``, ``predict``, ``evaluate``, ``explain`` and
``save`` on the same network from several threads take turns (each waits
for the one running to finish); different networks run side by side.
"""

import array
import math

try:
    import _thread  # CPython, PyPy, Pyodide (which has locks but cannot start threads)
except ImportError:  # a MicroPython built without threads
    _thread = None

from . import backends, saving
from . import diagnostics as _diagnostics
from . import optimizers as _optimizers
from ._compat import is_integral, perf_counter, zeros
from .activations import check_activation
from .backends.interface import Batches, Layout, Update
from .callbacks import CallbackList
from .codes import LOSS_CODES, NO_ACCURACY, accuracy_mode, activation_codes
from .dataset import Dataset
from .history import History
from .inputs import (
    as_list,
    double_view,
    flat_rows,
    is_flat_sample,
    real_number,
    training_arrays,
    whole_number,
)
from .layers import Dense
from .losses import check_loss
from .progress import Progress
from .rng import Random
from .version import __version__

__all__ = ["Network", "NumericalError", "DivergenceError", "load"]


class NumericalError(ValueError):
    """The arithmetic overflowed: an output or a loss became NaN or infinite.

    Finite weights and finite inputs can still overflow (a weighted sum past
    the largest float, about 1.8e308, becomes infinite; infinity minus
    infinity is NaN). ``predict``, ``predict_classes`` and ``evaluate`` raise
    this instead of returning such numbers; ``sample`` is the index of the
    first sample that overflowed (``None`` when only a total did).
    """

    def __init__(self, message: str, sample: "int | None" = None) -> None:
        super().__init__(message)
        self.sample = sample


class DivergenceError(NumericalError):
    """Training blew up (the loss or a weight became NaN or infinite).

    The network keeps the weights it had before the failing epoch; the
    ``history`` attribute holds the epochs that finished.
    """

    def __init__(self, message: str, history: "History | None" = None) -> None:
        super().__init__(message)
        self.history = history


class _OneAtATime:
    """A network's lock: one call at a time, other threads wait their turn.

    Used as ``with net._busy: ...``. A call made from inside another call on
    the same network in the same thread (say, an ``lr_schedule`` function
    that calls ``net.predict``) would wait for itself forever, so it raises
    a RuntimeError instead. Without threads (MicroPython built without
    ``_thread``) only that check remains.
    """

    def __init__(self) -> None:
        self._lock = _thread.allocate_lock() if _thread is not None else None
        self._owner = None  # the thread running a call now

    def __enter__(self) -> None:
        me = _thread.get_ident() if _thread is not None else 0
        if self._owner == me:
            raise RuntimeError(
                "this network is already busy in this thread (a fit, predict, evaluate or "
                "save is running, and this call came from inside it, e.g. from an "
                "lr_schedule function): call it after that call returns")
        if self._lock is not None:
            self._lock.acquire()  # waits while another thread uses this network
        self._owner = me

    def __exit__(self, *exc_info: object) -> None:
        self._owner = None
        if self._lock is not None:
            self._lock.release()

    def __reduce__(self) -> tuple:
        # a copied (copy.deepcopy) or pickled network gets a lock of its own, free
        return (_OneAtATime, ())


class Network:
    """A feed-forward neural network made of ``Dense`` layers.

    Args:
        layers: the layers, first to last; each layer's ``n_in`` must equal
            the previous layer's ``n_out``.
        loss: "mse", "binary_crossentropy" (needs a sigmoid output layer) or
            "crossentropy" (needs a softmax output layer).
        seed: makes the starting weights and the shuffling reproducible. The
            network draws from its own ``tinynet.rng.Random(seed)``; the global
            random state is never touched.

    Threads: a network does one thing at a time. A ``fit``, ``predict``,
    ``evaluate``, ``explain`` or ``save`` called on it while another thread
    is running one of those waits until that call has finished, so no
    training is lost and nothing reads half-updated weights. Separate
    networks in separate threads run at the same time (the compiled loop
    releases the GIL) and give the same numbers as one after another.
    """

    def __init__(self, layers: "list", loss: str = "mse", seed: "int | None" = None) -> None:
        if isinstance(layers, Dense):
            layers = [layers]
        _check_structure(layers, loss)
        self.loss = loss
        if seed is not None and (isinstance(seed, bool) or not is_integral(seed)):
            raise TypeError("seed must be a whole number or None, not %r" % (seed,))
        self.layers = list(layers)
        self.seed = seed
        self._rng = Random(seed)
        if seed is not None:
            for layer in self.layers:
                if not layer.user_set:
                    layer.reset(self._rng)
        self._optimizer = None   # the optimizer used by the last fit
        self._opt_state = None   # its memory (velocity, Adam's averages), kept between fits
        self.history = None
        self.stop_training = False  # a callback sets it to True to end a fit early
        self._busy = _OneAtATime()

    # ------------------------------------------------------------ description

    @property
    def n_inputs(self) -> int:
        """How many numbers one sample has."""
        return self.layers[0].n_in

    @property
    def n_outputs(self) -> int:
        """How many numbers the network outputs per sample."""
        return self.layers[-1].n_out

    @property
    def sizes(self) -> "list[int]":
        """Layer widths ``[inputs, layer 1, ..., outputs]``."""
        return [self.layers[0].n_in] + [layer.n_out for layer in self.layers]

    @property
    def parameter_count(self) -> int:
        """How many weights and biases training adjusts."""
        count = 0
        for layer in self.layers:
            count += layer.parameter_count
        return count

    def summary_text(self) -> str:
        """The text of :meth:`summary`."""
        lines = ["Network: %s -> %s, loss %s" % (_count(self.n_inputs, "input"),
                                                 _count(self.n_outputs, "output"), self.loss),
                 "%-6s %-8s %-10s %-11s %s" % ("layer", "type", "shape", "activation", "parameters")]
        for i, layer in enumerate(self.layers):
            lines.append("%-6d %-8s %-10s %-11s %d (%s + %s)" % (
                i, "Dense", "%d -> %d" % (layer.n_in, layer.n_out), layer.activation,
                layer.parameter_count, _count(layer.n_in * layer.n_out, "weight"),
                _count(layer.n_out, "bias", "biases")))
        lines.append("total parameters: %d" % self.parameter_count)
        return "\n".join(lines)

    def summary(self, print_fn: object = print) -> None:
        """Print the layers, their shapes and parameter counts (like Keras)."""
        print_fn(self.summary_text())

    def __repr__(self):
        return "Network([%s], loss=%r)" % (", ".join(repr(layer) for layer in self.layers), self.loss)

    def __str__(self):
        return self.summary_text()

    def _repr_svg_(self):
        from .plotting import network_svg

        return network_svg(self)

    def _repr_html_(self) -> str:
        """What a Jupyter notebook shows for a network: the summary table and the drawing."""
        from .plotting import network_html

        return network_html(self)

    # ------------------------------------------------------------ parameters

    def check(self) -> None:
        """Raise a clear error unless the layers and loss still make a working network.

        Layers and the loss can be changed after building, so every call that
        uses the network checks it first.
        """
        _check_structure(self.layers, self.loss)

    def layout(self) -> Layout:
        """The network's shape as the backends take it (``tinynet.backends.interface.Layout``)."""
        return Layout(self.sizes, activation_codes([layer.activation for layer in self.layers]),
                      LOSS_CODES[self.loss])

    def parameters_flat(self) -> "array.array":
        """All weights and biases in one ``array('d')``, checked to be sound.

        The order is the one every backend uses: layer by layer, each layer's
        weights row by row (``n_in`` rows of ``n_out``), then its biases.
        Every number is checked on every call (a layer's lists can be changed
        in place), at C speed when the compiled module is built.
        """
        self.check()
        fast = _fast(backends.get())
        params = array.array("d")
        for i, layer in enumerate(self.layers):
            try:
                params.extend(_layer_flat(layer, fast))
            except (TypeError, ValueError) as exc:
                raise type(exc)("layer %d: %s" % (i, exc)) from None
        return params

    def set_parameters_flat(self, params: "array.array") -> None:
        """Copy a flat parameter array (in :meth:`parameters_flat`'s order) into the layers."""
        _switch_layers(self.layers, _layer_lists(self.layers, params))

    @property
    def optimizer(self) -> object:
        """The optimizer the last ``fit`` used (``None`` before any); saved with the model."""
        return self._optimizer

    @optimizer.setter
    def optimizer(self, optimizer: object) -> None:
        self._optimizer = optimizer

    def _hand_over(self, params: "array.array", optimizer: object, opt_state: tuple,
                   history: History) -> None:
        """Make a fit's results the network's own: weights, optimizer state and history together.

        The slow part (copying the weights into lists) comes first and
        changes nothing; then a few assignments switch the network over. An
        interrupt (Ctrl-C) that lands inside those assignments does not stop
        them half way: they are finished, then the interrupt goes on.
        """
        lists = _layer_lists(self.layers, params)

        def switch():
            _switch_layers(self.layers, lists)
            self._optimizer, self._opt_state, self.history = optimizer, opt_state, history

        try:
            switch()
        except BaseException:
            switch()
            raise

    def reset_history(self) -> None:
        """Forget the training history: the next ``fit`` counts epochs from 1 again.

        Without this, ``net.history`` goes on across ``fit`` calls (the
        weights are not touched either way).
        """
        with self._busy:
            self.history = None

    # ---------------------------------------------------------------- data

    def _checked(self, X: object, y: object, engine: object = None) -> tuple:
        """``(n, flat X, flat targets, accuracy mode)`` from ``X, y`` or a :class:`Dataset`.

        Every number is checked here, once per call (a Dataset was checked
        when it was made). ``engine`` is the backend that will run: the
        compiled one also does the checking, at C speed, with the same rules
        (see :func:`tinynet.inputs.training_arrays`).
        """
        if isinstance(X, Dataset):
            if y is not None:
                raise TypeError("give the targets inside the Dataset (Dataset(X, y)), not as y too")
            flat_y, mode = X.targets(self.n_outputs, self.loss)
            return X.n_samples, X.inputs(self.n_inputs), flat_y, mode
        if y is None:
            raise TypeError("y must be a list of targets, not None (or give a Dataset(X, y) as X)")
        n, flat_x, flat_y = training_arrays(X, y, self.n_inputs, self.n_outputs, self.loss, _fast(engine))
        return n, flat_x, flat_y, accuracy_mode(self.loss, flat_y, self.n_outputs)

    def _samples(self, X: object, engine: object) -> tuple:
        """``(n, flat X, single)`` for predict; ``single``: X was one flat sample."""
        if isinstance(X, Dataset):
            return X.n_samples, X.inputs(self.n_inputs), False
        if double_view(X) is None:
            X = as_list(X, "X")  # read once: a generator cannot be read twice
        single = is_flat_sample(X) and (self.n_inputs > 1 or len(X) == 1)
        n, flat_x = flat_rows([X] if single else X, self.n_inputs, "X", _fast(engine))
        return n, flat_x, single

    # -------------------------------------------------------------- training

    def fit(self, X: object, y: object = None, epochs: int = 100, learning_rate: "float | None" = None,
            batch_size: "int | None" = None, shuffle: bool = True, momentum: float = 0.0,
            validation_data: "tuple | None" = None, verbose: int = 1, backend: "str | None" = None,
            optimizer: object = "sgd", weight_decay: float = 0.0, lr_schedule: object = None,
            validation_split: float = 0.0, patience: "int | None" = None,
            callbacks: "list | None" = None, decay_biases: bool = False) -> History:
        # long: over 60 lines only for this docstring, which explains every argument.
        """Train the network on inputs ``X`` and targets ``y``.

        Args:
            X: a list of samples, each a list of ``n_inputs`` numbers (or a
                NumPy array, ...); or a :class:`~tinynet.dataset.Dataset`
                holding both samples and targets, checked once when it was
                made (for training in a loop: ``fit(data, epochs=1)``).
            y: the targets: one number per sample for a one-output network, a
                row per sample otherwise; class labels (0, 1, 2, ...) for
                ``crossentropy``. Not given with a Dataset.
            epochs: how many passes over the data.
            learning_rate: step size (default 0.1 for SGD, 0.001 for Adam).
            batch_size: samples per weight update; ``None`` uses all of them
                (full-batch gradient descent). The gradient is the mean over
                the batch.
            shuffle: visit the samples in a new random order each epoch
                (``True``), in order (``False``), or in the order a function
                ``shuffle(epoch, n)`` returns: a permutation of ``range(n)``
                for epoch 0, 1, ... of this call, e.g. to replay another
                program's batches (anything else is a clear error).
            momentum: classical momentum for SGD (0 = plain gradient descent).
            validation_data: ``(X_val, y_val)`` (or a Dataset) scored after every epoch.
            validation_split: instead, hold out this fraction of the data
                (the last samples, before shuffling) for validation.
            verbose: 0 silent; 1 a progress line when printing to a terminal;
                2 one line per epoch.
            backend: "python" or "cython" for this call; ``None`` uses
                ``tinynet.BACKEND``.
            optimizer: "sgd", "momentum", "adam" or an optimizer object.
            weight_decay: L2 penalty on the weights (not the biases): each step
                adds ``weight_decay * w`` to the gradient of every weight w.
            decay_biases: apply ``weight_decay`` to the biases too (micrograd's
                demo regularises every parameter); ``False`` by default.
            lr_schedule: ``None``, "step", "exponential", a schedule object
                or a function ``(epoch, learning_rate) -> learning_rate``.
            patience: stop when the validation loss has not improved for this
                many epochs; the network keeps the weights of the epoch with
                the lowest validation loss (``history.best_epoch``).
            callbacks: a list of :class:`tinynet.callbacks.Callback` objects
                called at the start, after every epoch and at the end (e.g.
                :class:`~tinynet.callbacks.Snapshots`); one may stop the
                training by setting ``net.stop_training = True``.

        Returns:
            a :class:`~tinynet.history.History` with the loss (and accuracy,
            where it applies) and the time of every epoch of this call.
            ``net.history`` holds them too, after the epochs of earlier calls:
            it goes on across ``fit`` calls, with epoch numbers running on;
            ``net.reset_history()`` starts it afresh.

        Warns:
            TrainingWarning: the run finished but looks unhealthy (the loss
                ended higher than it started or oscillates, most ReLUs are dead
                or most sigmoids saturated); see :mod:`tinynet.diagnostics`.

        Raises:
            DivergenceError: the loss or a weight became NaN or infinite.

        Stopping half way (Ctrl-C, or an error): every epoch counts whole or
        not at all. The network keeps the weights, the optimizer state and
        the ``history`` of the epochs that finished; the epoch that was
        running is undone. (An epoch is finished once its history entry is
        written; the progress line is printed after that.)

        Threads: a second ``fit`` (or ``predict``, ...) on this network from
        another thread waits until this one has returned.
        """
        with self._busy:
            return self._fit(X, y, epochs, learning_rate, batch_size, shuffle, momentum,
                             validation_data, verbose, backend, optimizer, weight_decay,
                             lr_schedule, validation_split, patience, callbacks, decay_biases)

    def _fit(self, X, y, epochs, learning_rate, batch_size, shuffle, momentum, validation_data,
             verbose, backend, optimizer, weight_decay, lr_schedule, validation_split,
             patience, callbacks=None, decay_biases=False) -> History:
        """``fit`` itself (the caller holds the network's lock): settings, data, epochs, checks."""
        self.check()
        engine = backends.get(backend)
        epochs, opt, schedule, weight_decay = _fit_settings(
            epochs, learning_rate, momentum, optimizer, lr_schedule, weight_decay, shuffle,
            decay_biases, verbose)
        n, flat_x, flat_y, acc_mode = self._checked(X, y, engine)
        if batch_size is None:
            batch_size = n
        batch_size = min(whole_number(batch_size, "batch_size", 1), n)
        n, flat_x, flat_y, batch_size, val = self._held_out(n, flat_x, flat_y, batch_size,
                                                            validation_data, validation_split, engine)
        if validation_split:
            acc_mode = accuracy_mode(self.loss, flat_y, self.n_outputs)  # of the part kept
        if patience is not None:
            patience = whole_number(patience, "patience", 1)
            if val is None:
                raise ValueError("early stopping (patience) needs validation_data or validation_split")
        data = (engine, Batches(flat_x, flat_y, range(n), batch_size, acc_mode), val)  # (order: each epoch)
        run, history, rows_before = self._epochs(data, epochs, opt, schedule, weight_decay, shuffle,
                                                 decay_biases, verbose, patience, callbacks)
        _diagnostics.check_fit(self, history["loss"][rows_before:], flat_x)
        return run

    def _epochs(self, data: tuple, epochs: int, opt: object, schedule: object, weight_decay: float,
                shuffle: object, decay_biases: bool, verbose: int, patience: "int | None",
                callbacks: "list | None") -> tuple:
        """The epochs of a fit, then the hand-over: ``(this call's history, all of it, rows before)``.

        ``data`` is ``(engine, batches, val)``; the batches' order is redrawn every epoch.
        """
        # long: about 60 lines on purpose: the epoch loop and its undo / commit /
        # hand-over stay in one function, so one reading shows that an epoch
        # counts whole or not at all; the steps are _optimizer_memory,
        # _order_of, _one_epoch and _EarlyStopping.
        engine, batches, val = data
        layout, fast, n = self.layout(), _fast(engine), len(batches.order)  # once per fit
        val_mode = accuracy_mode(self.loss, val[2], self.n_outputs) if val else NO_ACCURACY
        params = self.parameters_flat()
        state_key, state1, state2, step = self._optimizer_memory(opt, len(params))
        keys = ["loss", "accuracy"] + (["val_loss", "val_accuracy"] if val else []) + ["lr"]
        # the history goes on from earlier fits (a copy: it becomes the network's at the end)
        history = History(keys) if self.history is None else self.history.continued(keys)
        done, rows_before = history.last_epoch, len(history)  # epochs trained before this call
        hooks = CallbackList(callbacks, self)
        self.stop_training = False
        hooks.train_begin({"epochs": epochs})
        progress, stopper = Progress(epochs, verbose), _EarlyStopping(patience)
        started = perf_counter()
        undo = None  # while an epoch runs: what it changes, as it was before
        try:
            for epoch in range(epochs):
                epoch_started = perf_counter()
                undo = (array.array("d", params), array.array("d", state1), array.array("d", state2),
                        step, stopper.best, self._rng.getstate())
                lr = opt.learning_rate if schedule is None else schedule(epoch, opt.learning_rate)
                lr = real_number(lr, "the scheduled learning rate", 0.0, low_open=True)
                batches.order = self._order_of(shuffle, epoch, n, fast)
                update = Update.of(opt, lr, weight_decay, state1, state2, step, decay_biases)
                figures, step = _one_epoch(engine, layout, params, batches, update, val, val_mode)
                _check_diverged(params, fast, figures, epoch, lr, history)
                figures["lr"] = lr
                stopper.see(figures.get("val_loss"), done + epoch + 1, params)
                history.append(done + epoch + 1, seconds=perf_counter() - epoch_started,
                               **figures)
                undo = None  # the commit: from here on this epoch counts
                progress.update(epoch + 1, figures)  # after the commit, so an interrupt here loses nothing
                if hooks.callbacks:
                    self.set_parameters_flat(params)  # callbacks see this epoch's weights in net.layers
                hooks.epoch_end(done + epoch + 1, dict(figures, seconds=history.epoch_seconds[-1]))
                if stopper.should_stop() or self.stop_training:
                    history.stopped_early = True
                    break
        except BaseException:
            # an epoch that did not finish (divergence, Ctrl-C) leaves no trace
            if undo is not None:
                params[:], state1[:], state2[:], step, stopper.best, rng_state = undo
                self._rng.setstate(rng_state)  # the shuffle too: a resumed run matches
                history.truncate(rows_before + epoch)  # the epochs before this one
            raise
        finally:
            if stopper.best[2] is not None and stopper.best[1] != history.last_epoch:
                params = stopper.best[2]  # early stopping keeps the best weights it saw
            history.best_epoch = stopper.best[1]
            history.seconds += perf_counter() - started
            self._hand_over(params, opt, (state_key, state1, state2, step), history)
            progress.close()
        hooks.train_end(_last_figures(history))
        run = history.since(rows_before)  # this call's epochs; net.history has them all
        run.seconds = perf_counter() - started
        return run, history, rows_before

    def _order_of(self, shuffle: object, epoch: int, n: int, fast: object = None) -> list:
        """The order the samples are visited in this epoch: the user's, a fresh random one, or 0..n-1.

        ``fast`` (the compiled module, or None) draws the random order in C:
        the same draws of the same generator, so the same order and state.
        Only from 64 samples on: handing the state over and back
        (``setstate`` checks its 625 words) costs about 120 us, as much as
        some 45 draws in Python (measured).
        """
        if callable(shuffle):
            return _order_from(shuffle, epoch, n)  # the user's order
        if shuffle and fast is not None and 64 <= n < 0xFFFFFFFF:
            version, words, gauss_next = self._rng.getstate()
            order, words = fast.shuffled(n, words)
            self._rng.setstate((version, words, gauss_next))
            return order
        order = list(range(n))
        if shuffle:
            self._rng.shuffle(order)  # a fresh random order of the samples
        return order

    def _held_out(self, n: int, flat_x: "array.array", flat_y: "array.array", batch_size: int,
                  validation_data: object, validation_split: object, engine: object = None) -> tuple:
        """Step 1 of a fit: the validation data, held out of the training data or given.

        Returns ``(n, flat_x, flat_y, batch_size, val)``: the training data
        left (``validation_split`` takes its last samples, before shuffling)
        and ``val = (n_val, flat_x_val, flat_y_val)``, or ``None``.
        """
        if validation_data is not None and validation_split:
            raise ValueError("give validation_data or validation_split, not both")
        if validation_split:
            split = real_number(validation_split, "validation_split", 0.0, 1.0, high_open=True)
            keep = int(n * (1.0 - split))
            if keep < 1 or keep >= n:
                raise ValueError("validation_split=%r leaves no samples on one side of %d" % (split, n))
            i0, o0 = self.n_inputs, self.n_outputs
            val = (n - keep, flat_x[keep * i0:], flat_y[keep * o0:])
            return keep, flat_x[:keep * i0], flat_y[:keep * o0], min(batch_size, keep), val
        if isinstance(validation_data, Dataset):
            return n, flat_x, flat_y, batch_size, self._checked(validation_data, None, engine)[:3]
        if validation_data is not None:
            if not isinstance(validation_data, (tuple, list)) or len(validation_data) != 2:
                raise TypeError("validation_data must be a pair (X_val, y_val) or a Dataset")
            return n, flat_x, flat_y, batch_size, self._checked(validation_data[0], validation_data[1], engine)[:3]
        return n, flat_x, flat_y, batch_size, None

    def _optimizer_memory(self, opt: object, count: int) -> tuple:
        """Step 2 of a fit: ``(key, state1, state2, step)``, the optimizer's memory to train with.

        The memory (momentum's velocity, Adam's averages and step count) goes
        on from the last fit when the optimizer and its settings are the same,
        else starts at zero. It is a copy, like the weights: the network's own
        state changes only when the run hands over, at the end.
        """
        key = (opt.name, opt.rule) + tuple(sorted(opt.hyperparameters().items()))
        kept = self._opt_state
        if kept is None or kept[0] != key or len(kept[1]) != count:
            kept = (key, zeros(count), zeros(count), 0)
        return key, array.array("d", kept[1]), array.array("d", kept[2]), kept[3]

    # ------------------------------------------------------------ prediction

    def predict(self, X: object, backend: "str | None" = None) -> list:
        """The network's outputs: one row of ``n_outputs`` floats per sample.

        ``X`` is a list (or tuple, generator, NumPy array, ...) of samples, or
        a :class:`~tinynet.dataset.Dataset`. A single sample given as a flat
        list (``[0, 1]``) returns a single row.

        Raises:
            NumericalError: an output came out NaN or infinite (the
                arithmetic overflowed); the message names the sample.
        """
        with self._busy:
            self.check()
            engine = backends.get(backend)
            n, flat_x, single = self._samples(X, engine)
            params = self.parameters_flat()
            out = engine.predict(self.layout(), params, flat_x, n)
            _check_outputs(out, self.n_outputs, params, flat_x, self.n_inputs)
        width = self.n_outputs
        result = [list(out[i * width:(i + 1) * width]) for i in range(n)]
        return result[0] if single else result

    def predict_classes(self, X: object, backend: "str | None" = None) -> "list | int":
        """The predicted class of each sample: the most likely output, or
        0/1 by the 0.5 threshold for a network with one output (for the
        ``hinge`` loss: +1 when the score is > 0, else -1).

        Raises :class:`NumericalError` as :meth:`predict` does, rather than
        answering a class for an output that is NaN.
        """
        out = self.predict(X, backend)
        single = not isinstance(out[0], list)
        rows = [out] if single else out
        labels = [_class_of(row, self.loss) for row in rows]
        return labels[0] if single else labels

    def evaluate(self, X: object, y: object = None, backend: "str | None" = None) -> dict:
        """Score the network on ``X``, ``y`` (or a Dataset) without changing it.

        Returns ``{"loss": ..., "accuracy": ..., "samples": n}``; accuracy is
        ``None`` when it does not apply (regression targets with MSE).

        Raises:
            NumericalError: an output or a sample's loss came out NaN or
                infinite (the arithmetic overflowed); the message names the
                sample.
        """
        with self._busy:
            self.check()
            engine = backends.get(backend)
            n, flat_x, flat_y, mode = self._checked(X, y, engine)
            layout, params = self.layout(), self.parameters_flat()
            loss_sum, correct = engine.evaluate(layout, params, flat_x, flat_y, n, mode)
            if self.loss != "mse" or not math.isfinite(loss_sum):
                # A NaN output makes the MSE loss NaN, but the log losses clamp
                # log(NaN) to -100 and would hide it: look at the outputs.
                out = engine.predict(layout, params, flat_x, n)
                _check_outputs(out, self.n_outputs, params, flat_x, self.n_inputs)
            if not math.isfinite(loss_sum):
                raise _loss_error(engine, layout, params, flat_x, flat_y, n)
        return {"loss": loss_sum / n, "accuracy": correct / n if mode != NO_ACCURACY else None, "samples": n}

    def explain(self, x: object, y: object, learning_rate: float = 0.1, apply: bool = False,
                print_fn: object = print) -> None:
        """Print one gradient-descent step on sample ``x`` in words (tiny networks only).

        See :func:`tinynet.explain.explain_step`; ``apply=True`` also makes the step.
        """
        from .explain import explain_step

        with self._busy:
            text = explain_step(self, x, y, learning_rate=learning_rate, apply=apply)
        print_fn(text)

    # ---------------------------------------------------------------- saving

    def get_config(self) -> dict:
        """The network as a JSON-ready dict: the model format of :mod:`tinynet.saving`.

        It holds everything needed to rebuild the network: the loss, the seed,
        each layer's settings, weights and biases, the optimizer of the last
        fit and the history. ``Network.from_config(net.get_config())`` is a
        network that predicts exactly the same numbers.
        """
        self.parameters_flat()  # refuse to describe a network that could not be rebuilt
        history = None
        if self.history is not None and len(self.history):
            history = {"epoch": list(self.history.epoch)}
            history.update(self.history.as_dict())
        layers = []
        for layer in self.layers:
            config = layer.get_config()
            config["weights"] = [list(row) for row in layer.weights]
            config["bias"] = list(layer.bias)
            layers.append(config)
        return {
            "format": saving.FORMAT,
            "version": saving.VERSION,
            "tinynet_version": __version__,
            "loss": self.loss,
            "seed": self.seed,
            "layers": layers,
            "optimizer": self._optimizer.get_config() if self._optimizer is not None else None,
            "history": history,
        }

    @classmethod
    def from_config(cls, config: dict) -> "Network":
        """Rebuild a network from :meth:`get_config`'s dict, checking everything.

        Raises ``ValueError`` (or ``TypeError``) saying what is wrong with it.
        """
        parts = saving.parse_config(config)
        net = cls(parts["layers"], loss=parts["loss"], seed=parts["seed"])
        net.optimizer = parts["optimizer"]
        net.history = parts["history"]
        return net

    def save(self, path: str) -> None:
        """Write the network to ``path`` as JSON, atomically (see :mod:`tinynet.saving`)."""
        with self._busy:
            saving.write(self.get_config(), path)


def load(path: str, *, max_bytes: int = saving.MAX_BYTES) -> Network:
    """Read a network saved with ``net.save(path)`` (this is ``tinynet.load``).

    ``max_bytes`` caps the file's size (256 MiB by default), checked before
    anything is read. Raises ``FileNotFoundError`` for a missing file and
    ``ValueError`` naming the path for anything else: a folder, FIFO or
    device, a file that is too large, not UTF-8, not JSON, or not a valid
    tinynet model.
    """
    data = saving.read_dict(path, max_bytes=max_bytes)
    try:
        return Network.from_config(data)
    except (TypeError, ValueError) as exc:
        raise ValueError("%s: %s" % (path, exc)) from None


# saving sits below this module, so it cannot build a Network itself: its two
# public names that do (kept for code written against them) are these.
saving.load = load
saving.from_dict = Network.from_config


def _check_structure(layers, loss):
    """Raise a clear error unless ``layers`` and ``loss`` make a working network."""
    if not isinstance(layers, (list, tuple)) or not layers:
        raise ValueError("a Network needs a non-empty list of layers, e.g. [Dense(2, 1)]")
    for i, layer in enumerate(layers):
        if not isinstance(layer, Dense):
            raise TypeError("layer %d is %r, not a Dense layer" % (i, layer))
        try:
            check_activation(layer.activation)
        except (TypeError, ValueError) as exc:
            raise type(exc)("layer %d: %s" % (i, exc)) from None
    for i in range(1, len(layers)):
        if layers[i].n_in != layers[i - 1].n_out:
            raise ValueError(
                "layer %d outputs %d values but layer %d takes %d inputs: they must match"
                % (i - 1, layers[i - 1].n_out, i, layers[i].n_in))
    for i, layer in enumerate(layers[:-1]):
        if layer.activation == "softmax":
            raise ValueError("softmax can only be the activation of the last layer (layer %d has it)" % i)
    check_loss(loss)
    last = layers[-1]
    if loss == "binary_crossentropy" and last.activation != "sigmoid":
        raise ValueError("binary_crossentropy needs a sigmoid output layer, not %r" % last.activation)
    if loss == "crossentropy" and (last.activation != "softmax" or last.n_out < 2):
        raise ValueError("crossentropy needs a softmax output layer with at least 2 outputs")


def _fast(engine: object) -> object:
    """The compiled backend, which also checks data (``fill_rows``), or None for the pure one."""
    return engine if hasattr(engine, "fill_rows") else None


def _fit_settings(epochs, learning_rate, momentum, optimizer, lr_schedule, weight_decay,
                  shuffle, decay_biases, verbose) -> tuple:
    """``fit``'s settings checked: ``(epochs, optimizer, schedule, weight_decay)``, or a clear error."""
    epochs = whole_number(epochs, "epochs", 1)
    opt = _optimizers.get(optimizer, learning_rate, momentum)
    schedule = _optimizers.get_schedule(lr_schedule)
    weight_decay = real_number(weight_decay, "weight_decay", 0.0)
    if not isinstance(shuffle, bool) and not callable(shuffle):
        raise TypeError("shuffle must be True or False, or a function (epoch, n) -> order, not %r"
                        % (shuffle,))
    if not isinstance(decay_biases, bool):
        raise TypeError("decay_biases must be True or False, not %r" % (decay_biases,))
    if verbose not in (0, 1, 2, True, False):
        raise ValueError("verbose must be 0, 1 or 2, not %r" % (verbose,))
    return epochs, opt, schedule, weight_decay


def _check_diverged(params: "array.array", fast: object, figures: dict, epoch: int, lr: float,
                    history: History) -> None:
    """Raise DivergenceError when an epoch left a NaN or infinity in the weights or its figures."""
    if not _params_finite(params, fast) or not _all_finite(figures.values()):
        raise DivergenceError(
            "training diverged in epoch %d: the loss or the weights became NaN or "
            "infinite. Try a smaller learning rate (now %r). The weights from before "
            "that epoch were kept." % (epoch + 1, lr), history)


def _count(n, word, plural=None):
    """'1 output', '3 outputs'."""
    return "%d %s" % (n, word if n == 1 else (plural or word + "s"))


def _order_from(shuffle, epoch: int, n: int) -> "list[int]":
    """The sample order ``shuffle(epoch, n)`` returns, checked to be a permutation of range(n)."""
    order = shuffle(epoch, n)
    if hasattr(order, "tolist"):
        order = order.tolist()  # a NumPy array or a torch tensor
    try:
        order = list(order)
    except TypeError:
        raise TypeError("shuffle(%d, %d) returned %r, not a list of sample indices"
                        % (epoch, n, order)) from None
    seen = [False] * n
    for i, r in enumerate(order):
        if isinstance(r, bool) or not is_integral(r):
            raise TypeError("shuffle(%d, %d) returned %r at position %d, not a sample index"
                            % (epoch, n, r, i))
        if not 0 <= r < n or seen[r]:
            raise ValueError("shuffle(%d, %d) must return a permutation of range(%d): "
                             "position %d holds %r, %s" % (
                                 epoch, n, n, i, r,
                                 "out of range" if not 0 <= r < n else "a repeat"))
        seen[r] = True
    if len(order) != n:
        raise ValueError("shuffle(%d, %d) must return a permutation of range(%d), "
                         "but returned %d indices" % (epoch, n, n, len(order)))
    return [int(r) for r in order]


def _class_of(row, loss="mse"):
    if len(row) == 1 and loss == "hinge":
        return 1 if row[0] > 0.0 else -1  # the sign of the score
    if len(row) == 1:
        return 1 if row[0] >= 0.5 else 0
    best = 0
    for j in range(1, len(row)):
        if row[j] > row[best]:
            best = j
    return best


def _last_figures(history: History) -> dict:
    """The last epoch's figures as a dict (empty when there is none)."""
    if not len(history):
        return {}
    return {key: values[-1] for key, values in history.history.items()}


def _layer_flat(layer: Dense, fast: object) -> "array.array":
    """One layer's weights (row by row), then its biases, as an ``array('d')``, all checked.

    ``fast`` (the compiled module, or None) takes rows of exact finite floats
    and ints at C speed (``fill_rows``, the data path's checker); anything
    else goes to the layer's own checks, so the result and the errors are
    the same with or without it.
    """
    weights, bias, n_out = layer.weights, layer.bias, layer.n_out
    if fast is not None and type(weights) is list and len(weights) == layer.n_in:
        rows = weights + [bias]  # the biases are one more row of n_out numbers
        flat = zeros(len(rows) * n_out)
        if fast.fill_rows(rows, 0, n_out, flat) == len(rows):
            return flat
    flat = array.array("d")
    for row in layer.check_weights(weights):
        flat.extend(row)
    flat.extend(layer.check_bias(bias))
    return flat


def _params_finite(params: "array.array", fast: object) -> bool:
    """True when every weight is finite (checked in C when the compiled backend runs)."""
    if fast is not None:
        return fast.first_not_finite(params) < 0
    return _all_finite(params)


def _one_epoch(engine: object, layout: Layout, params: "array.array", batches: Batches,
               update: Update, val: "tuple | None", val_mode: int) -> tuple:
    """Step 3 of a fit: one pass over the batches, then the validation score.

    Returns ``(figures, step)``: the epoch's mean loss and accuracy (and
    ``val_loss``/``val_accuracy`` with validation data), and the
    optimizer's step count after it. ``params`` and the update's memory
    change in place.
    """
    n = len(batches.order)
    loss_sum, correct, step = engine.train_epoch(layout, params, batches, update)
    figures = {"loss": loss_sum / n,
               "accuracy": correct / n if batches.accuracy != NO_ACCURACY else None}
    if val:
        v_loss, v_correct = engine.evaluate(layout, params, val[1], val[2], val[0], val_mode)
        figures["val_loss"] = v_loss / val[0]
        figures["val_accuracy"] = v_correct / val[0] if val_mode != NO_ACCURACY else None
    return figures, step


class _EarlyStopping:
    """Step 4 of a fit: stop when the validation loss has not improved for ``patience`` epochs.

    ``best`` is ``(val_loss, epoch, params)`` of the best epoch seen
    (``(inf, None, None)`` before any, or without ``patience``).
    """

    def __init__(self, patience: "int | None") -> None:
        self.patience = patience
        self.best = (math.inf, None, None)
        self.waited = 0

    def see(self, val_loss: "float | None", epoch: int, params: "array.array") -> None:
        """Note an epoch's validation loss (keeping a copy of its weights when it is the best)."""
        if self.patience is None:
            return
        if val_loss < self.best[0]:
            self.best = (val_loss, epoch, array.array("d", params))
            self.waited = 0
        else:
            self.waited += 1

    def should_stop(self) -> bool:
        """True once ``patience`` epochs in a row have not improved on the best."""
        return self.patience is not None and self.waited >= self.patience


def _all_finite(values):
    for v in values:
        if v is not None and not math.isfinite(v):
            return False
    return True


def _layer_lists(layers: list, params: "array.array") -> list:
    """Each layer's (weights, bias) as plain lists, cut from the flat ``params``."""
    lists = []
    at = 0
    for layer in layers:
        n_in, n_out = layer.n_in, layer.n_out
        weights = [list(params[at + k * n_out: at + (k + 1) * n_out]) for k in range(n_in)]
        at += n_in * n_out
        lists.append((weights, list(params[at: at + n_out])))
        at += n_out
    return lists


def _switch_layers(layers: list, lists: list) -> None:
    """Give every layer its new (weights, bias): plain assignments, nothing to fail."""
    for layer, (weights, bias) in zip(layers, lists):
        layer.take_parameters(weights, bias)


# ------------------------------------------------------------ overflow checks

_LARGEST_FLOAT = "about 1.8e308"


def _first_not_finite(values: "array.array | list") -> int:
    """The index of the first NaN or infinite value, or -1 when all are finite."""
    for i in range(len(values)):
        if not math.isfinite(values[i]):
            return i
    return -1


def _largest(values: "array.array | list") -> float:
    """The largest absolute value (0.0 for none)."""
    top = 0.0
    for v in values:
        top = max(top, abs(v))
    return top


def _check_outputs(out: list, width: int, params: "array.array", flat_x: "array.array",
                   n_inputs: int) -> None:
    """Raise NumericalError at the first output that is NaN or infinite."""
    i = _first_not_finite(out)
    if i < 0:
        return
    sample, value = i // width, out[i]
    if math.isinf(value):
        why = "a weighted sum grew past the largest float (%s)" % _LARGEST_FLOAT
    else:
        why = ("a weighted sum overflowed to infinity and then became NaN "
               "(infinity minus infinity, or a softmax of infinite scores)")
    raise NumericalError(
        "sample %d: output %d is %r: %s. The largest weight is %.3g and this sample's largest "
        "input is %.3g; weights that large usually mean training diverged (retrain with a "
        "smaller learning rate), inputs that large need scaling." % (
            sample, i % width, value, why, _largest(params),
            _largest(flat_x[sample * n_inputs:(sample + 1) * n_inputs])), sample)


def _loss_error(engine: object, layout: Layout, params: "array.array",
                flat_x: "array.array", flat_y: "array.array", n: int) -> NumericalError:
    """The NumericalError for a total loss that overflowed, naming the first sample to blame.

    Each sample is scored on its own again (only on this error path). The
    outputs are finite here, so the loss is MSE (the log losses are capped).
    """
    n_in, n_out = layout.sizes[0], layout.sizes[-1]
    for i in range(n):
        x, t = flat_x[i * n_in:(i + 1) * n_in], flat_y[i * n_out:(i + 1) * n_out]
        loss, _ = engine.evaluate(layout, params, x, t, 1, NO_ACCURACY)
        if not math.isfinite(loss):
            out = engine.predict(layout, params, x, 1)
            return NumericalError(
                "sample %d: its loss is %r because its outputs %r and its targets %r are so far "
                "apart that the squared difference passes the largest float (%s). Scale the "
                "targets to a smaller range (e.g. with tinynet.datasets.Standardizer)."
                % (i, loss, list(out), list(t), _LARGEST_FLOAT), i)
    return NumericalError(
        "the loss of each sample is finite, but their total passes the largest float (%s): "
        "scale the targets to a smaller range (e.g. with tinynet.datasets.Standardizer)."
        % _LARGEST_FLOAT)
