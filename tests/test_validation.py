"""Bad input gets a 4xx whose detail names what was wrong, and changes nothing."""

from __future__ import annotations

import json
import uuid

import httpx2
import pytest


def detail_text(response: httpx2.Response) -> str:
    detail = response.json()["detail"]
    if isinstance(detail, list):
        # "body.message: …" reads as "message: …"; the location names the field.
        return "; ".join(f"{'.'.join(map(str, e['loc'][1:] or e['loc']))}: {e['msg']}" for e in detail)
    return detail


@pytest.fixture
def conversation(backend):
    return backend.create_conversation(title="untouched")


def post_chat(backend, **body):
    # Encoded here with \u escapes, as JSON clients do, so a lone surrogate can be sent at all.
    return backend.http.post("/api/chat/stream", content=json.dumps(body), headers={"content-type": "application/json"})


@pytest.mark.parametrize(
    ("body", "expected_status", "expected_words"),
    [
        ({"message": ""}, 422, "message: Value error, Must not be empty"),
        ({"message": "   \n\t "}, 422, "Must not be empty or only whitespace"),
        ({"message": 42}, 422, "message: Input should be a valid string"),
        ({"message": None}, 422, "message: Input should be a valid string"),
        ({}, 422, "message: Field required"),
        ({"message": "hi", "temperature": 2.5}, 422, "temperature: Input should be less than or equal to 2"),
        ({"message": "hi", "temperature": -0.1}, 422, "temperature: Input should be greater than or equal to 0"),
        ({"message": "hi", "max_tokens": 0}, 422, "max_tokens: Input should be greater than or equal to 1"),
        ({"message": "hi", "max_tokens": "lots"}, 422, "max_tokens: Input should be a valid integer"),
        ({"message": "hi", "model": ""}, 422, "model: Value error, Must not be empty"),
        ({"message": "hi", "stream": True}, 422, "stream: Extra inputs are not permitted"),
        ({"message": "\ud800"}, 422, "lone surrogate"),
    ],
)
def test_bad_chat_request_is_refused_and_stores_nothing(backend, conversation, body, expected_status, expected_words):
    response = post_chat(backend, conversation_id=conversation, **body)
    assert response.status_code == expected_status
    assert expected_words in detail_text(response)
    assert backend.messages(conversation) == []


def test_message_over_the_limit_is_413_naming_the_limit(start_backend):
    backend = start_backend(CHAT_MAX_MESSAGE_CHARS="1000")
    conversation_id = backend.create_conversation()
    response = backend.http.post("/api/chat/stream", json={"conversation_id": conversation_id, "message": "x" * 1001})
    assert response.status_code == 413
    assert "1001 characters; the limit is 1000" in response.json()["detail"]
    assert backend.messages(conversation_id) == []


def test_body_over_the_limit_is_413_before_it_is_read(start_backend):
    backend = start_backend(CHAT_MAX_BODY_BYTES="2048")
    response = backend.http.post("/api/conversations", content=b'{"title": "' + b"x" * 5000 + b'"}')
    assert response.status_code == 413
    assert "2048 bytes" in response.json()["detail"]

    def chunked():
        yield b'{"title": "'
        yield b"x" * 5000
        yield b'"}'

    response = backend.http.post("/api/conversations", content=chunked())
    assert response.status_code == 413
    assert backend.http.get("/api/conversations").json() == []


