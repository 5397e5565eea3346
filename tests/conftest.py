"""Fixtures: the LM Studio stand-in and the backend as real processes on free ports."""

from __future__ import annotations

import pytest

from support import LOGS, Backend, StandIn, Toolbox, backend_env, free_port


@pytest.fixture(scope="session")
def stand_in_server():
    server = StandIn(LOGS)
    yield server
    server.stop()


@pytest.fixture
def stand_in(stand_in_server):
    """The stand-in, with default behaviour and no recorded requests."""
    stand_in_server.reset()
    yield stand_in_server
    stand_in_server.reset()


@pytest.fixture(scope="session")
def backend_server(stand_in_server):
    server = Backend(LOGS, backend_env(stand_in_server.url))
    yield server
    server.stop()


@pytest.fixture
def backend(backend_server, stand_in):
    """The shared backend (in-memory store) talking to a freshly reset stand-in."""
    return backend_server


@pytest.fixture
def start_backend(stand_in):
    """Start a dedicated backend with extra environment variables; all are stopped afterwards."""
    started: list[Backend] = []

    def start(**overrides) -> Backend:
        server = Backend(LOGS, backend_env(stand_in.url, **overrides))
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture(scope="session")
def toolbox():
    """Our own MCP server (tests/mcp_servers/toolbox.py) over Streamable HTTP, for the whole run."""
    server = Toolbox(LOGS)
    yield server
    server.stop()


@pytest.fixture
def closed_port_url() -> str:
    """An LM Studio URL where nothing listens."""
    return f"http://127.0.0.1:{free_port()}/v1"


ENGINES = ["memory", "sqlite", "postgresql"]


@pytest.fixture(scope="session")
def postgres_cluster():
    """One throwaway PostgreSQL cluster for the whole run, started when a test first needs it."""
    from postgres import PostgresCluster

    cluster = PostgresCluster(LOGS)
    yield cluster
    cluster.stop()


@pytest.fixture
def database_setting(request, tmp_path):
    """CHAT_DB for the engine a test is parametrized with: memory, a SQLite file, or PostgreSQL."""
    engine = request.param
    if engine == "memory":
        return ""
    if engine == "sqlite":
        return str(tmp_path / "chat.db")
    return request.getfixturevalue("postgres_cluster").new_database()


@pytest.fixture(scope="module", params=ENGINES)
def engine_backend(request, stand_in_server, tmp_path_factory):
    """A backend per storage engine, shared by a module: its tests run once on each engine."""
    if request.param == "memory":
        setting = ""
    elif request.param == "sqlite":
        setting = str(tmp_path_factory.mktemp(request.param) / "chat.db")
    else:
        setting = request.getfixturevalue("postgres_cluster").new_database()
    server = Backend(LOGS, backend_env(stand_in_server.url, CHAT_DB=setting))
    server.engine = request.param
    yield server
    server.stop()


@pytest.fixture(scope="session")
def redis_server():
    """One throwaway Redis for the whole run, started when a test first needs it."""
    from redis_server import RedisServer

    server = RedisServer(LOGS)
    yield server
    server.stop()
