"""The LM Studio stand-in speaks LM Studio 0.4's native API: each route's shape over HTTP, the
API modes (0.4, 0.3, not LM Studio), unknown endpoints and API tokens."""

from __future__ import annotations

import threading
import time

import httpx2
import pytest

from fake_lmstudio import EMBEDDING_MODEL, reply_text
from support import LOGS, StandIn

UNEXPECTED = "Unexpected endpoint or method."
NO_TOKEN = (
    "An LM Studio API token is required to make requests to this server, but none was provided using the "
    "Authorization header using the 'Bearer' scheme (i.e., 'Authorization: Bearer $LM_API_TOKEN'). "
    "Learn more at: https://lmstudio.ai/docs/developer/core/authentication."
)
LLAMA_CONFIG = {"eval_batch_size": 512, "flash_attention": True, "offload_kv_cache_to_gpu": True}


def call(stand_in, method: str, path: str, **options) -> httpx2.Response:
    return httpx2.request(method, f"http://127.0.0.1:{stand_in.port}{path}", timeout=10, **options)


def v1_models(stand_in) -> dict:
    response = call(stand_in, "GET", "/api/v1/models")
    assert response.status_code == 200, response.text
    return {model["key"]: model for model in response.json()["models"]}


def v0_models(stand_in) -> dict:
    response = call(stand_in, "GET", "/api/v0/models")
    assert response.status_code == 200, response.text
    return {model["id"]: model for model in response.json()["data"]}


def load(stand_in, **body) -> httpx2.Response:
    return call(stand_in, "POST", "/api/v1/models/load", json=body)


def unload(stand_in, **body) -> httpx2.Response:
    return call(stand_in, "POST", "/api/v1/models/unload", json=body)


# ---- GET /api/v1/models -------------------------------------------------------------------------


def test_v1_list_describes_a_loaded_llm_as_lm_studio_does(stand_in):
    assert v1_models(stand_in)["stand-in-7b-instruct"] == {
        "type": "llm",
        "publisher": "stand-in",
        "key": "stand-in-7b-instruct",
        "display_name": "Stand In 7B Instruct",
        "architecture": "llama",
        "quantization": {"name": "Q4_K_M", "bits_per_weight": 4},
        "size_bytes": 3_500_000_000,
        "params_string": "7B",
        "loaded_instances": [{"id": "stand-in-7b-instruct", "config": {"context_length": 32768, **LLAMA_CONFIG}}],
        "max_context_length": 32768,
        "format": "gguf",
        "capabilities": {"vision": False, "trained_for_tool_use": True},
        "description": None,
    }


def test_v1_list_describes_an_embedding_model_without_llm_fields(stand_in):
    embedding = v1_models(stand_in)[EMBEDDING_MODEL]
    assert embedding == {
        "type": "embedding",
        "publisher": "stand-in",
        "key": EMBEDDING_MODEL,
        "display_name": "Text Embedding Nomic Embed Text v1.5",
        "quantization": {"name": "Q4_0", "bits_per_weight": 4},
        "size_bytes": embedding["size_bytes"],
        "params_string": None,
        "loaded_instances": [],
        "max_context_length": 2048,
        "format": "gguf",
    }
    assert isinstance(embedding["size_bytes"], int) and embedding["size_bytes"] > 0


def test_v1_list_shows_a_not_loaded_model_a_vision_model_and_spec_fields(stand_in):
    stand_in.admin(
        "PUT",
        "models",
        {
            "models": [
                {"id": "big-model", "state": "not-loaded"},
                {
                    "id": "gemma-3-12b",
                    "type": "vlm",
                    "quantization": "Q8_0",
                    "arch": "gemma3",
                    "loaded_context_length": 8192,
                    "tools": False,
                    "display_name": "Gemma 3 12B Vision",
                    "size_bytes": 12_345,
                    "params_string": "12B",
                },
            ]
        },
    )
    models = v1_models(stand_in)
    assert models["big-model"]["loaded_instances"] == []
    assert models["big-model"]["display_name"] == "Big Model"
    assert models["big-model"]["params_string"] is None
    gemma = models["gemma-3-12b"]
    assert gemma["type"] == "llm"
    assert gemma["capabilities"] == {"vision": True, "trained_for_tool_use": False}
    assert (gemma["display_name"], gemma["size_bytes"], gemma["params_string"]) == ("Gemma 3 12B Vision", 12_345, "12B")
    assert gemma["quantization"] == {"name": "Q8_0", "bits_per_weight": 8}
    assert gemma["architecture"] == "gemma3"
    assert gemma["loaded_instances"] == [{"id": "gemma-3-12b", "config": {"context_length": 8192, **LLAMA_CONFIG}}]
    # The v0 list is the same store in its own shape, without what only v1 or the stand-in knows.
    assert v0_models(stand_in)["gemma-3-12b"] == {
        "id": "gemma-3-12b",
        "object": "model",
        "type": "vlm",
        "publisher": "stand-in",
        "arch": "gemma3",
        "compatibility_type": "gguf",
        "quantization": "Q8_0",
        "state": "loaded",
        "max_context_length": 32768,
        "loaded_context_length": 8192,
    }


