"""Iris flowers: three classes with softmax and cross-entropy, judged on a test set.

What it teaches:

* a stratified 70/30 split: every species keeps its share (a third) in both
  the training and the test set;
* standardizing the inputs (mean 0, spread 1 per measurement) with a
  ``Standardizer`` fitted on the *training set only*, then applied to both
  sets -- the test set must stay unseen, even for its mean;
* several classes: a softmax output layer (3 neurons whose outputs are
  probabilities adding up to 1) with the cross-entropy loss; the predicted
  species is the most probable one;
* reading the result: accuracy, the confusion matrix (row = true species,
  column = predicted species) and precision/recall/F1 per species.

Run it from the repository root::

    python examples/iris.py

Expect about 98% test accuracy (44 of 45 flowers; versicolor and virginica
overlap a little), in a fraction of a second on either backend.
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
from tinynet.datasets import Standardizer, load_iris, train_test_split
from tinynet.metrics import accuracy, classification_report, confusion_matrix


def main(argv=None):
    """Train on iris; print accuracy, confusion matrix and report; return the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=150, help="training epochs (default 150)")
    parser.add_argument("--hidden", type=int, default=8, help="neurons in the hidden layer (default 8)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the split and the weights (default 0)")
    parser.add_argument("--backend", choices=("python", "cython"), default=None,
                        help="training loop (default: tinynet.BACKEND = %s)" % tinynet.BACKEND)
    args = parser.parse_args(argv)

    X, y, class_names, feature_names = load_iris(return_names=True)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, seed=args.seed,
                                                        stratify=True)
    print("iris: %d flowers, %d measurements: %s" % (len(X), len(feature_names), ", ".join(feature_names)))
    print("training set %d, test set %d (stratified: %s test flowers per species)"
          % (len(X_train), len(X_test), "/".join(str(y_test.count(c)) for c in range(3))))

    scaler = Standardizer().fit(X_train)      # learn mean and spread on the training set only
    X_train = scaler.transform(X_train)
    X_test = scaler.transform(X_test)

    net = Network([Dense(4, args.hidden, "tanh"), Dense(args.hidden, 3, "softmax")],
                  loss="crossentropy", seed=args.seed)
    history = net.fit(X_train, y_train, epochs=args.epochs, optimizer="adam", learning_rate=0.01,
                      batch_size=16, verbose=0, backend=args.backend)
    print("trained %d epochs in %.2f s, final training loss %.4f"
          % (len(history), history.seconds, history.history["loss"][-1]))

    train_acc = net.evaluate(X_train, y_train, backend=args.backend)["accuracy"]
    predicted = net.predict_classes(X_test, backend=args.backend)
    test_acc = accuracy(y_test, predicted)
    print("training accuracy: %.1f%%" % (100 * train_acc))
    print("test accuracy:     %.1f%%  (%d of %d flowers)"
          % (100 * test_acc, sum(p == t for p, t in zip(predicted, y_test)), len(y_test)))

    first = net.predict([X_test[0]], backend=args.backend)[0]
    print()
    print("the first test flower: probabilities %s -> %s (really %s)"
          % (", ".join("%s %.3f" % (n, p) for n, p in zip(class_names, first)),
             class_names[predicted[0]], class_names[y_test[0]]))

    matrix = confusion_matrix(y_test, predicted, n_classes=3)
    width = max(len(n) for n in class_names)
    print()
    print("confusion matrix (rows: true species, columns: predicted species)")
    print(" " * width + "  " + "  ".join("%*s" % (width, n) for n in class_names))
    for name, row in zip(class_names, matrix):
        print("%*s  " % (width, name) + "  ".join("%*d" % (width, v) for v in row))
    print()
    print(classification_report(y_test, predicted, class_names=class_names))
    return {"train_accuracy": train_acc, "test_accuracy": test_acc, "confusion_matrix": matrix}


if __name__ == "__main__":
    main()
