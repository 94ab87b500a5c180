"""Hostile inputs to the compiled loop: a clear TypeError/ValueError, never a crash.

The compiled module works on raw C buffers without bounds checks, so its
``def`` functions check everything first.  These tests call it directly with
wrong lengths, wrong types, bad codes and out-of-range indices; the riskiest
ones also run in a subprocess so that a segfault would fail the test instead
of killing pytest.  A rejected call must leave the buffers untouched.
"""

import array
import math
import os
import subprocess
import sys
import tempfile
import textwrap

import pytest
from conftest import PURE_RUN

if PURE_RUN:
    pytest.skip("pure-Python run (TINYNET_BACKEND=python): no compiled loop to test",
                allow_module_level=True)

import backend_calls as calls  # noqa: E402

from tinynet.backends import _ctrain as C  # noqa: E402  (ImportError = failure)
from tinynet.backends import python as P  # noqa: E402
from tinynet.codes import N_ACTIVATIONS  # noqa: E402  (the first code past the table)

SIZES = [3, 4, 2]
ACTS = [C.TANH, C.SIGMOID]
N = 5
BAD = (TypeError, ValueError)


def _run_code(code):
    """Run ``python -c code`` in a child that imports the same tinynet as these tests."""
    import tinynet

    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([  # this tinynet, and tests/ for backend_calls
        os.path.dirname(os.path.dirname(os.path.abspath(tinynet.__file__))),
        os.path.dirname(os.path.abspath(__file__))])
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, env=env, cwd=tempfile.gettempdir())


def good():
    """A valid set of train_epoch arguments (as a dict), fresh buffers each time."""
    count = P.param_count(SIZES)
    return dict(
        sizes=list(SIZES), activations=list(ACTS), loss=C.MSE,
        params=array.array("d", [0.1 * ((i % 7) - 3) for i in range(count)]),
        state1=array.array("d", [0.0] * count), state2=array.array("d", [0.0] * count),
        X=array.array("d", [0.5 * (i % 5) - 1.0 for i in range(N * SIZES[0])]),
        Y=array.array("d", [float(i % 2) for i in range(N * SIZES[-1])]),
        order=list(range(N)), batch_size=2, optimizer=C.SGD, learning_rate=0.1,
        momentum=0.0, beta1=0.9, beta2=0.999, epsilon=1e-8, weight_decay=0.0, step=0,
        accuracy=C.THRESHOLD_ACCURACY,
    )


def train(**changes):
    args = good()
    args.update(changes)
    return calls.train_epoch(C, **args)


def test_valid_call_works():
    loss_sum, correct, step = train()
    assert step == 3 and 0 <= correct <= N and math.isfinite(loss_sum)


def test_keyword_names_match_python():
    a, b = good(), good()
    assert calls.train_epoch(P, **a)[2] == calls.train_epoch(C, **b)[2]


@pytest.mark.parametrize("name", ["params", "state1", "state2", "X", "Y"])
@pytest.mark.parametrize("delta", [-1, 1, -4])
def test_wrong_buffer_lengths(name, delta):
    args = good()
    buf = args[name]
    args[name] = array.array("d", list(buf) + [0.0] * delta) if delta > 0 else buf[:delta]
    with pytest.raises(ValueError):
        calls.train_epoch(C, **args)


@pytest.mark.parametrize("name", ["params", "state1", "state2", "X", "Y"])
@pytest.mark.parametrize("value", [None, "abc", b"\x00" * 64, 3.0, 7,
                                   array.array("f", [0.0] * 40), array.array("i", [0] * 40)])
def test_wrong_buffer_types(name, value):
    with pytest.raises(BAD):
        train(**{name: value})


@pytest.mark.parametrize("name", ["params", "state1", "state2", "X", "Y"])
def test_lists_are_not_buffers(name):
    args = good()
    args[name] = list(args[name])
    with pytest.raises(BAD):
        calls.train_epoch(C, **args)


@pytest.mark.parametrize("name", ["params", "state1", "state2"])
def test_read_only_buffers_for_written_arrays(name):
    args = good()
    args[name] = memoryview(args[name].tobytes()).cast("d")  # read-only
    with pytest.raises(BAD):
        calls.train_epoch(C, **args)


