"""The wire of a reply, defined once: every Server-Sent Event a reply sends, its name and payload.

  start      {"message_id", "model", "model_state", "context_length"}  the reply began
  reasoning  {"reasoning": piece}   a piece of a thinking model's thoughts
  message    {"content": piece}     a piece of the answer (the original API's event)
  tool_call      {"id", "name", "server", "arguments"}   the model called a tool (arguments: the
                 JSON text it wrote; server: null for a tool nobody offers)
  tool_approval  {"id"}        that call waits for the user: POST …/tool-calls/{id} decides
  tool_decided   {"id", "decision": "allow" | "deny", "remember"}   the user decided (here or in
                 another tab): a reader replaying the reply no longer offers the choice
  tool_result    {"id", "result", "is_error", "duration_ms", "outcome"}   what the model is told
                 of it; outcome: the stored step's status ("done" | "error" | "denied" | "stopped")
  done       {"status": "completed" | "stopped", "message", "stats"}    the reply ended
  error      {"error": sentence, "code", "message", …figures}           the reply failed

Every reply ends with exactly one `done` or `error`. No event but `message` carries a `content`
key, none but `done` a `status` and none but `error` an `error`, so a client that reads only the
original API's two events never misreads the others. The page keeps the same list
(frontend/src/api/events.js); a test holds the two to each other.

Events are encoded with sse-starlette's JSONServerSentEvent, each with an id made of the reply's
id and the event's index in it ("<reply id>:<index>"): a reader that reconnects with that
Last-Event-ID resumes after it, and an id of another reply replays this one whole. A reader that
fell behind gets what it missed in one chunk, runs of pieces merged into one event each.
"""

from __future__ import annotations

from dataclasses import dataclass

from sse_starlette import JSONServerSentEvent

START = "start"
REASONING = "reasoning"
MESSAGE = "message"
TOOL_CALL = "tool_call"
TOOL_APPROVAL = "tool_approval"
TOOL_DECIDED = "tool_decided"
TOOL_RESULT = "tool_result"
DONE = "done"
ERROR = "error"
NAMES = (START, REASONING, MESSAGE, TOOL_CALL, TOOL_APPROVAL, TOOL_DECIDED, TOOL_RESULT, DONE, ERROR)
ENDINGS = (DONE, ERROR)
# The pieces' events, by the key their piece travels under; consecutive ones may be merged.
PIECE_KEYS = {MESSAGE: "content", REASONING: "reasoning"}
# A stored reply's status, as `done` says it: clients of the original API read "completed".
DONE_STATUS = {"complete": "completed", "stopped": "stopped"}
SEPARATOR = "\r\n"  # sse-starlette's default, so pieces and its keep-alive pings look alike


@dataclass(frozen=True, slots=True)
class Event:
    name: str
    data: dict


def start(message_id: str, model: str, model_state: str, context_length: int | None) -> Event:
    data = {"message_id": message_id, "model": model, "model_state": model_state, "context_length": context_length}
    return Event(START, data)


def reasoning(piece: str) -> Event:
    return Event(REASONING, {"reasoning": piece})


def message(piece: str) -> Event:
    return Event(MESSAGE, {"content": piece})


def tool_call(call_id: str, name: str, server: str | None, arguments: str) -> Event:
    return Event(TOOL_CALL, {"id": call_id, "name": name, "server": server, "arguments": arguments})


def tool_approval(call_id: str) -> Event:
    return Event(TOOL_APPROVAL, {"id": call_id})


def tool_decided(call_id: str, allow: bool, remember: bool) -> Event:
    return Event(TOOL_DECIDED, {"id": call_id, "decision": "allow" if allow else "deny", "remember": remember})


def tool_result(call_id: str, result: str, outcome: str, duration_ms: float | None) -> Event:
    """`outcome` is the stored step's status; SPEC's `is_error` is every outcome but "done". The
    key is not `status`: only `done` carries one, and a seed client reads it as the reply's end."""
    data = {"id": call_id, "result": result, "is_error": outcome != "done", "duration_ms": duration_ms}
    return Event(TOOL_RESULT, {**data, "outcome": outcome})


def done(stored_status: str, stored_message: dict | None, stats: dict) -> Event:
    """The reply ended; `stored_status` is the stored message's (complete or stopped)."""
    return Event(DONE, {"status": DONE_STATUS[stored_status], "message": stored_message, "stats": stats})


def error(sentence: str, code: str, stored_message: dict | None, figures: dict | None = None) -> Event:
    """The reply failed: why, its code, what was stored of it (null: nothing), and figures a
    client can act on (a context overflow's sizes, a model that can see images)."""
    return Event(ERROR, {"error": sentence, "code": code, "message": stored_message, **(figures or {})})


def event_id(reply_id: str, index: int) -> str:
    return f"{reply_id}:{index}"


def resume_after(last_event_id: str | None, reply_id: str) -> int:
    """The index of the last event a reconnecting reader saw of this reply (-1: none of it)."""
    prefix, _, index = (last_event_id or "").rpartition(":")
    return int(index) if prefix == reply_id and index.isdigit() else -1


def encode(events: list[Event], first_index: int, reply_id: str) -> bytes:
    """Events `first_index`… of a reply as one chunk of SSE, each run of pieces of one kind merged
    into one event (whose id is its last piece's)."""
    chunks: list[bytes] = []

    def add(event: Event, index: int) -> None:
        chunks.append(
            JSONServerSentEvent(event.data, event=event.name, id=event_id(reply_id, index), sep=SEPARATOR).encode()
        )

    run_name, run_pieces = None, []
    for index, event in enumerate(events, first_index):
        key = PIECE_KEYS.get(event.name)
        if run_name is not None and event.name != run_name:
            add(Event(run_name, {PIECE_KEYS[run_name]: "".join(run_pieces)}), index - 1)
            run_name, run_pieces = None, []
        if key is None:
            add(event, index)
        else:
            run_name = event.name
            run_pieces.append(event.data[key])
    if run_name is not None:
        add(Event(run_name, {PIECE_KEYS[run_name]: "".join(run_pieces)}), first_index + len(events) - 1)
    return b"".join(chunks)
