"""Several LM Studio servers (LM_STUDIO_URL="<a>,<b>"): one merged catalog, replies routed to a
server that has their model loaded (fewest replies running), a server that stops skipped and shown
in health, and back once it answers again. Two real stand-ins, one real backend."""

from __future__ import annotations

import pytest

from config import ConfigError, load_settings
from support import LOGS, Backend, StandIn, backend_env, free_port, iter_events, text_of, wait_until

SLOW = "{{stub tokens=400 delay=0.02}}"


@pytest.fixture
def started():
    """Stand-ins a test starts itself (a second server, or one started again on the same port);
    every one is stopped afterwards, whatever the test's outcome."""
    stand_ins: list[StandIn] = []
    yield stand_ins
    for stand_in in stand_ins:
        stand_in.stop()


@pytest.fixture
def second(started) -> StandIn:
    server = StandIn(LOGS)
    started.append(server)
    server.reset()
    return server


@pytest.fixture
def both(stand_in, second):
    """A backend whose LM_STUDIO_URL lists the shared stand-in (a) and a second one (b)."""
    backend = Backend(LOGS, backend_env(f"{stand_in.url}, {second.url}/"))
    yield backend
    backend.stop()


def use_models(stand_in: StandIn, *models) -> None:
    stand_in.admin("PUT", "models", {"models": list(models)})


def loaded(model_id: str, context_length: int) -> dict:
    return {"id": model_id, "state": "loaded", "loaded_context_length": context_length}


def catalog(backend: Backend) -> dict[str, dict]:
    response = backend.http.get("/api/models/catalog", params={"fresh": True})
    assert response.status_code == 200, response.text
    return {model["id"]: model for model in response.json()}


def health(backend: Backend) -> dict:
    response = backend.http.get("/api/health")
    assert response.status_code == 200, response.text
    return response.json()["lm_studio"]


def chat_requests(stand_in: StandIn) -> list[str]:
    """The models of the chat requests a stand-in saw."""
    return [record["model"] for record in stand_in.requests()]


def test_lm_studio_url_lists_servers_trimmed_once_each():
    settings = load_settings({"LM_STUDIO_URL": " http://a:1234/v1/, http://b:1234/v1 ,http://a:1234/v1"})
    assert settings.lm_studio_urls == ("http://a:1234/v1", "http://b:1234/v1")
    assert load_settings({}).lm_studio_urls == ("http://localhost:1234/v1",)
    for wrong in (",", "http://a:1234/v1, ftp://b/v1", "gpu1:1234"):
        with pytest.raises(ConfigError, match="LM_STUDIO_URL"):
            load_settings({"LM_STUDIO_URL": wrong})


def test_the_catalog_merges_both_servers_and_a_model_on_both_is_one_entry(both, stand_in, second):
    use_models(stand_in, loaded("only-on-a", 8192), loaded("shared", 8192))
    use_models(second, "only-on-b", loaded("shared", 4096))
    models = catalog(both)
    assert list(models) == ["only-on-a", "shared", "only-on-b"]
    assert (models["only-on-a"]["server"], models["only-on-a"]["servers"]) == (stand_in.url, [stand_in.url])
    assert (models["only-on-b"]["server"], models["only-on-b"]["servers"]) == (second.url, [second.url])
    assert models["only-on-b"]["state"] == "loaded"  # the stand-in loads chat models unless told
    shared = models["shared"]
    assert shared["servers"] == [stand_in.url, second.url]
    assert shared["state"] == "loaded"
    assert shared["context_length"] == 4096  # the smallest loaded: a reply may go to either
    assert shared["instances"] == [{"id": "shared", "context_length": 8192}, {"id": "shared", "context_length": 4096}]
    assert [server["url"] for server in health(both)["servers"]] == [stand_in.url, second.url]


def test_a_reply_goes_to_the_server_where_its_model_is_loaded(both, stand_in, second):
    use_models(stand_in, {"id": "model", "state": "not-loaded"})
    use_models(second, loaded("model", 8192))
    assert catalog(both)["model"]["server"] == second.url
    conversation_id = both.create_conversation()
    events = both.chat(conversation_id, "Hello {{stub tokens=3}}", model="model")
    assert events[-1][0] == "done", events
    assert chat_requests(second) == ["model"]
    assert chat_requests(stand_in) == []


def test_the_window_in_start_is_the_routed_servers_own(both, stand_in, second):
    use_models(stand_in, loaded("shared", 8192))
    use_models(second, loaded("shared", 4096))
    assert catalog(both)["shared"]["context_length"] == 4096
    conversation_id = both.create_conversation()
    events = both.chat(conversation_id, "Hello {{stub tokens=3}}", model="shared")
    assert chat_requests(stand_in) == ["shared"]  # both have it loaded, none running: the first
    assert events[0][0] == "start"
    assert events[0][1]["context_length"] == 8192


def test_concurrent_replies_spread_over_the_servers_that_have_the_model_loaded(both, stand_in, second):
    use_models(stand_in, loaded("shared", 8192))
    use_models(second, loaded("shared", 8192))
    catalog(both)
    first, other = both.create_conversation(), both.create_conversation()
    body = {"message": f"Hello {SLOW}", "model": "shared"}
    with both.http.stream("POST", "/api/chat/stream", json={"conversation_id": first, **body}) as one:
        first_events = iter_events(one.iter_lines())
        assert next(first_events)[0] == "start"  # routed: it runs on one server now
        with both.http.stream("POST", "/api/chat/stream", json={"conversation_id": other, **body}) as two:
            second_events = iter_events(two.iter_lines())
            assert next(second_events)[0] == "start"
            assert chat_requests(stand_in) == ["shared"]
            assert chat_requests(second) == ["shared"]
            running = [server["running"] for server in health(both)["servers"]]
            assert running == [1, 1]
            for conversation_id in (first, other):
                both.http.post(f"/api/conversations/{conversation_id}/stop")
            assert list(second_events)[-1][0] == "done"
        assert list(first_events)[-1][0] == "done"
    assert [server["running"] for server in health(both)["servers"]] == [0, 0]