def test_read_only_inputs_are_fine():
    args = good()
    args["X"] = memoryview(args["X"].tobytes()).cast("d")
    args["Y"] = memoryview(args["Y"].tobytes()).cast("d")
    calls.train_epoch(C, **args)


def test_aliased_buffers_are_refused():
    args = good()
    args["state1"] = args["params"]
    with pytest.raises(ValueError):
        calls.train_epoch(C, **args)
    args = good()
    args["state2"] = args["state1"]
    with pytest.raises(ValueError):
        calls.train_epoch(C, **args)


@pytest.mark.parametrize("order", [[-1], [N], [0, 1, N + 3], [2 ** 40], [-(2 ** 70)], [2 ** 100],
                                   [0, -5, 1]])
def test_order_out_of_range(order):
    args = good()
    before = args["params"].tobytes()
    with pytest.raises(ValueError):
        calls.train_epoch(C, **dict(args, order=order))
    assert args["params"].tobytes() == before  # nothing changed


@pytest.mark.parametrize("order", [[0.0, 1.0], ["0"], [None], [0, 1.5], None, "01", 3, b"\x00"])
def test_order_wrong_types(order):
    with pytest.raises(BAD):
        train(order=order)


def test_empty_order():
    with pytest.raises(ValueError):
        train(order=[])


def test_order_may_be_a_tuple_or_range():
    assert train(order=(4, 3, 2))[2] == 2
    assert train(order=range(N))[2] == 3


@pytest.mark.parametrize("batch_size", [0, -1, -(2 ** 70)])
def test_bad_batch_size_values(batch_size):
    with pytest.raises(ValueError):
        train(batch_size=batch_size)


@pytest.mark.parametrize("batch_size", [2.0, "2", None, [2]])
def test_bad_batch_size_types(batch_size):
    with pytest.raises(TypeError):
        train(batch_size=batch_size)


def test_huge_batch_size_is_one_batch():
    assert train(batch_size=2 ** 40)[2] == 1


@pytest.mark.parametrize("sizes", [[3], [], [3, 0, 2], [0, 4, 2], [3, 4, -2], [3, 4, 3]])
def test_bad_sizes(sizes):
    with pytest.raises(ValueError):
        train(sizes=sizes)


@pytest.mark.parametrize("sizes", [None, "342", [3.0, 4, 2], [3, "4", 2], 3])
def test_bad_sizes_types(sizes):
    with pytest.raises(TypeError):
        train(sizes=sizes)


@pytest.mark.parametrize("activations", [[C.TANH], [C.TANH, C.SIGMOID, C.TANH], [N_ACTIVATIONS, 1],
                                         [-1, 1], [C.SOFTMAX, C.SIGMOID], [2 ** 70, 1]])
def test_bad_activation_codes(activations):
    with pytest.raises(ValueError):
        train(activations=activations)


@pytest.mark.parametrize("activations", [None, [1.0, 1], ["tanh", "sigmoid"], "12"])
def test_bad_activation_types(activations):
    with pytest.raises(TypeError):
        train(activations=activations)


@pytest.mark.parametrize("name,value", [("loss", 4), ("loss", -1), ("optimizer", 2),
                                        ("optimizer", -1), ("accuracy", 4), ("accuracy", -1)])
def test_bad_codes(name, value):
    with pytest.raises(ValueError):
        train(**{name: value})


@pytest.mark.parametrize("name", ["loss", "optimizer", "accuracy", "step"])
@pytest.mark.parametrize("value", [1.0, None, "1"])
def test_integer_arguments_refuse_other_types(name, value):
    with pytest.raises(TypeError):
        train(**{name: value})


def test_loss_needs_its_output_activation():
    with pytest.raises(ValueError):
        train(loss=C.BINARY_CROSSENTROPY, activations=[C.TANH, C.LINEAR])
    with pytest.raises(ValueError):
        train(loss=C.CROSSENTROPY, activations=[C.TANH, C.SIGMOID])
    train(loss=C.BINARY_CROSSENTROPY)  # sigmoid output: fine


@pytest.mark.parametrize("name,value", [
    ("learning_rate", float("nan")), ("learning_rate", float("inf")), ("learning_rate", -0.1),
    ("weight_decay", float("nan")), ("weight_decay", -1.0), ("momentum", float("nan")),
    ("momentum", float("inf")), ("momentum", -0.5), ("step", -1), ("step", 2 ** 70),
])
def test_bad_scalars(name, value):
    with pytest.raises(ValueError):
        train(**{name: value})


