"""Run the intelmig CLI from a checkout: ``python cli.py --help``.

The installed console script ``intelmig`` calls the same ``graph.cli:main``;
the command code lives inside the package so the wheel adds one top-level name.
"""

from graph.cli import main

if __name__ == "__main__":
    main()
