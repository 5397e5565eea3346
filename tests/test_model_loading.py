"""Loading and ejecting models through LM Studio 0.4's native API (POST /api/models/load and
/unload), against the stand-in speaking /api/v1 as LM Studio's docs describe it."""

from __future__ import annotations

import threading
import time

import pytest

from support import LOGS, Backend, StandIn, backend_env, error_of, names

BIG = {"id": "big-model", "state": "not-loaded", "max_context_length": 32768, "params_string": "8B"}


def catalog(backend) -> dict[str, dict]:
    response = backend.http.get("/api/models/catalog", params={"fresh": True})
    assert response.status_code == 200, response.text
    return {model["id"]: model for model in response.json()}


def use_models(stand_in, *models) -> None:
    stand_in.admin("PUT", "models", {"models": list(models)})


def load(backend, **body):
    return backend.http.post("/api/models/load", json=body, timeout=30)


def unload(backend, **body):
    return backend.http.post("/api/models/unload", json=body, timeout=30)


def test_a_model_is_loaded_with_the_context_length_asked_and_listed_as_loaded(backend, stand_in):
    use_models(stand_in, BIG)
    response = load(backend, model="big-model", context_length=16384)
    assert response.status_code == 200, response.text
    loaded = response.json()
    assert loaded["model"] == "big-model" and loaded["instance_id"] == "big-model"
    assert loaded["context_length"] == 16384 and isinstance(loaded["load_time_s"], float)
    # LM Studio's released load body: flat, asking it to say what it really loaded.
    assert stand_in.loads()[-1]["body"] == {"model": "big-model", "context_length": 16384, "echo_load_config": True}
    big = catalog(backend)["big-model"]
    assert (big["state"], big["context_length"]) == ("loaded", 16384)
    assert big["instances"] == [{"id": "big-model", "context_length": 16384}]


def test_without_a_context_length_lm_studio_chooses_and_the_answer_says_what_it_chose(backend, stand_in):
    use_models(stand_in, BIG)
    response = load(backend, model="big-model")
    assert response.status_code == 200, response.text
    assert "context_length" not in stand_in.loads()[-1]["body"]
    assert response.json()["context_length"] == 4096  # LM Studio's default


def test_the_window_really_loaded_is_the_one_replies_and_the_meter_use(backend, stand_in):
    """LM Studio may load less than was asked: the catalog, the reply's start event (the page's
    meter) and the history fitting all take the real window."""
    use_models(stand_in, {**BIG, "loads_at_most": 2048})
    response = load(backend, model="big-model", context_length=16384)
    assert response.json()["context_length"] == 2048
    assert catalog(backend)["big-model"]["context_length"] == 2048
    conversation_id = backend.create_conversation()
    events = backend.chat(conversation_id, "Hello {{stub tokens=2}}", model="big-model")
    assert events[0][1]["context_length"] == 2048
    assert backend.messages(conversation_id)[-1]["stats"]["context_length"] == 2048


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        ({"model": "no-such-model"}, 404, "LM Studio has no model named 'no-such-model'"),
        ({"model": "big-model", "context_length": 65536}, 422, "at most 32,768 tokens"),
        ({"model": "big-model", "context_length": 511}, 422, "greater than or equal to 512"),
        ({"model": "big-model", "context_length": "lots"}, 422, "context_length"),
        ({"model": "big-model", "ttl": 60}, 422, "ttl"),
        ({}, 422, "model"),
        ({"model": "text-embedding-nomic-embed-text-v1.5"}, 422, "embedding model"),
    ],
)
def test_a_load_that_cannot_be_is_refused_naming_why(backend, stand_in, body, status, words):
    use_models(stand_in, BIG, "text-embedding-nomic-embed-text-v1.5")
    response = load(backend, **body)
    assert response.status_code == status, response.text
    assert words in response.text
    assert stand_in.loads() == []  # nothing reached LM Studio


