"""The LM Studio stand-in streams tool calls as LM Studio does (stand_in/tool_calls.py names the
sources): each call opens with its id, type and name and empty arguments, then arguments in
pieces; several calls by index; `finish_reason: "tool_calls"`; and a script of rounds that
answers with text once the tool results are in."""

from __future__ import annotations

import json
import time

import httpx2

from fake_lmstudio import reply_text

ECHO = {"type": "function", "function": {"name": "echo", "parameters": {"type": "object"}}}


def chunks(stand_in, messages: list[dict], **extra) -> list[dict]:
    body = {"model": "stand-in-7b-instruct", "messages": messages, "stream": True, **extra}
    response = httpx2.post(f"{stand_in.url}/chat/completions", json=body, timeout=10)
    assert response.status_code == 200, response.text
    lines = [line[6:] for line in response.text.splitlines() if line.startswith("data: ")]
    assert lines[-1] == "[DONE]"
    return [json.loads(line) for line in lines[:-1]]


def tool_deltas(received: list[dict]) -> list[dict]:
    return [d for c in received if c["choices"] for d in c["choices"][0]["delta"].get("tool_calls", [])]


def finish_reason(received: list[dict]) -> str:
    return next(c["choices"][0]["finish_reason"] for c in received if c["choices"] and c["choices"][0]["finish_reason"])


ASKED = [{"role": "user", "content": "Echo hi"}]


def test_a_call_opens_with_id_type_name_and_empty_arguments_then_streams_arguments_in_pieces(stand_in):
    stand_in.behave(tool_calls=[{"name": "echo", "arguments": {"text": "hi there"}}])
    received = chunks(stand_in, ASKED, tools=[ECHO])
    first, *later = tool_deltas(received)
    assert set(first) == {"index", "id", "type", "function"}
    assert first["index"] == 0 and first["type"] == "function" and first["id"].isdigit()
    assert first["function"] == {"name": "echo", "arguments": ""}
    assert len(later) > 1
    assert all(set(d) == {"index", "function"} and set(d["function"]) == {"arguments"} for d in later)
    assert json.loads("".join(d["function"]["arguments"] for d in later)) == {"text": "hi there"}
    assert finish_reason(received) == "tool_calls"
    assert stand_in.requests()[-1]["tools"] == [ECHO]


def test_parallel_calls_stream_one_after_another_with_their_own_indexes(stand_in):
    calls = [{"name": "get_current_date", "arguments": {}}, {"name": "get_current_time", "arguments": {"tz": "UTC"}}]
    stand_in.behave(tool_calls=calls)
    deltas = tool_deltas(chunks(stand_in, ASKED))
    assert [d["index"] for d in deltas if "id" in d] == [0, 1]
    assert [d["function"]["name"] for d in deltas if "id" in d] == ["get_current_date", "get_current_time"]
    indexes = [d["index"] for d in deltas]
    assert indexes == sorted(indexes)  # never interleaved
    second = "".join(d["function"]["arguments"] for d in deltas if d["index"] == 1)
    assert json.loads(second) == {"tz": "UTC"}


def test_arguments_in_one_chunk_as_some_models_send_them(stand_in):
    stand_in.behave(tool_calls=[{"name": "echo", "arguments": {"text": "a long text"}}], tool_call_style="one_chunk")
    deltas = tool_deltas(chunks(stand_in, ASKED))
    assert len(deltas) == 2
    assert json.loads(deltas[1]["function"]["arguments"]) == {"text": "a long text"}


def test_older_versions_repeat_the_type_and_an_empty_name_with_each_piece(stand_in):
    stand_in.behave(tool_calls=[{"name": "echo", "arguments": {"text": "hi"}}], tool_call_style="empty_names")
    _, *later = tool_deltas(chunks(stand_in, ASKED))
    assert all(d["type"] == "function" and d["function"]["name"] == "" for d in later)


