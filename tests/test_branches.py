"""Conversations as trees, on every storage engine: nothing a user wrote or read is
thrown away. Regenerate and edit add branches; the message list (GET …/messages) is the active path."""

from __future__ import annotations

import json
import re

import pytest

from fake_lmstudio import reply_text
from support import iter_events, names, text_of


@pytest.fixture
def backend(engine_backend, stand_in):
    return engine_backend


def contents(messages) -> list[str]:
    return [m["content"] for m in messages]


def regenerate(backend, conversation_id, message_id, **body):
    path = f"/api/conversations/{conversation_id}/messages/{message_id}/regenerate"
    with backend.http.stream("POST", path, json=body or None) as response:
        assert response.status_code == 200, response.read()
        return list(iter_events(response.iter_lines()))


def chat(backend, conversation_id, message, **body):
    return backend.chat(conversation_id, message, **body)


def test_messages_carry_their_parent_and_siblings(backend):
    conversation_id = backend.create_conversation()
    chat(backend, conversation_id, "one {{stub tokens=1}}")
    chat(backend, conversation_id, "two {{stub tokens=1}}")
    path = backend.messages(conversation_id)
    assert [m["role"] for m in path] == ["user", "assistant", "user", "assistant"]
    assert path[0]["parent_id"] is None
    for parent, child in zip(path, path[1:], strict=False):
        assert child["parent_id"] == parent["id"]
    assert all(m["sibling_ids"] == [m["id"]] for m in path)


def test_regenerate_adds_a_sibling_reply_and_keeps_the_first(backend, stand_in):
    conversation_id = backend.create_conversation()
    chat(backend, conversation_id, "tell me {{stub tokens=3}}")
    first_reply = backend.messages(conversation_id)[-1]
    stand_in.behave(text="A different answer.")
    events = regenerate(backend, conversation_id, first_reply["id"])
    assert names(events) == ["start", "message", "done"]
    assert text_of(events) == "A different answer."
    new_reply = events[-1][1]["message"]
    assert new_reply["parent_id"] == first_reply["parent_id"]
    path = backend.messages(conversation_id)
    assert contents(path) == ["tell me {{stub tokens=3}}", "A different answer."]  # the question is not duplicated
    assert path[-1]["sibling_ids"] == [first_reply["id"], new_reply["id"]]
    sent = stand_in.requests()[-1]["messages"]
    assert sent == [{"role": "user", "content": "tell me {{stub tokens=3}}"}]
    listed = backend.http.get(f"/api/conversations/{conversation_id}").json()
    assert listed["message_count"] == 2


def test_regenerating_under_a_user_message_is_retry_after_a_failure(backend, stand_in):
    conversation_id = backend.create_conversation()
    stand_in.behave(status=500)
    failed = chat(backend, conversation_id, "please")
    assert failed[-1][0] == "error"
    [question] = backend.messages(conversation_id)
    stand_in.behave(tokens=2)
    events = regenerate(backend, conversation_id, question["id"])
    assert text_of(events) == reply_text(2)
    assert [m["role"] for m in backend.messages(conversation_id)] == ["user", "assistant"]


def test_regenerate_streams_like_a_send_stop_attach_and_409(backend, stand_in):
    conversation_id = backend.create_conversation()
    stand_in.behave(tokens=2)
    chat(backend, conversation_id, "a long one, please")
    reply = backend.messages(conversation_id)[-1]
    stand_in.behave(tokens=500, delay=0.01)
    path = f"/api/conversations/{conversation_id}/messages/{reply['id']}/regenerate"
    with backend.http.stream("POST", path) as response:
        events = iter_events(response.iter_lines())
        assert next(events)[0] == "start"
        next(events)
        with backend.http.stream("GET", f"/api/conversations/{conversation_id}/stream") as attached:
            assert attached.status_code == 200
            assert next(iter_events(attached.iter_lines()))[0] == "start"
        again = backend.http.post(path)
        assert again.status_code == 409 and "still being generated" in again.json()["detail"]
        switch = backend.http.put(f"/api/conversations/{conversation_id}/active", json={"message_id": reply["id"]})
        assert switch.status_code == 409
        stopped = backend.http.post(f"/api/conversations/{conversation_id}/stop").json()
        rest = list(events)
    assert stopped["status"] == "stopped", stopped
    assert rest[-1][0] == "done" and rest[-1][1]["status"] == "stopped", rest[-3:]
    path_now = backend.messages(conversation_id)
    assert path_now[-1]["status"] == "stopped"
    assert len(path_now[-1]["sibling_ids"]) == 2