def test_lm_studio_declining_to_load_is_a_409_in_its_own_words(backend, stand_in):
    use_models(stand_in, {**BIG, "refuse_load": "Failed to load model: not enough memory"})
    response = load(backend, model="big-model", context_length=8192)
    assert response.status_code == 409
    assert response.json() == {
        "detail": "LM Studio could not load big-model: Failed to load model: not enough memory.",
        "code": "lm_studio_declined",
    }
    assert catalog(backend)["big-model"]["state"] == "not-loaded"


@pytest.mark.parametrize(("version", "words"), [("v0", "older than 0.4"), ("none", "is not LM Studio")])
def test_a_server_without_the_v1_api_answers_501_with_a_sentence(backend, stand_in, version, words):
    health = backend.http.get("/api/health").json()["lm_studio"]
    assert (health["native_api"], health["cannot_load_models"]) == ("v1", None)
    stand_in.admin("PUT", "native_api", {"version": version})
    use_models(stand_in, BIG)
    # Health says so first, so the page offers no Load or Eject it would have to take back.
    catalog(backend)
    expected = "v0" if version == "v0" else None
    health = backend.http.get("/api/health").json()["lm_studio"]
    assert health["native_api"] == expected
    for response in (load(backend, model="big-model"), unload(backend, model="big-model")):
        assert response.status_code == 501, response.text
        assert words in response.json()["detail"]
        # The page says it before anyone tries, in the same words.
        assert health["cannot_load_models"] == response.json()["detail"]
    assert stand_in.loads() == []


def test_an_instance_is_ejected_by_its_id_and_a_model_with_all_its_instances(backend, stand_in):
    use_models(stand_in, BIG)
    first = load(backend, model="big-model", context_length=4096).json()["instance_id"]
    second = load(backend, model="big-model", context_length=8192).json()["instance_id"]
    assert (first, second) == ("big-model", "big-model:2")  # as LM Studio names a second copy
    assert [i["id"] for i in catalog(backend)["big-model"]["instances"]] == [first, second]

    response = unload(backend, instance_id=second)
    assert response.status_code == 200 and response.json() == {"unloaded": [second]}
    assert stand_in.loads()[-1]["body"] == {"instance_id": second}
    assert [i["id"] for i in catalog(backend)["big-model"]["instances"]] == [first]

    load(backend, model="big-model")
    response = unload(backend, model="big-model")
    assert response.status_code == 200 and sorted(response.json()["unloaded"]) == ["big-model", "big-model:2"]
    assert catalog(backend)["big-model"]["state"] == "not-loaded"


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        ({"instance_id": "big-model"}, 404, "No model is loaded in LM Studio as 'big-model'"),
        ({"model": "big-model"}, 404, "big-model is not loaded"),
        ({"model": "no-such-model"}, 404, "no model named 'no-such-model'"),
        ({"model": "big-model", "instance_id": "big-model"}, 422, "either instance_id"),
        ({}, 422, "either instance_id"),
    ],
)
def test_ejecting_what_is_not_loaded_is_refused_naming_it(backend, stand_in, body, status, words):
    use_models(stand_in, BIG)
    response = unload(backend, **body)
    assert response.status_code == status, response.text
    assert words in response.text


def test_a_model_loaded_or_ejected_in_lm_studio_itself_shows_up_when_asked_again(backend, stand_in):
    use_models(stand_in, BIG)
    assert catalog(backend)["big-model"]["state"] == "not-loaded"
    use_models(stand_in, {**BIG, "state": "loaded", "loaded_context_length": 8192})  # LM Studio's own app
    assert catalog(backend)["big-model"]["context_length"] == 8192


def in_the_background(call) -> tuple[threading.Thread, list]:
    answers: list = []
    thread = threading.Thread(target=lambda: answers.append(call()))
    thread.start()
    return thread, answers


