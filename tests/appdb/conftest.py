"""Application database fixtures: every test in this folder runs on SQLite AND on PostgreSQL.

PostgreSQL: ``$JOBRISK_TEST_PG_URL`` when set (``.ci/run`` starts a server and sets it); otherwise
a throw-away cluster is started here with ``scripts/postgres-test.sh`` (Debian's postgresql
package) on a free port, and stopped at the end of the session. Without PostgreSQL the tests
FAIL under CI (``CI`` set) and are skipped elsewhere with the reason.
"""

from __future__ import annotations

import os
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from jobrisk.appdb import AppRepository

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "postgres-test.sh"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def postgres_server_url() -> str:
    given = os.environ.get("JOBRISK_TEST_PG_URL")
    if given:
        yield given
        return
    folder = tempfile.mkdtemp(prefix="jobrisk-pg-")  # in /tmp: the postgres user must reach it
    started = subprocess.run(["bash", str(SCRIPT), "start", folder, str(_free_port())], capture_output=True, text=True)
    if started.returncode != 0:
        message = f"PostgreSQL could not be started: {started.stderr.strip()[-500:]}"
        subprocess.run(["bash", str(SCRIPT), "stop", folder], capture_output=True)
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    try:
        yield started.stdout.strip()
    finally:
        subprocess.run(["bash", str(SCRIPT), "stop", folder], capture_output=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database of each kind."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'app.sqlite'}"
        return
    server = request.getfixturevalue("postgres_server_url")
    schema = "t_" + uuid.uuid4().hex[:12]  # a fresh schema per test (much faster than a database)
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in server else "?"
    try:
        yield f"{server}{separator}options=-csearch_path%3D{schema}"
    finally:
        with admin.connect() as c:
            c.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def repo(database_url: str) -> AppRepository:
    repository = AppRepository.open(database_url)
    yield repository
    repository.close()