# ---- POST /api/v1/models/load -------------------------------------------------------------------


def test_load_answers_the_instance_and_the_model_is_loaded_with_the_default_context(stand_in):
    stand_in.admin("PUT", "models", {"models": [{"id": "big-model", "state": "not-loaded"}]})
    response = load(stand_in, model="big-model")
    assert response.status_code == 200
    answer = response.json()
    assert set(answer) == {"type", "instance_id", "load_time_seconds", "status"}  # no load_config unasked
    assert (answer["type"], answer["instance_id"], answer["status"]) == ("llm", "big-model", "loaded")
    assert isinstance(answer["load_time_seconds"], int | float)
    assert v1_models(stand_in)["big-model"]["loaded_instances"] == [
        {"id": "big-model", "config": {"context_length": 4096, **LLAMA_CONFIG}}
    ]
    v0 = v0_models(stand_in)["big-model"]
    assert (v0["state"], v0["loaded_context_length"]) == ("loaded", 4096)
    assert stand_in.loads() == [
        {
            "id": 1,
            "path": "/api/v1/models/load",
            "body": {"model": "big-model"},
            "received_at": stand_in.loads()[0]["received_at"],
            "answered_at": stand_in.loads()[0]["answered_at"],
            "status": 200,
        }
    ]


def test_load_echoes_its_config_when_asked_and_clamps_the_context(stand_in):
    stand_in.admin(
        "PUT",
        "models",
        {"models": [{"id": "big-model", "state": "not-loaded"}, {"id": "tight-model", "loads_at_most": 8192}]},
    )
    clamped = load(stand_in, model="big-model", context_length=100_000, flash_attention=False, echo_load_config=True)
    assert clamped.status_code == 200
    assert clamped.json()["load_config"] == {
        "context_length": 32768,
        "eval_batch_size": 512,
        "flash_attention": False,
        "offload_kv_cache_to_gpu": True,
    }
    # LM Studio may load less than asked: a second instance, with what memory allows.
    second = load(stand_in, model="tight-model", context_length=16384, num_experts=4, echo_load_config=True)
    assert second.json()["instance_id"] == "tight-model:2"
    assert second.json()["load_config"] == {"context_length": 8192, **LLAMA_CONFIG, "num_experts": 4}
    instances = v1_models(stand_in)["tight-model"]["loaded_instances"]
    assert [instance["id"] for instance in instances] == ["tight-model", "tight-model:2"]


def test_an_embedding_model_loads_with_only_a_context_length(stand_in):
    answer = load(stand_in, model=EMBEDDING_MODEL, echo_load_config=True).json()
    assert answer["type"] == "embedding"
    assert answer["load_config"] == {"context_length": 2048}


def test_a_load_takes_its_load_delay(stand_in):
    stand_in.admin("PUT", "models", {"models": [{"id": "slow-model", "state": "not-loaded", "load_delay": 0.3}]})
    assert load(stand_in, model="slow-model").json()["load_time_seconds"] >= 0.3


def test_a_load_that_fails_answers_lm_studios_internal_error(stand_in):
    sentence = "Failed to load model: not enough memory"
    stand_in.admin("PUT", "models", {"models": [{"id": "huge-model", "state": "not-loaded", "refuse_load": sentence}]})
    response = load(stand_in, model="huge-model")
    assert response.status_code == 500
    assert response.json() == {"error": {"type": "internal_error", "message": sentence}}
    assert v1_models(stand_in)["huge-model"]["loaded_instances"] == []
    assert stand_in.loads()[-1]["status"] == 500


def test_load_of_an_unknown_model_is_404_model_not_found(stand_in):
    response = load(stand_in, model="no-such-model")
    assert response.status_code == 404
    assert response.json() == {
        "error": {"type": "model_not_found", "message": 'Model "no-such-model" not found', "param": "model"}
    }


