"""Knowing the model and its context window: the catalog, the figures a reply reports,
LM Studio's context-overflow errors in each of their forms, leaving out the middle of a long
history, replies cut at max tokens, sampling settings, and models that load on first use."""

from __future__ import annotations

import math
import time

import pytest

from fake_lmstudio import CHARS_PER_TOKEN, EMBEDDING_MODEL, TOKENS_PER_MESSAGE, count_prompt_tokens, reply_text
from support import error_of, iter_events, names, text_of


@pytest.fixture
def backend(backend_server, stand_in):
    """The shared backend; tests here change LM Studio's models, so afterwards the stand-in is
    reset and the backend reads the list again (it keeps one for half a minute)."""
    yield backend_server
    stand_in.reset()
    backend_server.http.get("/api/models/catalog", params={"fresh": True})


def catalog(backend, **params):
    response = backend.http.get("/api/models/catalog", params=params)
    assert response.status_code == 200, response.text
    return {model["id"]: model for model in response.json()}


def set_models(stand_in, *models):
    stand_in.admin("PUT", "models", {"models": list(models)})


# ---- the catalog ------------------------------------------------------------------------------


def test_the_catalog_says_what_lm_studio_knows_of_each_model(backend, stand_in):
    set_models(
        stand_in,
        EMBEDDING_MODEL,
        {"id": "qwen3-8b", "state": "loaded", "loaded_context_length": 8192, "max_context_length": 40960},
        {"id": "gemma-3-12b", "type": "vlm", "state": "not-loaded", "quantization": "Q8_0", "arch": "gemma3"},
    )
    models = catalog(backend, fresh=True)
    assert models[EMBEDDING_MODEL]["type"] == "embeddings"
    # LM Studio 0.4's /api/v1/models: the instance as really loaded, and what the picker shows.
    assert models["qwen3-8b"] == {
        "id": "qwen3-8b",
        "type": "llm",
        "state": "loaded",
        "vision": False,
        "context_length": 8192,
        "max_context_length": 40960,
        "quantization": "Q4_K_M",
        "arch": "llama",
        "display_name": "Qwen3 8B",
        "size_bytes": 4_000_000_000,
        "params": "8B",
        "tools": True,
        "instances": [{"id": "qwen3-8b", "context_length": 8192}],
        # The server serving it (LM_STUDIO_URL may list several), and every one listing it.
        "server": stand_in.url,
        "servers": [stand_in.url],
    }
    gemma = models["gemma-3-12b"]
    assert [gemma[k] for k in ("type", "state", "vision", "context_length")] == ["vlm", "not-loaded", True, None]
    assert (gemma["quantization"], gemma["arch"]) == ("Q8_0", "gemma3")
    # /api/models keeps its shape: chat models only.
    assert backend.http.get("/api/models").json() == ["qwen3-8b", "gemma-3-12b"]


@pytest.mark.parametrize("unknown_status", [200, 404])
def test_lm_studio_before_0_4_gives_its_v0_list(backend, stand_in, unknown_status):
    """/api/v1/models answers LM Studio's "Unexpected endpoint" (with 200, or 404 in some builds):
    the catalog is v0's, never empty."""
    stand_in.admin("PUT", "native_api", {"version": "v0", "unknown_status": unknown_status})
    set_models(stand_in, {"id": "qwen3-8b", "state": "loaded", "loaded_context_length": 8192}, "gemma-3-12b")
    models = catalog(backend, fresh=True)
    assert list(models) == ["qwen3-8b", "gemma-3-12b"]
    qwen = models["qwen3-8b"]
    assert [qwen[k] for k in ("type", "state", "context_length", "quantization")] == ["llm", "loaded", 8192, "Q4_K_M"]
    # What only v1 says is unknown, not made up.
    assert [qwen[k] for k in ("display_name", "size_bytes", "params", "instances")] == [None, None, None, []]