def while_the_list_is_read(stand_in, change, call):
    """`call()` while LM Studio is slow to list its models, and `change()` in LM Studio meanwhile:
    the backend acts on the list as it was when it asked (a user deleting or ejecting a model in
    LM Studio's app at that moment)."""
    stand_in.behave(list_delay=2.0)
    thread, answers = in_the_background(call)
    time.sleep(0.5)
    change()
    thread.join(timeout=30)
    stand_in.admin("DELETE", "behaviour")
    return answers[0]


def test_what_lm_studio_no_longer_has_when_asked_is_a_404_naming_it(backend, stand_in):
    use_models(stand_in, BIG)
    response = while_the_list_is_read(stand_in, lambda: use_models(stand_in), lambda: load(backend, model="big-model"))
    assert response.status_code == 404, response.text
    assert response.json()["code"] == "model_not_found" and "no model named 'big-model'" in response.json()["detail"]
    assert [record["status"] for record in stand_in.loads()] == [404]  # LM Studio's own answer

    stand_in.admin("DELETE", "loads")
    use_models(stand_in, {**BIG, "state": "loaded"})
    ejected_meanwhile = lambda: use_models(stand_in, BIG)  # noqa: E731 - ejected in LM Studio's app
    response = while_the_list_is_read(stand_in, ejected_meanwhile, lambda: unload(backend, instance_id="big-model"))
    assert response.status_code == 404, response.text
    assert response.json() == {"detail": "No model is loaded in LM Studio as 'big-model'.", "code": "not_loaded"}
    assert [record["status"] for record in stand_in.loads()] == [404]


def test_a_load_route_the_server_lacks_is_a_501_with_a_sentence(backend, stand_in):
    """The list came from LM Studio 0.4's API, yet the load route answers "Unexpected endpoint"."""
    use_models(stand_in, BIG)
    older = lambda: stand_in.admin("PUT", "native_api", {"version": "v0"})  # noqa: E731
    response = while_the_list_is_read(stand_in, older, lambda: load(backend, model="big-model"))
    assert response.status_code == 501, response.text
    assert response.json()["code"] == "not_supported"
    assert "cannot be loaded or ejected from here" in response.json()["detail"]


def test_one_load_of_a_model_at_a_time(backend, stand_in):
    """Two clicks (or two pages) would make LM Studio load two copies: the second is refused."""
    use_models(stand_in, {**BIG, "load_delay": 1.5})
    first, answers = in_the_background(lambda: load(backend, model="big-model"))
    deadline = time.monotonic() + 10
    while not stand_in.loads() and time.monotonic() < deadline:
        time.sleep(0.05)
    second = load(backend, model="big-model")
    first.join(timeout=30)
    assert answers[0].status_code == 200, answers[0].text
    assert second.status_code == 409, second.text
    assert second.json() == {
        "detail": "big-model is already being loaded; it can be used once that load ends.",
        "code": "already_loading",
    }
    assert len(stand_in.loads()) == 1
    assert [i["id"] for i in catalog(backend)["big-model"]["instances"]] == ["big-model"]
    assert load(backend, model="big-model").status_code == 200  # once it ended, another copy may be asked for


def test_lm_studio_going_away_mid_load_is_a_sentence_and_the_backend_goes_on():
    """A dedicated stand-in, killed while a load runs (as LM Studio closing, or crashing)."""
    stand_in = StandIn(LOGS)
    backend = Backend(LOGS, backend_env(stand_in.url))
    try:
        use_models(stand_in, {**BIG, "load_delay": 5})
        answers = []
        loading = threading.Thread(target=lambda: answers.append(load(backend, model="big-model")))
        loading.start()
        deadline = time.monotonic() + 10
        while not stand_in.loads() and time.monotonic() < deadline:
            time.sleep(0.05)
        stand_in.server.kill()
        loading.join(timeout=30)
        response = answers[0]
        assert response.status_code in (502, 503), response.text  # cut mid-answer, or refused at once
        assert response.json()["detail"] == (
            "LM Studio stopped answering while trying to load big-model: it may have run out of memory or been "
            "closed. Look at LM Studio (start its server again if it stopped), then try again."
        )
        # The page can go on: the next request is answered (LM Studio is gone: a 503 sentence).
        after = backend.http.get("/api/models/catalog", params={"fresh": True})
        assert after.status_code == 503 and after.json()["code"] == "lm_studio_unreachable"
    finally:
        backend.stop()
        stand_in.stop()


