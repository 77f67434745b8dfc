"""The embedded SQLite database serves concurrent requests: a writer that read first waits, it is never refused."""

from __future__ import annotations

import threading
from pathlib import Path

from sqlalchemy import text

from portal.db import make_engine


def test_a_request_that_read_before_another_wrote_still_writes(tmp_path: Path) -> None:
    # The shape of a page load racing a webhook: request A reads its session row, request B writes and commits,
    # then A updates the row it read. With a deferred BEGIN in WAL mode A was refused with "database is locked".
    engine = make_engine(f"sqlite:///{tmp_path / 'race.db'}")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE seen (id INTEGER PRIMARY KEY, hits INTEGER NOT NULL)"))
        conn.execute(text("INSERT INTO seen (id, hits) VALUES (1, 0), (2, 0)"))

    a_has_read = threading.Event()
    b_finished = threading.Event()
    errors: list[BaseException] = []

    def request_a() -> None:
        try:
            with engine.begin() as conn:
                conn.execute(text("SELECT hits FROM seen WHERE id = 1")).scalar_one()
                a_has_read.set()
                b_finished.wait(timeout=1)  # B either wrote already, or waits for A's lock
                conn.execute(text("UPDATE seen SET hits = hits + 1 WHERE id = 1"))
        except BaseException as error:  # noqa: BLE001 - reported to the test thread
            errors.append(error)

    def request_b() -> None:
        try:
            a_has_read.wait(timeout=5)
            with engine.begin() as conn:
                conn.execute(text("UPDATE seen SET hits = hits + 1 WHERE id = 2"))
        except BaseException as error:  # noqa: BLE001
            errors.append(error)
        finally:
            b_finished.set()

    threads = [threading.Thread(target=request_a), threading.Thread(target=request_b)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    with engine.connect() as conn:
        assert conn.execute(text("SELECT id, hits FROM seen ORDER BY id")).all() == [(1, 1), (2, 1)]
    engine.dispose()
