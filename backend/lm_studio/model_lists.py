"""The three lists of models a server may give, read into ModelInfo.

LM Studio 0.4 and later: `GET /api/v1/models` (`{"models": [...]}`, each with its key, display
name, size, parameter count, capabilities and loaded instances with the context length each was
really loaded with). LM Studio 0.3: `GET /api/v0/models` (`{"data": [...]}`, type, state, window).
Every OpenAI-compatible server (llama.cpp, Ollama, vLLM): `GET /v1/models`, ids only.

LM Studio answers a route it does not have with HTTP 200 and `{"error": "Unexpected endpoint or
method. (GET /api/v1/models)"}`: a body without the expected list therefore means "this list is
not available here" (None), never "no models".
"""

from __future__ import annotations

from dataclasses import dataclass

from models import ModelInfo, ModelInstance

CHAT_TYPES = {"llm", "vlm"}


def is_embedding_id(model_id: str) -> bool:
    """Where a server says nothing of a model's type, its name is the only hint (LM Studio's
    bundled text-embedding-nomic-embed-text-v1.5, Ollama's nomic-embed-text, …)."""
    return "embed" in model_id.lower()


def server_root(base_url: str) -> str | None:
    """LM Studio's native APIs live beside its OpenAI-compatible one: …/v1 → … (then /api/v1,
    /api/v0); None when the configured URL does not end in /v1 (no native API to look for)."""
    return base_url[: -len("/v1")] if base_url.endswith("/v1") else None


def _int(value) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _text(value) -> str | None:
    return value if isinstance(value, str) else None


def _bool(value) -> bool | None:
    return value if isinstance(value, bool) else None


# ---- GET /api/v1/models ------------------------------------------------------------------------


def _instances(raw) -> list[ModelInstance]:
    instances = []
    for instance in raw if isinstance(raw, list) else []:
        if isinstance(instance, dict) and isinstance(instance.get("id"), str):
            config = instance.get("config") if isinstance(instance.get("config"), dict) else {}
            instances.append(ModelInstance(id=instance["id"], context_length=_int(config.get("context_length"))))
    return instances


def v1_entry(raw: dict) -> ModelInfo:
    """One model of LM Studio's GET /api/v1/models. Its `type` is "llm" or "embedding"; whether
    it sees images is a capability (v0 said "vlm" instead)."""
    capabilities = raw.get("capabilities") if isinstance(raw.get("capabilities"), dict) else {}
    quantization = raw.get("quantization")
    instances = _instances(raw.get("loaded_instances"))
    vision = _bool(capabilities.get("vision"))
    if raw.get("type") == "embedding":
        kind = "embeddings"
    elif raw.get("type") == "llm":
        kind = "vlm" if vision else "llm"
    else:
        kind = "unknown"
    return ModelInfo(
        id=raw["key"],
        type=kind,
        state="loaded" if instances else "not-loaded",
        # Not said (an entry without capabilities) is not known, never "cannot see".
        vision=vision if kind in CHAT_TYPES else None,
        # What is really loaded (LM Studio may load less than was asked): the first instance's.
        context_length=instances[0].context_length if instances else None,
        max_context_length=_int(raw.get("max_context_length")),
        quantization=_text(quantization.get("name")) if isinstance(quantization, dict) else _text(quantization),
        arch=_text(raw.get("architecture")),
        display_name=_text(raw.get("display_name")),
        size_bytes=_int(raw.get("size_bytes")),
        params=_text(raw.get("params_string")),
        tools=_bool(capabilities.get("trained_for_tool_use")) if kind in CHAT_TYPES else None,
        instances=instances,
    )


def v1_list(body) -> list[ModelInfo] | None:
    """GET /api/v1/models's answer as models; None when the body is not that list."""
    models = body.get("models") if isinstance(body, dict) else None
    if not isinstance(models, list):
        return None
    return [v1_entry(raw) for raw in models if isinstance(raw, dict) and isinstance(raw.get("key"), str)]


# ---- GET /api/v0/models ------------------------------------------------------------------------


def v0_entry(raw: dict) -> ModelInfo:
    """One model of LM Studio's GET /api/v0/models."""
    kind = raw.get("type")
    state = raw.get("state")
    capabilities = raw.get("capabilities")
    return ModelInfo(
        id=str(raw["id"]),
        type=kind if kind in ("llm", "vlm", "embeddings") else "unknown",
        state=state if state in ("loaded", "not-loaded") else "unknown",
        vision=kind == "vlm" if kind in CHAT_TYPES else None,
        context_length=_int(raw.get("loaded_context_length")),
        max_context_length=_int(raw.get("max_context_length")),
        quantization=_text(raw.get("quantization")),
        arch=_text(raw.get("arch")),
        # Since LM Studio 0.3.16 a list of what the model can do ("tool_use").
        tools=("tool_use" in capabilities) if isinstance(capabilities, list) and kind in CHAT_TYPES else None,
    )


def v0_list(body) -> list[ModelInfo] | None:
    """GET /api/v0/models's answer as models; None when the body is not that list."""
    data = body.get("data") if isinstance(body, dict) else None
    if not isinstance(data, list):
        return None
    return [v0_entry(raw) for raw in data if isinstance(raw, dict) and isinstance(raw.get("id"), str)]


# ---- GET /v1/models ------------------------------------------------------------------------------


def guessed_entry(model_id: str) -> ModelInfo:
    """A model of a plain /v1/models list: only its id is known."""
    return ModelInfo(id=model_id, type="embeddings" if is_embedding_id(model_id) else "unknown", state="unknown")


def plain_list(body) -> list[ModelInfo] | None:
    """GET /v1/models's answer (`{"data": [{"id": …}, …]}`) as models; None when the body is not
    that list."""
    data = body.get("data") if isinstance(body, dict) else None
    if not isinstance(data, list):
        return None
    return [guessed_entry(raw["id"]) for raw in data if isinstance(raw, dict) and isinstance(raw.get("id"), str)]


# The native lists, newest first: (API version, path under the server's root, reader).
NATIVE_LISTS = (("v1", "/api/v1/models", v1_list), ("v0", "/api/v0/models", v0_list))


def is_missing_route(body) -> bool:
    """LM Studio's answer to a route it does not have: {"error": "Unexpected endpoint or method. (…)"}
    (with HTTP 200; some builds 404). An error status's body as the SDK keeps it is already the
    inner "error" value."""
    error = body.get("error") if isinstance(body, dict) else body
    return isinstance(error, str) and error.startswith("Unexpected endpoint")


@dataclass(frozen=True, slots=True)
class NativeAnswer:
    """What a POST to LM Studio's native API got: its JSON body, or its refusal's body, or that
    the server has no such route."""

    body: object = None
    refused: object = None
    status: int | None = None  # the HTTP status of a refusal
    missing: bool = False
