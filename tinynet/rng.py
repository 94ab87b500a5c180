"""A seeded random stream of tinynet's own: Python's ``random.Random``, rewritten.

tinynet draws starting weights and shuffles samples from a seeded generator.
Python's ``random.Random`` does that well, but MicroPython has none, so this
module re-implements it in plain Python: the same Mersenne Twister (MT19937),
seeded the same way, turned into floats and integers the same way.

    >>> r = Random(42)
    >>> r.random()
    0.6394267984578837

gives exactly what ``random.Random(42).random()`` gives on CPython, on every
Python (CPython 3.9-3.14, PyPy, Pyodide, MicroPython with big integers), for
these methods: ``random``, ``getrandbits``, ``randrange``, ``randint``,
``choice``, ``shuffle``, ``uniform``, ``getstate``/``setstate``. They use
only integer arithmetic and one exact float division, so the numbers are the
same everywhere.

``gauss`` follows CPython's recipe too (the Box-Muller transform), and so
gives CPython's numbers on the same machine; but it calls ``math.log``,
``math.cos``, ``math.sin`` and ``math.sqrt``, whose last bit may differ
between platforms' maths libraries. tinynet uses it only for the noise of the
toy datasets (which also call ``math.cos``/``math.sin`` for their shapes), not
for training. (A portable gauss would need sin and cos of tinynet's own.)

Seeds: an int (its absolute value is used, as in CPython) or None (fresh
entropy from ``os.urandom``, or the clock where that is missing: not
reproducible). Other types (floats, strings, bytes) raise TypeError, whereas
CPython would hash them.

How the Mersenne Twister works: 624 words of 32 bits of state; every 624
draws the whole state is "twisted" (each word is mixed with its neighbour and
the word 397 places on by shifts, XORs and a fixed constant), and each draw
"tempers" one word (more shifts and XORs) into a 32-bit output. Its period is
2^19937 - 1.
"""

import math

from ._compat import index

__all__ = ["Random", "init_by_array", "init_genrand"]

N = 624                  # words of state
M = 397                  # the twist mixes word i with word i + M
MATRIX_A = 0x9908B0DF    # the twist's constant
UPPER_MASK = 0x80000000  # the top bit of a word
LOWER_MASK = 0x7FFFFFFF  # the other 31 bits
MASK32 = 0xFFFFFFFF
STATE_VERSION = 3        # the version number random.Random.getstate() uses


def init_genrand(seed: int) -> "list[int]":
    """The 624-word state of MT19937's reference ``init_genrand(seed)``.

        mt[0] = seed
        mt[i] = (1812433253 * (mt[i-1] ^ (mt[i-1] >> 30)) + i)  mod 2^32

    NumPy's ``numpy.random.seed(seed)`` uses exactly this (tinynet.classic
    relies on it); Python's ``random.seed`` starts from it too, then mixes
    the seed in with :func:`init_by_array`. ``seed`` is an int from 0 to
    2^32 - 1.
    """
    mt = [seed & MASK32]
    for i in range(1, N):
        prev = mt[i - 1]
        mt.append((1812433253 * (prev ^ (prev >> 30)) + i) & MASK32)
    return mt


def init_by_array(key: "list[int]") -> "list[int]":
    """The state MT19937's reference ``init_by_array(key)`` builds from 32-bit words.

    Start from ``init_genrand(19650218)``, then stir every key word into
    the state (at least 624 times round), then stir once more without the
    key. All arithmetic is modulo 2^32, as in the C original.
    """
    mt = init_genrand(19650218)
    i, j = 1, 0
    for _ in range(max(N, len(key))):
        prev = mt[i - 1]
        mt[i] = ((mt[i] ^ ((prev ^ (prev >> 30)) * 1664525)) + key[j] + j) & MASK32
        i += 1
        j += 1
        if i >= N:
            mt[0] = mt[N - 1]
            i = 1
        if j >= len(key):
            j = 0
    for _ in range(N - 1):
        prev = mt[i - 1]
        # "- i" modulo 2^32; adding 2^32 first keeps the number non-negative
        mt[i] = ((mt[i] ^ ((prev ^ (prev >> 30)) * 1566083941)) + 0x100000000 - i) & MASK32
        i += 1
        if i >= N:
            mt[0] = mt[N - 1]
            i = 1
    mt[0] = 0x80000000   # the top bit set: the state is never all zero
    return mt


