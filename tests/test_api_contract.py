"""The original API's endpoints and the additive API, against the real backend and the stand-in, with each
storage engine behind it: in-memory SQLite, a SQLite file, PostgreSQL."""

from __future__ import annotations

import json
import re
import uuid

import pytest

from fake_lmstudio import reply_text
from support import names, text_of


@pytest.fixture
def backend(engine_backend, stand_in):
    return engine_backend


def test_root_says_the_api_is_running(backend):
    response = backend.http.get("/")
    assert response.status_code == 200
    assert response.json() == {"status": "Chat API is running"}


def test_create_conversation_returns_summary_with_uuid4_id(backend):
    response = backend.http.post("/api/conversations", json={})
    assert response.status_code == 200
    body = response.json()
    assert uuid.UUID(body["id"]).version == 4
    assert body["title"] == "New Conversation"
    assert body["message_count"] == 0
    assert {"id", "title", "created_at", "message_count"} <= body.keys()


def test_create_conversation_keeps_given_title_and_accepts_no_body(backend):
    assert backend.http.post("/api/conversations", json={"title": "Trip plans"}).json()["title"] == "Trip plans"
    assert backend.http.post("/api/conversations").json()["title"] == "New Conversation"
    assert backend.http.post("/api/conversations", json={"title": None}).json()["title"] == "New Conversation"


def test_list_is_newest_activity_first(backend):
    older = backend.create_conversation(title="older")
    newer = backend.create_conversation(title="newer")
    backend.chat(older, "bring me to the top")
    ids = [c["id"] for c in backend.http.get("/api/conversations").json()]
    assert ids.index(older) < ids.index(newer)
    listed = next(c for c in backend.http.get("/api/conversations").json() if c["id"] == older)
    assert listed["message_count"] == 2


def test_delete_conversation_then_it_is_gone(backend):
    conversation_id = backend.create_conversation()
    response = backend.http.delete(f"/api/conversations/{conversation_id}")
    assert response.status_code == 200
    assert response.json() == {"status": "deleted"}
    assert backend.http.get(f"/api/conversations/{conversation_id}/messages").status_code == 404
    again = backend.http.delete(f"/api/conversations/{conversation_id}")
    assert again.status_code == 404
    assert again.json()["detail"] == "Conversation not found"


def test_messages_of_unknown_conversation_is_404(backend):
    response = backend.http.get(f"/api/conversations/{uuid.uuid4()}/messages")
    assert response.status_code == 404
    assert response.json() == {"detail": "Conversation not found"}


def test_chat_stream_sends_start_deltas_done_and_stores_both_messages(backend, stand_in):
    conversation_id = backend.create_conversation()
    events = backend.chat(conversation_id, "Hello there")
    assert names(events) == ["start", "message", "done"]
    start = events[0][1]
    assert start["model"] == "stand-in-7b-instruct"
    assert text_of(events) == reply_text(20)
    done = events[-1][1]
    assert done["status"] == "completed"
    assert done["message"]["content"] == reply_text(20)
    assert done["message"]["id"] == start["message_id"]
    assert done["stats"]["completion_tokens"] == 20
    assert done["stats"]["ttft_ms"] >= 0
    stored = backend.messages(conversation_id)
    assert [(m["role"], m["content"]) for m in stored] == [("user", "Hello there"), ("assistant", reply_text(20))]
    assert stored[1]["status"] == "complete"
    assert stored[1]["model"] == "stand-in-7b-instruct"
    assert stand_in.requests()[-1]["body"]["stream_options"] == {"include_usage": True}


def test_each_delta_is_a_message_event_with_only_content(backend, stand_in):
    conversation_id = backend.create_conversation()
    events = backend.chat(conversation_id, "{{stub tokens=3 delay=0.05}}")
    deltas = [data for name, data in events if name == "message"]
    assert deltas == [{"content": token} for token in ["This ", "is ", "the "]]


def test_first_message_sets_title_to_its_first_50_characters(backend):
    conversation_id = backend.create_conversation()
    message = "A question that is rather longer than fifty characters, to be cut"
    backend.chat(conversation_id, message)
    backend.chat(conversation_id, "a second message does not rename it")
    conversation = next(c for c in backend.http.get("/api/conversations").json() if c["id"] == conversation_id)
    assert conversation["title"] == message[:50]


def test_whole_history_is_sent_to_lm_studio(backend, stand_in):
    conversation_id = backend.create_conversation()
    backend.chat(conversation_id, "first {{stub tokens=2}}")
    backend.chat(conversation_id, "second")
    sent = stand_in.requests()[-1]["messages"]
    assert sent == [
        {"role": "user", "content": "first {{stub tokens=2}}"},
        {"role": "assistant", "content": reply_text(2)},
        {"role": "user", "content": "second"},
    ]


def test_chat_with_unknown_conversation_is_404(backend):
    response = backend.http.post("/api/chat/stream", json={"conversation_id": "nope", "message": "hi"})
    assert response.status_code == 404
    assert response.json() == {"detail": "Conversation not found"}


