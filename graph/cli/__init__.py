"""The ``intelmig`` command line: click commands over the :mod:`intelmig` library.

One module per command family; :mod:`.main` holds the group and the translation of
library errors into one-line messages.
"""

from .main import cli, main

__all__ = ["cli", "main"]
