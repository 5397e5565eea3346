"""Answering the tool calls a model made in one step of a reply: each call, in the model's
order, is announced (`tool_call`), approved when its tool asks for that (`tool_approval`, then
a wait for the user's decision, `tool_decided`), run through the hub, and its result announced (`tool_result`)
and kept as a step of the reply. What the model is told comes back as the messages to send.

Every trouble is a result the model reads and the reply goes on: arguments that are not a JSON
object, a tool nobody offers, a call the user declined, a tool's error or its timeout. Only a
stop ends the reply: the call under way is kept as "stopped".

Calls run one after another: a user answers one question at a time, and tools that change
things see them in the order the model asked.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from dataclasses import dataclass

from lm_studio.tool_messages import STOPPED_RESULT, assistant_with_calls, parsed_arguments, tool_result
from replies import events
from replies.reply import Reply
from replies.tools import ToolHubLike, ToolSpecLike

logger = logging.getLogger("client_chat.replies")

# LM Studio's ids are digits, OpenAI's "call_…": kept as they are. Others (empty, with a "/", very
# long) would not fit a URL path segment of POST …/tool-calls/{id}.
USABLE_CALL_ID = re.compile(r"[A-Za-z0-9_.:-]{1,64}")
DECLINED = "The user declined this tool call; it was not run. Do not call it again unless the user asks."


class NothingWaits(LookupError):
    """No call of the reply in progress waits for a decision under that id."""


@dataclass(frozen=True, slots=True)
class Decision:
    allow: bool
    remember: bool = False  # from now on, this tool runs (or is refused) without asking


def decide(reply: Reply | None, call_id: str, decision: Decision) -> None:
    """Give a waiting call the user's decision; NothingWaits when none waits under that id."""
    waiting = reply.approvals.get(call_id) if reply is not None else None
    if waiting is None or waiting.done():
        raise NothingWaits(call_id)
    waiting.set_result(decision)
    # Published here, before the POST is answered: a reader replaying the reply from then on
    # sees the choice made, even while the allowed tool still runs.
    reply.publish(events.tool_decided(call_id, decision.allow, decision.remember))


def _unused_id(taken: set[str], call_id: str) -> str:
    """The model's id for a call, unless it is empty, not usable in the decision route's path, or
    an earlier call of this reply (this step's included) had it: the page, the decisions and
    LM Studio's tool turns find a call by its id. The id given is added to `taken`."""
    usable = USABLE_CALL_ID.fullmatch(call_id or "") is not None
    base, candidate, n = (call_id, call_id, 1) if usable else ("call", "call-1", 1)
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    taken.add(candidate)
    return candidate


class ToolCaller:
    """The tools one reply may call (`tools`, from `hub`; no hub: none) and how long one may run."""

    def __init__(self, hub: ToolHubLike | None, tools: list[ToolSpecLike], timeout_s: float) -> None:
        self.hub = hub
        self.tools = {tool.name: tool for tool in tools}
        self.timeout_s = timeout_s

    async def answer(self, reply: Reply, calls: list[dict]) -> list[dict]:
        """Run this step's `calls` ([{id, name, arguments}]); the messages that tell the model:
        its own turn asking for them (with the text it wrote first), then each result."""
        text = reply.close_text_step()
        taken = {step["id"] for step in reply.steps if step["type"] == "tool_call"}
        calls = [{**call, "id": _unused_id(taken, call["id"])} for call in calls]
        asked = assistant_with_calls(text, calls)
        results = []
        for call in calls:
            results.append(tool_result(call["id"], await self._settle(reply, call)))
        return [asked, *results]

    async def _settle(self, reply: Reply, call: dict) -> str:
        """Announce the call, decide and run it, keep it as a step; what the model is told."""
        tool = self.tools.get(call["name"])
        step = {
            "type": "tool_call",
            "id": call["id"],
            "name": call["name"],
            "server": tool.server if tool else None,
            "arguments": call["arguments"],
            "status": "stopped",
            "result": STOPPED_RESULT,
            "duration_ms": None,
        }
        reply.steps.append(step)
        reply.publish(events.tool_call(step["id"], step["name"], step["server"], step["arguments"]))
        try:
            status, result = await self._outcome(reply, call, tool, step)
        except asyncio.CancelledError:
            reply.publish(events.tool_result(step["id"], STOPPED_RESULT, "stopped", step["duration_ms"]))
            raise
        step.update(status=status, result=result)
        reply.publish(events.tool_result(step["id"], result, status, step["duration_ms"]))
        return result

    async def _outcome(self, reply: Reply, call: dict, tool: ToolSpecLike | None, step: dict) -> tuple[str, str]:
        """(status, result) of one call; `step` gets how long the tool ran."""
        if tool is None or self.hub is None:
            return "error", self._unknown(call["name"])
        arguments = parsed_arguments(call["arguments"])
        if arguments is None:
            return "error", (
                f"The arguments you wrote are not a JSON object, so {call['name']} was not run: "
                f"{call['arguments']!r}. Call it again with its arguments as one JSON object."
            )
        # Asked now, not as listed when the reply began: a decision remembered a step ago, or the
        # approval changed in the panel meanwhile, holds for the calls still to come.
        approval = self.hub.approval_of(tool)
        if approval == "never":
            return "denied", DECLINED
        if approval != "always" and not await self._allowed(reply, call, tool):
            return "denied", DECLINED
        # perf_counter, not the loop's clock: uvloop's advances in whole milliseconds.
        began = time.perf_counter()
        try:
            outcome = await self.hub.call(tool, arguments, self.timeout_s)
        except asyncio.CancelledError:
            step["duration_ms"] = round((time.perf_counter() - began) * 1000, 1)
            raise
        except Exception as failure:  # the hub promises outcomes, but one failing tool must not end the reply
            logger.exception("tool %s failed in the hub", call["name"])
            outcome_text, is_error = f"The tool failed: {failure}", True
        else:
            outcome_text, is_error = outcome.text, outcome.is_error
        step["duration_ms"] = round((time.perf_counter() - began) * 1000, 1)
        return ("error" if is_error else "done"), outcome_text

    async def _allowed(self, reply: Reply, call: dict, tool: ToolSpecLike) -> bool:
        """Ask the user (the reply waits, through reloads, until they decide or stop it)."""
        waiting = asyncio.get_running_loop().create_future()
        reply.approvals[call["id"]] = waiting
        reply.publish(events.tool_approval(call["id"]))
        try:
            decision: Decision = await waiting
        finally:
            reply.approvals.pop(call["id"], None)
        if decision.remember:
            rule = "always" if decision.allow else "never"
            try:
                await self.hub.remember(tool, rule)
            except Exception:  # the decision still holds for this call
                logger.exception("could not remember the approval of tool %s", call["name"])
        return decision.allow

    def _unknown(self, name: str) -> str:
        if not self.tools:
            return f"There is no tool named {name!r}: no tools are available here. Answer without tools."
        offered = ", ".join(sorted(self.tools))
        return f"There is no tool named {name!r}. The tools you can call are: {offered}."
