"""tinynet's version, written once (the package and setuptools read it from here)."""

__version__ = "0.1.0"