@pytest.mark.parametrize("name", ["learning_rate", "momentum", "beta1", "beta2", "epsilon",
                                  "weight_decay"])
@pytest.mark.parametrize("value", [None, "0.1", [0.1]])
def test_float_arguments_refuse_other_types(name, value):
    with pytest.raises(TypeError):
        train(**{name: value})


@pytest.mark.parametrize("name,value", [
    ("beta1", 1.0), ("beta1", -0.1), ("beta1", float("nan")), ("beta2", 1.5),
    ("beta2", float("inf")), ("epsilon", 0.0), ("epsilon", -1e-8), ("epsilon", float("nan")),
])
def test_bad_adam_settings(name, value):
    with pytest.raises(ValueError):
        train(optimizer=C.ADAM, **{name: value})


def test_adam_settings_ignored_by_sgd():
    train(optimizer=C.SGD, beta1=5.0, epsilon=0.0)


def test_negative_adam_state2_refused():
    args = good()
    args["state2"][3] = -1.0
    with pytest.raises(ValueError):
        calls.train_epoch(C, **dict(args, optimizer=C.ADAM))


def test_x_not_whole_rows():
    args = good()
    args["X"] = array.array("d", list(args["X"]) + [1.0])
    with pytest.raises(ValueError):
        calls.train_epoch(C, **args)


# ------------------------------------------------ predict / evaluate / gradients


def _pieces():
    a = good()
    return a["sizes"], a["activations"], a["params"], a["X"], a["Y"]


@pytest.mark.parametrize("n", [-1, N + 1, 2 ** 62, 2 ** 80])
def test_predict_bad_n(n):
    sizes, acts, params, X, Y = _pieces()
    with pytest.raises(ValueError):
        calls.predict(C, sizes, acts, params, X, n)
    with pytest.raises(ValueError):
        calls.evaluate(C, sizes, acts, C.MSE, params, X, Y, n, 0)
    with pytest.raises(ValueError):
        calls.gradients(C, sizes, acts, C.MSE, params, X, Y, n)


@pytest.mark.parametrize("n", [1.0, None, "3"])
def test_predict_n_type(n):
    sizes, acts, params, X, Y = _pieces()
    with pytest.raises(TypeError):
        calls.predict(C, sizes, acts, params, X, n)


def test_gradients_of_no_samples_refused():
    sizes, acts, params, X, Y = _pieces()
    with pytest.raises(ValueError):
        calls.gradients(C, sizes, acts, C.MSE, params, X, Y, 0)


def test_evaluate_short_y():
    sizes, acts, params, X, Y = _pieces()
    with pytest.raises(ValueError):
        calls.evaluate(C, sizes, acts, C.MSE, params, X, Y[:-1], N, 0)
    with pytest.raises(ValueError):
        calls.gradients(C, sizes, acts, C.MSE, params, X, Y[:-1], N)


@pytest.mark.parametrize("which", ["params", "X", "Y"])
@pytest.mark.parametrize("value", [None, [0.0] * 40, "x", array.array("f", [0.0] * 40)])
def test_inference_wrong_types(which, value):
    sizes, acts, params, X, Y = _pieces()
    args = {"params": params, "X": X, "Y": Y}
    args[which] = value
    with pytest.raises(BAD):
        calls.evaluate(C, sizes, acts, C.MSE, args["params"], args["X"], args["Y"], N, 0)
    if which != "Y":
        with pytest.raises(BAD):
            calls.predict(C, sizes, acts, args["params"], args["X"], N)


def test_inference_wrong_params_length():
    sizes, acts, params, X, Y = _pieces()
    with pytest.raises(ValueError):
        calls.predict(C, sizes, acts, params[:-1], X, N)
    with pytest.raises(ValueError):
        calls.predict(C, [3, 5, 2], acts, params, X, N)


