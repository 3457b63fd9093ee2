"""The JSON answer cache: built once, rebuilt when the store changes."""

from __future__ import annotations

import pytest
from fastapi import HTTPException

from spoor.store import Store, judgements
from spoor.web.cache import Answers


def test_answers_are_built_once_until_the_store_changes(kb: Store) -> None:
    answers = Answers(kb, ttl=0.0)  # re-read the fingerprint on every call
    builds: list[int] = []

    def build() -> dict[str, int]:
        builds.append(1)
        return {"n": len(builds)}

    assert answers.json(("k",), build).body == b'{"n": 1}'
    assert answers.json(("k",), build).body == b'{"n": 1}'
    with kb.engine.begin() as conn:  # another process would do this
        judgements.record(conn, "alias", "kb:iskp", {"alias": "Khorasan Branch"})
    assert answers.json(("k",), build).body == b'{"n": 2}'


def test_a_missing_answer_is_a_404_and_is_remembered(kb: Store) -> None:
    answers = Answers(kb, ttl=60.0)
    calls: list[int] = []

    def nothing() -> None:
        calls.append(1)

    for _ in range(2):
        with pytest.raises(HTTPException) as caught:
            answers.json(("missing",), nothing)
        assert caught.value.status_code == 404
    assert calls == [1]