def test_load_without_a_model_is_lm_studios_missing_parameter_error(stand_in):
    response = load(stand_in, context_length=4096)
    assert response.status_code == 400
    assert response.json() == {
        "error": {
            "type": "invalid_request",
            "message": '"model" is required',
            "code": "missing_required_parameter",
            "param": "model",
        }
    }


def test_load_with_an_option_of_the_wrong_type_is_invalid_request(stand_in):
    response = load(stand_in, model="stand-in-reasoner", context_length="big")
    assert response.status_code == 400
    assert response.json()["error"]["type"] == "invalid_request"
    assert response.json()["error"]["param"] == "context_length"


# ---- POST /api/v1/models/unload and chat with an instance --------------------------------------------


def test_a_second_instance_chats_by_its_id_and_unloads_alone(stand_in):
    assert load(stand_in, model="stand-in-reasoner", context_length=2048).json()["instance_id"] == "stand-in-reasoner:2"
    body = {"model": "stand-in-reasoner:2", "messages": [{"role": "user", "content": "hi {{stub tokens=2}}"}]}
    chat = call(stand_in, "POST", "/v1/chat/completions", json={**body, "ttl": 300})
    assert chat.status_code == 200
    assert chat.json()["model"] == "stand-in-reasoner:2"
    assert chat.json()["choices"][0]["message"]["content"] == reply_text(2)
    assert stand_in.requests()[-1]["body"]["ttl"] == 300  # the idle TTL is recorded with the request

    response = unload(stand_in, instance_id="stand-in-reasoner:2")
    assert (response.status_code, response.json()) == (200, {"instance_id": "stand-in-reasoner:2"})
    assert [i["id"] for i in v1_models(stand_in)["stand-in-reasoner"]["loaded_instances"]] == ["stand-in-reasoner"]
    assert v0_models(stand_in)["stand-in-reasoner"]["state"] == "loaded"


def test_unloading_the_last_instance_leaves_the_model_not_loaded(stand_in):
    assert unload(stand_in, instance_id="stand-in-reasoner").status_code == 200
    v0 = v0_models(stand_in)["stand-in-reasoner"]
    assert v0["state"] == "not-loaded" and "loaded_context_length" not in v0
    assert v1_models(stand_in)["stand-in-reasoner"]["loaded_instances"] == []
    assert [(record["path"], record["body"]) for record in stand_in.loads()] == [
        ("/api/v1/models/unload", {"instance_id": "stand-in-reasoner"})
    ]


def test_unloading_an_instance_that_is_not_loaded_is_404(stand_in):
    response = unload(stand_in, instance_id="stand-in-reasoner:7")
    assert response.status_code == 404
    assert response.json() == {
        "error": {"type": "model_not_found", "message": 'No loaded model instance with id "stand-in-reasoner:7"'}
    }
    missing = unload(stand_in)
    assert missing.status_code == 400
    assert missing.json()["error"]["code"] == "missing_required_parameter"


# ---- API modes and unknown endpoints ------------------------------------------------------------------


def test_an_unknown_endpoint_answers_200_with_lm_studios_sentence(stand_in):
    response = call(stand_in, "GET", "/about")
    assert response.status_code == 200
    assert response.json() == {"error": f"{UNEXPECTED} (GET /about)"}
    wrong_method = call(stand_in, "GET", "/api/v1/models/load")
    assert wrong_method.json() == {"error": f"{UNEXPECTED} (GET /api/v1/models/load)"}


@pytest.mark.parametrize(
    ("version", "v1_answers", "v0_answers"),
    [("v1", True, True), ("v0", False, True), ("none", False, False)],
)
def test_each_api_mode_answers_the_native_apis_its_server_has(stand_in, version, v1_answers, v0_answers):
    assert stand_in.admin("PUT", "native_api", {"version": version}) == {
        "version": version,
        "enabled": version != "none",
        "unknown_status": 200,
    }
    for path, answers in (("/api/v1/models", v1_answers), ("/api/v0/models", v0_answers)):
        response = call(stand_in, "GET", path)
        assert response.status_code == 200
        assert ("error" not in response.json()) is answers, (path, response.json())
        if not answers:
            assert response.json() == {"error": f"{UNEXPECTED} (GET {path})"}
    if not v1_answers:
        assert load(stand_in, model="stand-in-reasoner").json() == {"error": f"{UNEXPECTED} (POST /api/v1/models/load)"}
    assert call(stand_in, "GET", "/v1/models").json()["data"]  # every server has these