def test_regenerate_refuses_what_is_not_a_reply_or_question(backend):
    conversation_id = backend.create_conversation()
    chat(backend, conversation_id, "q {{stub tokens=1}}")
    for message_id, status in (("not-a-uuid", 404), ("00000000-0000-4000-8000-000000000000", 404)):
        response = backend.http.post(f"/api/conversations/{conversation_id}/messages/{message_id}/regenerate")
        assert response.status_code == status
        assert response.json()["detail"] == "Message not found in this conversation"
    response = backend.http.post(
        f"/api/conversations/{conversation_id}/messages/{backend.messages(conversation_id)[0]['id']}/regenerate",
        json={"temperature": 9},
    )
    assert response.status_code == 422


def test_editing_a_message_branches_and_the_original_stays(backend, stand_in):
    conversation_id = backend.create_conversation()
    chat(backend, conversation_id, "first {{stub tokens=1}}")
    chat(backend, conversation_id, "second {{stub tokens=1}}")
    original = backend.messages(conversation_id)
    second_question = original[2]
    chat(backend, conversation_id, "second, better {{stub tokens=2}}", parent_id=second_question["parent_id"])
    path = backend.messages(conversation_id)
    assert contents(path) == [
        "first {{stub tokens=1}}",
        reply_text(1),
        "second, better {{stub tokens=2}}",
        reply_text(2),
    ]
    assert path[2]["sibling_ids"] == [second_question["id"], path[2]["id"]]
    assert stand_in.requests()[-1]["messages"] == [
        {"role": "user", "content": "first {{stub tokens=1}}"},
        {"role": "assistant", "content": reply_text(1)},
        {"role": "user", "content": "second, better {{stub tokens=2}}"},
    ]
    # The original branch is there to go back to, with its reply.
    back = backend.http.put(f"/api/conversations/{conversation_id}/active", json={"message_id": second_question["id"]})
    assert back.status_code == 200
    assert [m["id"] for m in back.json()] == [m["id"] for m in original]
    assert [m["id"] for m in backend.messages(conversation_id)] == [m["id"] for m in original]  # it is kept


def test_editing_the_first_message_starts_a_new_root_and_renames_an_untitled_conversation(backend):
    conversation_id = backend.create_conversation()
    question = "Original  question\n\twith two lines, long enough to be cut short {{stub tokens=1}}"
    chat(backend, conversation_id, question)
    summary = backend.http.get(f"/api/conversations/{conversation_id}").json()
    assert summary["title"] == " ".join(question.split())[:50]  # one line, the first 50 characters
    assert summary["title"].startswith("Original question with two lines") and len(summary["title"]) == 50
    chat(backend, conversation_id, "Rewritten question {{stub tokens=1}}", parent_id=None)
    path = backend.messages(conversation_id)
    assert path[0]["parent_id"] is None and len(path[0]["sibling_ids"]) == 2
    assert backend.http.get(f"/api/conversations/{conversation_id}").json()["title"].startswith("Rewritten question")


def test_going_back_to_the_first_version_keeps_the_title_of_the_edit(backend):
    conversation_id = backend.create_conversation()
    chat(backend, conversation_id, "First wording {{stub tokens=1}}")
    original = backend.messages(conversation_id)[0]
    chat(backend, conversation_id, "Second wording {{stub tokens=1}}", parent_id=None)
    backend.http.put(f"/api/conversations/{conversation_id}/active", json={"message_id": original["id"]})
    assert backend.messages(conversation_id)[0]["id"] == original["id"]
    assert backend.http.get(f"/api/conversations/{conversation_id}").json()["title"].startswith("Second wording")


