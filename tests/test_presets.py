"""Settings beyond one conversation, on every storage engine: the defaults new
conversations start with, and named presets a conversation takes."""

from __future__ import annotations

import pytest

CODING = {
    "name": "Coding",
    "system_prompt": "You are a careful programmer.",
    "model": "stand-in-reasoner",
    "temperature": 0.2,
    "top_p": 0.9,
    "stop": ["</answer>"],
    "context_overflow": "truncate_middle",
}


@pytest.fixture
def backend(engine_backend, stand_in):
    yield engine_backend
    # Each test starts from no defaults and no presets.
    engine_backend.http.put("/api/settings", json={})
    for preset in engine_backend.http.get("/api/presets").json():
        engine_backend.http.delete(f"/api/presets/{preset['id']}")


def test_defaults_are_given_to_new_conversations_only(backend, stand_in):
    before = backend.create_conversation()
    assert backend.http.get("/api/settings").json()["system_prompt"] is None
    defaults = {"system_prompt": "Answer in French.", "model": "stand-in-reasoner", "top_k": 40, "min_p": 0.05}
    response = backend.http.put("/api/settings", json=defaults)
    assert response.status_code == 200
    assert {k: response.json()[k] for k in defaults} == defaults
    assert {k: backend.http.get("/api/settings").json()[k] for k in defaults} == defaults
    after = backend.http.post("/api/conversations", json={"title": "Nouveau"}).json()
    assert {k: after[k] for k in defaults} == defaults
    assert backend.http.get(f"/api/conversations/{before}").json()["system_prompt"] is None
    backend.chat(after["id"], "Bonjour {{stub tokens=1}}")
    request = stand_in.requests()[-1]["body"]
    assert request["messages"][0] == {"role": "system", "content": "Answer in French."}
    assert (request["model"], request["top_k"], request["min_p"]) == ("stand-in-reasoner", 40, 0.05)
    # PUT replaces: what is left out is cleared.
    backend.http.put("/api/settings", json={"temperature": 0.4})
    assert backend.http.get("/api/settings").json()["system_prompt"] is None


def test_a_preset_is_created_listed_changed_applied_and_deleted(backend):
    created = backend.http.post("/api/presets", json=CODING)
    assert created.status_code == 201, created.text
    preset = created.json()
    assert {k: preset[k] for k in CODING} == CODING
    assert [p["name"] for p in backend.http.get("/api/presets").json()] == ["Coding"]
    assert backend.http.get(f"/api/presets/{preset['id']}").json() == preset

    conversation_id = backend.create_conversation()
    applied = backend.http.patch(f"/api/conversations/{conversation_id}", json={"preset_id": preset["id"]})
    assert applied.status_code == 200, applied.text
    settings = {k: v for k, v in CODING.items() if k != "name"}
    assert {k: applied.json()[k] for k in settings} == settings
    # Fields sent beside the preset win over its values.
    mixed = backend.http.patch(
        f"/api/conversations/{conversation_id}", json={"preset_id": preset["id"], "temperature": 1.1}
    ).json()
    assert (mixed["temperature"], mixed["system_prompt"]) == (1.1, CODING["system_prompt"])

    changed = backend.http.patch(f"/api/presets/{preset['id']}", json={"name": "Careful coding", "top_p": None})
    assert changed.status_code == 200
    assert (changed.json()["name"], changed.json()["top_p"], changed.json()["model"]) == (
        "Careful coding",
        None,
        "stand-in-reasoner",
    )
    # A conversation keeps what it copied when the preset changes.
    assert backend.http.get(f"/api/conversations/{conversation_id}").json()["top_p"] == 0.9

    assert backend.http.delete(f"/api/presets/{preset['id']}").json() == {"status": "deleted"}
    assert backend.http.get(f"/api/presets/{preset['id']}").status_code == 404
    assert backend.http.get("/api/presets").json() == []


def test_preset_names_are_unique_whatever_their_case(backend):
    assert backend.http.post("/api/presets", json={"name": "Writing"}).status_code == 201
    duplicate = backend.http.post("/api/presets", json={"name": "writing"})
    assert duplicate.status_code == 409
    assert "already exists" in duplicate.json()["detail"]
    other = backend.http.post("/api/presets", json={"name": "Poetry"}).json()
    renamed = backend.http.patch(f"/api/presets/{other['id']}", json={"name": "WRITING"})
    assert renamed.status_code == 409


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ({}, "name"),
        ({"name": "   "}, "name"),
        ({"name": "x" * 201}, "name"),
        ({"name": "Hot", "temperature": 3}, "temperature"),
        ({"name": "Odd", "top_k": -1}, "top_k"),
        ({"name": "Typo", "temprature": 0.5}, "temprature"),
    ],
)
def test_a_bad_preset_is_refused_saying_which_field(backend, body, named):
    response = backend.http.post("/api/presets", json=body)
    assert response.status_code == 422
    assert named in {str(part) for error in response.json()["detail"] for part in error["loc"]}