def test_malformed_json_is_422_saying_so(backend, conversation):
    response = backend.http.post(
        "/api/chat/stream", content=b'{"conversation_id": ', headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    assert "JSON decode error" in detail_text(response)


def test_invalid_utf8_is_a_clear_4xx(backend):
    response = backend.http.post(
        "/api/conversations", content=b'{"title": "\xff\xfe"}', headers={"content-type": "application/json"}
    )
    assert 400 <= response.status_code < 500
    assert "UTF-8" in detail_text(response) or "JSON" in detail_text(response)


def test_non_json_content_type_is_refused(backend, conversation):
    response = backend.http.post(
        "/api/chat/stream",
        content=f'{{"conversation_id": "{conversation}", "message": "hi"}}',
        headers={"content-type": "text/plain"},
    )
    assert response.status_code == 422
    assert backend.messages(conversation) == []


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"title": ""}, "title: Value error, Must not be empty"),
        ({"title": None}, "title cannot be null"),
        ({"title": "x" * 201}, "title: String should have at most 200 characters"),
        ({"system_prompt": "x" * 50_001}, "system_prompt: String should have at most 50000 characters"),
        ({"temperature": "warm"}, "temperature: Input should be a valid number"),
        ({"max_tokens": -5}, "max_tokens: Input should be greater than or equal to 1"),
        ({"colour": "blue"}, "colour: Extra inputs are not permitted"),
    ],
)
def test_bad_patch_is_422_and_changes_nothing(backend, conversation, changes, words):
    response = backend.http.patch(f"/api/conversations/{conversation}", json=changes)
    assert response.status_code == 422
    assert words in detail_text(response)
    stored = next(c for c in backend.http.get("/api/conversations").json() if c["id"] == conversation)
    assert (stored["title"], stored["temperature"], stored["system_prompt"]) == ("untouched", None, None)


def test_patch_unknown_conversation_is_404(backend):
    response = backend.http.patch(f"/api/conversations/{uuid.uuid4()}", json={"title": "x"})
    assert response.status_code == 404


def test_bad_title_on_create_is_422(backend):
    response = backend.http.post("/api/conversations", json={"title": "x" * 201})
    assert response.status_code == 422
    assert "at most 200 characters" in detail_text(response)


@pytest.mark.parametrize(
    ("path", "status", "words"),
    [
        ("messages/-1", 422, "index must be between 0 and 1000000000; -1 is not."),
        ("messages/abc", 404, "Message not found in this conversation"),
        ("messages/99999999999999999999", 422, "index"),
        ("export?format=pdf", 422, "format: Input should be 'markdown' or 'json'"),
    ],
)
def test_bad_path_and_query_values_are_422(backend, conversation, path, status, words):
    method = "DELETE" if path.startswith("messages") else "GET"
    response = backend.http.request(method, f"/api/conversations/{conversation}/{path}")
    assert response.status_code == status
    assert words in detail_text(response)


def test_unknown_path_and_wrong_method_name_the_problem(backend):
    missing = backend.http.get("/api/nothing-here")
    assert missing.status_code == 404
    assert missing.json()["detail"] == "No such endpoint: GET /api/nothing-here"
    wrong = backend.http.put("/api/conversations")
    assert wrong.status_code == 405
    assert wrong.json()["detail"] == "Method PUT is not allowed on /api/conversations"


def test_foreign_host_header_is_refused(backend):
    response = backend.http.get("/api/conversations", headers={"host": "evil.example:8000"})
    assert response.status_code == 400
    assert "'evil.example' is not allowed" in response.json()["detail"]
    for host in ("localhost:8000", "127.0.0.1", "[::1]:8000"):
        assert backend.http.get("/", headers={"host": host}).status_code == 200


def test_foreign_origin_may_not_change_data(backend, conversation):
    response = backend.http.delete(f"/api/conversations/{conversation}", headers={"origin": "http://evil.example"})
    assert response.status_code == 403
    assert "Origin 'http://evil.example'" in response.json()["detail"]
    assert backend.messages(conversation) == []


def test_cors_allows_the_frontend_origins_only(backend):
    for origin in ("http://localhost:5173", "http://127.0.0.1:5173"):
        preflight = backend.http.options(
            "/api/chat/stream",
            headers={
                "origin": origin,
                "access-control-request-method": "POST",
                "access-control-request-headers": "content-type",
            },
        )
        assert preflight.status_code == 200
        assert preflight.headers["access-control-allow-origin"] == origin
    refused = backend.http.options(
        "/api/chat/stream", headers={"origin": "http://evil.example", "access-control-request-method": "POST"}
    )
    assert refused.status_code == 400
    assert "access-control-allow-origin" not in refused.headers


def test_errors_never_show_a_stack_trace(backend):
    response = backend.http.post(
        "/api/chat/stream", content=b"[" * 100_000, headers={"content-type": "application/json"}
    )
    assert 400 <= response.status_code < 500
    assert "Traceback" not in response.text
