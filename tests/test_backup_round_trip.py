"""Export everything, import it into an empty database: the API answers exactly as it did
(GET /api/export?format=zip then POST /api/import, through two real backends)."""

from __future__ import annotations

import io
import zipfile

from sample_files import image_bytes
from support import iter_events

NOTES = b"# Shopping\n- milk\n- bread\n"


def regenerate(backend, conversation_id: str, message_id: str) -> None:
    path = f"/api/conversations/{conversation_id}/messages/{message_id}/regenerate"
    with backend.http.stream("POST", path, json={}) as response:
        assert response.status_code == 200, response.read()
        list(iter_events(response.iter_lines()))


def uploaded(backend, name: str, data: bytes) -> str:
    response = backend.http.post("/api/attachments", files={"file": (name, data, "application/octet-stream")})
    assert response.status_code == 201, response.text
    return response.json()["id"]


def make_a_history(backend, stand_in) -> None:
    """What people make with the page: branches, files, settings, presets, a copy."""
    stand_in.admin("PUT", "models", {"models": [{"id": "vision-model", "type": "vlm"}]})  # it sees the picture
    backend.http.get("/api/models/catalog?fresh=true")
    backend.http.put("/api/settings", json={"system_prompt": "Be brief.", "temperature": 0.5})
    coding = backend.http.post("/api/presets", json={"name": "Coding", "top_k": 40, "stop": ["###"]})
    assert coding.status_code == 201, coding.text
    shopping = backend.create_conversation(title="Shopping")
    patched = backend.http.patch(f"/api/conversations/{shopping}", json={"max_tokens": 300, "min_p": 0.05})
    assert patched.status_code == 200, patched.text
    picture, notes = uploaded(backend, "red.png", image_bytes("PNG")), uploaded(backend, "notes.md", NOTES)
    backend.chat(shopping, "What is on the list? {{stub tokens=4}}", attachments=[picture, notes])
    backend.chat(shopping, "And for dinner? {{stub tokens=3}}")
    first_path = backend.messages(shopping)
    regenerate(backend, shopping, first_path[1]["id"])  # a second answer beside the first
    question = first_path[0]
    backend.chat(shopping, "What is on the list, please? {{stub tokens=2}}", parent_id=question["parent_id"])
    switched = backend.http.put(f"/api/conversations/{shopping}/active", json={"message_id": first_path[3]["id"]})
    assert switched.status_code == 200, switched.text
    fork = backend.http.post(f"/api/conversations/{shopping}/fork", json={"message_id": first_path[1]["id"]})
    assert fork.status_code == 200, fork.text
    folder = backend.http.post("/api/folders", json={"name": "Home"}).json()
    moved = backend.http.patch(f"/api/conversations/{shopping}", json={"folder_id": folder["id"], "pinned": True})
    assert moved.status_code == 200, moved.text
    backend.create_conversation(title="Empty for now")


def everything_shown(backend) -> dict:
    """What the API answers about every stored thing, files' bytes included."""
    listed = backend.http.get("/api/conversations").json()
    trees = {c["id"]: backend.http.get(f"/api/conversations/{c['id']}/export?format=json").json() for c in listed}
    paths = {c["id"]: backend.messages(c["id"]) for c in listed}
    files = {
        attachment["id"]: backend.http.get(f"/api/attachments/{attachment['id']}").content
        for tree in trees.values()
        for message in tree["messages"]
        for attachment in message.get("attachments") or []
    }
    return {
        "list": listed,
        "trees": trees,
        "paths": paths,
        "files": files,
        "settings": backend.http.get("/api/settings").json(),
        "presets": backend.http.get("/api/presets").json(),
        "folders": backend.http.get("/api/folders").json(),
    }


def imported(backend, archive: bytes) -> dict:
    response = backend.http.post("/api/import", files={"file": ("client-chat.zip", archive, "application/zip")})
    assert response.status_code == 200, response.text
    return response.json()


def test_everything_exported_comes_back_the_same_in_an_empty_database(start_backend, stand_in, tmp_path):
    here = start_backend(CHAT_DB=tmp_path / "here.db")
    make_a_history(here, stand_in)
    response = here.http.get("/api/export", params={"format": "zip"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/zip"
    assert response.headers["content-disposition"].startswith('attachment; filename="client-chat-')
    before = everything_shown(here)
    assert len(before["list"]) == 3 and len(before["files"]) == 2

    there = start_backend()
    summary = imported(there, response.content)
    assert summary["imported"] == 3 and summary["skipped"] == 0 and summary["warnings"] == []
    assert sorted(c["title"] for c in summary["conversations"]) == sorted(c["title"] for c in before["list"])
    assert {c["source"] for c in summary["conversations"]} == {"client-chat"}
    assert everything_shown(there) == before

    again = imported(there, response.content)
    assert again == {"imported": 0, "skipped": 3, "conversations": [], "warnings": []}
    assert everything_shown(there) == before


def test_the_archive_says_what_it_is_and_leaves_no_file_behind(backend):
    backend.create_conversation(title="Anything")
    response = backend.http.get("/api/export?format=zip")
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        names = set(archive.namelist())
        assert {"client-chat-archive.json", "conversations.jsonl", "attachments.jsonl"} <= names
        assert archive.testzip() is None
    refused = backend.http.get("/api/export?format=tar")
    assert refused.status_code == 422
    assert "zip" in refused.text
