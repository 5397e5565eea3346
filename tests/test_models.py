"""Which models the backend offers and picks: chat models only, a loaded one first."""

from __future__ import annotations

from fake_lmstudio import CHAT_MODELS, EMBEDDING_MODEL, reply_text
from support import text_of


def test_models_lists_chat_models_and_never_an_embedding_model(backend):
    response = backend.http.get("/api/models")
    assert response.status_code == 200
    assert response.json() == CHAT_MODELS
    assert EMBEDDING_MODEL not in backend.http.get("/api/health").json()["lm_studio"]["models"]


def test_default_model_skips_the_embedding_model_lm_studio_lists_first(backend, stand_in):
    assert stand_in.requests() == []
    conversation_id = backend.create_conversation()
    events = backend.chat(conversation_id, "hello {{stub tokens=2}}")
    assert events[0][1]["model"] == CHAT_MODELS[0]
    assert stand_in.requests()[-1]["model"] == CHAT_MODELS[0]
    assert text_of(events) == reply_text(2)


def test_default_model_prefers_a_loaded_chat_model(start_backend, stand_in):
    stand_in.admin(
        "PUT",
        "models",
        {"models": [EMBEDDING_MODEL, {"id": "big-model", "state": "not-loaded"}, {"id": "small-model", "type": "vlm"}]},
    )
    backend = start_backend()
    conversation_id = backend.create_conversation()
    backend.chat(conversation_id, "hi {{stub tokens=1}}")
    assert stand_in.requests()[-1]["model"] == "small-model"
    assert backend.http.get("/api/models").json() == ["big-model", "small-model"]
    # Health says which model "Default model" means, before anyone sends anything.
    assert backend.http.get("/api/health").json()["lm_studio"]["default_model"] == "small-model"


def test_health_names_the_configured_model_as_the_default(start_backend):
    backend = start_backend(LM_STUDIO_MODEL="stand-in-reasoner")
    assert backend.http.get("/api/health").json()["lm_studio"]["default_model"] == "stand-in-reasoner"


def test_health_names_no_default_when_there_is_no_chat_model(start_backend, stand_in):
    stand_in.admin("PUT", "models", {"models": [EMBEDDING_MODEL]})
    lm_studio = start_backend().http.get("/api/health").json()["lm_studio"]
    assert lm_studio["reachable"] is True and lm_studio["models"] == []
    assert lm_studio["default_model"] is None


def test_without_lm_studios_native_api_embedding_models_are_known_by_name(start_backend, stand_in):
    """llama.cpp, Ollama and vLLM have only /v1/models: an id with "embed" in it is not for chat."""
    stand_in.admin("PUT", "native_api", {"enabled": False})
    stand_in.admin("PUT", "models", {"models": ["nomic-embed-text", "qwen3-8b"]})
    backend = start_backend()
    assert backend.http.get("/api/models").json() == ["qwen3-8b"]
    conversation_id = backend.create_conversation()
    backend.chat(conversation_id, "hi {{stub tokens=1}}")
    assert stand_in.requests()[-1]["model"] == "qwen3-8b"


def test_only_embedding_models_is_no_model_loaded(start_backend, stand_in):
    stand_in.admin("PUT", "models", {"models": [EMBEDDING_MODEL]})
    backend = start_backend()
    conversation_id = backend.create_conversation()
    events = backend.chat(conversation_id, "hi")
    assert events[-1][0] == "error"
    assert events[-1][1]["code"] == "no_model_loaded"
    assert "no chat model" in events[-1][1]["error"]
    assert stand_in.requests() == []
