"""A seeded fuzz test of the compiled loop's entry points.

Thousands of calls to ``train_epoch``, ``predict``, ``evaluate``,
``gradients`` and ``param_count`` with random arguments, most of them wrong
in one to three places (wrong types, lengths, formats, alignments, codes,
indices, huge or lying integers, aliased buffers...), some of them valid.
Each call must either

* raise TypeError or ValueError and leave every buffer it was given
  untouched, or
* succeed, and then give the pure-Python loop's numbers bit for bit (when
  the arguments are plain enough for python.py to take them as they are).

The fuzz loop runs in a child process (this file run as a script), so a
crash or a hang fails the test instead of killing pytest.  The same script
runs longer against a build with AddressSanitizer and UBSan (in a scratch
copy of the tree, never in the source folder)::

    CFLAGS="-fsanitize=address,undefined -fno-omit-frame-pointer -O1 -ffp-contract=off" \
    LDSHARED="gcc -shared -fsanitize=address,undefined" python setup.py build_ext --inplace
    LD_PRELOAD=$(gcc -print-file-name=libasan.so) \
    ASAN_OPTIONS=detect_leaks=0:allocator_may_return_null=1 UBSAN_OPTIONS=halt_on_error=1 \
    PYTHONPATH=. python tests/test_ctrain_fuzz.py --seed 7 --calls 200000 --keep-going

Skipped only in the explicitly pure-Python run (TINYNET_BACKEND=python); an
ImportError of the compiled module fails.
"""

import array
import os
import random
import struct
import subprocess
import sys
import tempfile

from tinynet.codes import N_ACTIVATIONS, SOFTMAX

HIDDEN_CODES = [c for c in range(N_ACTIVATIONS) if c != SOFTMAX]  # every code a hidden layer may use

# ------------------------------------------------------------ the fuzz loop
# (only the standard library and tinynet here: the child process runs it)


class Idx:
    """An object with ``__index__`` (like numpy's integers)."""

    def __init__(self, value, cls=int):
        self.value = value
        self.cls = cls

    def __index__(self):
        return self.cls(self.value)

    def __repr__(self):
        return "Idx(%r, %s)" % (self.value, self.cls.__name__)


class LiarLow(int):
    """An int that claims to be in every range (0 <= v < n is True)."""

    def __lt__(self, other):
        return True

    def __le__(self, other):
        return True

    def __gt__(self, other):
        return False

    def __ge__(self, other):
        return True

    def __eq__(self, other):
        return False

    def __ne__(self, other):
        return True

    __hash__ = int.__hash__


class LiarMid(int):
    """An int that claims to be neither below nor above anything."""

    def __lt__(self, other):
        return False

    def __gt__(self, other):
        return False

    def __eq__(self, other):
        return False

    def __ne__(self, other):
        return True

    def __mul__(self, other):
        return 1

    __rmul__ = __mul__

    def __add__(self, other):
        return 1

    __radd__ = __add__
    __hash__ = int.__hash__


class BadFloat:
    def __float__(self):
        raise ValueError("no float here")


class WeirdFloat:
    def __float__(self):
        return "0.1"


def _nan_bits(values):
    nan = struct.pack("<d", float("nan"))
    return b"".join(nan if v != v else struct.pack("<d", v) for v in values)


def _numpy():
    try:
        import numpy
    except ImportError:  # NumPy is optional (and blocked in one CI run)
        return None
    return numpy