def test_inference_accepts_numpy_arrays_when_present():
    np = pytest.importorskip("numpy")
    sizes, acts, params, X, Y = _pieces()
    a = calls.predict(C, sizes, acts, np.array(params), np.array(X), N)
    assert a == calls.predict(C, sizes, acts, params, X, N)
    with pytest.raises(BAD):
        calls.predict(C, sizes, acts, np.array(params, dtype=np.float32), X, N)
    with pytest.raises(BAD):  # not contiguous
        calls.predict(C, sizes, acts, params, np.array(list(X) * 2)[::2], N)


# -------------------------------------------------------- in a subprocess too


def test_hostile_calls_never_crash_the_interpreter():
    """The riskiest calls again in a child process: any segfault fails this test."""
    code = textwrap.dedent("""
        import array
        from tinynet.backends import _ctrain as C
        import backend_calls as bc
        p = array.array("d", [0.1] * C.param_count([3, 4, 2]))
        s = array.array("d", [0.0] * len(p))
        t = array.array("d", [0.0] * len(p))
        X = array.array("d", [1.0] * 15)
        Y = array.array("d", [0.0] * 10)
        calls = [
            lambda: bc.train_epoch(C, [3, 4, 2], [2, 1], 0, p, s, t, X, Y, [5], 2, 0, .1, 0, .9, .999, 1e-8, 0, 0, 0),
            lambda: bc.train_epoch(C, [3, 4, 2], [2, 1], 0, p, s, t, X, Y, [-1], 2, 0, .1, 0, .9, .999, 1e-8, 0, 0, 0),
            lambda: bc.train_epoch(C, [3, 4, 2], [2, 1], 0, p, s, t, X, Y, [2**63 - 1], 2, 0, .1, 0, .9, .999, 1e-8, 0, 0, 0),
            lambda: bc.train_epoch(C, [3, 4, 2], [2, 1], 0, p, s, t, X[:3], Y, [0], 2, 0, .1, 0, .9, .999, 1e-8, 0, 0, 0),
            lambda: bc.train_epoch(C, [3, 4, 2], [2, 1], 0, p, s[:1], t, X, Y, [0], 2, 0, .1, 0, .9, .999, 1e-8, 0, 0, 0),
            lambda: bc.train_epoch(C, [3, 4, 2], [2, 1], 0, p[:5], s, t, X, Y, [0], 2, 0, .1, 0, .9, .999, 1e-8, 0, 0, 0),
            lambda: bc.train_epoch(C, [3, 4, 2], [2, 9], 0, p, s, t, X, Y, [0], 2, 0, .1, 0, .9, .999, 1e-8, 0, 0, 0),
            lambda: bc.train_epoch(C, [3, 4, 2], [2, 1], 0, p, s, t, X, Y, [0], 0, 0, .1, 0, .9, .999, 1e-8, 0, 0, 0),
            lambda: bc.train_epoch(C, [3, 4, 2], [2, 1], 0, None, s, t, X, Y, [0], 2, 0, .1, 0, .9, .999, 1e-8, 0, 0, 0),
            lambda: bc.train_epoch(C, [2**40, 1], [0], 0, p, s, t, X, Y, [0], 2, 0, .1, 0, .9, .999, 1e-8, 0, 0, 0),
            lambda: bc.predict(C, [3, 4, 2], [2, 1], p, X, 6),
            lambda: bc.predict(C, [3, 4, 2], [2, 1], p, array.array("d"), 1),
            lambda: bc.predict(C, [2**31, 2**31], [0], p, X, 1),
            lambda: bc.evaluate(C, [3, 4, 2], [2, 1], 0, p, X, Y[:2], 5, 0),
            lambda: bc.gradients(C, [3, 4, 2], [2, 1], 0, p, X, array.array("d"), 5),
            lambda: bc.gradients(C, [3, 4, 2], [2, 1], 0, p, array.array("d"), Y, 1),
        ]
        for i, call in enumerate(calls):
            try:
                call()
            except (TypeError, ValueError):
                pass
            else:
                raise SystemExit("call %d was accepted" % i)
        print("all refused")
    """)
    done = _run_code(code)
    assert done.returncode == 0, (done.returncode, done.stdout, done.stderr)
    assert "all refused" in done.stdout


# ------------------------------------------- found by the fuzzer and ASan/UBSan