def test_some_builds_answer_an_unknown_route_with_404_and_the_same_body(stand_in):
    stand_in.admin("PUT", "native_api", {"version": "v0", "unknown_status": 404})
    response = call(stand_in, "GET", "/api/v1/models")
    assert response.status_code == 404
    assert response.json() == {"error": f"{UNEXPECTED} (GET /api/v1/models)"}
    assert call(stand_in, "GET", "/api/v0/models").status_code == 200


def test_a_list_delay_answers_with_the_models_as_they_were_when_asked(stand_in):
    stand_in.behave(list_delay=1.0)
    answers = []
    reading = threading.Thread(target=lambda: answers.append(call(stand_in, "GET", "/api/v1/models")))
    reading.start()
    time.sleep(0.3)
    stand_in.admin("PUT", "models", {"models": ["later-model"]})
    reading.join(timeout=10)
    assert "later-model" not in [model["key"] for model in answers[0].json()["models"]]
    assert [model["key"] for model in call(stand_in, "GET", "/api/v1/models").json()["models"]] == ["later-model"]


def test_the_older_enabled_form_still_switches_the_native_api(stand_in):
    assert stand_in.admin("PUT", "native_api", {"enabled": False})["version"] == "none"
    assert "error" in call(stand_in, "GET", "/api/v0/models").json()
    assert stand_in.admin("PUT", "native_api", {"enabled": True})["version"] == "v1"
    assert "data" in call(stand_in, "GET", "/api/v0/models").json()


# ---- API tokens -------------------------------------------------------------------------------------


def assert_token_refusals(stand_in, token: str) -> None:
    for method, path in (("GET", "/v1/models"), ("GET", "/api/v0/models"), ("GET", "/api/v1/models")):
        missing = call(stand_in, method, path)
        assert missing.status_code == 401
        assert missing.json() == {"error": {"type": "invalid_request", "code": "invalid_api_key", "message": NO_TOKEN}}
    wrong = call(stand_in, "GET", "/api/v1/models", headers={"Authorization": "Bearer sk-lm-wrong:0123456789"})
    assert wrong.status_code == 401
    assert wrong.json()["error"] == {
        "type": "invalid_request",
        "code": "invalid_api_key",
        "message": "Malformed LM Studio API token provided: sk-lm-wron... Ensure you are using a valid token.",
    }
    right = call(stand_in, "GET", "/api/v1/models", headers={"Authorization": f"Bearer {token}"})
    assert right.status_code == 200 and "models" in right.json()
    body = {"model": "stand-in-reasoner", "messages": [{"role": "user", "content": "hi {{stub tokens=1}}"}]}
    assert call(stand_in, "POST", "/v1/chat/completions", json=body).status_code == 401
    chat = call(stand_in, "POST", "/v1/chat/completions", json=body, headers={"Authorization": f"Bearer {token}"})
    assert chat.status_code == 200
    assert stand_in.admin("GET", "requests")  # the controls never want the token


def test_a_required_token_is_asked_of_every_lm_studio_route(stand_in):
    token = "sk-lm-stand:in-secret"
    assert stand_in.admin("PUT", "token", {"token": token}) == {"token": token, "denied": []}
    assert_token_refusals(stand_in, token)
    stand_in.admin("PUT", "token", {"token": None})
    assert call(stand_in, "GET", "/api/v1/models").status_code == 200


def test_a_token_denied_a_route_gets_403_there_only(stand_in):
    token = "sk-lm-stand:in-secret"
    stand_in.admin("PUT", "token", {"token": token, "denied": ["/api/v1/models/load"]})
    bearer = {"Authorization": f"Bearer {token}"}
    denied = call(stand_in, "POST", "/api/v1/models/load", json={"model": "stand-in-reasoner"}, headers=bearer)
    assert denied.status_code == 403
    assert denied.json()["error"]["type"] == "permission_denied"
    assert call(stand_in, "GET", "/api/v1/models", headers=bearer).status_code == 200
    assert stand_in.loads() == []


def test_the_require_token_flag_starts_the_stand_in_wanting_a_token():
    token = "sk-lm-flag:secret"
    server = StandIn(LOGS, args=("--require-token", token))
    try:
        assert_token_refusals(server, token)
    finally:
        server.stop()
