"""A stored model (see `models.py`) as each of LM Studio's lists shows it.

- GET /v1/models (OpenAI style): only ids.
- GET /api/v0/models (LM Studio 0.3.6+): id, type "llm" | "vlm" | "embeddings", state, arch,
  quantization as a string, max and loaded context lengths.
- GET /api/v1/models (LM Studio 0.4+, documented at lmstudio.ai/docs/developer/rest/list):
  key, type "llm" | "embedding", vision as a capability, quantization as {name, bits_per_weight},
  size_bytes, params_string and each loaded instance with its configuration. Embedding models
  have no architecture, capabilities or description. The fields LM Studio added in 2026-04
  (parallel, capabilities.reasoning, variants) are optional there and left out here.
Where a spec does not give display_name, size_bytes or params_string they are derived from the
id and quantization, as a person would read them ("stand-in-7b-instruct" is "Stand In 7B
Instruct", 7B, about 3.5 GB at 4 bits per weight).
"""

from __future__ import annotations

import re

from .models import NOT_IN_V0, is_embedding

# For a model whose name says nothing of its size (so no size can be worked out).
UNKNOWN_LLM_SIZE_BYTES = 4_368_438_944
UNKNOWN_EMBEDDING_SIZE_BYTES = 84_106_624
PARAMS_IN_NAME = re.compile(r"(?<![a-z0-9.])(\d+(?:\.\d+)?)b(?![a-z0-9])", re.IGNORECASE)
VERSION_WORD = re.compile(r"v\d[\w.]*", re.IGNORECASE)
BITS_IN_QUANTIZATION = (
    re.compile(r"^I?Q(\d+)", re.IGNORECASE),  # llama.cpp: Q4_K_M, IQ3_XS, Q8_0
    re.compile(r"^B?F(\d+)$", re.IGNORECASE),  # F16, BF16, F32
    re.compile(r"^(\d+)\s*bit", re.IGNORECASE),  # MLX: 4bit
)


def openai_view(model: dict) -> dict:
    return {"id": model["id"], "object": "model", "owned_by": "organization_owner"}


def v0_view(model: dict) -> dict:
    return {key: value for key, value in model.items() if key not in NOT_IN_V0}


def v1_view(model: dict) -> dict:
    embedding = is_embedding(model)
    quantization = model.get("quantization")
    params = model["params_string"] if "params_string" in model else params_string_of(model)
    entry = {
        "type": "embedding" if embedding else "llm",
        "publisher": model["publisher"],
        "key": model["id"],
        "display_name": model.get("display_name") or display_name_of(model["id"]),
    }
    if not embedding:
        entry["architecture"] = model.get("arch")
    entry |= {
        "quantization": None
        if quantization is None
        else {"name": quantization, "bits_per_weight": bits_per_weight(quantization)},
        "size_bytes": model.get("size_bytes") or size_bytes_of(params, quantization, embedding),
        "params_string": params,
        "loaded_instances": [
            {"id": instance["id"], "config": dict(instance["config"])} for instance in model["loaded_instances"]
        ],
        "max_context_length": model["max_context_length"],
        "format": model.get("compatibility_type", "gguf"),
    }
    if not embedding:
        entry["capabilities"] = {
            "vision": model["type"] == "vlm",
            "trained_for_tool_use": bool(model.get("tools", True)),
        }
        entry["description"] = model.get("description")
    return entry


def display_name_of(key: str) -> str:
    """The name a person would read in a key: "stand-in-7b-instruct" → "Stand In 7B Instruct"."""
    words = re.split(r"[-_ ]+", key.rsplit("/", 1)[-1])
    return " ".join(spoken_word(word) for word in words if word)


def spoken_word(word: str) -> str:
    """Sizes in capitals (7B), versions as written (v1.5), other words capitalised."""
    if PARAMS_IN_NAME.fullmatch(word):
        return word.upper()
    if VERSION_WORD.fullmatch(word):
        return word
    return word[:1].upper() + word[1:]


def params_string_of(model: dict) -> str | None:
    """An LLM's size as its name says it ("7B"); None for embedding models and unsized names."""
    if is_embedding(model):
        return None
    match = PARAMS_IN_NAME.search(model["id"])
    return f"{match.group(1)}B" if match else None


def bits_per_weight(quantization: str) -> int | None:
    for pattern in BITS_IN_QUANTIZATION:
        match = pattern.search(quantization)
        if match:
            return int(match.group(1))
    return None


def size_bytes_of(params: str | None, quantization: str | None, embedding: bool) -> int:
    """Roughly what the weights take on disk: parameters × bits per weight."""
    billions = re.match(r"(\d+(?:\.\d+)?)", params or "")
    bits = bits_per_weight(quantization) if quantization else None
    if billions and bits:
        return int(float(billions.group(1)) * 1e9 * bits / 8)
    return UNKNOWN_EMBEDDING_SIZE_BYTES if embedding else UNKNOWN_LLM_SIZE_BYTES
