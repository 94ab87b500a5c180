"""XOR: why a neural network needs a hidden layer.

What it teaches:

* XOR's answer is 1 when exactly one of the two inputs is 1. Drawn on a
  plane, its 1s sit on one diagonal and its 0s on the other: no straight line
  separates them.
* A single layer (2 inputs -> 1 sigmoid neuron) can only draw one straight
  line, so it cannot learn XOR: it gets at most 3 of the 4 cases, and in
  practice settles on "0.5 for everything" (2/4, a coin toss).
* With a hidden layer (2 -> 4 tanh -> 1 sigmoid) the network bends the
  boundary and gets all 4 right. The text picture at the end shows the
  regions it predicts.

Run it from the repository root::

    python examples/xor.py

It finishes in well under a second, on the compiled backend and on pure
Python alike. Options: ``--epochs``, ``--learning-rate``,
``--seed``, ``--backend``.
"""

import argparse
import os
import sys

try:
    import tinynet
except ImportError:  # running from a source checkout that is not installed
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    import tinynet

from tinynet import Dense, Network
from tinynet.datasets import load_xor
from tinynet.plotting import text_decision_boundary


def train(layers, X, y, args):
    """Train a network made of ``layers`` on XOR; return it and how many it gets right."""
    net = Network(layers, loss="binary_crossentropy", seed=args.seed)
    history = net.fit(X, y, epochs=args.epochs, learning_rate=args.learning_rate,
                      verbose=0, backend=args.backend)
    outputs = [row[0] for row in net.predict(X, backend=args.backend)]
    predicted = net.predict_classes(X, backend=args.backend)
    correct = sum(1 for p, t in zip(predicted, y) if p == t)
    print("  final loss %.4f" % history.history["loss"][-1])
    for x, out, p, t in zip(X, outputs, predicted, y):
        mark = "right" if p == t else "WRONG"
        print("  %s -> %.3f  predicted %d, answer %d  %s" % ([int(v) for v in x], out, p, t, mark))
    print("  %d/4 correct" % correct)
    return net, correct


def main(argv=None):
    """Train one layer and a 2-4-1 network on XOR; return how many each gets right."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=1000, help="training epochs (default 1000)")
    parser.add_argument("--learning-rate", type=float, default=1.0, help="step size (default 1.0)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the starting weights (default 1)")
    parser.add_argument("--backend", choices=("python", "cython"), default=None,
                        help="training loop (default: tinynet.BACKEND = %s)" % tinynet.BACKEND)
    args = parser.parse_args(argv)

    X, y = load_xor()
    print("XOR truth table: %s -> %s" % ([[int(v) for v in x] for x in X], y))
    print()
    print("One layer: 2 inputs -> 1 sigmoid neuron (a single straight line)")
    _, single = train([Dense(2, 1, "sigmoid")], X, y, args)
    print()
    print("One hidden layer: 2 inputs -> 4 tanh neurons -> 1 sigmoid neuron")
    net, hidden = train([Dense(2, 4, "tanh"), Dense(4, 1, "sigmoid")], X, y, args)
    print()
    print(text_decision_boundary(net, X, y, width=40, height=16))
    print()
    print("No straight line puts 00 and 11 on one side and 01 and 10 on the other,")
    print("so one layer cannot learn XOR; the hidden layer bends the boundary.")
    return {"single_layer_correct": single, "hidden_layer_correct": hidden}


if __name__ == "__main__":
    main()