class Fuzzer:
    def __init__(self, seed):
        import backend_calls  # flat arguments -> the backends' records (tests/)

        from tinynet.backends import _ctrain as C
        from tinynet.backends import python as P

        self.C, self.P, self.calls = C, P, backend_calls
        self.rng = random.Random(seed)
        self.np = _numpy()
        self.counts = {"calls": 0, "accepted": 0, "refused": 0, "compared": 0}
        self.keep_going = False
        self.problems = {}

    # ---------------------------------------------------------- valid parts

    def problem(self):
        r = self.rng
        layers = r.choice([1, 1, 2, 2, 2, 3])
        sizes = [r.randint(1, 6) for _ in range(layers + 1)]
        hidden = [r.choice(HIDDEN_CODES) for _ in range(layers - 1)]
        out = r.randrange(N_ACTIVATIONS)
        if out == 1:
            loss = r.choice([0, 1])
        elif out == 5:
            loss = r.choice([0, 2])
        else:
            loss = 0
        n = r.choice([0, 1, 2, 3, 5, 8])
        count = self.P.param_count(sizes)
        params = array.array("d", [r.uniform(-1.0, 1.0) for _ in range(count)])
        X = array.array("d", [r.uniform(-2.0, 2.0) for _ in range(n * sizes[0])])
        if loss == 2:
            Y = array.array("d", [0.0] * (n * sizes[-1]))
            for row in range(n):
                Y[row * sizes[-1] + r.randrange(sizes[-1])] = 1.0
        else:
            Y = array.array("d", [float(r.random() < 0.5) for _ in range(n * sizes[-1])])
        return sizes, hidden + [out], loss, params, X, Y, n

    def valid_order(self, n):
        r = self.rng
        if not n:
            return [0]  # no sample to point at: refused
        return [r.randrange(n) for _ in range(r.randint(1, 2 * n))]

    # -------------------------------------------------------- hostile parts

    def bad_int(self):
        r = self.rng
        return r.choice([
            -1, -2, -(2 ** 31), 2 ** 31, 2 ** 32, 2 ** 62, 2 ** 62 + 1, 2 ** 63 - 1, 2 ** 63,
            2 ** 64, 2 ** 64 + 3, -(2 ** 63), -(2 ** 64), 2 ** 100, -(2 ** 100),
            1.0, 0.5, float("nan"), float("inf"), "3", b"3", None, [1], (2,), object(),
            Idx(-1), Idx(2 ** 63), Idx(r.randint(0, 4)), Idx(3, LiarLow), Idx(-3, LiarLow),
            Idx(10 ** 7, LiarLow), Idx(-5, LiarMid), Idx(2 ** 40, LiarMid), Idx(0, LiarMid),
            LiarLow(10 ** 6), LiarLow(-7), LiarMid(-9), LiarMid(2 ** 33), True, False,
            Idx(2 ** 62, LiarMid), Idx(-(2 ** 62), LiarMid),
        ])

    def maybe_int(self, good):
        r = self.rng
        if r.random() < 0.5:
            return good, True
        choice = r.random()
        if choice < 0.25:
            return Idx(good), False
        if choice < 0.4:
            return good + r.choice([-2, -1, 1, 2, 1000]), True
        return self.bad_int(), False

    def bad_float(self):
        return self.rng.choice([
            float("nan"), float("inf"), -float("inf"), -1.0, -1e-300, 10 ** 400, -(10 ** 400),
            "0.1", b"0.1", None, [0.1], 1e308, -0.0, 5e-324, 1.0, 2.0, BadFloat(),
            WeirdFloat(), object(), complex(1, 1),
        ])

    def bad_buffer(self, length, writable):
        r = self.rng
        np = self.np
        kind = r.randrange(26 if np is not None else 20)
        data = [r.uniform(-1.0, 1.0) for _ in range(max(length, 0))]
        if kind == 0:
            return array.array("d", data + [0.0])
        if kind == 1:
            return array.array("d", data[:-1])
        if kind == 2:
            return array.array("f", data)
        if kind == 3:
            return array.array("i", [0] * length)
        if kind == 4:
            return array.array("q", [0] * length)
        if kind == 5:
            return bytes(8 * length)
        if kind == 6:
            return bytearray(8 * length)
        if kind == 7:  # read-only doubles
            return memoryview(array.array("d", data).tobytes()).cast("d")
        if kind == 8:  # misaligned by 1..7 bytes
            off = r.randint(1, 7)
            raw = bytearray(8 * length + off)
            return memoryview(raw)[off:].cast("d")
        if kind == 9:  # every other double: not contiguous
            return memoryview(array.array("d", data + data))[::2]
        if kind == 10:  # two-dimensional
            if length % 2 == 0 and length:
                return memoryview(array.array("d", data)).cast("B").cast("d", [2, length // 2])
            flat = memoryview(array.array("d", data or [0.0])).cast("B")
            return flat.cast("d", [1, max(length, 1)])
        if kind == 11:
            return list(data)
        if kind == 12:
            return tuple(data)
        if kind == 13:
            return r.choice([None, 3.0, 7, "abc", object()])
        if kind == 14:  # a released memoryview
            view = memoryview(array.array("d", data))
            view.release()
            return view
        if kind == 15:
            return array.array("d")
        if kind == 16:  # bytes seen as doubles, but through the "B" format
            return memoryview(bytearray(8 * length))
        if kind == 17:  # big array
            return array.array("d", data * 3 + [0.0])
        if kind == 18:  # the right doubles, reversed: negative stride
            return memoryview(array.array("d", data))[::-1]
        if kind == 19:  # a memoryview with format "<d" (ctypes style)
            import ctypes
            return (ctypes.c_double * length)(*data)
        # NumPy variants
        if kind == 20:
            return np.array(data, dtype=np.float32)
        if kind == 21:
            a = np.array(data)
            a.flags.writeable = False
            return a
        if kind == 22:
            return np.array(data, dtype=">f8")
        if kind == 23:
            return np.array(data * 2)[::2]
        if kind == 24:
            return np.zeros((2, max(length, 1)), order="F")[0]
        return np.frombuffer(bytearray(8 * length + 4), dtype=np.float64, count=length, offset=4)

    def maybe_buffer(self, good, writable):
        """(value, plain): the good buffer or a hostile one."""
        if self.rng.random() < 0.75:
            return good, True
        return self.bad_buffer(len(good), writable), False

    def maybe_codes(self, good, limit):
        r = self.rng
        if r.random() < 0.7:
            return list(good), True
        pick = r.randrange(8)
        codes = list(good)
        if pick == 0 and codes:
            codes[r.randrange(len(codes))] = r.choice([-1, limit, limit + 1, 2 ** 31, 2 ** 64,
                                                       -(2 ** 63)])
        elif pick == 1:
            codes.append(r.randrange(limit))
        elif pick == 2:
            codes = codes[:-1]
        elif pick == 3 and codes:
            codes[r.randrange(len(codes))] = self.bad_int()
        elif pick == 4:
            codes = tuple(codes)
            return codes, True
        elif pick == 5 and len(codes) > 1:
            codes[0] = 5  # softmax on a hidden layer
        elif pick == 6:
            return r.choice([None, "12", 3, b"\x01", iter(codes), range(2 ** 64)]), False
        else:
            codes = [Idx(c) for c in codes]
        return codes, False

    def maybe_sizes(self, good):
        r = self.rng
        if r.random() < 0.6:
            return list(good), True
        pick = r.randrange(14)
        sizes = list(good)
        i = r.randrange(len(sizes))
        if pick == 0:
            sizes[i] = r.choice([0, -1, -(2 ** 31), 2 ** 31, 2 ** 32, 2 ** 62, 2 ** 63, 2 ** 64])
        elif pick == 1:
            sizes[i] = self.bad_int()
        elif pick == 2:
            sizes[i] += r.choice([-1, 1])
        elif pick == 3:
            sizes = sizes[:1]
        elif pick == 4:
            sizes = []
        elif pick == 5:
            sizes = sizes + [r.randint(1, 3)]
        elif pick == 6:
            sizes = [2 ** 31, 2 ** 31]
        elif pick == 7:
            sizes = [2 ** 62, 1]
        elif pick == 8:
            sizes = [1, 2 ** 62]
        elif pick == 9:
            sizes = [Idx(s) for s in sizes]
            return sizes, False
        elif pick == 10:
            sizes[i] = Idx(sizes[i], LiarMid)
        elif pick == 11:
            sizes[i] = LiarMid(r.choice([0, -3, 2 ** 40, sizes[i] * 1000]))
        elif pick == 12:
            return r.choice([None, "342", 3, range(2 ** 64), iter(sizes), {3: 1}]), False
        else:
            return tuple(sizes), True
        return sizes, False

    def maybe_order(self, n):
        r = self.rng
        length = r.randint(1, 2 * n + 2)
        good = [r.randrange(n) for _ in range(length)] if n else []
        if n and r.random() < 0.5:
            return good, True
        pick = r.randrange(11)
        if pick == 0:
            return [], False
        if pick == 1 and good:
            good[r.randrange(len(good))] = r.choice([-1, n, n + 1, 2 ** 31, 2 ** 63 - 1, 2 ** 63,
                                                     2 ** 64, -(2 ** 63), 10 ** 30])
            return good, False
        if pick == 2 and good:
            good[r.randrange(len(good))] = self.bad_int()
            return good, False
        if pick == 3:
            return r.choice([range(2 ** 62), range(2 ** 64), range(-5, n), range(n, -1, -1),
                             range(0, 2 ** 63, 2 ** 61), range(n)]), False
        if pick == 4:
            return r.choice([None, "012", 5, b"\x00", 1.5, iter(good), {0: 1}]), False
        if pick == 5:
            return tuple(good), bool(good)
        if pick == 6:
            return [Idx(v) for v in good], False
        if pick == 7:
            return [Idx(r.choice([n, 10 ** 6, -1, 2 ** 40]), LiarLow)], False
        if pick == 8:
            return [LiarLow(r.choice([n, 10 ** 6, -1]))] * 3, False
        if pick == 9:
            return [float(v) for v in good] or [0.0], False
        return good or [0], bool(good)

    # --------------------------------------------------------------- checks

    def call(self, name, args, written, parity, direct=False):
        """Call _ctrain.<name>(*args) (through backend_calls unless ``direct``); check the outcome."""
        self.counts["calls"] += 1
        before = []
        for buf in written:
            try:
                before.append(bytes(memoryview(buf).cast("B")))
            except (TypeError, ValueError, BufferError):
                before.append(None)
        try:
            if direct:
                result = getattr(self.C, name)(*args)
            else:
                result = self.calls.call(self.C, name, *args)
        except (TypeError, ValueError) as exc:
            self.counts["refused"] += 1
            if not str(exc):
                raise AssertionError("%s raised %s without a message" % (name, type(exc).__name__)) from exc
            for buf, old in zip(written, before):
                if old is not None:
                    assert bytes(memoryview(buf).cast("B")) == old, (
                        "%s raised %r but changed a buffer" % (name, exc))
            return None
        except BaseException as exc:
            if self.keep_going:
                key = (name, type(exc).__name__, str(exc)[:60])
                self.problems[key] = self.problems.get(key, 0) + 1
                return None
            raise AssertionError("%s(%s) raised %s: %s" % (
                name, ", ".join(_short(a) for a in args), type(exc).__name__, exc)) from exc
        self.counts["accepted"] += 1
        if parity is not None:
            self.counts["compared"] += 1
            parity(result)
        return result

    # ---------------------------------------------------------- entry points

    def fuzz_train(self):
        r = self.rng
        sizes, acts, loss, params, X, Y, n = self.problem()
        count = len(params)
        s1 = array.array("d", [0.0] * count)
        s2 = array.array("d", [abs(r.uniform(0.0, 0.01)) for _ in range(count)])
        args = dict(
            sizes=(list(sizes), True), activations=(list(acts), True), loss=(loss, True),
            params=(params, True), state1=(s1, True), state2=(s2, True), X=(X, True),
            Y=(Y, True), order=(self.valid_order(n), n > 0),
            batch_size=(r.randint(1, 5), True), optimizer=(r.randrange(2), True),
            learning_rate=(r.choice([0.0, 0.01, 0.5]), True),
            momentum=(r.choice([0.0, 0.9]), True), beta1=(0.9, True), beta2=(0.999, True),
            epsilon=(1e-8, True), weight_decay=(r.choice([0.0, 1e-3]), True),
            step=(r.choice([0, 3, 2 ** 40]), True), accuracy=(r.randrange(3), True),
        )
        for name in r.sample(sorted(args), r.choice([0, 1, 1, 2, 3])):
            self.corrupt_train(args, name, sizes, acts, n)
        self.alias(args, ["params", "state1", "state2", "X", "Y"])
        values = {k: v for k, (v, _) in args.items()}
        plain = all(ok for _, ok in args.values())
        order = ["sizes", "activations", "loss", "params", "state1", "state2", "X", "Y",
                 "order", "batch_size", "optimizer", "learning_rate", "momentum", "beta1",
                 "beta2", "epsilon", "weight_decay", "step", "accuracy"]
        call_args = [values[k] for k in order]
        copies = None
        if plain:
            copies = {k: array.array("d", bytes(memoryview(values[k]).cast("B")))
                      for k in ("params", "state1", "state2", "X", "Y")}

        def parity(result):
            py_args = [copies.get(k, values[k]) for k in order]
            expected = self.calls.train_epoch(self.P, *py_args)
            assert _nan_bits([result[0]]) == _nan_bits([expected[0]]), "loss_sum differs"
            assert result[1:] == expected[1:], (result, expected)
            for k in ("params", "state1", "state2"):
                assert _nan_bits(memoryview(values[k]).cast("B").cast("d")) == \
                    _nan_bits(copies[k]), k + " differs"

        written = [values[k] for k in ("params", "state1", "state2")]
        self.call("train_epoch", call_args, written, parity if plain else None)

    def corrupt_train(self, args, name, sizes, acts, n):
        r = self.rng
        if name == "sizes":
            args[name] = self.maybe_sizes(sizes)
        elif name == "activations":
            args[name] = self.maybe_codes(acts, N_ACTIVATIONS)
        elif name in ("loss", "optimizer", "accuracy"):
            limit = {"loss": 3, "optimizer": 2, "accuracy": 3}[name]
            args[name] = r.choice([(-1, False), (limit, False), (limit + 1, False),
                                   (self.bad_int(), False), (Idx(r.randrange(limit)), False)])
        elif name in ("params", "state1", "state2", "X", "Y"):
            args[name] = self.maybe_buffer(args[name][0], name in ("params", "state1", "state2"))
        elif name == "order":
            args[name] = self.maybe_order(n)
        elif name in ("batch_size", "step"):
            args[name] = self.maybe_int(args[name][0])
        else:
            args[name] = (self.bad_float(), False)

    def alias(self, args, names):
        """Sometimes make two buffers share memory."""
        r = self.rng
        if r.random() > 0.1:
            return
        a, b = r.sample(names, 2)
        pick = r.randrange(3)
        if pick == 0:
            args[b] = (args[a][0], False)
        elif pick == 1:  # overlapping windows of one block
            buf = args[a][0]
            try:
                length = len(memoryview(buf))
            except (TypeError, ValueError):
                return
            raw = bytearray(8 * (length + 1))
            view = memoryview(raw)
            args[a] = (view[: 8 * length].cast("d"), False)
            args[b] = (view[8:].cast("d"), False)
        else:  # a read-only view of a written buffer
            try:
                args[b] = (memoryview(args[a][0]).toreadonly(), False)
            except (TypeError, ValueError):
                pass

    def fuzz_inference(self, name):
        r = self.rng
        sizes, acts, loss, params, X, Y, n = self.problem()
        args = dict(sizes=(list(sizes), True), activations=(list(acts), True),
                    loss=(loss, True), params=(params, True), X=(X, True), Y=(Y, True),
                    n=(n if name != "gradients" else max(n, 1), n > 0 or name != "gradients"),
                    accuracy=(r.randrange(3), True))
        for key in r.sample(sorted(args), r.choice([0, 1, 1, 2, 3])):
            if key == "sizes":
                args[key] = self.maybe_sizes(sizes)
            elif key == "activations":
                args[key] = self.maybe_codes(acts, N_ACTIVATIONS)
            elif key in ("loss", "accuracy"):
                args[key] = r.choice([(-1, False), (3, False), (self.bad_int(), False)])
            elif key in ("params", "X", "Y"):
                args[key] = self.maybe_buffer(args[key][0], False)
            else:
                args[key] = r.choice([(n + 1, False), (self.bad_int(), False),
                                      (Idx(n), False), self.maybe_int(n)])
        self.alias(args, ["params", "X", "Y"])
        values = {k: v for k, (v, _) in args.items()}
        plain = all(ok for _, ok in args.values())
        keys = {"predict": ["sizes", "activations", "params", "X", "n"],
                "evaluate": ["sizes", "activations", "loss", "params", "X", "Y", "n", "accuracy"],
                "gradients": ["sizes", "activations", "loss", "params", "X", "Y", "n"]}[name]
        call_args = [values[k] for k in keys]

        def parity(result):
            py_args = [array.array("d", bytes(memoryview(values[k]).cast("B")))
                       if k in ("params", "X", "Y") else values[k] for k in keys]
            expected = self.calls.call(self.P, name, *py_args)
            if name == "predict":
                assert _nan_bits(result) == _nan_bits(expected)
            elif name == "evaluate":
                assert _nan_bits([result[0]]) == _nan_bits([expected[0]])
                assert result[1] == expected[1]
            else:
                assert _nan_bits([result[0]]) == _nan_bits([expected[0]])
                assert _nan_bits(result[1]) == _nan_bits(expected[1])

        self.call(name, call_args, [values["params"]], parity if plain else None)

    def fuzz_param_count(self):
        r = self.rng
        sizes, plain = self.maybe_sizes([r.randint(1, 9) for _ in range(r.randint(1, 4))])

        def parity(result):
            assert result == self.P.param_count(sizes)

        self.call("param_count", [sizes], [], parity if plain else None)

    def fuzz_shuffled(self):
        """The C twin of rng.Random.shuffle: a state of 624 words and a position, and n."""
        r = self.rng
        from tinynet.rng import Random

        gen = Random(r.randrange(2 ** 32))
        for _ in range(r.randrange(3)):
            gen.random()
        words, n = list(gen.getstate()[1]), r.randint(0, 40)
        plain = True
        pick = r.random()
        if pick < 0.15:  # a bad word
            words[r.randrange(len(words))] = r.choice(
                [-1, 2 ** 32, 2 ** 64, 0.5, True, None, "7", Idx(3), LiarLow(5)])
            plain = False
        elif pick < 0.25:  # a bad position
            words[-1] = r.choice([-1, 625, 2 ** 63, 1.0, Idx(0), None])
            plain = False
        elif pick < 0.35:  # too few or too many words, or not a sequence
            words = r.choice([words[:-1], words + [0], [], None, 5, "words"])
            plain = False
        elif pick < 0.45:  # a bad n (never a huge valid one: it would allocate that much)
            n = r.choice([-1, -(2 ** 31), 2 ** 32, 2 ** 63, 2 ** 100, 1.5, None, "3", Idx(2)])
            plain = False

        def parity(result):
            expected = list(range(n))
            gen.shuffle(expected)
            assert result == (expected, gen.getstate()[1])

        self.call("shuffled", [n, words], [], parity if plain else None, direct=True)

    def run(self, calls):
        kernel = self.C.KERNEL
        try:
            for _ in range(calls):
                if self.rng.random() < 0.05:  # every kernel build gives the same bits
                    self.C._use_simd(self.rng.choice(self.C.AVAILABLE_PATHS))
                self.one_call()
        finally:
            self.C._use_simd(kernel)
        return self.counts

    def one_call(self):
        pick = self.rng.random()
        if pick < 0.45:
            self.fuzz_train()
        elif pick < 0.6:
            self.fuzz_inference("predict")
        elif pick < 0.75:
            self.fuzz_inference("evaluate")
        elif pick < 0.92:
            self.fuzz_inference("gradients")
        elif pick < 0.97:
            self.fuzz_shuffled()
        else:
            self.fuzz_param_count()


def _short(value):
    text = repr(value)
    return text if len(text) < 80 else text[:77] + "..."


def main(argv):
    import argparse
    import warnings

    warnings.simplefilter("ignore", DeprecationWarning)  # __index__ returning an int subclass
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--calls", type=int, default=3000)
    parser.add_argument("--keep-going", action="store_true",
                        help="list the unexpected exceptions instead of stopping at the first")
    options = parser.parse_args(argv)
    fuzzer = Fuzzer(options.seed)
    fuzzer.keep_going = options.keep_going
    counts = fuzzer.run(options.calls)
    for key, times in sorted(fuzzer.problems.items()):
        print("UNEXPECTED %dx: %s" % (times, key))
    print("fuzz seed %d: %s" % (options.seed, " ".join("%s=%d" % kv for kv in counts.items())))
    return 1 if fuzzer.problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))