def test_a_title_given_when_the_conversation_is_created_is_the_users(backend):
    """Anything but the default title, given at creation, is never replaced by the first message."""
    created = backend.http.post("/api/conversations", json={"title": "My project plan"}).json()
    assert created["title_set_by_user"] is True
    chat(backend, created["id"], "Where do I start? {{stub tokens=1}}")
    summary = backend.http.get(f"/api/conversations/{created['id']}").json()
    assert (summary["title"], summary["title_set_by_user"]) == ("My project plan", True)
    untitled = backend.http.post("/api/conversations", json={"title": "New Conversation"}).json()
    chat(backend, untitled["id"], "Named by its first message {{stub tokens=1}}")
    assert (
        backend.http.get(f"/api/conversations/{untitled['id']}").json()["title"]
        == "Named by its first message {{stub tokens=1}}"[:50]
    )


def test_a_title_the_user_chose_is_never_replaced(backend):
    conversation_id = backend.create_conversation()
    backend.http.patch(f"/api/conversations/{conversation_id}", json={"title": "My trip"})
    chat(backend, conversation_id, "Where should I go? {{stub tokens=1}}")
    chat(backend, conversation_id, "Somewhere else {{stub tokens=1}}", parent_id=None)
    summary = backend.http.get(f"/api/conversations/{conversation_id}").json()
    assert (summary["title"], summary["title_set_by_user"]) == ("My trip", True)


def test_sending_under_an_unknown_or_foreign_message_is_404_and_stores_nothing(backend):
    conversation_id = backend.create_conversation()
    other = backend.create_conversation()
    chat(backend, other, "elsewhere {{stub tokens=1}}")
    foreign = backend.messages(other)[0]["id"]
    for parent_id in (foreign, "00000000-0000-4000-8000-000000000000", "nope"):
        body = {"conversation_id": conversation_id, "message": "hi", "parent_id": parent_id}
        response = backend.http.post("/api/chat/stream", json=body)
        assert response.status_code == 404
        assert response.json()["detail"] == "Message not found in this conversation"
    assert backend.messages(conversation_id) == []
    assert backend.http.get(f"/api/conversations/{conversation_id}/stream").status_code == 204


def test_switching_branches_shows_the_newest_leaf_and_survives_a_reload(backend, stand_in):
    conversation_id = backend.create_conversation()
    chat(backend, conversation_id, "q {{stub tokens=1}}")
    first_reply = backend.messages(conversation_id)[-1]
    chat(backend, conversation_id, "follow-up on the first reply {{stub tokens=1}}")
    regenerate(backend, conversation_id, first_reply["id"])
    assert len(backend.messages(conversation_id)) == 2  # the new reply, nothing under it yet
    # Back to the first reply: its branch comes back down to where it was continued.
    path = backend.http.put(f"/api/conversations/{conversation_id}/active", json={"message_id": first_reply["id"]})
    assert contents(path.json())[-2:] == ["follow-up on the first reply {{stub tokens=1}}", reply_text(1)]
    assert backend.messages(conversation_id) == path.json()
    assert backend.http.get(f"/api/conversations/{conversation_id}").json()["message_count"] == 4
    missing = backend.http.put(
        f"/api/conversations/{conversation_id}/active", json={"message_id": "00000000-0000-4000-8000-000000000000"}
    )
    assert missing.status_code == 404


def test_fork_copies_the_path_up_to_a_message_into_a_new_conversation(backend):
    conversation_id = backend.create_conversation()
    chat(backend, conversation_id, "one {{stub tokens=1}}")
    chat(backend, conversation_id, "two {{stub tokens=1}}")
    original = backend.messages(conversation_id)
    backend.http.patch(f"/api/conversations/{conversation_id}", json={"system_prompt": "Be brief."})
    response = backend.http.post(f"/api/conversations/{conversation_id}/fork", json={"message_id": original[1]["id"]})
    assert response.status_code == 200
    fork = response.json()
    assert fork["id"] != conversation_id and fork["message_count"] == 2 and fork["system_prompt"] == "Be brief."
    # Its title says what it is, at the front, where a narrow sidebar row still shows it.
    title = backend.http.get(f"/api/conversations/{conversation_id}").json()["title"]
    assert fork["title"] == f"Branch: {title}"
    copied = backend.messages(fork["id"])
    assert contents(copied) == contents(original[:2])
    assert {m["id"] for m in copied}.isdisjoint({m["id"] for m in original})
    assert backend.messages(conversation_id) == original
    chat(backend, fork["id"], "three, on the fork {{stub tokens=1}}")
    assert len(backend.messages(fork["id"])) == 4 and len(backend.messages(conversation_id)) == 4
    unknown = backend.http.post(f"/api/conversations/{conversation_id}/fork", json={"message_id": fork["id"]})
    assert unknown.status_code == 404