def test_a_server_that_stops_is_skipped_shown_in_health_and_back_once_it_answers(both, stand_in, second, started):
    use_models(stand_in, {"id": "shared", "state": "not-loaded"}, loaded("only-on-a", 8192))
    use_models(second, loaded("shared", 8192), loaded("only-on-b", 8192))
    assert set(catalog(both)) == {"shared", "only-on-a", "only-on-b"}
    assert catalog(both)["shared"]["server"] == second.url  # loaded there only
    second.stop()

    lm_studio = health(both)
    assert lm_studio["reachable"] is True  # one answers
    assert lm_studio["url"] == f"{stand_in.url}, {second.url}"  # the setting (trailing "/" dropped)
    a, b = lm_studio["servers"]
    assert (a["url"], a["reachable"], a["models"]) == (stand_in.url, True, 2)
    assert (b["url"], b["reachable"], b["code"]) == (second.url, False, "lm_studio_unreachable")
    assert second.url in b["error"]
    assert set(catalog(both)) == {"shared", "only-on-a"}
    assert catalog(both)["shared"]["servers"] == [stand_in.url]

    # b, where it is loaded, was the choice for a reply: now a serves it (loading it for the reply).
    for _ in range(2):
        events = both.chat(both.create_conversation(), "Hello {{stub tokens=3}}", model="shared")
        assert events[-1][0] == "done", events
    assert chat_requests(stand_in) == ["shared", "shared"]

    again = StandIn(LOGS, port=second.port)
    started.append(again)
    use_models(again, loaded("only-on-b", 8192))
    assert set(catalog(both)) == {"shared", "only-on-a", "only-on-b"}
    assert [server["reachable"] for server in health(both)["servers"]] == [True, True]
    events = both.chat(both.create_conversation(), "Hello {{stub tokens=3}}", model="only-on-b")
    assert events[-1][0] == "done", events
    assert chat_requests(again) == ["only-on-b"]


def test_every_server_down_is_the_first_servers_failure(start_backend, closed_port_url):
    other = f"http://127.0.0.1:{free_port()}/v1"
    backend = start_backend(LM_STUDIO_URL=f"{closed_port_url},{other}")
    lm_studio = health(backend)
    assert lm_studio["reachable"] is False
    assert lm_studio["code"] == "lm_studio_unreachable"
    assert closed_port_url in lm_studio["error"]
    assert [(s["url"], s["reachable"]) for s in lm_studio["servers"]] == [(closed_port_url, False), (other, False)]
    response = backend.http.get("/api/models/catalog")
    assert response.status_code == 503
    assert closed_port_url in response.text


def test_stop_during_a_reply_on_the_second_server_closes_its_request(both, stand_in, second):
    use_models(stand_in, "only-on-a")
    use_models(second, loaded("only-on-b", 8192))
    catalog(both)
    conversation_id = both.create_conversation()
    body = {"conversation_id": conversation_id, "message": f"Hello {SLOW}", "model": "only-on-b"}
    with both.http.stream("POST", "/api/chat/stream", json=body) as response:
        events = iter_events(response.iter_lines())
        received = [next(events) for _ in range(4)]
        stop = both.http.post(f"/api/conversations/{conversation_id}/stop")
        rest = list(events)
    assert stop.status_code == 200, stop.text
    assert rest[-1][1]["status"] == "stopped"
    assert text_of(received + rest) == stop.json()["message"]["content"]
    record = second.wait_for_request(lambda r: r["ended_at"] is not None)
    assert record["client_closed_early"] is True
    assert stand_in.requests() == []
    wait_until(lambda: health(both)["servers"][1]["running"] == 0, 5, "the reply leaving its server")


def test_a_load_goes_to_the_server_named_or_to_one_that_lists_the_model(both, stand_in, second):
    big = {"id": "big-model", "state": "not-loaded", "max_context_length": 32768}
    use_models(stand_in, big)
    use_models(second, big)
    response = both.http.post("/api/models/load", json={"model": "big-model", "server": second.url}, timeout=30)
    assert response.status_code == 200, response.text
    assert [load["body"]["model"] for load in second.loads()] == ["big-model"]
    assert stand_in.loads() == []
    entry = catalog(both)["big-model"]
    assert (entry["state"], entry["server"], entry["servers"]) == ("loaded", second.url, [stand_in.url, second.url])

    # Without a server: one that lists it with the fewest instances loaded, here a.
    response = both.http.post("/api/models/load", json={"model": "big-model"}, timeout=30)
    assert response.status_code == 200, response.text
    assert [load["body"]["model"] for load in stand_in.loads()] == ["big-model"]

    unknown = both.http.post("/api/models/load", json={"model": "big-model", "server": "http://elsewhere/v1"})
    assert unknown.status_code == 422
    assert "LM_STUDIO_URL" in unknown.json()["detail"] or "LM_STUDIO_URL" in unknown.text

    # Ejecting a model ejects it on every server that has it loaded.
    response = both.http.post("/api/models/unload", json={"model": "big-model"}, timeout=30)
    assert response.status_code == 200, response.text
    assert response.json()["unloaded"] == ["big-model", "big-model"]
    assert catalog(both)["big-model"]["state"] == "not-loaded"
