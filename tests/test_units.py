"""Unit tests of the pieces with no I/O: <think> splitting, configuration, event encoding."""

from __future__ import annotations

import asyncio
import json

import pytest

from config import ConfigError, host_name, load_settings
from lm_studio.catalog import Catalog
from lm_studio.errors import server_port
from lm_studio.model_lists import v1_entry
from lm_studio.think_tags import CONTENT, REASONING, ThinkTagSplitter
from models import ModelInfo
from replies import events
from replies.events import Event
from support import iter_events

THOUGHTFUL_REPLY = "<think>Weigh it up.\nThen decide.</think>\n\nThe answer is 42 < 43."


def split(deltas: list[str]) -> tuple[str, str]:
    splitter = ThinkTagSplitter()
    pieces = [p for delta in deltas for p in splitter.feed(delta)] + splitter.flush()
    return (
        "".join(text for kind, text in pieces if kind == CONTENT),
        "".join(text for kind, text in pieces if kind == REASONING),
    )


@pytest.mark.parametrize("size", [1, 2, 3, 5, 7, len(THOUGHTFUL_REPLY)])
def test_think_spans_split_at_any_point_are_separated(size):
    deltas = [THOUGHTFUL_REPLY[i : i + size] for i in range(0, len(THOUGHTFUL_REPLY), size)]
    assert split(deltas) == ("The answer is 42 < 43.", "Weigh it up.\nThen decide.")


def test_text_without_tags_passes_through_untouched():
    assert split(["a < b", " and <thin", "g>"]) == ("a < b and <thing>", "")


def test_unfinished_tag_at_the_end_is_not_lost():
    assert split(["answer <thi"]) == ("answer <thi", "")
    assert split(["  <thi"]) == ("  <thi", "")


@pytest.mark.parametrize("size", [1, 3, 100])
def test_a_think_tag_after_the_answer_began_is_part_of_the_answer(size):
    answer = "Wrap it in <think>tags</think> like this, then <think> again. The end."
    deltas = [answer[i : i + size] for i in range(0, len(answer), size)]
    assert split(deltas) == (answer, "")


def test_a_think_block_may_follow_leading_whitespace_only():
    assert split(["\n  ", "<think>hm</think>", "Yes."]) == ("Yes.", "hm")
    assert split(["<think>a</think>B <think>c</think>"]) == ("B <think>c</think>", "a")


def test_defaults_are_local_and_safe():
    settings = load_settings({})
    assert settings.host == "127.0.0.1"
    assert settings.port == 8000
    assert settings.lm_studio_url == "http://localhost:1234/v1"
    assert settings.cors_origins == ("http://localhost:5173", "http://127.0.0.1:5173")
    assert settings.db_path is None and settings.storage_kind == "memory"
    assert settings.first_token_timeout_s >= 300


def test_environment_overrides_and_lists():
    settings = load_settings(
        {"CHAT_PORT": "9000", "CHAT_CORS_ORIGINS": "http://a:1, http://b:2", "CHAT_ALLOWED_HOSTS": "[::1],Box"}
    )
    assert settings.port == 9000
    assert settings.cors_origins == ("http://a:1", "http://b:2")
    assert settings.allowed_hosts == ("::1", "box")


@pytest.mark.parametrize(
    ("name", "value"), [("CHAT_PORT", "eighty"), ("CHAT_STALL_TIMEOUT_S", "0"), ("CHAT_PORT", "-1")]
)
def test_bad_values_name_the_variable(name, value):
    with pytest.raises(ConfigError, match=name):
        load_settings({name: value})


@pytest.mark.parametrize(
    ("header", "host"), [("localhost:8000", "localhost"), ("[::1]:8000", "::1"), ("127.0.0.1", "127.0.0.1")]
)
def test_host_name_strips_ports(header, host):
    assert host_name(header) == host


def test_runs_of_deltas_are_merged_and_other_events_kept_in_order():
    sent = [
        Event("start", {"message_id": "m", "model": "x"}),
        Event("reasoning", {"reasoning": "a"}),
        Event("reasoning", {"reasoning": "b"}),
        Event("message", {"content": "é"}),
        Event("message", {"content": "🚀\n"}),
        Event("done", {"status": "completed"}),
    ]
    encoded = events.encode(sent, 0, "r").decode()
    parsed = list(iter_events(encoded.split("\r\n")))
    assert parsed == [
        ("start", {"message_id": "m", "model": "x"}),
        ("reasoning", {"reasoning": "ab"}),
        ("message", {"content": "é🚀\n"}),
        ("done", {"status": "completed"}),
    ]