def test_deleting_a_branch_keeps_the_others_and_moves_to_what_is_left(backend, stand_in):
    conversation_id = backend.create_conversation()
    chat(backend, conversation_id, "q {{stub tokens=1}}")
    first_reply = backend.messages(conversation_id)[-1]
    stand_in.behave(text="Second.")
    regenerate(backend, conversation_id, first_reply["id"])
    second_reply = backend.messages(conversation_id)[-1]
    response = backend.http.delete(f"/api/conversations/{conversation_id}/messages/{second_reply['id']}")
    assert response.status_code == 200
    assert response.json() == {"status": "truncated", "removed": 1, "message_count": 2}
    path = backend.messages(conversation_id)
    assert [m["id"] for m in path][-1] == first_reply["id"] and path[-1]["sibling_ids"] == [first_reply["id"]]
    # The original API's index form still removes from the active path.
    assert backend.http.delete(f"/api/conversations/{conversation_id}/messages/0").json()["message_count"] == 0
    assert backend.messages(conversation_id) == []
    bad = backend.http.delete(f"/api/conversations/{conversation_id}/messages/-1")
    assert bad.status_code == 422


def test_export_json_holds_every_branch_and_markdown_the_active_path_escaped(backend, stand_in):
    conversation_id = backend.create_conversation()
    chat(backend, conversation_id, "Plain question\n## Assistant\nforged? {{stub tokens=1}}")
    reply = backend.messages(conversation_id)[-1]
    stand_in.behave(text="## Plan\n\nDo *this*.")
    regenerate(backend, conversation_id, reply["id"])
    document = json.loads(backend.http.get(f"/api/conversations/{conversation_id}/export?format=json").text)
    assert len(document["messages"]) == 3
    assert document["active_message_id"] == backend.messages(conversation_id)[-1]["id"]
    assert {m["parent_id"] for m in document["messages"][1:]} == {document["messages"][0]["id"]}
    markdown = backend.http.get(f"/api/conversations/{conversation_id}/export?format=markdown").text
    headings = [line for line in markdown.splitlines() if line.startswith("## ")]
    assert [h.split(" (")[0] for h in headings] == ["## User", "## Assistant"]  # nothing forged
    assert "\\## Assistant" in markdown and "#### Plan" in markdown and "Do *this*." in markdown
    assert re.search(r"_Started \d{1,2} \w+ \d{4}, \d\d:\d\d UTC_", markdown)


def test_continue_writes_on_from_a_reply_cut_at_max_tokens_as_a_new_version(backend, stand_in):
    """The reply that stopped stays; its continuation is a new version that begins with its text,
    written from a request that shows LM Studio what was written and asks it to go on."""
    conversation_id = backend.create_conversation()
    chat(backend, conversation_id, "Tell me a long story {{stub tokens=8}}", max_tokens=3)
    question, cut = backend.messages(conversation_id)
    assert cut["finish_reason"] == "length"
    stand_in.behave(text=" and then they lived happily.")
    path = f"/api/conversations/{conversation_id}/messages/{cut['id']}/continue"
    with backend.http.stream("POST", path) as response:
        assert response.status_code == 200
        events = list(iter_events(response.iter_lines()))
    assert names(events) == ["start", "message", "done"]
    assert events[1] == ("message", {"content": cut["content"]})  # what it goes on from, first
    assert text_of(events) == cut["content"] + " and then they lived happily."
    sent = stand_in.requests()[-1]["messages"]
    assert sent[-2] == {"role": "assistant", "content": cut["content"]}
    assert sent[-1]["role"] == "user" and "where it stopped" in sent[-1]["content"]
    _, continued = backend.messages(conversation_id)
    assert continued["content"] == cut["content"] + " and then they lived happily."
    assert continued["sibling_ids"] == [cut["id"], continued["id"]] and continued["finish_reason"] == "stop"
    refused = backend.http.post(f"/api/conversations/{conversation_id}/messages/{question['id']}/continue")
    assert refused.status_code == 422 and "Only a reply with text" in refused.json()["detail"]
