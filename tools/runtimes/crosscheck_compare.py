"""Compare the output of ``crosscheck.py`` between runtimes.

    python tools/runtimes/crosscheck_compare.py [--report-only] NAME=FILE...

Each FILE holds what ``crosscheck.py`` printed on the runtime NAME. Prints,
for every training, the hash on each runtime, marked ``==`` where it equals
the first runtime's and ``!=`` where it does not. Exits 1 if any hash
differs or a training is missing (0 with ``--report-only``, which CI uses
until tinynet's own elementary functions make the bits the same everywhere).
"""

import sys


def read(path):
    """``{training: (hash, final value)}`` from one crosscheck output file."""
    results = {}
    with open(path) as f:
        for line in f:
            fields = line.split()
            if len(fields) >= 2 and not line.startswith("#") and len(fields[1]) == 64:
                results[fields[0]] = (fields[1], " ".join(fields[2:]))
    return results


def main(argv):
    report_only = "--report-only" in argv
    pairs = [a.split("=", 1) for a in argv if a != "--report-only"]
    if len(pairs) < 2 or any(len(p) != 2 for p in pairs):
        sys.exit("usage: crosscheck_compare.py [--report-only] NAME=FILE NAME=FILE...")
    runs = [(name, read(path)) for name, path in pairs]
    reference_name, reference = runs[0]
    if not reference:
        sys.exit("%s: no crosscheck lines" % reference_name)
    mismatches = 0
    for training in sorted(reference):
        print("%s (reference %s: %s, %s)" % (training, reference_name, reference[training][0][:16],
                                             reference[training][1]))
        for name, results in runs[1:]:
            if training not in results:
                mismatches += 1
                print("  %-16s MISSING" % name)
                continue
            same = results[training][0] == reference[training][0]
            mismatches += not same
            print("  %-16s %s %s  %s" % (name, "==" if same else "!=", results[training][0][:16],
                                         results[training][1]))
    if mismatches:
        print("cross-runtime check: %d mismatch(es) against %s" % (mismatches, reference_name))
        return 0 if report_only else 1
    print("cross-runtime check: identical bits on %s" % ", ".join(name for name, _ in runs))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
