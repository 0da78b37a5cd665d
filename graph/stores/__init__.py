"""Graph stores: the embedded LadybugDB file (default) and a Neo4j server."""

from .base import Result, Store
from .embedded import default_db_path

__all__ = ["Result", "Store", "default_db_path"]