def test_without_the_native_api_the_catalog_comes_from_v1_models(backend, stand_in):
    stand_in.admin("PUT", "native_api", {"enabled": False})
    set_models(stand_in, "nomic-embed-text", "llama-3.2-3b")
    models = catalog(backend, fresh=True)
    assert models["nomic-embed-text"]["type"] == "embeddings"  # known by its name only
    llama = models["llama-3.2-3b"]
    assert [llama[k] for k in ("type", "state", "context_length", "vision")] == ["unknown", "unknown", None, None]


def test_a_url_without_v1_gets_a_sentence_not_an_empty_list(start_backend, stand_in):
    """LM_STUDIO_URL without /v1: GET …/models is a route LM Studio lacks, answered with its 200
    "Unexpected endpoint" body, which is said as such (never "no models", never a type name)."""
    root = stand_in.url.removesuffix("/v1")
    response = start_backend(LM_STUDIO_URL=root).http.get("/api/models/catalog")
    assert response.status_code == 502, response.text
    assert response.json() == {
        "detail": f"The server at {root} did not answer with a list of models (it said: Unexpected endpoint or "
        "method. (GET /models)). Check that LM_STUDIO_URL is LM Studio's server address, ending in /v1.",
        "code": "bad_response",
    }


def test_the_catalog_is_cached_briefly_and_fresh_asks_again(backend, stand_in):
    set_models(stand_in, "first-model")
    assert list(catalog(backend, fresh=True)) == ["first-model"]
    set_models(stand_in, "second-model")
    assert list(catalog(backend)) == ["first-model"]  # a few seconds old at most
    assert list(catalog(backend, fresh=True)) == ["second-model"]


def test_the_catalog_when_lm_studio_is_down_is_a_503_with_a_sentence(start_backend, closed_port_url):
    response = start_backend(LM_STUDIO_URL=closed_port_url).http.get("/api/models/catalog")
    assert response.status_code == 503
    assert "Cannot reach LM Studio" in response.json()["detail"]


# ---- what a reply reports -----------------------------------------------------------------------


def test_done_stats_carry_prompt_tokens_and_the_context_length(backend, stand_in):
    set_models(stand_in, {"id": "small-model", "loaded_context_length": 2048})
    conversation_id = backend.create_conversation()
    events = backend.chat(conversation_id, "Count my tokens {{stub tokens=3}}", model="small-model")
    start, done = events[0][1], events[-1][1]
    assert (start["model_state"], start["context_length"]) == ("loaded", 2048)
    sent = stand_in.requests()[-1]["messages"]
    assert done["stats"]["prompt_tokens"] == count_prompt_tokens(sent)
    assert done["stats"]["prompt_chars"] == sum(len(m["content"]) for m in sent)
    assert done["stats"]["context_length"] == 2048
    assert done["message"]["finish_reason"] == "stop"
    stored = backend.messages(conversation_id)[-1]
    assert stored["finish_reason"] == "stop"
    assert stored["stats"]["context_length"] == 2048


def test_a_reply_cut_at_max_tokens_is_stored_with_finish_reason_length(backend):
    conversation_id = backend.create_conversation()
    events = backend.chat(conversation_id, "Go on and on {{stub tokens=50}}", max_tokens=5)
    assert text_of(events) == reply_text(5)
    assert events[-1][1]["message"]["finish_reason"] == "length"
    assert backend.messages(conversation_id)[-1]["finish_reason"] == "length"


def test_a_model_that_is_not_loaded_says_so_at_the_start_then_loads(backend, stand_in):
    set_models(stand_in, {"id": "big-model", "state": "not-loaded"})
    conversation_id = backend.create_conversation()
    events = backend.chat(conversation_id, "Wake up {{stub tokens=2 load_delay=0.3}}", model="big-model")
    assert events[0][1]["model_state"] == "not-loaded"
    assert names(events) == ["start", "message", "done"]
    # It is loaded now, and the catalog the page reads next says so.
    assert catalog(backend)["big-model"]["state"] == "loaded"


# ---- context overflow ---------------------------------------------------------------------------

LONG_QUESTION = "Tell me everything about tides and moons. " * 40  # ~420 tokens