@pytest.mark.parametrize(
    ("url", "port"),
    [
        ("http://localhost:1234/v1", 1234),
        ("http://192.168.1.20:8080/v1", 8080),
        ("https://llm.example/v1", 443),
        ("http://llm.example/v1", 80),
        ("http://localhost:99999/v1", 80),  # malformed: still a sentence, not a crash
    ],
)
def test_the_port_lm_studio_must_listen_on_comes_from_the_url(url, port):
    assert server_port(url) == port


def test_an_outdated_catalog_is_read_again_before_anyone_is_answered_from_it():
    """A reply that loaded its model marks the list outdated: the page's next read (which takes a
    list up to a few seconds old) waits for the new one, even when an older read is under way."""

    async def scenario():
        held = asyncio.Event()  # the earlier read answers only once the model is loaded
        answers = iter([("not-loaded", None), ("not-loaded", held), ("loaded", None)])

        async def fetch():
            state, gate = next(answers)
            if gate is not None:
                await gate.wait()
            return [ModelInfo(id="big-model", state=state)]

        catalog = Catalog(fetch, ttl_s=60)
        assert (await catalog.at_most(60))[0].state == "not-loaded"
        earlier = asyncio.ensure_future(catalog.read())
        await asyncio.sleep(0)
        catalog.outdated()
        assert (await catalog.at_most(60))[0].state == "loaded"
        held.set()
        await earlier
        assert (await catalog.at_most(60))[0].state == "loaded"  # the older answer is not kept
        await catalog.close()

    asyncio.run(scenario())


def test_a_v1_entry_without_capabilities_does_not_say_it_cannot_see():
    """The page warns before sending an image to a model that cannot see: only when LM Studio
    says so, never because an entry left its capabilities out."""
    unsaid = v1_entry({"key": "qwen3-8b", "type": "llm"})
    assert (unsaid.type, unsaid.vision, unsaid.tools) == ("llm", None, None)
    said = v1_entry({"key": "qwen3-8b", "type": "llm", "capabilities": {"vision": False}})
    assert said.vision is False


def read_calls(deltas: list[dict]) -> list[dict]:
    from lm_studio.chunks import TOOL_CALLS, CompletionReader

    reader = CompletionReader("m")
    for delta in deltas:
        reader.feed("data: " + json.dumps({"choices": [{"index": 0, "delta": delta, "finish_reason": None}]}))
    (kind, calls), *_ = reader.tool_calls() or [(TOOL_CALLS, [])]
    return calls


def test_tool_calls_are_joined_by_index_keeping_the_first_id_and_name():
    deltas = [
        {"tool_calls": [{"index": 0, "id": "1", "type": "function", "function": {"name": "a", "arguments": ""}}]},
        {"tool_calls": [{"index": 1, "id": "2", "type": "function", "function": {"name": "b", "arguments": ""}}]},
        {"tool_calls": [{"index": 0, "type": "function", "function": {"name": "", "arguments": '{"x"'}}]},
        {"tool_calls": [{"index": 1, "function": {"arguments": "{}"}}]},
        {"tool_calls": [{"index": 0, "function": {"arguments": ": 1}"}}]},
    ]
    assert read_calls(deltas) == [
        {"id": "1", "name": "a", "arguments": '{"x": 1}'},
        {"id": "2", "name": "b", "arguments": "{}"},
    ]


def test_a_reply_without_tool_calls_has_none():
    assert read_calls([{"content": "hi"}]) == []


def test_fitting_a_history_never_keeps_a_tool_result_without_its_call():
    from context.fit import fit

    asked = [{"id": "1", "function": {"name": "t", "arguments": "{}"}}]
    call = {"role": "assistant", "content": "", "tool_calls": asked}
    history = [
        {"role": "user", "content": "first " * 50},
        {"role": "assistant", "content": "old " * 200},
        {"role": "user", "content": "go"},
        call,
        {"role": "tool", "tool_call_id": "1", "content": "x" * 400},
        {"role": "tool", "tool_call_id": "1", "content": "y" * 20},
        {"role": "assistant", "content": "done"},
        {"role": "user", "content": "now"},
    ]
    fitted, left_out = fit(history, budget=150, ratio=1 / 3)
    assert left_out and fitted[-1]["content"] == "now"
    assert [m["role"] for m in fitted] == ["user", "assistant", "user"]  # the newer result went with its call
    for index, message in enumerate(fitted):
        if message["role"] == "tool":
            assert any(m.get("tool_calls") for m in fitted[:index])
