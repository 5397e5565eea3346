"""A database from the first release opens with everything in it; databases that cannot be used
stop start-up with one sentence, never a traceback."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys

import pytest

from fake_lmstudio import reply_text
from support import BACKEND_DIR, ROOT, backend_env, free_port, text_of

FIXTURES = ROOT / "tests" / "fixtures"
ALEMBIC = ROOT / "tests" / ".venv" / "bin" / "alembic"
STARTUP_FAILED = 3  # uvicorn's exit status when the application's start-up fails


@pytest.fixture
def first_release_db(tmp_path):
    """A copy of the database the first release wrote (tests/fixtures/make_first_release_db.py)."""
    path = tmp_path / "chat.db"
    shutil.copy(FIXTURES / "first_release.db", path)
    return path


def expected_first_release():
    return json.loads((FIXTURES / "first_release.json").read_text())


def expected_fields(expected) -> set[str]:
    return {key for messages in expected["messages"].values() for message in messages for key in message}


def schema_version(path) -> str:
    with sqlite3.connect(path) as db:
        return db.execute("SELECT version_num FROM alembic_version").fetchone()[0]


def test_a_first_release_database_opens_with_every_conversation_message_and_setting(start_backend, first_release_db):
    expected = expected_first_release()
    backend = start_backend(CHAT_DB=str(first_release_db))

    listed = backend.http.get("/api/conversations").json()
    fields = ("id", "title", "created_at", "updated_at", "system_prompt", "model", "temperature", "max_tokens")
    assert [{f: c[f] for f in fields} for c in listed] == [{f: c[f] for f in fields} for c in expected["conversations"]]
    crashed = expected["streaming_reply_of"]
    for conversation in expected["conversations"]:
        stored = backend.messages(conversation["id"])
        # Every field the first release wrote, as it wrote it (the tree's fields are new, and
        # so are the stats' context figures, null for replies stored before them).
        as_written = [{key: as_first_written(m, key) for key in expected_fields(expected)} for m in stored]
        if conversation["id"] == crashed:
            # The reply a crash left half-written is shown now, as interrupted, with its text.
            assert as_written[:-1] == expected["messages"][crashed]
            assert (stored[-1]["content"], stored[-1]["status"]) == ("1, 2, 3, 4", "interrupted")
            assert "backend stopped" in stored[-1]["error"]
        else:
            assert as_written == expected["messages"][conversation["id"]]
        # A flat conversation became one chain, its last message the active leaf.
        assert [m["parent_id"] for m in stored] == [None, *[m["id"] for m in stored[:-1]]][: len(stored)]
        assert all(m["sibling_ids"] == [m["id"]] for m in stored)
        summary = next(c for c in listed if c["id"] == conversation["id"])
        assert summary["message_count"] == len(stored)
        assert summary["active_message_id"] == (stored[-1]["id"] if stored else None)
        assert (summary["folder_id"], summary["pinned"]) == (None, False)  # folders and pins came later

    trip = next(c["id"] for c in expected["conversations"] if c["title"] == "Trip plans")
    assert [c["id"] for c in backend.http.get("/api/conversations", params={"q": "ΣΊΣΥΦΟΣ"}).json()] == [trip]
    assert [c["id"] for c in backend.http.get("/api/conversations", params={"q": "bacalhau"}).json()] == [trip]
    events = backend.chat(trip, "One more thing {{stub tokens=3}}", model="stand-in-7b-instruct")
    assert text_of(events) == reply_text(3)
    assert schema_version(first_release_db) == newest()
    assert backend.http.get("/api/folders").json() == []
    archive = backend.http.get("/api/export", params={"format": "zip"})  # everything migrated can be backed up
    assert archive.status_code == 200 and archive.content.startswith(b"PK")


NEW_STATS = ("prompt_tokens", "prompt_chars", "context_length", "tokens_per_char")


def as_first_written(message: dict, key: str):
    value = message[key]
    if key == "stats" and value is not None:
        assert all(value[new] is None for new in NEW_STATS)
        value = {name: figure for name, figure in value.items() if name not in NEW_STATS}
    return value


def newest() -> str:
    sys.path.insert(0, str(BACKEND_DIR))
    from storage.migrate import newest_revision

    return newest_revision()


def test_migrations_run_by_hand_with_the_documented_command(first_release_db, start_backend):
    result = subprocess.run(
        [str(ALEMBIC), "upgrade", "head"],
        cwd=BACKEND_DIR,
        env={**os.environ, "CHAT_DB": str(first_release_db)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert schema_version(first_release_db) == newest()
    backend = start_backend(CHAT_DB=str(first_release_db))
    assert len(backend.http.get("/api/conversations").json()) == len(expected_first_release()["conversations"])


def start_expecting_failure(stand_in, **overrides) -> str:
    """Start the backend and expect it to stop at start-up; returns what it printed."""
    env = {**os.environ, **backend_env(stand_in.url, **overrides)}
    command = [sys.executable, "-m", "uvicorn", "main:app", "--host", "127.0.0.1", "--port", str(free_port())]
    result = subprocess.run(command, cwd=BACKEND_DIR, env=env, capture_output=True, text=True, timeout=60)
    output = result.stdout + result.stderr
    assert result.returncode == STARTUP_FAILED, output
    assert "Traceback" not in output, output
    return output


def test_a_database_from_a_newer_release_stops_start_up_with_a_sentence(first_release_db, stand_in, start_backend):
    start_backend(CHAT_DB=str(first_release_db)).stop()
    with sqlite3.connect(first_release_db) as db:
        db.execute("UPDATE alembic_version SET version_num = '9999'")
    output = start_expecting_failure(stand_in, CHAT_DB=str(first_release_db))
    assert f"The database {first_release_db} was written by a newer client-chat (schema 9999" in output
    assert "Run the newer release" in output


def test_a_file_that_is_not_a_database_stops_start_up_with_a_sentence(tmp_path, stand_in):
    notes = tmp_path / "notes.txt"
    notes.write_text("shopping list: bread, milk\n" * 200)
    output = start_expecting_failure(stand_in, CHAT_DB=str(notes))
    assert f"{notes} is not a SQLite database" in output
    assert notes.read_text().startswith("shopping list")  # left as it was


def test_another_programs_database_is_left_alone(tmp_path, stand_in):
    other = tmp_path / "places.sqlite"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE bookmarks (url TEXT)")
    output = start_expecting_failure(stand_in, CHAT_DB=str(other))
    assert "holds tables of another program (bookmarks)" in output


def test_a_read_only_database_stops_start_up_with_a_sentence(tmp_path, stand_in, start_backend):
    folder = tmp_path / "ro"
    folder.mkdir()
    database = folder / "chat.db"
    start_backend(CHAT_DB=str(database)).stop()
    os.chmod(database, 0o444)
    os.chmod(folder, 0o555)
    try:
        # Root may write anything; without the capabilities that allow it, root is held to the permissions.
        run_as = (
            ["setpriv", "--bounding-set", "-dac_override,-dac_read_search,-fowner", "--"] if os.geteuid() == 0 else []
        )
        env = {**os.environ, **backend_env(stand_in.url, CHAT_DB=str(database))}
        command = [*run_as, sys.executable, "-m", "uvicorn", "main:app", "--port", str(free_port())]
        result = subprocess.run(command, cwd=BACKEND_DIR, env=env, capture_output=True, text=True, timeout=60)
        output = result.stdout + result.stderr
        assert result.returncode == STARTUP_FAILED, output
        assert "Traceback" not in output
        assert f"The database {database} is read-only" in output
    finally:
        os.chmod(folder, 0o755)


def test_a_second_backend_on_a_database_reached_through_a_symlink_is_refused(tmp_path, stand_in, start_backend):
    database = tmp_path / "chat.db"
    start_backend(CHAT_DB=str(database))
    link = tmp_path / "same.db"
    link.symlink_to(database)
    output = start_expecting_failure(stand_in, CHAT_DB=str(link))
    assert f"Another client-chat backend is already using {database}" in output


def test_postgresql_that_cannot_be_reached_or_refuses_the_login_stops_start_up(stand_in, postgres_cluster):
    unreachable = f"postgresql://chat@127.0.0.1:{free_port()}/chat"
    assert "Cannot reach PostgreSQL at postgresql+asyncpg://chat@127.0.0.1" in start_expecting_failure(
        stand_in, CHAT_DB=unreachable
    )
    nobody = postgres_cluster.url().replace("chat@", "nobody:secret@")
    output = start_expecting_failure(stand_in, CHAT_DB=nobody)
    assert "refused the login" in output and "secret" not in output
    missing = postgres_cluster.url("no_such_database")
    assert "has no such database" in start_expecting_failure(stand_in, CHAT_DB=missing)


def test_a_second_backend_on_one_postgresql_database_is_refused(stand_in, postgres_cluster, start_backend):
    database = postgres_cluster.new_database()
    first = start_backend(CHAT_DB=database)
    output = start_expecting_failure(stand_in, CHAT_DB=database)
    assert "Another client-chat backend is already using postgresql+asyncpg://chat@" in output
    assert first.http.get("/").status_code == 200


def test_a_first_release_database_goes_to_its_first_administrator_when_accounts_are_turned_on(
    start_backend, first_release_db
):
    from accounts_support import add_user, signed_in

    expected = expected_first_release()
    add_user(str(first_release_db), "ana", admin=True)  # brings the database up to date, too
    add_user(str(first_release_db), "bob")
    backend = start_backend(CHAT_DB=str(first_release_db), CHAT_AUTH="on")
    ana, bob = signed_in(backend, "ana"), signed_in(backend, "bob")
    assert [c["id"] for c in ana.get("/api/conversations").json()] == [c["id"] for c in expected["conversations"]]
    for conversation in expected["conversations"]:
        assert len(ana.get(f"/api/conversations/{conversation['id']}/messages").json()) >= len(
            expected["messages"][conversation["id"]]
        )
        assert bob.get(f"/api/conversations/{conversation['id']}").status_code == 404
    assert bob.get("/api/conversations").json() == []
    assert schema_version(first_release_db) == newest()
