"""One ``kg load`` at a time per database: a lock held in Neo4j itself.

Two loads into one empty database at once would both take the fast first-load path, which
creates MENTIONED_IN edges and relationships without looking for existing ones, and so
would duplicate them. A load therefore first takes a lock: in a transaction of its own that
stays open for the whole load it MERGEs a ``(:KgLoadLock {name: 'load'})`` node whose name
has a uniqueness constraint. A second load's MERGE of the same node waits on that index
entry until the first transaction ends. The transaction is rolled back at the end of the
load, so the node is never committed (no stray node in the graph), and a load that dies
(kill -9, a lost connection) releases the lock with its connection.
"""

from __future__ import annotations

import os
import socket
from types import TracebackType
from typing import Any

from kg_builder.errors import Neo4jError
from kg_builder.neo4j.queries import cypher_file

__all__ = ["LoadLock"]


class LoadLock:
    """Context manager: the database's load lock, held until exit."""

    def __init__(self, driver: Any, database: str | None) -> None:
        self._driver = driver
        self._database = database
        self._session: Any = None
        self._tx: Any = None

    def _ensure_constraint(self) -> None:
        from neo4j.exceptions import Neo4jError as DriverNeo4jError

        text = cypher_file("load/lock_constraint").text
        session = self._driver.session(database=self._database, notifications_min_severity="OFF")
        try:
            for attempt in range(3):
                try:
                    session.execute_write(lambda tx: tx.run(text).consume())
                    return
                except DriverNeo4jError as exc:
                    # Two first loads creating the constraint at once: one of them is told
                    # it exists (or hits a transient schema conflict); it does now.
                    if attempt == 2:
                        raise Neo4jError(f"cannot create the load lock's constraint: {exc.code}") from exc
        finally:
            session.close()

    def acquire(self) -> None:
        """Block until no other kg load holds this database's lock, then hold it."""
        from neo4j.exceptions import DriverError
        from neo4j.exceptions import Neo4jError as DriverNeo4jError

        self._ensure_constraint()
        owner = f"kg load on {socket.gethostname()} pid {os.getpid()}"
        self._session = self._driver.session(database=self._database, notifications_min_severity="OFF")
        try:
            self._tx = self._session.begin_transaction()
            self._tx.run(cypher_file("load/lock").text, owner=owner).consume()
        except (DriverError, DriverNeo4jError) as exc:
            self.release()
            code = getattr(exc, "code", None) or type(exc).__name__
            raise Neo4jError(f"cannot take the load lock of the database: {code}") from exc

    def release(self) -> None:
        """Roll the lock transaction back (the lock node is never committed)."""
        try:
            if self._tx is not None:
                self._tx.rollback()
        except Exception:  # noqa: BLE001 - a dead connection released the lock already
            pass
        finally:
            self._tx = None
            if self._session is not None:
                self._session.close()
                self._session = None

    def __enter__(self) -> LoadLock:
        self.acquire()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.release()
