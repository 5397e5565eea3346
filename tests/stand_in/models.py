"""The models the stand-in has, and how loading and unloading change them.

The store is one list of dicts. Each holds a model as LM Studio's GET /api/v0/models describes
it (id, type, state, loaded_context_length, …), plus what only the v1 API shows
(`loaded_instances`, display_name, size_bytes, params_string, tools, description) and what steers
the stand-in (refuse_load, load_delay, loads_at_most). `model_views.py` turns an entry into each
API's shape; `state` and `loaded_context_length` are kept in step with `loaded_instances` here.

A model is given ("spec") as an id, or as an object with an id and any of those fields:
  display_name, size_bytes, params_string   what /api/v1/models says (derived from the id if absent)
  tools                                     capabilities.trained_for_tool_use (default true)
  description                               /api/v1/models's description (default null)
  refuse_load                               a sentence: POST /api/v1/models/load fails with it
  load_delay                                seconds a load takes (a behaviour's load_delay wins)
  loads_at_most                             the largest context this model gets loaded with
                                            (LM Studio may load less than asked when memory is short)

Instance ids follow LM Studio: the first instance of a model is named by its key, further ones
`key:2`, `key:3`, … (seen in LM Studio's responses: lmstudio-bug-tracker#619).
"""

from __future__ import annotations

EMBEDDING_MODEL = "text-embedding-nomic-embed-text-v1.5"
# LM Studio lists its bundled embedding model beside the chat models; first, to keep us honest.
DEFAULT_MODELS = [EMBEDDING_MODEL, "stand-in-7b-instruct", "stand-in-reasoner"]
CHAT_MODELS = [m for m in DEFAULT_MODELS if m != EMBEDDING_MODEL]
DEFAULT_CONTEXT_LENGTH = 4096  # what LM Studio loads a model with when nobody asks for more
MAX_CONTEXT_LENGTH = 32768
# LM Studio's llama.cpp defaults, as its documented load response echoes them.
DEFAULT_EVAL_BATCH_SIZE = 512
DEFAULT_FLASH_ATTENTION = True
DEFAULT_OFFLOAD_KV_CACHE_TO_GPU = True
# Keys of a stored model that /api/v0/models does not show.
NOT_IN_V0 = {
    "loaded_instances",
    "display_name",
    "size_bytes",
    "params_string",
    "tools",
    "description",
    "refuse_load",
    "load_delay",
    "loads_at_most",
}


def is_embedding(model: dict) -> bool:
    return model["type"] == "embeddings"


def stored_model(spec) -> dict:
    """A model as the store keeps it, from an id or a partial description."""
    spec = {"id": spec} if isinstance(spec, str) else dict(spec)
    spec.pop("loaded_instances", None)  # instances come from `state`, and from loading
    embedding = "embed" in spec["id"].lower()
    model = {
        "id": spec["id"],
        "object": "model",
        "type": "embeddings" if embedding else "llm",
        "publisher": "stand-in",
        "arch": "nomic-bert" if embedding else "llama",
        "compatibility_type": "gguf",
        "quantization": "Q4_0" if embedding else "Q4_K_M",
        "state": "not-loaded" if embedding else "loaded",
        "max_context_length": 2048 if embedding else MAX_CONTEXT_LENGTH,
        **spec,
    }
    model["loaded_instances"] = []
    if model["state"] == "loaded":
        if "loaded_context_length" not in model:
            # Loaded with the whole window, so that long test replies fit; a model loaded for a
            # request (JIT) gets LM Studio's usual DEFAULT_CONTEXT_LENGTH instead.
            model["loaded_context_length"] = model["max_context_length"]
        model["loaded_instances"].append(
            {"id": model["id"], "config": instance_config(model, model["loaded_context_length"], {})}
        )
    return model


def instance_config(model: dict, context_length: int, options: dict) -> dict:
    """A loaded instance's configuration: what was asked for, else LM Studio's defaults.
    Embedding models have only a context length."""
    if is_embedding(model):
        return {"context_length": context_length}
    config = {
        "context_length": context_length,
        "eval_batch_size": options.get("eval_batch_size", DEFAULT_EVAL_BATCH_SIZE),
        "flash_attention": options.get("flash_attention", DEFAULT_FLASH_ATTENTION),
        "offload_kv_cache_to_gpu": options.get("offload_kv_cache_to_gpu", DEFAULT_OFFLOAD_KV_CACHE_TO_GPU),
    }
    if "num_experts" in options:  # only mixture-of-experts models have it, so only when asked
        config["num_experts"] = options["num_experts"]
    return config


def granted_context_length(model: dict, requested: int | None) -> int:
    """The window a load gets: what was asked (else the default), no more than the model has,
    nor than it can be loaded with."""
    granted = min(requested or DEFAULT_CONTEXT_LENGTH, model["max_context_length"])
    if isinstance(model.get("loads_at_most"), int):
        granted = min(granted, model["loads_at_most"])
    return granted


class ModelStore:
    """The list of models, found by key or by instance id."""

    def __init__(self, specs=DEFAULT_MODELS) -> None:
        self.models = [stored_model(spec) for spec in specs]

    def replace(self, specs) -> None:
        self.models = [stored_model(spec) for spec in specs]

    def by_key(self, key) -> dict | None:
        return next((m for m in self.models if m["id"] == key), None)

    def find(self, name) -> tuple[dict | None, dict | None]:
        """The model a chat request's `model` names, and the instance it means: a key means the
        model's first instance (None when it is not loaded); an instance id means that one."""
        model = self.by_key(name)
        if model is not None:
            return model, next(iter(model["loaded_instances"]), None)
        for model in self.models:
            for instance in model["loaded_instances"]:
                if instance["id"] == name:
                    return model, instance
        return None, None

    def load(self, model: dict, requested_context_length: int | None = None, options: dict | None = None) -> dict:
        """Load one more instance of the model; its instance."""
        context_length = granted_context_length(model, requested_context_length)
        instance = {
            "id": self._free_instance_id(model),
            "config": instance_config(model, context_length, options or {}),
        }
        model["loaded_instances"].append(instance)
        if model["state"] != "loaded":
            model["state"] = "loaded"
            model["loaded_context_length"] = context_length
        return instance

    def unload(self, instance_id) -> dict | None:
        """Unload one instance; the model it was of, or None when no instance has that id."""
        for model in self.models:
            for instance in model["loaded_instances"]:
                if instance["id"] == instance_id:
                    model["loaded_instances"].remove(instance)
                    self._settle_state(model)
                    return model
        return None

    @staticmethod
    def _free_instance_id(model: dict) -> str:
        taken = {instance["id"] for instance in model["loaded_instances"]}
        if model["id"] not in taken:
            return model["id"]
        number = 2
        while f"{model['id']}:{number}" in taken:
            number += 1
        return f"{model['id']}:{number}"

    @staticmethod
    def _settle_state(model: dict) -> None:
        """v0's state follows the instances: the first one left gives the context length."""
        if model["loaded_instances"]:
            model["loaded_context_length"] = model["loaded_instances"][0]["config"]["context_length"]
        else:
            model["state"] = "not-loaded"
            model.pop("loaded_context_length", None)
