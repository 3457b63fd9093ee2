"""A stand-in analyst for the crash test: writes judgements in a loop until killed.

Run as ``python -m tests.security.judge_writer DB``. Each loop commits one
transaction holding a merge, a confirm with a long value and an undo of the
merge, then prints how many transactions it has committed, so the test knows
what must survive the kill.
"""

from __future__ import annotations

import sys
import time

from spoor.kb import load_kb
from spoor.store import Store, judgements


def main(db: str) -> None:
    store = Store.open(db)
    kb = load_kb()
    store.sync_entities(kb.entity(actor_id) for actor_id in sorted(kb.actors))
    committed = 0
    while True:
        with store.engine.begin() as conn:
            number = judgements.merge(conn, "kb:is-pakistan", "kb:is-hind", author="crash-test")
            judgements.record(conn, "confirm", f"f:{committed:016x}", {"note": "x" * 4000})
            judgements.undo(conn, number)
        committed += 1
        print(committed, flush=True)
        time.sleep(0.02)  # an analyst, not a benchmark: leave the ingest room to write


if __name__ == "__main__":
    main(sys.argv[1])
