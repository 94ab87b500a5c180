"""Render a benchmark results file as the Markdown tables of README.md's "Benchmarks" section.

    python -m benchmarks.readme_table benchmarks/results/NAME.json

Prints three tables (time per epoch, whole ``fit`` calls, ``predict``) from
the JSON that ``python -m benchmarks`` writes; paste them between the
``<!-- benchmark table -->`` markers.  Nothing is measured here.
"""

import json
import sys

from tinynet.bench import COLUMNS, format_time

PEERS = {"python": "pure Python", "cython": "compiled", "numpy": "NumPy", "torch-1": "PyTorch 1 thread",
         "torch": "PyTorch default threads", "sklearn": "scikit-learn"}


def _row(cells):
    return "| " + " | ".join(cells) + " |"


def _times(values):
    return [format_time(v).replace("us", "µs") if v is not None else "-" for v in values]


def epoch_table(results):
    """Time per epoch of every contender, the ratios to the compiled loop and its GFLOP/s."""
    head = ["workload"] + [PEERS[c] for c in COLUMNS] + ["NumPy ÷ compiled", "compiled GFLOP/s",
                                                         "same bits"]
    lines = [_row(head), _row(["---"] * len(head))]
    for r in results:
        sec = r["seconds_per_epoch"]
        ratio = "%.2f×" % r["numpy/cython"] if "numpy/cython" in r else "-"
        gflops = r.get("gflops", {}).get("cython")
        bits = {True: "yes", False: "NO"}.get(r.get("same_bits"), "-")
        lines.append(_row(["`%s`" % r["workload"]] + _times([sec.get(c) for c in COLUMNS])
                          + [ratio, "%.2f" % gflops if gflops else "-", bits]))
    return "\n".join(lines)


def whole_call_table(results):
    """The whole fit call from Python lists of every contender, and the NumPy peer's ratio."""
    head = ["workload", "epochs"] + [PEERS[c] for c in COLUMNS] + ["compiled, from NumPy",
                                                                   "NumPy ÷ compiled (lists)"]
    lines = [_row(head), _row(["---"] * len(head))]
    for r in results:
        whole = r.get("whole_call", {})
        cells = _times([whole.get(c, {}).get("lists") for c in COLUMNS])
        ran = r["timed"].get("python", "")
        if cells[0] != "-" and not ran.startswith("%d epoch" % r["epochs"]):
            cells[0] += " (%s)" % ran.split(" (")[0]  # the pure loop's whole call ran fewer epochs
        cy, np_ = whole.get("cython", {}), whole.get("numpy", {})
        ratio = "%.2f×" % (np_["lists"] / cy["lists"]) if cy.get("lists") and np_.get("lists") else "-"
        lines.append(_row(["`%s`" % r["workload"], str(r["epochs"])] + cells
                          + _times([cy.get("numpy")]) + [ratio]))
    return "\n".join(lines)


def predict_table(rows):
    """``predict`` on 10,000 rows."""
    keys = []
    for r in rows:
        keys += [k for k in r["seconds"] if k not in keys]
    head = ["network", "rows"] + keys
    lines = [_row(head), _row(["---"] * len(head))]
    for r in rows:
        lines.append(_row(["`%s`" % r["workload"], str(r["rows"])] + _times([r["seconds"].get(k) for k in keys])))
    return "\n".join(lines)


def notes(results):
    """What was run where a contender ran less than the whole workload (from ``timed``)."""
    return sorted({"%s on `%s`: %s" % (PEERS.get(b, b), r["workload"], why) for r in results
                   for b, why in r["timed"].items()
                   if not why.endswith("epochs") and not why.endswith("epoch")})


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        sys.exit("usage: python -m benchmarks.readme_table RESULTS.json")
    with open(argv[0]) as f:
        data = json.load(f)
    parts = ["Time per epoch, median:", "", epoch_table(data["results"]), "",
             "Whole `fit` call from Python lists (conversion, checks and training), median:", "",
             whole_call_table(data["results"])]
    if data.get("predict"):
        parts += ["", "`predict`, median:", "", predict_table(data["predict"])]
    extra = notes(data["results"])
    if extra:
        parts += [""] + ["* " + line for line in extra]
    print("\n".join(parts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