@pytest.mark.parametrize("form", ["keep_first", "n_keep", "midstream"])
def test_each_form_of_lm_studios_overflow_is_a_context_overflow_error(backend, stand_in, form):
    stand_in.behave(context_length=256, overflow=form)
    conversation_id = backend.create_conversation()
    events = backend.chat(conversation_id, LONG_QUESTION)
    error = error_of(events)
    assert error["code"] == "context_overflow"
    assert error["context_length"] == 256
    assert error["prompt_tokens"] == count_prompt_tokens(stand_in.requests()[-1]["messages"])
    assert "256 tokens" in error["error"]
    assert "new conversation from a summary or from the last messages" in error["error"]
    assert "content" not in error and "status" not in error
    # The question is kept; no reply is stored for a request that was refused.
    assert [m["role"] for m in backend.messages(conversation_id)] == ["user"]


def test_a_reply_that_fills_the_window_keeps_what_was_written(backend, stand_in):
    stand_in.behave(context_length=60)
    conversation_id = backend.create_conversation()
    events = backend.chat(conversation_id, "Short question {{stub tokens=200}}")
    error = error_of(events)
    assert error["code"] == "context_overflow"
    assert "filled" in error["error"] and "cut short" in error["error"]
    written = text_of(events)
    assert written and reply_text(200).startswith(written)
    stored = backend.messages(conversation_id)[-1]
    assert (stored["content"], stored["status"]) == (written, "interrupted")


def long_history(backend, conversation_id, exchanges: int, size: int) -> None:
    """`exchanges` question-and-answer pairs of about `size` characters each."""
    for index in range(exchanges):
        backend.chat(conversation_id, f"Question {index}: " + "x" * size + " {{stub tokens=2}}")


def test_truncate_middle_keeps_the_system_prompt_the_first_message_and_the_newest(backend, stand_in):
    conversation_id = backend.create_conversation()
    backend.http.patch(
        f"/api/conversations/{conversation_id}",
        json={"system_prompt": "Be brief.", "context_overflow": "truncate_middle"},
    )
    long_history(backend, conversation_id, exchanges=8, size=400)  # ~8 x 110 tokens
    stand_in.behave(context_length=700)
    events = backend.chat(conversation_id, "And now? {{stub tokens=2}}")
    assert names(events) == ["start", "message", "done"]
    sent = stand_in.requests()[-1]["messages"]
    history = backend.messages(conversation_id)
    every = [{"role": "system", "content": "Be brief."}] + [
        {"role": m["role"], "content": m["content"]} for m in history[:-1]
    ]
    # Exactly: the system prompt, the first question, then an unbroken run of the newest
    # messages, starting with a reply, ending with the question being answered.
    assert sent[0] == every[0] and sent[1] == every[1]
    tail = sent[2:]
    assert tail == every[len(every) - len(tail) :]
    assert tail[0]["role"] == "assistant" and tail[-1]["content"] == "And now? {{stub tokens=2}}"
    assert count_prompt_tokens(sent) <= 700
    dropped = len(every) - len(sent)
    assert dropped > 0
    reply = events[-1][1]["message"]
    assert reply["trimmed_messages"] == dropped
    assert history[-1]["trimmed_messages"] == dropped


def test_truncate_middle_learns_the_window_from_lm_studios_error_when_it_was_not_known(backend, stand_in):
    """A model loaded for the request (JIT) has no known window until LM Studio names it."""
    set_models(stand_in, {"id": "jit-model", "state": "not-loaded", "max_context_length": 32768})
    conversation_id = backend.create_conversation()
    backend.http.patch(
        f"/api/conversations/{conversation_id}", json={"model": "jit-model", "context_overflow": "truncate_middle"}
    )
    long_history(backend, conversation_id, exchanges=6, size=400)
    stand_in.behave(context_length=500, overflow="n_keep")
    events = backend.chat(conversation_id, "Still there? {{stub tokens=2}}")
    assert names(events)[-1] == "done", events[-1]
    requests = stand_in.requests()
    assert count_prompt_tokens(requests[-2]["messages"]) > 500  # refused first …
    assert count_prompt_tokens(requests[-1]["messages"]) <= 500  # … then sent trimmed, once
    assert events[-1][1]["message"]["trimmed_messages"] > 0


