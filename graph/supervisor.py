"""Keep the embedded server of a long-running command (`innograph serve`) alive.

A watcher thread polls the server's pid a few times a second. When the process is gone it marks the store down
(every Store call then fails at once with a StoreError saying so: a 503 in the API, not a 30 s hang), starts the
server again, preferably on the same ports (so that other clients' drivers reconnect by themselves), gives the Store
a fresh driver (Store.reconnect: on other ports too, and for the read-only stores made from it) and marks it up.

    with open_store(command="serve") as store, Supervisor(store, home):
        ...  # the API

The command must hold a lease on the server (open_store does): a server nobody leases stops by itself.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from types import TracebackType
from typing import Self

from graph import embedded
from graph.store import Store, StoreError, settings_for_server

log = logging.getLogger("innograph.supervisor")

POLL_INTERVAL_S = 0.25
RETRY_AFTER_FAILED_START_S = 5.0


class Supervisor:
    """Watches and restarts the embedded server behind `store`; also the store's Watch (what /health reports)."""

    def __init__(self, store: Store, home: Path, heap: str = "1g", poll_interval: float = POLL_INTERVAL_S) -> None:
        self.store = store
        self.home = Path(home).resolve()
        self.heap = heap
        self.poll_interval = poll_interval
        self.restarts = 0
        self._pid = self._running_pid()
        self._reason: str | None = None
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="innograph-supervisor", daemon=True)

    def _running_pid(self) -> int:
        info = embedded.status(self.home)
        if info is None:
            raise StoreError(f"the embedded server of {self.home} is not running: nothing to supervise")
        return info.pid

    # --- the Watch protocol -------------------------------------------------------------------------------------

    def down_reason(self) -> str | None:
        return self._reason

    @property
    def pid(self) -> int:
        return self._pid

    # --- lifecycle ----------------------------------------------------------------------------------------------

    def start(self) -> Self:
        self.store.watch = self
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join(timeout=5)
        if self.store.watch is self:
            self.store.watch = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()

    # --- the watcher thread -------------------------------------------------------------------------------------

    def _watch(self) -> None:
        while not self._stopping.wait(self.poll_interval):
            if not embedded.is_alive(self.home, self._pid):
                self._reason = f"the embedded server (pid {self._pid}) stopped; restarting it"
                log.warning("%s", self._reason)
                self._restart()

    def _restart(self) -> None:
        """Start the server again until it runs (or the supervisor stops); then the store is up again."""
        while not self._stopping.is_set():
            try:
                info = embedded.ensure_running(self.home, heap=self.heap)
                # A new driver even on the same ports: the old pool holds connections to the dead process, and
                # each would cost a failed attempt and a retry.
                self.store.reconnect(settings_for_server(info))
            except (embedded.EmbeddedServerError, StoreError) as error:
                self._reason = f"the embedded server stopped and could not be restarted yet: {error}"
                log.warning("%s", self._reason)
                self._stopping.wait(RETRY_AFTER_FAILED_START_S)
                continue
            self._pid = info.pid
            self.restarts += 1
            self._reason = None
            log.warning("the embedded server runs again: pid %s, %s", info.pid, info.uri)
            return