def test_unknown_presets_are_404_and_applying_one_is_422(backend):
    missing = "00000000-0000-4000-8000-000000000000"
    assert backend.http.get(f"/api/presets/{missing}").status_code == 404
    assert backend.http.patch(f"/api/presets/{missing}", json={"name": "x"}).status_code == 404
    assert backend.http.delete("/api/presets/not-an-id").status_code == 404
    conversation_id = backend.create_conversation()
    response = backend.http.patch(f"/api/conversations/{conversation_id}", json={"preset_id": missing})
    assert response.status_code == 422
    assert "preset" in response.json()["detail"]


def test_bad_defaults_are_refused_saying_which_field(backend):
    response = backend.http.put("/api/settings", json={"repeat_penalty": 5})
    assert response.status_code == 422
    assert "repeat_penalty" in str(response.json()["detail"])


def test_the_idle_time_before_lm_studio_unloads_a_model_is_sent_as_its_ttl(backend, stand_in):
    """ttl_s, from the defaults, a preset or the conversation (or the request), goes to LM Studio
    as `ttl`; nothing is sent while nobody chose one (LM Studio's own hour applies)."""
    unset = backend.create_conversation()
    backend.chat(unset, "Hello {{stub tokens=1}}")
    assert "ttl" not in stand_in.requests()[-1]["body"]

    assert backend.http.put("/api/settings", json={"ttl_s": 600}).json()["ttl_s"] == 600
    from_defaults = backend.http.post("/api/conversations", json={}).json()
    assert from_defaults["ttl_s"] == 600
    backend.chat(from_defaults["id"], "Hello {{stub tokens=1}}")
    assert stand_in.requests()[-1]["body"]["ttl"] == 600

    preset = backend.http.post("/api/presets", json={"name": "Short-lived", "ttl_s": 120}).json()
    assert preset["ttl_s"] == 120
    changed = backend.http.patch(f"/api/conversations/{from_defaults['id']}", json={"preset_id": preset["id"]})
    assert changed.json()["ttl_s"] == 120
    backend.chat(from_defaults["id"], "Again {{stub tokens=1}}")
    assert stand_in.requests()[-1]["body"]["ttl"] == 120
    backend.chat(from_defaults["id"], "Once more {{stub tokens=1}}", ttl_s=3600)  # the request's own choice
    assert stand_in.requests()[-1]["body"]["ttl"] == 3600
    stored = backend.http.get(f"/api/conversations/{from_defaults['id']}").json()
    assert stored["ttl_s"] == 120


@pytest.mark.parametrize(
    ("method", "path", "extra"),
    [
        ("PUT", "/api/settings", {}),
        ("POST", "/api/presets", {"name": "Brief"}),
        ("POST", "/api/chat/stream", {"message": "Hi"}),
        ("POST", "/api/conversations/{id}/messages/{reply}/regenerate", {}),
    ],
)
def test_every_way_to_choose_an_idle_time_refuses_less_than_a_minute(backend, method, path, extra):
    conversation_id, reply_id = backend.create_conversation(), None
    if "chat" in path:
        extra = {**extra, "conversation_id": conversation_id}
    elif "regenerate" in path:
        backend.chat(conversation_id, "First {{stub tokens=1}}")
        reply_id = backend.messages(conversation_id)[-1]["id"]
    url = path.format(id=conversation_id, reply=reply_id)
    response = backend.http.request(method, url, json={**extra, "ttl_s": 59})
    assert response.status_code == 422, response.text
    assert "ttl_s" in response.text and "60" in response.text
    assert backend.http.get("/api/settings").json().get("ttl_s") is None
    assert [p["name"] for p in backend.http.get("/api/presets").json()] == []


@pytest.mark.parametrize("ttl_s", [59, 0, -5, 31 * 24 * 3600, 1.5])
def test_an_idle_time_lm_studio_cannot_use_is_refused_naming_the_limit(backend, ttl_s):
    conversation_id = backend.create_conversation()
    response = backend.http.patch(f"/api/conversations/{conversation_id}", json={"ttl_s": ttl_s})
    assert response.status_code == 422
    assert "ttl_s" in response.text
    if ttl_s == 59:
        assert "greater than or equal to 60" in response.text
    assert backend.http.get(f"/api/conversations/{conversation_id}").json()["ttl_s"] is None
