"""Handwritten digits: a real dataset, mini-batches and a modern optimizer.

What it teaches:

* the digits data: 1797 pictures of 8x8 pixels (64 numbers from 0 to 16),
  each showing a digit 0-9; the network must say which;
* scaling the inputs (pixels / 16, so they lie between 0 and 1; or
  ``--scale standardize``, a ``Standardizer`` fitted on the training set);
* a 64-32-10 network: a ReLU hidden layer and a softmax output (one
  probability per digit), trained with the cross-entropy loss;
* mini-batches (32 pictures per weight update instead of all 1347) and the
  Adam optimizer (or ``--optimizer momentum``): many small, quick steps;
* a stratified 75/25 split, the test accuracy, and the time it took.

Run it from the repository root::

    python examples/digits.py
    python examples/digits.py --optimizer momentum --learning-rate 0.05

Expect 96-98% test accuracy after 20 epochs (98% with the default seed 0),
in well under a second on the compiled backend and about 15 seconds on pure
Python (``--limit 500`` trains on fewer pictures, for a quicker look).
"""

import argparse
import os
import sys
import time

try:
    import tinynet
except ImportError:  # running from a source checkout that is not installed
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    import tinynet

from tinynet import Dense, Network
from tinynet.datasets import Standardizer, load_digits, train_test_split
from tinynet.metrics import confusion_matrix


def show_digit(pixels):
    """The 8x8 picture as text: darker ink, denser character."""
    shades = " .:-=+*#%@"
    rows = []
    for r in range(8):
        rows.append("".join(shades[min(int(v * 10 / 17), 9)] * 2 for v in pixels[8 * r: 8 * r + 8]))
    return "\n".join(rows)


def main(argv=None):
    """Train 64-32-10 on the digits; print test accuracy and time; return the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=20, help="training epochs (default 20)")
    parser.add_argument("--optimizer", choices=("adam", "momentum", "sgd"), default="adam",
                        help="how the gradient becomes a step (default adam)")
    parser.add_argument("--learning-rate", type=float, default=None,
                        help="step size (default 0.01 for adam, 0.05 for momentum, 0.1 for sgd)")
    parser.add_argument("--batch-size", type=int, default=32, help="samples per update (default 32)")
    parser.add_argument("--scale", choices=("16", "standardize"), default="16",
                        help="divide pixels by 16 (default) or standardize them")
    parser.add_argument("--limit", type=int, default=None,
                        help="use only this many pictures (quicker; default: all 1797)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the split and the weights (default 0)")
    parser.add_argument("--backend", choices=("python", "cython"), default=None,
                        help="training loop (default: tinynet.BACKEND = %s)" % tinynet.BACKEND)
    args = parser.parse_args(argv)
    backend = args.backend or tinynet.BACKEND
    learning_rate = args.learning_rate
    if learning_rate is None:
        learning_rate = {"adam": 0.01, "momentum": 0.05, "sgd": 0.1}[args.optimizer]

    X, y = load_digits()
    if args.limit is not None:
        X, y = X[:args.limit], y[:args.limit]
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, seed=args.seed,
                                                        stratify=True)
    print("digits: %d pictures of 8x8 pixels; %d to train on, %d to test on"
          % (len(X), len(X_train), len(X_test)))
    print("the first training picture, a %d:" % y_train[0])
    print(show_digit(X_train[0]))

    if args.scale == "16":
        X_train = [[v / 16.0 for v in row] for row in X_train]
        X_test = [[v / 16.0 for v in row] for row in X_test]
    else:
        scaler = Standardizer().fit(X_train)
        X_train, X_test = scaler.transform(X_train), scaler.transform(X_test)

    net = Network([Dense(64, 32, "relu"), Dense(32, 10, "softmax")], loss="crossentropy",
                  seed=args.seed)
    if backend == "python":
        print("note: the pure-Python training loop is running; expect about 0.7 s per epoch on")
        print("the full data (install tinynet with a C compiler for the compiled loop: same")
        print("numbers, much faster).")
    started = time.perf_counter()
    history = net.fit(X_train, y_train, epochs=args.epochs, optimizer=args.optimizer,
                      learning_rate=learning_rate, batch_size=args.batch_size, verbose=0,
                      backend=args.backend)
    seconds = time.perf_counter() - started
    train_acc = history.history["accuracy"][-1]
    predicted = net.predict_classes(X_test, backend=args.backend)
    test_acc = sum(p == t for p, t in zip(predicted, y_test)) / len(y_test)

    print("%s, learning rate %g, batches of %d, %d epochs on the %s backend: %.2f s"
          % (args.optimizer, learning_rate, args.batch_size, args.epochs, backend, seconds))
    print("training accuracy (last epoch): %.1f%%" % (100 * train_acc))
    print("test accuracy:                  %.1f%%  (%d of %d pictures)"
          % (100 * test_acc, sum(p == t for p, t in zip(predicted, y_test)), len(y_test)))
    matrix = confusion_matrix(y_test, predicted, n_classes=10)
    mixups = sorted(((matrix[t][p], t, p) for t in range(10) for p in range(10) if t != p and matrix[t][p]),
                    reverse=True)[:3]
    if mixups:
        print("most frequent mistakes: " + ", ".join("%d taken for %d (%dx)" % (t, p, n) for n, t, p in mixups))
    return {"test_accuracy": test_acc, "train_accuracy": train_acc, "seconds": seconds,
            "backend": backend}


if __name__ == "__main__":
    main()