# ---- API tokens ------------------------------------------------------------------------------------

TOKEN = "sk-lm-Abc12345:Def67890"


def test_a_server_that_requires_a_token_is_said_so_on_every_route(backend, stand_in):
    stand_in.admin("PUT", "token", {"token": TOKEN})  # the shared backend has none set
    listed = backend.http.get("/api/models/catalog", params={"fresh": True})
    assert listed.status_code == 502 and listed.json()["code"] == "lm_studio_auth"
    assert "requires an API token" in listed.json()["detail"] and "LM_STUDIO_API_KEY" in listed.json()["detail"]
    assert "Manage Tokens" in listed.json()["detail"]
    health = backend.http.get("/api/health").json()["lm_studio"]
    assert (health["auth"], health["code"]) == ("required", "lm_studio_auth")
    assert load(backend, model="big-model").json()["code"] == "lm_studio_auth"
    assert unload(backend, model="big-model").json()["code"] == "lm_studio_auth"
    listed_for_the_seed = backend.http.get("/api/models")
    assert listed_for_the_seed.status_code == 502 and listed_for_the_seed.json()["code"] == "lm_studio_auth"
    conversation_id = backend.create_conversation()
    error = error_of(backend.chat(conversation_id, "Hello", model="stand-in-7b-instruct"))
    assert error["code"] == "lm_studio_auth"
    stand_in.admin("PUT", "token", {"token": None})
    assert backend.http.get("/api/health").json()["lm_studio"]["auth"] is None


def test_the_token_in_lm_studio_api_key_is_sent_and_a_wrong_one_is_named(stand_in):
    stand_in.admin("PUT", "token", {"token": TOKEN})
    right = Backend(LOGS, backend_env(stand_in.url, LM_STUDIO_API_KEY=TOKEN))
    wrong = Backend(LOGS, backend_env(stand_in.url, LM_STUDIO_API_KEY="sk-lm-Wrong000:Wrong000"))
    try:
        conversation_id = right.create_conversation()
        assert names(right.chat(conversation_id, "Hello {{stub tokens=2}}")) == ["start", "message", "done"]
        assert right.http.get("/api/health").json()["lm_studio"]["reachable"] is True
        refused = wrong.http.get("/api/models/catalog").json()
        assert refused["code"] == "lm_studio_auth"
        assert refused["detail"].startswith("LM Studio refused the API token set in LM_STUDIO_API_KEY.")
        assert "Wrong000" not in refused["detail"]  # the token is not repeated back
    finally:
        right.stop()
        wrong.stop()


def test_a_token_without_a_permission_is_said_so_not_called_wrong(stand_in):
    stand_in.admin("PUT", "token", {"token": TOKEN, "denied": ["/api/v1/models/load"]})
    backend = Backend(LOGS, backend_env(stand_in.url, LM_STUDIO_API_KEY=TOKEN))
    try:
        use_models(stand_in, BIG)
        assert backend.http.get("/api/health").json()["lm_studio"]["reachable"] is True
        response = load(backend, model="big-model")
        assert response.status_code == 502, response.text
        assert response.json() == {
            "detail": "The API token in LM_STUDIO_API_KEY is not allowed to do this in LM Studio. Give it the "
            "permission in LM Studio's Developer page → Server Settings → Manage Tokens (Edit), or set a token "
            "that has it, and restart the backend.",
            "code": "lm_studio_auth",
        }
    finally:
        backend.stop()
