"""Benchmarks of tinynet's training loops (the code lives in ``tinynet.bench``).

Run ``python -m benchmarks`` from the repository root; results go to
``benchmarks/results/NAME.json`` and ``NAME.md`` (``--name NAME``, default
``latest``). The full run, with OpenBLAS choosing its kernel for this CPU::

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python -m benchmarks --name NAME
"""
