"""Spoor's exceptions.

The tree::

    SpoorError                      any error Spoor raises on purpose
    ├── DocumentSkipped             one input rejected; the batch goes on
    │   └── UnsafeURL               a URL refused by the address guard
    ├── ConfigError                 bad settings or config file; fix and re-run
    ├── KnowledgeBaseError          a curated data file under spoor/kb/ is invalid
    ├── StoreError                  the database cannot be opened or written
    └── NotFound                    an id or name the user gave does not exist

Per-document failures (``DocumentSkipped``) are recorded with their reason
and the run continues; the others abort the run. The CLI and the web app
turn them into exit codes and HTTP errors; library code only raises.
"""

from __future__ import annotations


class SpoorError(Exception):
    """Base class. ``str(err)`` is a message written for the user."""


class DocumentSkipped(SpoorError):
    """An input could not become a document. ``reason`` says why, briefly."""

    def __init__(self, reason: str, uri: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.uri = uri


class UnsafeURL(DocumentSkipped):
    """A URL whose host resolves to a loopback, private or reserved address."""


class ConfigError(SpoorError):
    pass


class KnowledgeBaseError(SpoorError):
    pass


class StoreError(SpoorError):
    pass


class NotFound(SpoorError):
    pass
