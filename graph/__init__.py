"""intelmig: a citeable graph database of intellectual migration."""

__version__ = "0.1.0"
