"""Shared fixtures. Tests talk to a real embedded server over Bolt, never to a mock (DESIGN.md §2)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from graph import embedded
from graph.store import Store, settings_for_server


@pytest.fixture(scope="session")
def embedded_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A home folder with a running embedded server, shared by the whole session (a start costs ~4 s)."""
    home = tmp_path_factory.mktemp("innograph-home")
    embedded.start(home)
    yield home
    embedded.stop(home)


@pytest.fixture
def store(embedded_home: Path) -> Iterator[Store]:
    """An open Store on the session's embedded server, whatever NEO4J_URI says.

    The database is shared by all tests of the session: use labels of your own, or clean up what you write.
    """
    info = embedded.start(embedded_home)  # returns the running server; restarts it if a test stopped it
    with Store.connect(settings_for_server(info)) as connected:
        yield connected
