"""Hashes of the exact bits of tinynet.elementary and tinynet.rng results.

Runs unchanged on CPython, PyPy, Pyodide and MicroPython, with tinynet
importable. Every line but the ``math.`` ones (the platform's own maths
library, for comparison) must be the same everywhere;
tests/test_runtimes_bits.py checks MicroPython against CPython.
"""
import math
import struct

from tinynet import elementary as E
from tinynet import rng as R


def fnv(acc, data):
    for byte in data:
        acc = ((acc ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return acc

def hash_floats(values):
    acc = 0xCBF29CE484222325
    for v in values:
        acc = fnv(acc, struct.pack('<d', v))
    return '%016x' % acc

def hash_ints(values):
    acc = 0xCBF29CE484222325
    for v in values:
        acc = fnv(acc, str(v).encode())
    return '%016x' % acc

inf = float('inf')
edges = [0.0, -0.0, inf, -inf, 5e-324, -5e-324, 2.2250738585072014e-308, 1.7976931348623157e308,
         1.0, -1.0, 0.5, 2.0, 709.78, 709.79, -745.0, -745.2, -740.0, 0.625, 0.875, 1.125, 1.375,
         22.0, 3.7252902984619140625e-09, 1e-300, -1e-300, 1.4142135623730951, 0.7071067811865476]
gen = R.Random(2026)
xs = {}
xs['exp'] = (edges + [gen.uniform(-745.0, 709.0) for _ in range(3000)]
             + [gen.uniform(-30.0, 0.0) for _ in range(3000)])
xs['log'] = ([x for x in edges if x > 0] + [gen.random() for _ in range(3000)]
             + [gen.uniform(0.5, 2.0) for _ in range(3000)])
xs['tanh'] = edges + [gen.uniform(-5.0, 5.0) for _ in range(6000)]
xs['sigmoid'] = edges + [gen.uniform(-40.0, 40.0) for _ in range(6000)]
for name in ('exp', 'log', 'tanh', 'sigmoid'):
    f = getattr(E, name)
    print(name, len(xs[name]), hash_floats([f(x) for x in xs[name]]))
pairs = [(gen.uniform(0.8, 1.0), gen.randrange(1, 100000)) for _ in range(300)]
print('powi', len(pairs), hash_floats([E.powi(b, n) for b, n in pairs]))
xs['log1p'] = edges + [gen.random() for _ in range(3000)] + [gen.uniform(-0.5, 4.0) for _ in range(3000)]
xs['expm1'] = edges + [gen.uniform(-40.0, 0.0) for _ in range(3000)] + [gen.uniform(-1.0, 1.0) for _ in range(3000)]
for name in ('log1p', 'expm1'):   # softplus and its slope
    f = getattr(E, name)
    print(name, len(xs[name]), hash_floats([f(x) for x in xs[name]]))

# the platform's math library on the same inputs, for comparison
for name in ('exp', 'log', 'tanh'):
    f = getattr(math, name)
    vals = []
    for x in xs[name]:
        try:
            vals.append(f(x))
        except (ValueError, OverflowError):
            vals.append(0.0)
    diff = 0
    g = getattr(E, name)
    for x, v in zip(xs[name], vals):
        w = g(x)
        if struct.pack('<d', v) != struct.pack('<d', w) and v == v and (name != 'log' or x > 0):
            diff += 1
    print('math.' + name, hash_floats(vals), 'differs from ours on', diff)

for seed in (0, 1, 42, -5, 2 ** 40 + 3, 10 ** 30):
    r = R.Random(seed)
    fl = [r.random() for _ in range(1500)]
    order = list(range(200))
    r.shuffle(order)
    ints = [r.getrandbits(k) for k in range(1, 80)] + [r.randrange(1000) for _ in range(100)]
    print('rng', seed, hash_floats(fl), hash_ints(order), hash_ints(ints),
          hash_floats([r.uniform(-1.0, 1.0) for _ in range(50)]))
