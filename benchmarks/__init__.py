"""Benchmarks of tinynet's training loops (the code lives in ``tinynet.bench``).

Run ``python -m benchmarks`` from the repository root; results go to
``benchmarks/results.json`` unless ``--json PATH`` says otherwise.
"""
