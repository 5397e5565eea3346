"""A catalogue of hostile and malformed requests: each gets the right 4xx with a clear message,
and the stored state is exactly the same afterwards."""

from __future__ import annotations

import json
import uuid

import pytest

from support import Backend

ONE_MB = 1024 * 1024


@pytest.fixture(scope="module")
def seeded(stand_in_server):
    """A dedicated backend holding one conversation with one exchange, and its id."""
    from conftest import LOGS, backend_env

    server = Backend(LOGS, backend_env(stand_in_server.url, CHAT_MAX_MESSAGE_CHARS="5000"))
    conversation_id = server.create_conversation(title="Keep me")
    server.chat(conversation_id, "Hello {{stub tokens=3}}")
    yield server, conversation_id
    server.stop()


def snapshot(server) -> str:
    conversations = server.http.get("/api/conversations").json()
    messages = {c["id"]: server.messages(c["id"]) for c in conversations}
    return json.dumps([conversations, messages], sort_keys=True)


def chat(body) -> dict:
    return {"method": "POST", "path": "/api/chat/stream", "json": body}


def chat_raw(content: bytes, content_type: str = "application/json") -> dict:
    return {"method": "POST", "path": "/api/chat/stream", "content": content, "headers": {"content-type": content_type}}


CID = "{cid}"  # replaced by the seeded conversation's id
MISSING = str(uuid.uuid4())

