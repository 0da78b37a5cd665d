"""Run the intelmig CLI from a checkout without installing it: ``python cli.py --help``.

The installed console script ``intelmig`` calls the same ``intelmig.cli:main``. The
package's folder is ``graph/`` (the design card's layout) and is imported as ``intelmig``.
"""

import importlib.util
import sys
from pathlib import Path

if __name__ == "__main__":
    package = Path(__file__).resolve().parent / "graph"
    spec = importlib.util.spec_from_file_location(
        "intelmig", package / "__init__.py", submodule_search_locations=[str(package)])
    sys.modules["intelmig"] = module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    from intelmig.cli import main

    main()
