"""Spoor: an evidence-linked knowledge base from open-source reporting on armed groups.

The public surface is small: ``spoor.open(db)`` returns a ``KnowledgeStore``
with ``ingest``, ``entities``, ``facts``, ``stats`` and ``search``.
"""

from spoor.api import KnowledgeStore, Results, open
from spoor.errors import DocumentSkipped, SpoorError
from spoor.settings import Settings, load_settings

__version__ = "0.1.0"

__all__ = [
    "DocumentSkipped",
    "KnowledgeStore",
    "Results",
    "Settings",
    "SpoorError",
    "__version__",
    "load_settings",
    "open",
]
