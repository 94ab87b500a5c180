"""tinynet playground: watch the real library learn, in your browser, offline.

>>> import tinynet.playground
>>> tinynet.playground.serve()          # doctest: +SKIP
tinynet playground: http://127.0.0.1:8xxx/?token=...

``tinynet playground`` on the command line does the same. The page is plain
HTML, CSS and JavaScript shipped with tinynet (nothing is fetched from the
internet); the training runs in Python, with tinynet's own ``Network.fit``.
"""

from .server import make_server, serve

__all__ = ["make_server", "serve"]
