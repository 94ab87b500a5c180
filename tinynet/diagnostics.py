"""Training diagnostics in words: warnings that say when a run went wrong, and why.

After every ``fit`` call the network looks back at the run and warns (with
``warnings.warn`` and the :class:`TrainingWarning` category) when

* the loss ended **higher than it started** (by more than 10%: the learning
  rate is far too large),
* the loss **oscillates**: it keeps jumping up and down by a large part of
  its starting value instead of settling (the learning rate is too large),
* most **ReLU neurons are dead**: they output 0 for every training sample,
  so no gradient reaches them any more,
* most **sigmoid neurons are saturated**: their output is stuck near 0 or 1,
  where the sigmoid is flat and learning is very slow.

Each message points to the chapter "Reading a loss curve" of
``docs/guide.md``. To silence them::

    import warnings, tinynet
    warnings.filterwarnings("ignore", category=tinynet.TrainingWarning)

Healthy runs stay silent: the thresholds below are chosen so that the
shipped examples and datasets, trained with their own settings, never warn.
"""

import array

from . import backends
from ._compat import UserWarning, warn, zeros
from .backends.interface import Layout

__all__ = ["TrainingWarning", "loss_problems", "neuron_problems", "check_training", "check_fit"]

GUIDE = "see 'Reading a loss curve' in docs/guide.md"

#: at most this many training samples are run through the layers to look at neurons
SAMPLES_CHECKED = 200
#: runs shorter than this many epochs are not judged
MIN_EPOCHS = 10
#: with fewer samples than this (XOR's four), the neurons are not judged
MIN_SAMPLES = 10
#: a sigmoid output this close to 0 or 1 counts as saturated
SATURATED = 0.02


class TrainingWarning(UserWarning):
    """A training run that finished but looks unhealthy (see :mod:`tinynet.diagnostics`).

    A ``UserWarning``, so the :mod:`warnings` filters apply to it. On a Python
    without :mod:`warnings` (MicroPython) the message is printed to standard
    error instead, starting with ``TrainingWarning:``.
    """