LIARS = textwrap.dedent("""
    class LiarLow(int):
        # claims to lie in every range: 0 <= v < n is True for any n
        def __lt__(self, other): return True
        def __le__(self, other): return True
        def __gt__(self, other): return False
        def __ge__(self, other): return True
        __hash__ = int.__hash__

    class LiarMid(int):
        # claims to be neither below nor above anything, and lies in arithmetic
        def __lt__(self, other): return False
        def __gt__(self, other): return False
        def __eq__(self, other): return False
        def __ne__(self, other): return True
        def __mul__(self, other): return 1
        __rmul__ = __mul__
        def __add__(self, other): return 1
        __radd__ = __add__
        __hash__ = int.__hash__

    class Idx:
        # __index__ returning an int subclass: Python 3.9's operator.index()
        # passes it on as it is (3.10+ converts it to a plain int)
        def __init__(self, value, cls):
            self.value, self.cls = value, cls
        def __index__(self):
            return self.cls(self.value)
""")


def test_lying_int_subclasses_never_crash():
    """Integers whose comparisons lie are checked by their true value.

    Before the fix, on Python 3.9 an order entry Idx(10**9, LiarLow) passed
    ``0 <= value < n`` and was read as row 10**9 of X (SIGSEGV), and
    gradients(n=Idx(-3, LiarMid)) passed ``n >= 1`` and sized the work
    buffers for -3 rows (a heap-buffer-overflow).
    """
    code = LIARS + textwrap.dedent("""
        import array, warnings
        warnings.simplefilter("ignore", DeprecationWarning)
        from tinynet.backends import _ctrain as C
        import backend_calls as bc
        sizes = [3, 4, 2]
        p = array.array("d", [0.1] * C.param_count(sizes))
        s = array.array("d", [0.0] * len(p))
        t = array.array("d", [0.0] * len(p))
        X = array.array("d", [1.0] * 15)
        Y = array.array("d", [0.0] * 10)

        def train(order=(0,), batch=2, step=0, sizes=sizes, acts=(2, 1), loss=0, opt=0, acc=0):
            return bc.train_epoch(C, list(sizes), list(acts), loss, p, s, t, X, Y, list(order), batch,
                                 opt, .1, 0, .9, .999, 1e-8, 0, step, acc)

        calls = [
            lambda: train(order=[Idx(10 ** 9, LiarLow)]),
            lambda: train(order=[Idx(-1, LiarLow)]),
            lambda: train(order=[LiarLow(10 ** 6)]),
            lambda: train(order=[0, Idx(5, LiarLow), 1]),
            lambda: train(batch=Idx(-2, LiarMid)),
            lambda: train(batch=Idx(0, LiarMid)),
            lambda: train(step=Idx(-1, LiarMid)),
            lambda: train(step=Idx(2 ** 63, LiarMid)),
            lambda: train(sizes=[3, Idx(0, LiarMid), 2]),
            lambda: train(sizes=[3, Idx(-4, LiarMid), 2]),
            lambda: train(sizes=[3, Idx(4000, LiarMid), 2]),
            lambda: train(sizes=[LiarMid(3000), 4, 2]),
            lambda: train(acts=[Idx(9, LiarLow), 1]),
            lambda: train(acts=[2, Idx(-1, LiarLow)]),
            lambda: train(loss=Idx(7, LiarLow)),
            lambda: train(opt=Idx(5, LiarLow)),
            lambda: train(acc=Idx(-3, LiarLow)),
            lambda: bc.predict(C, sizes, [2, 1], p, X, Idx(10 ** 7, LiarMid)),
            lambda: bc.predict(C, sizes, [2, 1], p, X, Idx(-5, LiarMid)),
            lambda: bc.evaluate(C, sizes, [2, 1], 0, p, X, Y, Idx(-5, LiarMid), 0),
            lambda: bc.evaluate(C, sizes, [2, 1], 0, p, X, Y, Idx(10 ** 7, LiarMid), 0),
            lambda: bc.gradients(C, sizes, [2, 1], 0, p, X, Y, Idx(-3, LiarMid)),
            lambda: bc.gradients(C, sizes, [2, 1], 0, p, X, Y, Idx(0, LiarMid)),
            lambda: bc.gradients(C, sizes, [2, 1], 0, p, X, Y, Idx(2 ** 40, LiarMid)),
        ]
        for i, call in enumerate(calls):
            try:
                call()
            except (TypeError, ValueError):
                pass
            else:
                raise SystemExit("call %d was accepted" % i)
        # a lying subclass with a valid true value is taken at that value
        assert train(order=[Idx(4, LiarMid), Idx(0, LiarLow)])[2] == 1
        print("all refused")
    """)
    done = _run_code(code)
    assert done.returncode == 0, (done.returncode, done.stdout, done.stderr)
    assert "all refused" in done.stdout


