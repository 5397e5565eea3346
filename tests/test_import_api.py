"""POST /api/import through a real backend on every engine: what is imported, what is skipped,
what is refused and why, and that a refused file leaves nothing behind."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from import_samples import as_bytes, branching_chatgpt, chatgpt_conversation, zipped
from sample_files import image_bytes

FORMATS = "ChatGPT"  # every refusal for an unknown shape names the formats we read, ChatGPT first


@pytest.fixture
def backend(engine_backend):
    yield engine_backend
    for conversation in engine_backend.http.get("/api/conversations").json():
        engine_backend.http.delete(f"/api/conversations/{conversation['id']}")


def import_upload(backend, name: str, data: bytes, content_type: str = "application/octet-stream"):
    return backend.http.post("/api/import", files={"file": (name, data, content_type)})


def imported(backend, name: str, data: bytes) -> dict:
    response = import_upload(backend, name, data)
    assert response.status_code == 200, response.text
    return response.json()


def test_a_chatgpt_export_comes_in_with_every_branch_and_its_current_one_shown(backend):
    summary = imported(backend, "conversations.json", as_bytes([branching_chatgpt()]))
    assert summary["imported"] == 1 and summary["skipped"] == 0 and summary["warnings"] == []
    [conversation] = summary["conversations"]
    assert conversation["title"] == "Tea or coffee" and conversation["source"] == "chatgpt"
    path = backend.messages(conversation["id"])
    assert [(m["role"], m["content"]) for m in path] == [("user", "Tea or coffee?"), ("assistant", "Coffee.")]
    assert path[1]["model"] == "gpt-4o"
    assert len(path[1]["sibling_ids"]) == 2 and path[1]["sibling_ids"][1] == path[1]["id"]
    assert path[0]["timestamp"].startswith("2024-11-30T")
    listed = backend.http.get(f"/api/conversations/{conversation['id']}").json()
    assert listed["message_count"] == 2 and listed["title_set_by_user"] is True
    assert listed["created_at"].startswith("2024-11-30T")
    found = backend.http.get("/api/conversations", params={"q": "coffee"}).json()
    assert conversation["id"] in [hit["id"] for hit in found]


def test_importing_the_same_export_again_adds_nothing(backend):
    data = as_bytes([branching_chatgpt()])
    first = imported(backend, "conversations.json", data)
    again = imported(backend, "conversations.json", data)
    assert again == {"imported": 0, "skipped": 1, "conversations": [], "warnings": []}
    assert [c["id"] for c in backend.http.get("/api/conversations").json()] == [first["conversations"][0]["id"]]
    # Deleted here, it can be brought back.
    backend.http.delete(f"/api/conversations/{first['conversations'][0]['id']}")
    assert imported(backend, "conversations.json", data)["imported"] == 1


def test_a_conversation_that_cannot_be_read_is_left_out_with_a_sentence_and_the_others_come_in(backend):
    broken = {**branching_chatgpt("c0ffee00-0000-4000-8000-000000000002"), "mapping": {"x": 5}, "current_node": 7}
    other = chatgpt_conversation(
        "c0ffee00-0000-4000-8000-000000000003", "Second", [("q", None, "user", "Hello")], current="q"
    )
    summary = imported(backend, "conversations.json", as_bytes([branching_chatgpt(), broken, "nonsense", other]))
    assert sorted(c["title"] for c in summary["conversations"]) == ["Second", "Tea or coffee"]
    assert len(summary["warnings"]) >= 1
    assert all(isinstance(sentence, str) and sentence.endswith((".", ")")) for sentence in summary["warnings"])


def test_chatgpts_zip_brings_the_images_its_messages_show(backend):
    picture = image_bytes("PNG", size=(30, 20))
    with_image = chatgpt_conversation(
        "c0ffee00-0000-4000-8000-000000000004",
        "A picture",
        [
            (
                "q",
                None,
                "user",
                {
                    "content_type": "multimodal_text",
                    "parts": [
                        {
                            "content_type": "image_asset_pointer",
                            "asset_pointer": "file-service://file-AbC123",
                            "size_bytes": len(picture),
                            "width": 30,
                            "height": 20,
                        },
                        "What is this?",
                    ],
                },
            ),
            ("a", "q", "assistant", "A red rectangle."),
        ],
        current="a",
    )
    archive = zipped(
        {
            "conversations.json": as_bytes([with_image]),
            "file-AbC123-red.png": picture,
            "user.json": b'{"id": "user-1"}',
            "chat.html": b"<html></html>",
        }
    )
    summary = imported(backend, "chatgpt-export.zip", archive)
    assert summary["imported"] == 1, summary
    question = backend.messages(summary["conversations"][0]["id"])[0]
    assert question["content"] == "What is this?"
    [attachment] = question["attachments"]
    assert attachment["kind"] == "image" and (attachment["width"], attachment["height"]) == (30, 20)
    served = backend.http.get(f"/api/attachments/{attachment['id']}")
    assert Image.open(io.BytesIO(served.content)).size == (30, 20)


def test_an_export_split_over_several_files_is_read_in_order(backend):
    first = chatgpt_conversation("c0ffee00-0000-4000-8000-000000000005", "One", [("q", None, "user", "1")], "q")
    second = chatgpt_conversation("c0ffee00-0000-4000-8000-000000000006", "Two", [("q", None, "user", "2")], "q")
    archive = zipped({"conversations-001.json": as_bytes([second]), "conversations-000.json": as_bytes([first])})
    summary = imported(backend, "export.zip", archive)
    assert [c["title"] for c in summary["conversations"]] == ["One", "Two"]


@pytest.mark.parametrize(
    ("name", "data", "status", "words"),
    [
        ("photo.png", image_bytes("PNG"), 415, "neither JSON nor a zip"),
        ("empty.json", b"", 422, "empty"),
        ("notes.json", b'{"hello": "world"}', 422, FORMATS),
        ("list.json", b"[1, 2, 3]", 422, FORMATS),
        ("cut.json", b'[{"title": "x", "mapping": {', 422, "not valid JSON"),
        ("cut-object.json", b'{"title": ', 422, "not valid JSON"),
        ("bad.zip", b"PK\x03\x04 not really a zip", 422, "not a zip file that can be read"),
        ("other.zip", zipped({"readme.txt": b"hello"}), 422, FORMATS),
    ],
)
def test_a_file_we_cannot_read_is_refused_with_a_sentence(backend, name, data, status, words):
    response = import_upload(backend, name, data)
    assert response.status_code == status, response.text
    assert words in response.json()["detail"]
    assert name in response.json()["detail"]
    assert backend.http.get("/api/conversations").json() == []


@pytest.mark.parametrize(
    ("members", "links", "words"),
    [
        ({"../escape.json": b"[]"}, (), "outside its own folder"),
        ({"/etc/cron.d/evil.json": b"[]"}, (), "outside its own folder"),
        ({"conversations.json": b"/etc/passwd"}, ("conversations.json",), "holds a link"),
        ({"conversations.json": b"[" + b" " * 50_000_000 + b"]"}, (), "expand to more than 100 times"),
    ],
)
def test_an_unsafe_zip_is_refused_before_anything_is_read(backend, members, links, words):
    response = import_upload(backend, "export.zip", zipped(members, links=links))
    assert response.status_code == 422, response.text
    assert words in response.json()["detail"]
    assert backend.http.get("/api/conversations").json() == []


def test_an_upload_must_be_multipart_with_a_file(backend):
    response = backend.http.post("/api/import", json=[branching_chatgpt()])
    assert response.status_code == 415
    assert "multipart/form-data" in response.json()["detail"]


def test_a_file_over_the_import_limit_is_refused_naming_the_setting(start_backend):
    small = start_backend(CHAT_MAX_IMPORT_BYTES=1000)
    response = import_upload(small, "conversations.json", as_bytes([branching_chatgpt()] * 5))
    assert response.status_code == 413
    assert "CHAT_MAX_IMPORT_BYTES" in response.json()["detail"]
    assert "conversations.json" in response.json()["detail"]