def test_without_truncate_middle_nothing_is_left_out(backend, stand_in):
    conversation_id = backend.create_conversation()
    long_history(backend, conversation_id, exchanges=4, size=400)
    stand_in.behave(context_length=300)
    assert error_of(backend.chat(conversation_id, "More?"))["code"] == "context_overflow"
    assert len(stand_in.requests()[-1]["messages"]) == 9  # all of it was sent


# ---- going on elsewhere ----------------------------------------------------------------------


def test_continue_from_the_last_messages_copies_the_newest_that_fit_half_the_window(backend, stand_in):
    set_models(stand_in, {"id": "small-model", "loaded_context_length": 1000})
    conversation_id = backend.create_conversation()
    settings = {"title": "Tides", "model": "small-model", "temperature": 0.3}
    backend.http.patch(f"/api/conversations/{conversation_id}", json=settings)
    long_history(backend, conversation_id, exchanges=10, size=400)
    stand_in.behave(delay=0.05)  # the answer in the copy is still being written when the test follows it
    response = backend.http.post(f"/api/conversations/{conversation_id}/continue", json={"start_from": "last_messages"})
    assert response.status_code == 200, response.text
    copy = response.json()
    assert copy["title"] == "Continued: Tides"  # says what it is, at the front, where a narrow row shows it
    assert (copy["model"], copy["temperature"]) == ("small-model", 0.3)
    # The last questions no longer fitted: the one the path ends with comes along, answered.
    original = backend.messages(conversation_id)
    assert original[-1]["role"] == "user" and original[-1]["reply_error"]["code"] == "context_overflow"
    assert copy["is_generating"] is True and follow(backend, copy["id"])[-1][0] == "done"
    copied, answer = backend.messages(copy["id"])[:-1], backend.messages(copy["id"])[-1]
    assert [m["content"] for m in copied] == [m["content"] for m in original[-len(copied) :]]
    assert answer["role"] == "assistant" and answer["parent_id"] == copied[-1]["id"]
    assert copied[0]["role"] == "user" and copied[0]["parent_id"] is None
    assert 2 <= len(copied) < len(original)
    tokens = sum(math.ceil(len(m["content"]) / 3) + 8 for m in copied)
    assert tokens <= 500 + 2 * 150  # about half the window (the estimate is cautious)


def test_continue_from_a_summary_streams_the_summary_into_a_new_conversation(backend, stand_in):
    conversation_id = backend.create_conversation()
    backend.http.patch(f"/api/conversations/{conversation_id}", json={"title": "Trip plans"})
    backend.chat(conversation_id, "We fly to Lisbon on Friday. {{stub tokens=2}}")
    # Slow enough that the summary is still being written when the test follows it.
    stand_in.behave(text="Lisbon on Friday; hotel still open.", delay=0.05)
    response = backend.http.post(f"/api/conversations/{conversation_id}/continue", json={"start_from": "summary"})
    assert response.status_code == 200, response.text
    created = response.json()
    assert created["is_generating"] is True and created["title"] == "Continued: Trip plans"
    with backend.http.stream("GET", f"/api/conversations/{created['id']}/stream") as stream:
        events = list(iter_events(stream.iter_lines()))
    assert text_of(events) == "Lisbon on Friday; hotel still open.", events
    sent = stand_in.requests()[-1]["messages"]
    assert sent[0]["role"] == "system" and "summar" in sent[0]["content"]
    assert "User: We fly to Lisbon on Friday." in sent[1]["content"]
    messages = backend.messages(created["id"])
    assert [m["role"] for m in messages] == ["user", "assistant"]
    assert "Trip plans" in messages[0]["content"]
    assert messages[1]["content"] == "Lisbon on Friday; hotel still open."
    # The new conversation goes on from the summary alone.
    backend.chat(created["id"], "Book the hotel. {{stub tokens=1}}")
    assert [m["content"] for m in stand_in.requests()[-1]["messages"]][1:] == [
        messages[1]["content"],
        "Book the hotel. {{stub tokens=1}}",
    ]