def _misaligned(values, offset, writable=True):
    raw = bytearray(8 * len(values) + offset)
    view = memoryview(raw)[offset:].cast("d")
    for i, v in enumerate(values):
        view[i] = v
    return view if writable else view.toreadonly()


@pytest.mark.parametrize("offset", [1, 4, 7])
@pytest.mark.parametrize("name", ["params", "state1", "state2", "X", "Y"])
def test_misaligned_buffers_refused(name, offset):
    """Doubles at an odd byte offset: undefined behaviour in C (UBSan: misaligned load)."""
    args = good()
    before = {k: args[k].tobytes() for k in ("params", "state1", "state2")}
    args[name] = _misaligned(args[name], offset, writable=name in ("params", "state1", "state2"))
    with pytest.raises(ValueError, match="aligned"):
        calls.train_epoch(C, **args)
    for k, old in before.items():
        if k != name:
            assert args[k].tobytes() == old


@pytest.mark.parametrize("which", ["params", "X", "Y"])
def test_misaligned_buffers_refused_by_inference(which):
    sizes, acts, params, X, Y = _pieces()
    bufs = {"params": params, "X": X, "Y": Y}
    bufs[which] = _misaligned(bufs[which], 3, writable=False)
    with pytest.raises(ValueError, match="aligned"):
        calls.evaluate(C, sizes, acts, C.MSE, bufs["params"], bufs["X"], bufs["Y"], N, 0)
    with pytest.raises(ValueError, match="aligned"):
        calls.gradients(C, sizes, acts, C.MSE, bufs["params"], bufs["X"], bufs["Y"], N)
    if which != "Y":
        with pytest.raises(ValueError, match="aligned"):
            calls.predict(C, sizes, acts, bufs["params"], bufs["X"], N)


def test_aligned_views_at_a_whole_double_are_fine():
    args = good()
    raw = memoryview(bytearray(8 + len(args["X"]) * 8))[8:].cast("d")
    raw[:] = args["X"]
    args["X"] = raw
    calls.train_epoch(C, **args)


def test_misaligned_numpy_refused():
    np = pytest.importorskip("numpy")
    sizes, acts, params, X, Y = _pieces()
    odd = np.frombuffer(bytearray(8 * len(X) + 4), dtype=np.float64, count=len(X), offset=4)
    with pytest.raises(ValueError, match="aligned"):
        calls.predict(C, sizes, acts, params, odd, N)


def test_read_only_numpy_params_is_a_value_error():
    np = pytest.importorskip("numpy")
    a = np.array(good()["params"])
    a.flags.writeable = False
    with pytest.raises(ValueError, match="writable"):
        train(params=a)


@pytest.mark.parametrize("name", ["learning_rate", "momentum", "beta1", "beta2", "epsilon",
                                  "weight_decay"])
@pytest.mark.parametrize("value", [10 ** 400, -(10 ** 400)], ids=["10**400", "-10**400"])
def test_float_arguments_too_large_for_a_float(name, value):
    """Was an OverflowError ("int too large to convert to float")."""
    with pytest.raises(ValueError):
        train(optimizer=C.ADAM, **{name: value})


def test_float_arguments_take_ints_and_index_objects():
    a, b = good(), good()
    a.update(learning_rate=1, momentum=0, weight_decay=0)
    b.update(learning_rate=1.0, momentum=0.0, weight_decay=0.0)
    assert calls.train_epoch(C, **a) == calls.train_epoch(C, **b)
    assert a["params"].tobytes() == b["params"].tobytes()


@pytest.mark.parametrize("order", [range(2 ** 62), range(2 ** 64), range(-(2 ** 70), 3),
                                   range(-1, N), range(N + 1), range(2 ** 63, 0, -1)])
def test_huge_or_bad_range_orders_refused_quickly(order):
    """range(2 ** 62) was a MemoryError and range(2 ** 64) an OverflowError."""
    with pytest.raises(ValueError):
        train(order=order)


