"""Failures of LM Studio become `error` events with a sentence and a code; nothing the user wrote is lost."""

from __future__ import annotations

import time

import pytest

from fake_lmstudio import reply_text
from support import error_of, iter_events, names, text_of


def assert_next_message_works(backend, conversation_id):
    events = backend.chat(conversation_id, "and now? {{stub tokens=3}}")
    assert events[-1][0] == "done"
    assert text_of(events) == reply_text(3)


def test_unreachable_lm_studio_is_an_error_event_naming_the_url(start_backend, closed_port_url):
    backend = start_backend(LM_STUDIO_URL=closed_port_url)
    conversation_id = backend.create_conversation()
    events = backend.chat(conversation_id, "anyone there?")
    error = error_of(events)
    assert error["code"] == "lm_studio_unreachable"
    assert closed_port_url in error["error"]
    assert "Start LM Studio's local server" in error["error"]
    # The port it names is the configured one, not LM Studio's usual 1234.
    assert f"on port {closed_port_url.split(':')[2].split('/')[0]})" in error["error"]
    assert "1234" not in error["error"]
    assert "content" not in error and "status" not in error
    assert [(m["role"], m["content"]) for m in backend.messages(conversation_id)] == [("user", "anyone there?")]


def test_a_reply_that_fails_before_its_first_word_keeps_its_error_on_the_question(backend, stand_in):
    """No assistant message is stored, but the failure stays with the question across reloads,
    with when it happened, until a reply under it (Retry, not a second copy of it) succeeds."""
    conversation_id = backend.create_conversation()
    stand_in.behave(status=500)
    error = error_of(backend.chat(conversation_id, "please"))
    assert error["message"] is None
    [question] = backend.messages(conversation_id)
    failure = question["reply_error"]
    assert (failure["error"], failure["code"]) == (error["error"], "lm_studio_error") and failure["at"]
    assert backend.http.get(f"/api/conversations/{conversation_id}").json()["message_count"] == 1
    stand_in.behave(tokens=2)
    with backend.http.stream(
        "POST", f"/api/conversations/{conversation_id}/messages/{question['id']}/regenerate"
    ) as response:
        assert text_of(list(iter_events(response.iter_lines()))) == reply_text(2)
    question, reply = backend.messages(conversation_id)
    assert question["reply_error"] is None and reply["parent_id"] == question["id"]


@pytest.mark.parametrize("status", [400, 404])
def test_unknown_model_is_model_not_found(backend, stand_in, status):
    conversation_id = backend.create_conversation()
    backend.http.patch(f"/api/conversations/{conversation_id}", json={"model": "not-loaded-model"})
    error = error_of(backend.chat(conversation_id, f"{{{{stub status={status} error_code=model_not_found}}}}"))
    assert error["code"] == "model_not_found"
    assert "'not-loaded-model'" in error["error"]
    assert [m["role"] for m in backend.messages(conversation_id)] == ["user"]
    backend.http.patch(f"/api/conversations/{conversation_id}", json={"model": None})
    assert_next_message_works(backend, conversation_id)


def test_no_model_loaded_says_to_load_one(start_backend, stand_in):
    stand_in.admin("PUT", "models", {"models": []})
    backend = start_backend()
    conversation_id = backend.create_conversation()
    error = error_of(backend.chat(conversation_id, "hi"))
    assert error["code"] == "no_model_loaded"
    assert "Load a model" in error["error"]


def test_upstream_500_is_lm_studio_error(backend, stand_in):
    conversation_id = backend.create_conversation()
    error = error_of(backend.chat(conversation_id, "{{stub status=500}}"))
    assert error["code"] == "lm_studio_error"
    assert "HTTP 500: Stand-in failure with status 500. Check LM Studio's server log" in error["error"]
    assert [m["role"] for m in backend.messages(conversation_id)] == ["user"]
    assert_next_message_works(backend, conversation_id)


@pytest.mark.parametrize("cut", ["drop_after", "cut_after"])
def test_upstream_ending_mid_reply_keeps_partial_marked_interrupted(backend, stand_in, cut):
    conversation_id = backend.create_conversation()
    events = backend.chat(conversation_id, f"{{{{stub tokens=20 delay=0.01 {cut}=5}}}}")
    assert names(events) == ["start", "message", "error"]
    error = error_of(events)
    assert error["code"] == "upstream_dropped"
    assert text_of(events) == reply_text(5)
    assert error["message"]["content"] == reply_text(5)
    stored = backend.messages(conversation_id)
    assert stored[-1]["role"] == "assistant"
    assert stored[-1]["content"] == reply_text(5)
    assert stored[-1]["status"] == "interrupted"
    assert stored[-1]["error"] == error["error"]
    assert_next_message_works(backend, conversation_id)


def test_malformed_chunk_is_bad_response(backend):
    conversation_id = backend.create_conversation()
    events = backend.chat(conversation_id, "{{stub tokens=10 malformed_after=2}}")
    assert error_of(events)["code"] == "bad_response"
    assert backend.messages(conversation_id)[-1]["content"] == reply_text(2)
    assert_next_message_works(backend, conversation_id)


@pytest.mark.parametrize("hang", ["headers_delay", "first_delay"])
def test_no_first_token_in_time_is_first_token_timeout(start_backend, stand_in, hang):
    """LM Studio hangs before answering at all, or after the headers but before any token."""
    backend = start_backend(CHAT_FIRST_TOKEN_TIMEOUT_S="1")
    conversation_id = backend.create_conversation()
    started = time.monotonic()
    events = backend.chat(conversation_id, f"{{{{stub {hang}=30}}}}")
    assert time.monotonic() - started < 5
    error = error_of(events)
    assert error["code"] == "first_token_timeout"
    assert "CHAT_FIRST_TOKEN_TIMEOUT_S" in error["error"]
    record = stand_in.wait_for_request(lambda r: r["ended_at"] is not None, timeout_s=2)
    assert record["client_closed_early"] is True
    assert_next_message_works(backend, conversation_id)


def test_stall_between_tokens_is_stalled_and_keeps_partial(start_backend, stand_in):
    backend = start_backend(CHAT_STALL_TIMEOUT_S="1")
    conversation_id = backend.create_conversation()
    started = time.monotonic()
    events = backend.chat(conversation_id, "{{stub tokens=10 stall_after=4}}")
    assert time.monotonic() - started < 5
    assert error_of(events)["code"] == "stalled"
    stored = backend.messages(conversation_id)[-1]
    assert (stored["content"], stored["status"]) == (reply_text(4), "interrupted")
    assert_next_message_works(backend, conversation_id)


def test_slow_first_token_within_the_timeout_is_fine_and_pings_keep_the_stream_alive(start_backend, stand_in):
    backend = start_backend(CHAT_FIRST_TOKEN_TIMEOUT_S="10", CHAT_SSE_PING_S="0.2")
    conversation_id = backend.create_conversation()
    body = {"conversation_id": conversation_id, "message": "{{stub headers_delay=1.2 tokens=3}}"}
    with backend.http.stream("POST", "/api/chat/stream", json=body) as response:
        lines = list(response.iter_lines())
    assert any(line.startswith(": ping") for line in lines)
    assert "".join(lines).count("event: done") == 1