def _twist(mt):
    """Make the next 624 words of state (in place), as MT19937's genrand does.

    Word i becomes word i + M (mod N) XOR the top bit of word i joined to the
    low 31 bits of word i + 1, shifted right by one, XOR MATRIX_A if that
    joined word was odd. (Three loops instead of "mod N" on every index.)
    """
    for kk in range(N - M):
        y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK)
        mt[kk] = mt[kk + M] ^ (y >> 1) ^ (MATRIX_A if y & 1 else 0)
    for kk in range(N - M, N - 1):
        y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK)
        mt[kk] = mt[kk + M - N] ^ (y >> 1) ^ (MATRIX_A if y & 1 else 0)
    y = (mt[N - 1] & UPPER_MASK) | (mt[0] & LOWER_MASK)
    mt[N - 1] = mt[M - 1] ^ (y >> 1) ^ (MATRIX_A if y & 1 else 0)


def _bit_length(n):
    """Number of bits of the int n >= 0 (``n.bit_length()``, which MicroPython lacks)."""
    k = 0
    while n >= 0x10000:
        n >>= 16
        k += 16
    while n:
        n >>= 1
        k += 1
    return k


def _seed_words(seed):
    """The 32-bit words of abs(seed), least significant first ([0] for 0), as CPython."""
    n = -seed if seed < 0 else seed
    words = []
    while n:
        words.append(n & MASK32)
        n >>= 32
    return words or [0]


def _entropy_words():
    """Words of fresh entropy for an unseeded generator (not reproducible)."""
    try:
        import os

        data = os.urandom(4 * N)
        return [int.from_bytes(data[4 * i:4 * i + 4], "little") for i in range(N)]
    except (ImportError, AttributeError, NotImplementedError, OSError):
        pass
    # no os.urandom (MicroPython's WebAssembly port): the clock, an address,
    # and the platform's own generator where it has one
    import time

    words = _seed_words(int(time.time() * 1e6) ^ id(object()))
    try:
        import random

        words += [random.getrandbits(32) for _ in range(8)]
    except (ImportError, AttributeError):
        pass
    return words


def _as_int(seed):
    """``seed`` as an int, or a TypeError that names the problem."""
    try:
        return index(seed)   # an int, or e.g. numpy.int64
    except TypeError:
        raise TypeError("seed must be an int or None, not %s" % type(seed).__name__) from None