# ------------------------------------------------------------------- the test

import pytest  # noqa: E402
from conftest import PURE_RUN  # noqa: E402

if PURE_RUN:
    pytest.skip("pure-Python run (TINYNET_BACKEND=python): no compiled loop to fuzz",
                allow_module_level=True)

import tinynet  # noqa: E402
from tinynet.backends import _ctrain  # noqa: E402,F401  (ImportError = failure)


def _run_child(seed, calls):
    env = dict(os.environ)
    # the child imports the very tinynet this process imported
    root = os.path.dirname(os.path.dirname(os.path.abspath(tinynet.__file__)))
    env["PYTHONPATH"] = os.pathsep.join([root] + [p for p in [env.get("PYTHONPATH")] if p])
    return subprocess.run([sys.executable, os.path.abspath(__file__), "--seed", str(seed),
                           "--calls", str(calls)],
                          capture_output=True, text=True, timeout=120, env=env,
                          cwd=tempfile.gettempdir())


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_fuzz_entry_points_in_a_child_process(seed):
    done = _run_child(seed, 8000)
    assert done.returncode == 0, (done.returncode, done.stdout[-2000:], done.stderr[-4000:])
    line = done.stdout.strip().splitlines()[-1]
    counts = dict(item.split("=") for item in line.split(": ", 1)[1].split())
    # the mix must really exercise both sides
    assert int(counts["refused"]) > 500 and int(counts["accepted"]) > 200, line
    assert int(counts["compared"]) > 100, line
