"""One step of gradient descent in words, and a check that backpropagation is right.

What it teaches:

* ``net.explain(x, y, learning_rate)`` walks through one training step of a
  tiny 2-2-1 network, number by number: the forward pass (each neuron's
  weighted sum plus bias, then its activation), the loss, the backward pass
  (each neuron's *delta*, its share of the blame) and how every weight and
  bias moves (-learning_rate x input x delta);
* after that step the loss on the example is smaller: that is learning;
* ``tinynet.gradient_check(net, X, y)`` asks the slope itself: it nudges every
  weight a tiny bit up and down, watches the loss, and compares that slope
  with backpropagation's. A relative error around 1e-7 or less means the
  gradients are right.

The starting weights are set by hand (the numbers of the well-known
step-by-step backpropagation walk-through), so you can redo the arithmetic
on paper.

Run it from the repository root::

    python examples/explain.py

It takes a fraction of a second on either backend (it always uses the
readable Python arithmetic for the explanation).
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


def build():
    """A 2-2-1 sigmoid network with hand-picked starting weights."""
    hidden = Dense(2, 2, "sigmoid", weights=[[0.15, 0.25], [0.20, 0.30]], bias=[0.35, 0.35])
    output = Dense(2, 1, "sigmoid", weights=[[0.40], [0.45]], bias=[0.60])
    return Network([hidden, output], loss="mse")


def main(argv=None):
    """Explain one step, show the loss drop, run a gradient check; return the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learning-rate", type=float, default=0.5, help="step size (default 0.5)")
    args = parser.parse_args(argv)

    net = build()
    x, target = [0.05, 0.10], 0.99
    before = net.evaluate([x], [target])["loss"]
    net.explain(x, target, learning_rate=args.learning_rate, apply=True)
    after = net.evaluate([x], [target])["loss"]
    print()
    print("loss on this example: %.6f before the step, %.6f after it (smaller: it learned)"
          % (before, after))

    print()
    print("Gradient check on the four XOR examples (backpropagation vs nudging each weight):")
    X, y = [[0, 0], [0, 1], [1, 0], [1, 1]], [0, 1, 1, 0]
    result = tinynet.gradient_check(build(), X, y)
    print("  checked %d parameters; the largest relative error is %.1e (at %s:"
          % (result["checked"], result["max_relative_error"], result["parameter"]))
    print("  backprop %.10f, numerical %.10f)" % (result["backprop"], result["numerical"]))
    print("  %s" % ("backpropagation agrees with the slope: the gradients are right"
                    if result["max_relative_error"] < 1e-5 else "MISMATCH: the gradients look wrong"))
    return {"loss_before": before, "loss_after": after,
            "max_relative_error": result["max_relative_error"]}


if __name__ == "__main__":
    main()