def test_continue_refuses_what_it_cannot_do(backend):
    empty = backend.create_conversation()
    response = backend.http.post(f"/api/conversations/{empty}/continue", json={"start_from": "summary"})
    assert response.status_code == 422 and "no messages" in response.json()["detail"]
    response = backend.http.post(f"/api/conversations/{empty}/continue", json={"start_from": "somewhere"})
    assert response.status_code == 422
    assert backend.http.post("/api/conversations/nope/continue", json={"start_from": "summary"}).status_code == 404


# ---- sampling -----------------------------------------------------------------------------------


def test_sampling_settings_are_sent_only_when_set(backend, stand_in):
    conversation_id = backend.create_conversation()
    backend.chat(conversation_id, "plain {{stub tokens=1}}")
    body = stand_in.requests()[-1]["body"]
    assert not {"top_p", "top_k", "min_p", "repeat_penalty", "stop"} & set(body)
    settings = {"top_p": 0.9, "top_k": 40, "min_p": 0.05, "repeat_penalty": 1.1, "stop": ["###", "\nUser:"]}
    response = backend.http.patch(f"/api/conversations/{conversation_id}", json=settings)
    assert response.status_code == 200 and {k: response.json()[k] for k in settings} == settings
    backend.chat(conversation_id, "tuned {{stub tokens=1}}")
    body = stand_in.requests()[-1]["body"]
    assert {k: body[k] for k in settings} == settings
    backend.http.patch(f"/api/conversations/{conversation_id}", json={"top_k": None, "stop": None})
    backend.chat(conversation_id, "again {{stub tokens=1}}")
    body = stand_in.requests()[-1]["body"]
    assert "top_k" not in body and "stop" not in body and body["top_p"] == 0.9


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("top_p", 1.5),
        ("top_p", -0.1),
        ("top_k", 0),
        ("top_k", 1001),
        ("top_k", 2.5),
        ("min_p", 2),
        ("repeat_penalty", 0),
        ("repeat_penalty", 2.5),
        ("stop", "###"),
        ("stop", ["a", "b", "c", "d", "e"]),
        ("stop", [""]),
        ("stop", ["x" * 101]),
        ("context_overflow", "drop_everything"),
    ],
)
def test_sampling_settings_outside_what_lm_studio_accepts_are_refused_by_name(backend, field, value):
    conversation_id = backend.create_conversation()
    response = backend.http.patch(f"/api/conversations/{conversation_id}", json={field: value})
    assert response.status_code == 422
    assert field in {str(part) for error in response.json()["detail"] for part in error["loc"]}


def test_prompt_tokens_of_the_stand_in_match_its_documented_count():
    messages = [{"role": "user", "content": "x" * 10}]
    assert count_prompt_tokens(messages) == math.ceil(10 / CHARS_PER_TOKEN) + TOKENS_PER_MESSAGE


def overflowed_with_a_question(backend, stand_in, question: str) -> str:
    """A conversation whose last question did not fit the window (it stays unanswered)."""
    set_models(stand_in, {"id": "small-model", "loaded_context_length": 1000})
    conversation_id = backend.create_conversation()
    backend.http.patch(f"/api/conversations/{conversation_id}", json={"title": "Tides", "model": "small-model"})
    long_history(backend, conversation_id, exchanges=4, size=400)
    failed = backend.chat(conversation_id, question)
    assert failed[-1][0] == "error" and failed[-1][1]["code"] == "context_overflow"
    return conversation_id


def follow(backend, conversation_id):
    with backend.http.stream("GET", f"/api/conversations/{conversation_id}/stream") as stream:
        return list(iter_events(stream.iter_lines()))