CASES = [
    # wrong methods
    ("put on the list", {"method": "PUT", "path": "/api/conversations"}, 405, "Method PUT is not allowed"),
    ("delete without id", {"method": "DELETE", "path": "/api/conversations"}, 405, "not allowed"),
    ("get the chat stream", {"method": "GET", "path": "/api/chat/stream"}, 405, "not allowed"),
    ("patch the chat stream", {"method": "PATCH", "path": "/api/chat/stream"}, 405, "not allowed"),
    ("post to root", {"method": "POST", "path": "/"}, 405, "not allowed"),
    ("put a message", {"method": "PUT", "path": f"/api/conversations/{CID}/messages"}, 405, "not allowed"),
    # missing, extra and wrong-typed fields
    ("no body", {"method": "POST", "path": "/api/chat/stream"}, 422, "Field required"),
    ("array body", chat([]), 422, "valid dictionary"),
    ("string body", chat("hello"), 422, "valid dictionary"),
    ("null body", chat_raw(b"null"), 422, "valid dictionary"),
    ("missing message", chat({"conversation_id": CID}), 422, "Field required body.message"),
    ("missing conversation id", chat({"message": "hi"}), 422, "Field required body.conversation_id"),
    ("message is a number", chat({"conversation_id": CID, "message": 5}), 422, "valid string"),
    ("message is a list", chat({"conversation_id": CID, "message": ["hi"]}), 422, "valid string"),
    ("message is an object", chat({"conversation_id": CID, "message": {"text": "hi"}}), 422, "valid string"),
    ("conversation id is a number", chat({"conversation_id": 7, "message": "hi"}), 422, "valid string"),
    ("extra field", chat({"conversation_id": CID, "message": "hi", "role": "system"}), 422, "Extra inputs"),
    ("temperature as text", chat({"conversation_id": CID, "message": "hi", "temperature": "hot"}), 422, "number"),
    ("temperature above 2", chat({"conversation_id": CID, "message": "hi", "temperature": 2.01}), 422, "equal to 2"),
    (
        "temperature NaN",
        chat_raw(f'{{"conversation_id": "{CID}", "message": "hi", "temperature": NaN}}'.encode()),
        422,
        "finite number",
    ),
    (
        "temperature Infinity",
        chat_raw(f'{{"conversation_id": "{CID}", "message": "hi", "temperature": Infinity}}'.encode()),
        422,
        "finite",
    ),
    ("max_tokens zero", chat({"conversation_id": CID, "message": "hi", "max_tokens": 0}), 422, "equal to 1"),
    ("max_tokens fraction", chat({"conversation_id": CID, "message": "hi", "max_tokens": 1.5}), 422, "integer"),
    ("max_tokens huge", chat({"conversation_id": CID, "message": "hi", "max_tokens": 10**15}), 422, "less than"),
    ("empty model", chat({"conversation_id": CID, "message": "hi", "model": ""}), 422, "Must not be empty"),
    ("model too long", chat({"conversation_id": CID, "message": "hi", "model": "m" * 301}), 422, "at most 300"),
    # bad text
    ("empty message", chat({"conversation_id": CID, "message": ""}), 422, "Must not be empty"),
    ("whitespace message", chat({"conversation_id": CID, "message": " \n\t\u3000"}), 422, "only whitespace"),
    ("message over the limit", chat({"conversation_id": CID, "message": "x" * 5001}), 413, "the limit is 5000"),
    ("NUL byte in message", chat({"conversation_id": CID, "message": "a\u0000b"}), 422, "NUL"),
    (
        "lone surrogate",
        chat_raw(f'{{"conversation_id": "{CID}", "message": "\\ud83d"}}'.encode()),
        422,
        "lone surrogate",
    ),
    ("invalid UTF-8", chat_raw(b'{"conversation_id": "x", "message": "\xc3\x28"}'), 400, "UTF-8"),
    # broken bodies
    ("malformed JSON", chat_raw(b'{"conversation_id": '), 422, "JSON decode error"),
    ("deeply nested JSON", chat_raw(b"[" * 200_000 + b"]" * 200_000), 400, "not valid JSON"),
    ("huge body", chat_raw(b'{"message": "' + b"x" * (3 * ONE_MB) + b'"}'), 413, "larger than the limit"),
    (
        "text/plain body",
        chat_raw(f'{{"conversation_id": "{CID}", "message": "hi"}}'.encode(), "text/plain"),
        422,
        "valid dictionary",
    ),
    (
        "form body",
        chat_raw(b"conversation_id=x&message=hi", "application/x-www-form-urlencoded"),
        422,
        "valid dictionary",
    ),
    (
        "multipart body",
        chat_raw(
            b'--b\r\nContent-Disposition: form-data; name="message"\r\n\r\nhi\r\n--b--\r\n',
            "multipart/form-data; boundary=b",
        ),
        422,
        "valid dictionary",
    ),
    # bad ids and indexes
    ("unknown conversation", chat({"conversation_id": MISSING, "message": "hi"}), 404, "Conversation not found"),
    ("path traversal id", {"method": "GET", "path": "/api/conversations/..%2F..%2Fetc/messages"}, 404, ""),
    ("overlong id", {"method": "GET", "path": f"/api/conversations/{'a' * 101}/messages"}, 422, "at most 100"),
    (
        "messages of unknown",
        {"method": "GET", "path": f"/api/conversations/{MISSING}/messages"},
        404,
        "Conversation not found",
    ),
    ("negative index", {"method": "DELETE", "path": f"/api/conversations/{CID}/messages/-1"}, 422, "between 0"),
    (
        "index out of range",
        {"method": "DELETE", "path": f"/api/conversations/{CID}/messages/2"},
        404,
        "has 2 message(s)",
    ),
    ("huge index", {"method": "DELETE", "path": f"/api/conversations/{CID}/messages/{10**30}"}, 422, "index"),
    (
        "neither index nor message id",
        {"method": "DELETE", "path": f"/api/conversations/{CID}/messages/last"},
        404,
        "Message not found in this conversation",
    ),
    (
        "bad export format",
        {"method": "GET", "path": f"/api/conversations/{CID}/export?format=pdf"},
        422,
        "'markdown' or 'json'",
    ),
    ("stop unknown", {"method": "POST", "path": f"/api/conversations/{MISSING}/stop"}, 404, "Conversation not found"),
    (
        "attach to unknown",
        {"method": "GET", "path": f"/api/conversations/{MISSING}/stream"},
        404,
        "Conversation not found",
    ),
    ("search too long", {"method": "GET", "path": "/api/conversations?q=" + "q" * 201}, 422, "at most 200"),
    # settings
    (
        "empty title",
        {"method": "PATCH", "path": f"/api/conversations/{CID}", "json": {"title": "  "}},
        422,
        "Must not be empty",
    ),
    (
        "null title",
        {"method": "PATCH", "path": f"/api/conversations/{CID}", "json": {"title": None}},
        422,
        "title cannot be null",
    ),
    (
        "negative temperature",
        {"method": "PATCH", "path": f"/api/conversations/{CID}", "json": {"temperature": -1}},
        422,
        "equal to 0",
    ),
    (
        "patch with a list",
        {"method": "PATCH", "path": f"/api/conversations/{CID}", "json": [1, 2]},
        422,
        "valid dictionary",
    ),
    (
        "patch unknown field",
        {"method": "PATCH", "path": f"/api/conversations/{CID}", "json": {"id": "x"}},
        422,
        "Extra inputs",
    ),
    (
        "create with long title",
        {"method": "POST", "path": "/api/conversations", "json": {"title": "t" * 201}},
        422,
        "at most 200",
    ),
    # who is asking
    (
        "foreign host",
        {"method": "GET", "path": "/api/conversations", "headers": {"host": "attacker.example"}},
        400,
        "not allowed",
    ),
    (
        "foreign origin writes",
        {"method": "DELETE", "path": f"/api/conversations/{CID}", "headers": {"origin": "https://attacker.example"}},
        403,
        "may not change data",
    ),
    (
        "null origin writes",
        {"method": "POST", "path": "/api/conversations", "headers": {"origin": "null"}},
        403,
        "may not change data",
    ),
    (
        "disallowed CORS preflight",
        {
            "method": "OPTIONS",
            "path": "/api/chat/stream",
            "headers": {"origin": "https://attacker.example", "access-control-request-method": "POST"},
        },
        400,
        "",
    ),
    ("unknown path", {"method": "GET", "path": "/api/secrets"}, 404, "No such endpoint: GET /api/secrets"),
    ("unknown nested path", {"method": "GET", "path": f"/api/conversations/{CID}/nope"}, 404, "No such endpoint"),
]


def test_the_catalogue_is_big_enough():
    assert len(CASES) >= 40


def with_conversation(request_args: dict, conversation_id: str) -> dict:
    """The request with the seeded conversation's id in place of the placeholder."""

    def fill(value):
        if isinstance(value, str):
            return value.replace(CID, conversation_id)
        if isinstance(value, bytes):
            return value.replace(CID.encode(), conversation_id.encode())
        if isinstance(value, dict):
            return {key: fill(item) for key, item in value.items()}
        if isinstance(value, list):
            return [fill(item) for item in value]
        return value

    return fill(request_args)


def detail_text(response) -> str:
    detail = response.json()["detail"]
    if isinstance(detail, str):
        return detail
    return "; ".join(f"{error['msg']} {'.'.join(map(str, error['loc']))}" for error in detail)


@pytest.mark.parametrize(("name", "request_args", "status", "words"), CASES, ids=[c[0] for c in CASES])
def test_hostile_request_is_refused_clearly_and_changes_nothing(seeded, name, request_args, status, words):
    server, conversation_id = seeded
    before = snapshot(server)
    args = with_conversation(request_args, conversation_id)
    response = server.http.request(args.pop("method"), args.pop("path"), **args)
    assert response.status_code == status, response.text[:500]
    assert "Traceback" not in response.text
    if words:
        assert words in detail_text(response)
    assert snapshot(server) == before