def test_models_lists_lm_studio_ids(backend):
    response = backend.http.get("/api/models")
    assert response.status_code == 200
    assert response.json() == ["stand-in-7b-instruct", "stand-in-reasoner"]


def test_patch_settings_are_used_for_the_next_reply(backend, stand_in):
    conversation_id = backend.create_conversation()
    response = backend.http.patch(
        f"/api/conversations/{conversation_id}",
        json={
            "title": "Pirate talk",
            "system_prompt": "Answer like a pirate.",
            "model": "stand-in-reasoner",
            "temperature": 1.3,
            "max_tokens": 5,
        },
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["title"], body["system_prompt"], body["model"], body["temperature"], body["max_tokens"]) == (
        "Pirate talk",
        "Answer like a pirate.",
        "stand-in-reasoner",
        1.3,
        5,
    )
    events = backend.chat(conversation_id, "Ahoy")
    request = stand_in.requests()[-1]["body"]
    assert request["messages"][0] == {"role": "system", "content": "Answer like a pirate."}
    assert (request["model"], request["temperature"], request["max_tokens"]) == ("stand-in-reasoner", 1.3, 5)
    assert text_of(events) == reply_text(5)
    assert events[0][1]["model"] == "stand-in-reasoner"
    # A title the user chose stays: the first message does not replace it.
    titles = {c["id"]: c["title"] for c in backend.http.get("/api/conversations").json()}
    assert titles[conversation_id] == "Pirate talk"


def test_patch_null_clears_a_setting_and_absent_fields_stay(backend):
    conversation_id = backend.create_conversation(title="keep me")
    backend.http.patch(f"/api/conversations/{conversation_id}", json={"temperature": 0.2, "model": "m"})
    body = backend.http.patch(f"/api/conversations/{conversation_id}", json={"temperature": None}).json()
    assert (body["title"], body["temperature"], body["model"]) == ("keep me", None, "m")


def test_request_options_override_conversation_settings(backend, stand_in):
    conversation_id = backend.create_conversation()
    backend.http.patch(f"/api/conversations/{conversation_id}", json={"temperature": 0.1})
    backend.chat(conversation_id, "hi", model="stand-in-reasoner", temperature=0.9, max_tokens=3)
    request = stand_in.requests()[-1]["body"]
    assert (request["model"], request["temperature"], request["max_tokens"]) == ("stand-in-reasoner", 0.9, 3)


def test_default_model_is_the_first_lm_studio_lists_and_no_setting_nobody_chose_is_sent(backend, stand_in):
    """Temperature, max tokens and sampling left to the model's own defaults (LM Studio keeps
    them per model) are not sent at all: no hard-coded 0.7 overrides them."""
    conversation_id = backend.create_conversation()
    backend.chat(conversation_id, "hi")
    request = stand_in.requests()[-1]["body"]
    assert request["model"] == "stand-in-7b-instruct"
    unchosen = ("temperature", "max_tokens", "top_p", "top_k", "min_p", "repeat_penalty", "stop")
    assert [name for name in unchosen if name in request] == []


def test_configured_model_is_used_when_nothing_else_is_chosen(start_backend, stand_in):
    backend = start_backend(LM_STUDIO_MODEL="stand-in-reasoner")
    conversation_id = backend.create_conversation()
    backend.chat(conversation_id, "hi")
    assert stand_in.requests()[-1]["model"] == "stand-in-reasoner"


def test_truncate_removes_the_message_and_everything_after(backend):
    conversation_id = backend.create_conversation()
    backend.chat(conversation_id, "one {{stub tokens=1}}")
    backend.chat(conversation_id, "two {{stub tokens=1}}")
    response = backend.http.delete(f"/api/conversations/{conversation_id}/messages/2")
    assert response.status_code == 200
    assert response.json() == {"status": "truncated", "removed": 2, "message_count": 2}
    assert [m["content"] for m in backend.messages(conversation_id)] == ["one {{stub tokens=1}}", "This "]


def test_truncate_out_of_range_names_the_size(backend):
    conversation_id = backend.create_conversation()
    backend.chat(conversation_id, "one")
    response = backend.http.delete(f"/api/conversations/{conversation_id}/messages/5")
    assert response.status_code == 404
    assert "has 2 message(s)" in response.json()["detail"]
    assert len(backend.messages(conversation_id)) == 2