def test_continuing_from_the_last_messages_brings_the_unanswered_question_once_and_answers_it(backend, stand_in):
    question = "And how high do they get? " + "x" * 3000
    conversation_id = overflowed_with_a_question(backend, stand_in, question)
    stand_in.behave(tokens=3, delay=0.05)
    response = backend.http.post(f"/api/conversations/{conversation_id}/continue", json={"start_from": "last_messages"})
    assert response.status_code == 200, response.text
    copy = response.json()
    assert copy["is_generating"] is True
    assert follow(backend, copy["id"])[-1][0] == "done"
    copied = backend.messages(copy["id"])
    assert [m["content"] for m in copied].count(question) == 1
    assert copied[-2]["content"] == question and copied[-1]["role"] == "assistant"
    assert copied[-2]["reply_error"] is None
    # What the copied replies measured of the old, longer prompt stays behind: only the new
    # reply's count describes this conversation.
    assert all(m["stats"]["prompt_tokens"] is None for m in copied[:-2] if m["stats"])
    assert copied[-1]["stats"]["prompt_tokens"] == stand_in.requests()[-1]["prompt_tokens"]


def test_continuing_from_a_summary_asks_the_unanswered_question_after_the_summary(backend, stand_in):
    question = "So which beach is best at low tide? " + "y" * 3000
    conversation_id = overflowed_with_a_question(backend, stand_in, question)
    stand_in.behave(text="Notes: tides twice a day.", delay=0.05)
    response = backend.http.post(f"/api/conversations/{conversation_id}/continue", json={"start_from": "summary"})
    created = response.json()
    summary_events = follow(backend, created["id"])
    assert text_of(summary_events) == "Notes: tides twice a day."
    summarised = stand_in.requests()[-1]["messages"][1]["content"]
    assert question not in summarised  # it comes along as itself, not in the transcript
    deadline = time.monotonic() + 10
    while len(backend.messages(created["id"])) < 4 and time.monotonic() < deadline:
        follow(backend, created["id"])
        time.sleep(0.05)
    request, summary, asked, answer = backend.messages(created["id"])
    assert (asked["role"], asked["content"], answer["role"]) == ("user", question, "assistant")
    # The summary's figures are not a count of this conversation's history.
    assert summary["stats"]["prompt_tokens"] is None and answer["stats"]["prompt_tokens"] is not None
    assert stand_in.requests()[-1]["messages"][-1]["content"] == question


def test_a_continued_conversation_keeps_the_tokens_per_character_its_replies_measured(backend, stand_in):
    """The copy's replies and the summary lose the prompt counts that describe another prompt, but
    keep the ratio LM Studio's count gave: the page's context meter (and the backend's estimates)
    count the carried question with it, not with the cautious default."""
    set_models(stand_in, {"id": "small-model", "loaded_context_length": 1000})
    conversation_id = backend.create_conversation()
    backend.http.patch(f"/api/conversations/{conversation_id}", json={"model": "small-model"})
    long_history(backend, conversation_id, exchanges=7, size=400)  # ~860 of the 1,000 tokens
    failed = backend.chat(conversation_id, "What about spring tides? " + "z" * 800)
    assert error_of(failed)["code"] == "context_overflow"
    original = backend.messages(conversation_id)
    copy = backend.http.post(
        f"/api/conversations/{conversation_id}/continue", json={"start_from": "last_messages"}
    ).json()
    follow(backend, copy["id"])
    copied = backend.messages(copy["id"])[:-1]  # the last is the carried question's new answer
    pairs = [
        (old, new) for old, new in zip(original[-len(copied) :], copied, strict=True) if new["role"] == "assistant"
    ]
    assert pairs, "the copy holds at least one earlier reply"
    for old, new in pairs:
        assert new["stats"]["prompt_tokens"] is None
        assert new["stats"]["tokens_per_char"] == pytest.approx(
            old["stats"]["prompt_tokens"] / old["stats"]["prompt_chars"]
        )

    stand_in.behave(text="Notes: spring tides are the largest.", delay=0.01)
    created = backend.http.post(f"/api/conversations/{conversation_id}/continue", json={"start_from": "summary"}).json()
    follow(backend, created["id"])
    summary = backend.messages(created["id"])[1]
    summarised = next(r for r in reversed(stand_in.requests()) if r["messages"][0]["role"] == "system")
    chars = sum(len(m["content"]) for m in summarised["messages"])
    assert summary["stats"]["prompt_tokens"] is None
    assert summary["stats"]["tokens_per_char"] == pytest.approx(summarised["prompt_tokens"] / chars)
