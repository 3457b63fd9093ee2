"""Extractions as JSON text and back, for Parquet shards and Ray batches.

JSON rather than pickle: a shard folder may be shared, and loading it must
never run code. The decoder is driven by the record dataclasses' type
hints, so a field added to ``spoor.records`` travels without changes here.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from functools import cache
from typing import Any, Literal, TypeVar, Union, get_args, get_origin

R = TypeVar("R")


def dumps(record: Any) -> str:
    """A record dataclass (Document, Extraction ...) as compact JSON."""
    return json.dumps(dataclasses.asdict(record), ensure_ascii=False, separators=(",", ":"))


def loads(cls: type[R], text: str) -> R:
    """The record of type ``cls`` that ``dumps`` wrote."""
    value = _decode(cls, json.loads(text))
    if not isinstance(value, cls):
        raise ValueError(f"not a {cls.__name__} record")
    return value


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _decode(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        hints = _hints(hint)
        fields = {f.name for f in dataclasses.fields(hint)}
        return hint(**{k: _decode(hints[k], v) for k, v in value.items() if k in fields})
    origin = get_origin(hint)
    if origin in (Union, types.UnionType):
        return _decode_union(get_args(hint), value)
    if origin is list:
        (item,) = get_args(hint)
        return [_decode(item, v) for v in value]
    if origin is tuple:
        args = get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_decode(args[0], v) for v in value)
        return tuple(_decode(a, v) for a, v in zip(args, value, strict=True))
    if origin is dict or origin is Literal or hint is Any:
        return value
    return value


def _decode_union(options: tuple[Any, ...], value: Any) -> Any:
    if isinstance(value, dict):
        for option in options:
            if dataclasses.is_dataclass(option):
                return _decode(option, value)
    if isinstance(value, list):
        for option in options:
            if get_origin(option) in (list, tuple):
                return _decode(option, value)
    return value