def test_good_range_orders_still_work():
    for order in (range(N), range(N - 1, -1, -1), range(0, N, 2), range(3, 4)):
        args, ref = good(), good()
        ref["order"] = list(order)
        args["order"] = order
        assert calls.train_epoch(C, **args) == calls.train_epoch(C, **ref)
        assert args["params"].tobytes() == ref["params"].tobytes()


@pytest.mark.parametrize("name", ["sizes", "activations"])
def test_endless_ranges_as_lists_refused(name):
    """range(2 ** 64) as sizes or activations was an OverflowError."""
    with pytest.raises(ValueError):
        train(**{name: range(2 ** 64)})
    with pytest.raises(ValueError):
        calls.predict(C, **{"sizes": SIZES, "activations": ACTS, "params": good()["params"],
                     "X": good()["X"], "n": N, name: range(2 ** 64)})


def test_param_count_checks_its_sizes():
    assert C.param_count([3, 4, 2]) == P.param_count([3, 4, 2]) == 26
    assert C.param_count((3, 4, 2)) == C.param_count(range(3, 5)) + 4 * 2 + 2
    with pytest.raises(ValueError):
        C.param_count(range(2 ** 64))
    for bad in (None, "342", [3.0, 4], [3, None]):
        with pytest.raises(TypeError):
            C.param_count(bad)


def test_buffers_cannot_be_resized_while_the_call_holds_them():
    """Python code run during the checks (an order entry's __index__) cannot resize a buffer."""
    args = good()
    seen = []

    class Resizer:
        def __index__(self):
            for name in ("params", "state1", "state2", "X", "Y"):
                try:
                    args[name].extend([0.0] * 1000)
                except BufferError:
                    seen.append(name)
            return 0

    lengths = {k: len(args[k]) for k in ("params", "state1", "state2", "X", "Y")}
    calls.train_epoch(C, **dict(args, order=[Resizer(), 1]))
    assert seen == ["params", "state1", "state2", "X", "Y"]
    assert {k: len(args[k]) for k in lengths} == lengths


def test_state2_checked_after_python_code_ran():
    """An order entry's __index__ that makes state2 negative is still caught."""
    args = good()

    class Spoiler:
        def __index__(self):
            args["state2"][1] = -1.0
            return 0

    with pytest.raises(ValueError, match="negative"):
        calls.train_epoch(C, **dict(args, optimizer=C.ADAM, order=[Spoiler()]))


def test_work_buffer_size_cannot_wrap_round():
    """_Plan.alloc added up 2 * rows * widest in C: with rows * widest >= 2**62 it wrapped.

    UBSan reported "signed integer overflow" there; the wrapped total could pass
    the size check and leave the work buffers far too small.  Huge sparse files
    give the buffers without using memory; the call must be refused by the size
    check (MemoryError), before any allocation.
    """
    code = textwrap.dedent("""
        import mmap, sys, tempfile
        from tinynet.backends import _ctrain as C
        import backend_calls as bc
        if sys.maxsize < 2 ** 62:
            print("skip: 32-bit"); raise SystemExit(0)
        def huge(count):
            f = tempfile.TemporaryFile()
            f.truncate(count * 8)             # sparse: no disk or memory used
            m = mmap.mmap(f.fileno(), count * 8)
            return f, m, memoryview(m).cast("d")
        rows = wide = 2 ** 31
        sizes = [1, wide, 1]
        try:
            keep = [huge(rows), huge(rows), huge(C.param_count(sizes))]
        except (OSError, OverflowError, ValueError, MemoryError) as exc:
            print("skip:", exc); raise SystemExit(0)
        X, Y, params = (k[2] for k in keep)
        try:
            bc.gradients(C, sizes, [0, 0], 0, params, X, Y, rows)
        except MemoryError as exc:
            assert "would need" in str(exc), exc   # the size check, not a failed malloc
            need = int(str(exc).split("need ")[1].split()[0])
            assert need > 2 ** 63, need
            print("refused:", exc)
        else:
            raise SystemExit("accepted")
    """)
    done = _run_code(code)
    assert done.returncode == 0, (done.returncode, done.stdout, done.stderr)
    if done.stdout.startswith("skip"):
        pytest.skip(done.stdout.strip())
    assert "refused" in done.stdout