def test_export_markdown_and_json(backend):
    conversation_id = backend.create_conversation()
    backend.chat(conversation_id, "Export me {{stub tokens=3}}")
    markdown = backend.http.get(f"/api/conversations/{conversation_id}/export?format=markdown")
    assert markdown.status_code == 200
    assert markdown.headers["content-type"].startswith("text/markdown")
    assert 'attachment; filename="Export-me-stub-tokens-3.md"' == markdown.headers["content-disposition"]
    assert "# Export me {{stub tokens=3}}" in markdown.text
    assert re.search(r"## User \(\d{1,2} \w+ \d{4}, \d\d:\d\d UTC\)\n\nExport me", markdown.text)
    assert re.search(r"## Assistant \(stand-in-7b-instruct, [^)]+ UTC\)\n\nThis is the", markdown.text)
    exported = backend.http.get(f"/api/conversations/{conversation_id}/export", params={"format": "json"})
    assert exported.status_code == 200
    document = json.loads(exported.text)
    assert document["id"] == conversation_id
    assert [m["role"] for m in document["messages"]] == ["user", "assistant"]
    assert (
        backend.http.get(f"/api/conversations/{conversation_id}/export")
        .headers["content-type"]
        .startswith("text/markdown")
    )


def test_health_reports_lm_studio_and_its_models(backend):
    body = backend.http.get("/api/health").json()
    assert body["status"] == "ok"
    assert body["storage"] == backend.engine
    assert body["lm_studio"]["reachable"] is True
    assert body["lm_studio"]["models"] == ["stand-in-7b-instruct", "stand-in-reasoner"]


def test_health_and_models_when_lm_studio_is_down(start_backend, closed_port_url):
    backend = start_backend(LM_STUDIO_URL=closed_port_url)
    health = backend.http.get("/api/health")
    assert health.status_code == 200
    lm_studio = health.json()["lm_studio"]
    assert lm_studio["reachable"] is False
    assert lm_studio["code"] == "lm_studio_unreachable"
    assert closed_port_url in lm_studio["error"]
    models = backend.http.get("/api/models")
    assert models.status_code == 503
    assert "Start LM Studio's local server" in models.json()["detail"]


def test_list_can_be_filtered_by_title_or_message_content(backend):
    by_title = backend.create_conversation(title="Holiday in Lisbon")
    by_content = backend.create_conversation()
    backend.chat(by_content, "What do pastéis de nata taste like? {{stub tokens=2}}")
    other = backend.create_conversation(title="Unrelated")

    def matching(query):
        return [c["id"] for c in backend.http.get("/api/conversations", params={"q": query}).json()]

    assert by_title in matching("lisbon") and by_content not in matching("lisbon")
    assert matching("PASTÉIS DE") == [by_content]
    assert other not in matching("lisbon") and other in matching("")
    assert by_content in matching("THIS IS ")  # the assistant's reply ("This is ") counts too
    assert backend.http.get("/api/conversations", params={"q": "x" * 201}).status_code == 422


def test_conversations_come_in_pages_newest_first(backend):
    created = [backend.create_conversation(title=f"page test {i}") for i in range(7)]
    first = backend.http.get("/api/conversations", params={"limit": 3}).json()
    assert [c["id"] for c in first] == created[::-1][:3]
    second = backend.http.get("/api/conversations", params={"limit": 3, "before": first[-1]["cursor"]}).json()
    assert [c["id"] for c in second] == created[::-1][3:6]
    everything = backend.http.get("/api/conversations").json()  # the original whole list stays
    assert [c["id"] for c in everything][:7] == created[::-1]
    for params, words in [
        ({"limit": 0}, "greater than or equal to 1"),
        ({"limit": 501}, "less than or equal to 500"),
        ({"limit": 3, "before": "nonsense"}, "not a cursor this server gave out"),
    ]:
        response = backend.http.get("/api/conversations", params=params)
        assert response.status_code == 422
        assert words in json.dumps(response.json()["detail"])


def test_search_answers_the_matching_message_and_a_snippet(backend):
    conversation_id = backend.create_conversation(title="Sea life")
    backend.chat(conversation_id, "How deep do sperm whales dive? {{stub tokens=2}}")
    user_message = backend.messages(conversation_id)[0]
    [hit] = [c for c in backend.http.get("/api/conversations", params={"q": "sperm whal"}).json()]
    assert hit["id"] == conversation_id
    assert hit["match_message_id"] == user_message["id"]
    assert "sperm whales" in hit["snippet"]


def test_hostile_ids_and_search_text_never_reach_storage(backend):
    lone_surrogate = b'{"conversation_id": "\\ud800", "message": "hi"}'
    response = backend.http.post(
        "/api/chat/stream", content=lone_surrogate, headers={"content-type": "application/json"}
    )
    assert (response.status_code, response.json()["detail"]) == (404, "Conversation not found")
    for path in (
        "/api/conversations/%ED%A0%80/messages",
        "/api/conversations/a%00b/messages",
        "/api/conversations/x'--/messages",
    ):
        assert backend.http.get(path).status_code == 404, path
        assert backend.http.delete(path.removesuffix("/messages")).status_code == 404
    nul = backend.http.get("/api/conversations", params={"q": "a\x00b"})
    assert nul.status_code == 422 and "NUL" in json.dumps(nul.json())
    assert backend.http.get("/api/conversations", params={"q": '"unclosed (AND OR* NEAR'}).status_code == 200
