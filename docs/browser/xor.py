"""Train XOR with a seeded 2-4-1 network and print the result exactly.

The browser page (index.html) runs this file inside Pyodide; run it with
CPython too (``python docs/browser/xor.py``) and compare: the lines are the
same when the bits are. ``repr`` prints each float so that it reads back as
exactly the same number.
"""

import binascii
import hashlib
import struct

import tinynet
from tinynet import Dense, Network

X = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
y = [0, 1, 1, 0]

net = Network([Dense(2, 4, "tanh"), Dense(4, 1, "sigmoid")], loss="binary_crossentropy", seed=1)
history = net.fit(X, y, epochs=500, learning_rate=0.5, batch_size=2, shuffle=True, verbose=0)

weights = b"".join(struct.pack("<d", w) for layer in net.layers
                   for row in layer.weights + [layer.bias] for w in row)
print("tinynet", tinynet.__version__)
print("final loss", repr(history.history["loss"][-1]))
for inputs, output in zip(X, net.predict(X)):
    print("xor", inputs, "->", repr(output[0]))
print("weights sha256", binascii.hexlify(hashlib.sha256(weights).digest()).decode())
