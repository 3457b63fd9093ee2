"""Judgements: recorded apart, undone without loss, merges followed through chains."""

from __future__ import annotations

import pytest

from spoor.errors import NotFound, SpoorError
from spoor.store import Store, judgements


def test_merge_chain_resolves_to_the_last_kept_entity(store: Store) -> None:
    with store.engine.begin() as conn:
        judgements.record(conn, "merge", "kb:iskp", {"other": "ent:b"})
        judgements.record(conn, "merge", "ent:b", {"other": "ent:c"})
        assert judgements.canonical_ids(conn) == {"ent:b": "kb:iskp", "ent:c": "kb:iskp"}


def test_undo_removes_the_redirect_and_keeps_the_record(store: Store) -> None:
    with store.engine.begin() as conn:
        first = judgements.record(conn, "merge", "kb:iskp", {"other": "ent:b"})
        undone = judgements.undo(conn, first)
        assert undone.undone and undone.value == {"other": "ent:b"}
        assert judgements.canonical_ids(conn) == {}
        assert judgements.active(conn) == []
        with pytest.raises(SpoorError, match="already undone"):
            judgements.undo(conn, first)


def test_unknown_kind_and_id_are_clear_errors(store: Store) -> None:
    with store.engine.begin() as conn:
        with pytest.raises(SpoorError, match="Unknown judgement kind"):
            judgements.record(conn, "delete", "x", {})
        with pytest.raises(NotFound):
            judgements.undo(conn, 999)


def test_merge_cycles_do_not_hang(store: Store) -> None:
    with store.engine.begin() as conn:
        judgements.record(conn, "merge", "a", {"other": "b"})
        judgements.record(conn, "merge", "b", {"other": "a"})
        assert set(judgements.canonical_ids(conn)) == {"a", "b"}