def loss_problems(losses: list) -> list:
    """What is wrong with a run's loss curve (``losses``: one number per epoch), in words.

    Returns a list of sentences, empty for a healthy curve. Runs of fewer
    than 10 epochs are not judged (their first epochs often bounce).

    >>> loss_problems([0.7, 0.5, 0.4, 0.35])
    []
    >>> loss_problems([0.7, 3.0, 14.0, 9.0, 12.0, 20.0, 8.0, 11.0, 15.0, 14.0])[0][:40]
    'the loss ended higher than it started (0'
    """
    losses = [v for v in losses if v is not None]
    if len(losses) < MIN_EPOCHS:
        return []  # the first few epochs often bounce: too short to judge
    first, last = losses[0], losses[-1]
    if last > 1.1 * first:
        return ["the loss ended higher than it started (%.4g at the start, %.4g at the end): "
                "the learning rate is probably far too large; try one ten times smaller (%s)"
                % (first, last, GUIDE)]
    tail = losses[len(losses) // 2:]
    ups = 0
    for a, b in zip(tail, tail[1:]):
        if b > a:
            ups += 1
    swing = max(tail) - min(tail)
    if ups >= 0.25 * (len(tail) - 1) and swing > 0.25 * first:
        return ["the loss oscillates: in the second half of training it still jumps up and down "
                "by %.4g (the start was %.4g) instead of settling; the learning rate is probably "
                "too large (%s)" % (swing, first, GUIDE)]
    return []


def _hidden_outputs(net: object, flat: "array.array", n: int, kinds: tuple) -> list:
    """For each hidden layer, the outputs of its neurons for the ``n`` samples in ``flat``
    (row after row), one column per neuron: ``out[layer][j]`` holds neuron j's output for
    each sample; ``None`` for a layer whose activation is not in ``kinds`` (not judged).

    Layer i's outputs are the predictions of the network cut after layer i,
    computed by the training loop's own ``predict`` (the compiled one when it
    is built), so checking costs milliseconds even for wide layers.
    """
    engine = backends.get()
    layout = net.layout()
    params = net.parameters_flat()
    outputs = []
    for i, layer in enumerate(net.layers[:-1]):
        if layer.activation not in kinds:
            outputs.append(None)
            continue
        width = layout.sizes[i + 1]
        cut = Layout(layout.sizes[:i + 2], layout.activations[:i + 1])
        out = engine.predict(cut, params[:layout.offsets[i + 1]], flat, n)
        outputs.append([out[j::width] for j in range(width)])  # a column per neuron
    return outputs


def _flat(engine: object, rows: list, width: int) -> "array.array":
    """The rows (lists, or slices of a flat buffer) one after another in an ``array('d')``
    (lists are copied in C when the engine can)."""
    if hasattr(engine, "fill_rows") and type(rows) is list and rows and type(rows[0]) is list:
        flat = zeros(len(rows) * width)
        if engine.fill_rows(rows, 0, width, flat) == len(rows):
            return flat
    flat = array.array("d")
    for row in rows:
        flat.extend(row)
    return flat


def _spread(flat_x: object, width: int, most: int) -> tuple:
    """``(count, flat)``: at most ``most`` samples evenly spread over the data ``flat_x``
    (its samples row after row, as ``fit`` has them), copied into an ``array('d')``
    (in C, as a strided view of the rows, when the compiled engine is built)."""
    n = len(flat_x) // width
    step = max(1, n // most)
    count = min(n, most)  # samples 0, step, 2 * step, ... (count * step <= n)
    engine = backends.get()
    if hasattr(engine, "gather_rows") and len(flat_x) == n * width:
        try:
            rows = memoryview(flat_x).cast("B").cast("d", [n, width])
        except TypeError:  # not contiguous: copied below
            pass
        else:
            return count, engine.gather_rows(rows[:count * step:step])
    flat = array.array("d")
    one_by_one = isinstance(flat_x, memoryview) and not flat_x.c_contiguous
    for i in range(0, count * step, step):
        if one_by_one:  # a strided view: PyPy 3.9 slices those wrongly (indexing is right)
            for k in range(i * width, (i + 1) * width):
                flat.append(flat_x[k])
        else:
            flat.extend(flat_x[i * width:(i + 1) * width])
    return count, flat


def neuron_problems(net: object, rows: list) -> list:
    """What is wrong with the hidden neurons of ``net`` on the samples ``rows``, in words.

    A ReLU neuron is *dead* when it outputs 0 for every sample; a sigmoid
    neuron is *saturated* when its output is within 0.02 of 0 or 1 for at
    least 90% of the samples. A sentence is returned when more than half of
    a kind of neuron is in that state. Fewer than 10 samples say too little
    (every ReLU without a bias is 0 at the input [0, 0]): nothing is judged.
    """
    if not _judged(net, len(rows)):
        return []
    return _neuron_problems(net, _flat(backends.get(), rows, net.n_inputs), len(rows))


def _judged(net: object, n: int) -> bool:
    """True when ``n`` samples are enough and ``net`` has a hidden ReLU or sigmoid layer to judge."""
    return n >= MIN_SAMPLES and any(layer.activation in _KINDS for layer in net.layers[:-1])


#: the hidden activations whose neurons are judged
_KINDS = ("relu", "sigmoid")


def _neuron_problems(net: object, flat: "array.array", n: int) -> list:
    """:func:`neuron_problems` on ``n`` samples given row after row in ``flat``."""
    outputs = _hidden_outputs(net, flat, n, _KINDS)
    counts = {"relu": [0, 0], "sigmoid": [0, 0]}  # [unhealthy, all]
    for layer, columns in zip(net.layers[:-1], outputs):
        if columns is None:
            continue
        kind = layer.activation
        for values in columns:  # one neuron's outputs, a sample each
            if kind == "relu":
                bad = values.count(0.0) == len(values)  # 0 for every sample
            else:
                stuck = 0
                for v in values:
                    if v < SATURATED or v > 1.0 - SATURATED:
                        stuck += 1
                bad = stuck >= 0.9 * len(values)
            counts[kind][0] += bad
            counts[kind][1] += 1
    problems = []
    dead, total = counts["relu"]
    if total and dead * 2 > total:
        problems.append("%d of the %d hidden ReLU neurons are dead (they output 0 for every "
                        "training sample, so they no longer learn): try a smaller learning rate, "
                        "leaky_relu, or a different seed (%s)" % (dead, total, GUIDE))
    stuck, total = counts["sigmoid"]
    if total and stuck * 2 > total:
        problems.append("%d of the %d hidden sigmoid neurons are saturated (their output is stuck "
                        "near 0 or 1, where the sigmoid is flat and learns slowly): scale the "
                        "inputs (standardize them), use a smaller learning rate, or tanh/relu (%s)"
                        % (stuck, total, GUIDE))
    return problems


def check_training(net: object, losses: list, rows: list) -> list:
    """Warn (:class:`TrainingWarning`) about each problem of a finished run; return the messages.

    ``losses`` are this run's training losses, ``rows`` some of its
    training samples (the first 200 are looked at).
    """
    return _warned(loss_problems(losses) + neuron_problems(net, rows[:SAMPLES_CHECKED]))


def check_fit(net: object, losses: list, flat_x: object) -> list:
    """:func:`check_training` as ``fit`` calls it after every run, on its training data as
    it has them, checked (``flat_x``: the samples row after row): at most 200 samples,
    evenly spread over the data, are looked at."""
    problems = loss_problems(losses)
    if _judged(net, min(len(flat_x) // net.n_inputs, SAMPLES_CHECKED)):
        count, flat = _spread(flat_x, net.n_inputs, SAMPLES_CHECKED)
        problems += _neuron_problems(net, flat, count)
    return _warned(problems)


def _warned(problems: list) -> list:
    """Warn (:class:`TrainingWarning`) with each problem, pointing at the user's ``fit`` call."""
    for text in problems:
        warn("tinynet: " + text, TrainingWarning, stacklevel=5)
    return problems