def test_text_before_the_calls_streams_as_content_first(stand_in):
    stand_in.behave(tool_steps=[{"text": "Let me check.", "calls": [{"name": "echo", "arguments": {}}]}])
    received = chunks(stand_in, ASKED)
    text = "".join(c["choices"][0]["delta"].get("content", "") for c in received if c["choices"])
    assert text == "Let me check."
    first_call = next(i for i, c in enumerate(received) if c["choices"] and c["choices"][0]["delta"].get("tool_calls"))
    assert all(not c["choices"][0]["delta"].get("tool_calls") for c in received[:first_call])


def test_a_string_of_arguments_is_sent_as_written_even_when_it_is_not_json(stand_in):
    stand_in.behave(tool_calls=[{"name": "echo", "arguments": '{"text": "unclosed'}])
    deltas = tool_deltas(chunks(stand_in, ASKED))
    assert "".join(d["function"]["arguments"] for d in deltas) == '{"text": "unclosed'


def test_the_script_answers_each_round_of_results_then_with_text(stand_in):
    stand_in.behave(tool_steps=[[{"name": "echo", "arguments": {}, "id": "111"}], [{"name": "echo", "arguments": {}}]])
    assert finish_reason(chunks(stand_in, ASKED)) == "tool_calls"
    one_round = [
        *ASKED,
        {"role": "assistant", "content": "", "tool_calls": [{"id": "111", "type": "function", "function": {}}]},
        {"role": "tool", "tool_call_id": "111", "content": "hi"},
    ]
    assert finish_reason(chunks(stand_in, one_round)) == "tool_calls"
    two_rounds = [*one_round, *one_round[1:]]
    received = chunks(stand_in, two_rounds)
    assert finish_reason(received) == "stop"
    text = "".join(c["choices"][0]["delta"].get("content", "") for c in received if c["choices"])
    assert text == reply_text(20)
    assert stand_in.requests()[-1]["messages"] == two_rounds


def test_each_request_records_when_it_arrived_and_when_its_finish_chunk_went_out(stand_in):
    stand_in.behave(tool_calls=[{"name": "echo", "arguments": {}}], end_delay=0.05)
    before = time.time()
    chunks(stand_in, ASKED)
    record = stand_in.requests()[-1]
    assert before <= record["received_at"] <= record["started_at"]
    assert record["finished_at"] - record["started_at"] >= 0.05  # after the end delay
    assert record["finished_at"] <= record["ended_at"] <= time.time()


def test_a_new_question_starts_the_script_again(stand_in):
    stand_in.behave(tool_calls=[{"name": "echo", "arguments": {}}])
    later_turn = [
        *ASKED,
        {"role": "assistant", "content": "", "tool_calls": [{"id": "1", "type": "function", "function": {}}]},
        {"role": "tool", "tool_call_id": "1", "content": "hi"},
        {"role": "assistant", "content": "Done."},
        {"role": "user", "content": "Again"},
    ]
    assert finish_reason(chunks(stand_in, later_turn)) == "tool_calls"


def test_a_reply_that_is_not_streamed_carries_the_whole_calls(stand_in):
    stand_in.behave(tool_calls=[{"name": "echo", "arguments": {"text": "hi"}, "id": "365174485"}])
    body = {"model": "stand-in-7b-instruct", "messages": ASKED}
    answer = httpx2.post(f"{stand_in.url}/chat/completions", json=body, timeout=10).json()
    choice = answer["choices"][0]
    assert choice["finish_reason"] == "tool_calls"
    assert choice["message"]["tool_calls"] == [
        {"id": "365174485", "type": "function", "function": {"name": "echo", "arguments": '{"text": "hi"}'}}
    ]


def test_tool_definitions_and_calls_count_in_the_prompt(stand_in):
    plain = chunks(stand_in, ASKED, stream_options={"include_usage": True})[-1]["usage"]["prompt_tokens"]
    with_tools = chunks(stand_in, ASKED, tools=[ECHO], stream_options={"include_usage": True})
    assert with_tools[-1]["usage"]["prompt_tokens"] == plain + -(-len(json.dumps([ECHO])) // 4)