class Random:
    """A Mersenne Twister generator giving the numbers of CPython's ``random.Random(seed)``.

    Args:
        seed: an int (negative ints use their absolute value, as CPython
            does) or None for a fresh unpredictable stream.
    """

    def __init__(self, seed: object = None) -> None:
        self.seed(seed)

    def seed(self, a: object = None) -> None:
        """Restart the stream from ``a`` (an int, or None for fresh entropy)."""
        if a is None:
            key = _entropy_words()
        else:
            key = _seed_words(_as_int(a))
        self._mt = init_by_array(key)
        self._index = N           # used up: twist before the first draw
        self.gauss_next = None    # gauss() makes its numbers in pairs

    # ------------------------------------------------------------ raw bits
    def _genrand(self):
        """The next 32-bit output of MT19937."""
        if self._index >= N:
            _twist(self._mt)
            self._index = 0
        y = self._mt[self._index]
        self._index += 1
        # tempering: spread the bits of the state word over the output
        y ^= y >> 11
        y ^= (y << 7) & 0x9D2C5680
        y ^= (y << 15) & 0xEFC60000
        y ^= y >> 18
        return y

    def getrandbits(self, k: int) -> int:
        """An int with ``k`` random bits, 0 <= n < 2^k."""
        if k < 0:
            raise ValueError("number of bits must be non-negative")
        if k <= 32:
            return self._genrand() >> (32 - k) if k else 0
        result = 0
        shift = 0
        while k > 0:   # 32 bits at a time, least significant word first
            r = self._genrand()
            if k < 32:
                r >>= 32 - k   # keep the top k bits of the last word
            result |= r << shift
            shift += 32
            k -= 32
        return result

    # -------------------------------------------------------------- floats
    def random(self) -> float:
        """A float in [0, 1): 53 random bits, ``(a * 2^26 + b) / 2^53``.

        a takes the top 27 bits of one output and b the top 26 of the next;
        the division by a power of two is exact, so every platform agrees.
        """
        a = self._genrand() >> 5
        b = self._genrand() >> 6
        return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0)

    def uniform(self, a: float, b: float) -> float:
        """A float between ``a`` and ``b``: ``a + (b - a) * random()``."""
        return a + (b - a) * self.random()

    def gauss(self, mu: float = 0.0, sigma: float = 1.0) -> float:
        """A normally distributed float (mean ``mu``, standard deviation ``sigma``).

        CPython's Box-Muller recipe, numbers made in pairs; it calls the
        platform's math.log/cos/sin/sqrt (see the module's docstring).
        """
        z = self.gauss_next
        self.gauss_next = None
        if z is None:
            x2pi = self.random() * (2.0 * math.pi)
            g2rad = math.sqrt(-2.0 * math.log(1.0 - self.random()))
            z = math.cos(x2pi) * g2rad
            self.gauss_next = math.sin(x2pi) * g2rad
        return mu + z * sigma

    # ------------------------------------------------------------ integers
    def _randbelow(self, n):
        """An int in [0, n) for n > 0: draw bit_length(n) bits until one fits."""
        k = _bit_length(n)
        r = self.getrandbits(k)
        while r >= n:
            r = self.getrandbits(k)
        return r

    def randrange(self, start: int, stop: "int | None" = None, step: int = 1) -> int:
        """A random int from ``range(start, stop, step)`` (ints only)."""
        start = _as_int(start)
        if stop is None:
            if step != 1:
                raise TypeError("Missing a non-None stop argument")
            if start > 0:
                return self._randbelow(start)
            raise ValueError("empty range for randrange()")
        stop = _as_int(stop)
        step = _as_int(step)
        width = stop - start
        if step == 1:
            if width > 0:
                return start + self._randbelow(width)
            raise ValueError("empty range for randrange(%d, %d)" % (start, stop))
        if step > 0:
            n = (width + step - 1) // step
        elif step < 0:
            n = (width + step + 1) // step
        else:
            raise ValueError("zero step for randrange()")
        if n <= 0:
            raise ValueError("empty range for randrange()")
        return start + step * self._randbelow(n)

    def randint(self, a: int, b: int) -> int:
        """A random int N with a <= N <= b."""
        return self.randrange(a, b + 1)

    def choice(self, seq: object) -> object:
        """A random element of the non-empty sequence ``seq``."""
        if not len(seq):
            raise IndexError("Cannot choose from an empty sequence")
        return seq[self._randbelow(len(seq))]

    def shuffle(self, x: list) -> None:
        """Shuffle the list ``x`` in place (Fisher-Yates, from the end, as CPython)."""
        for i in range(len(x) - 1, 0, -1):
            j = self._randbelow(i + 1)   # 0 <= j <= i
            x[i], x[j] = x[j], x[i]

    # --------------------------------------------------------------- state
    def getstate(self) -> tuple:
        """The state as ``random.Random.getstate()`` gives it: (3, 625 ints, gauss_next)."""
        return (STATE_VERSION, tuple(self._mt) + (self._index,), self.gauss_next)

    def setstate(self, state: tuple) -> None:
        """Restore a state from :meth:`getstate` (or from ``random.Random.getstate()``)."""
        try:
            version, internal, gauss_next = state
        except (TypeError, ValueError):
            raise ValueError("state must be a (version, words, gauss_next) tuple") from None
        if version != STATE_VERSION:
            raise ValueError("state with version %r passed to setstate() of version %d"
                             % (version, STATE_VERSION))
        internal = tuple(internal)
        if len(internal) != N + 1:
            raise ValueError("state needs %d words and a position, got %d items"
                             % (N, len(internal)))
        for word in internal:
            if not isinstance(word, int) or not 0 <= word <= MASK32:
                raise ValueError("state words must be ints from 0 to 2**32 - 1, got %r" % (word,))
        if internal[N] > N:
            raise ValueError("state position must be 0 to %d, got %d" % (N, internal[N]))
        if gauss_next is not None and not isinstance(gauss_next, float):
            raise ValueError("gauss_next must be a float or None, got %r" % (gauss_next,))
        self._mt = list(internal[:N])
        self._index = internal[N]
        self.gauss_next = gauss_next
