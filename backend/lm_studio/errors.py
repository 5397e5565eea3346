"""LM Studio's failures as one sentence for the user and one short code for programs.

Every way a request to LM Studio can fail (the SDK's errors, its transport's, an error status with
LM Studio's JSON body, an error chunk after a 200, our own deadlines) ends up here as an
LMStudioError. The sentences say what happened and what to do, naming the configured address.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from context.overflow import ContextOverflow, recognise
from context.overflow import sentence as overflow_sentence
from models import ModelInfo

# How LM Studio says a model has no vision: "Model does not support images. Please use a model that does."
CANNOT_SEE = "does not support images"
# Where LM Studio (0.4 and later, with "Require Authentication" on) makes and shows its API tokens.
WHERE_TOKENS_ARE = "LM Studio's Developer page → Server Settings → Manage Tokens"
# What the backend sends as the bearer token when LM_STUDIO_API_KEY is not set: any text does
# while LM Studio asks for none.
PLACEHOLDER_TOKEN = "lm-studio"


class LMStudioError(Exception):
    """A failure talking to LM Studio. `details` are figures a client can act on (a context
    overflow's context_length and prompt_tokens)."""

    def __init__(self, code: str, message: str, http_status: int = 502, details: dict | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.http_status = http_status
        self.details = details or {}


def server_port(base_url: str) -> int:
    """The port LM Studio's server must listen on for `base_url` (the URL's own, else its scheme's)."""
    parts = urlsplit(base_url)
    try:
        port = parts.port
    except ValueError:  # a malformed port: say the scheme's default rather than fail to explain
        port = None
    return port or (443 if parts.scheme == "https" else 80)


def upstream_message(body) -> str:
    """LM Studio's explanation in an error body: {"error": {"message": …}}, {"message": …} or text."""
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict):
            return str(inner.get("message") or "")
        return str(inner)
    return str(body or "")


def _upstream_code(body) -> str | None:
    if isinstance(body, dict):
        inner = body.get("error") if isinstance(body.get("error"), dict) else body
        return inner.get("code")
    return None


def _sentence(text: str) -> str:
    """Text that ends like a sentence, so another sentence can follow it."""
    text = text.strip()
    return text if not text or text[-1] in ".!?…" else f"{text}."


def context_overflow(overflow: ContextOverflow, model: str | None) -> LMStudioError:
    details = {"context_length": overflow.context_length, "prompt_tokens": overflow.prompt_tokens}
    return LMStudioError(
        "context_overflow",
        overflow_sentence(overflow, model),
        http_status=400,
        details={key: value for key, value in details.items() if value is not None},
    )


def unreachable(base_url: str) -> LMStudioError:
    return LMStudioError(
        "lm_studio_unreachable",
        f"Cannot reach LM Studio at {base_url}. Start LM Studio's local server "
        f"(Developer tab → Start Server, on port {server_port(base_url)}) and load a model, then try again.",
        http_status=503,
    )


def dropped() -> LMStudioError:
    return LMStudioError(
        "upstream_dropped",
        "LM Studio closed the connection before the reply was finished. "
        "The model may have crashed or been unloaded; try again.",
    )


def unfinished() -> LMStudioError:
    return LMStudioError(
        "upstream_dropped",
        "LM Studio ended the reply without finishing it. The model may have crashed or been unloaded; try again.",
    )


def malformed() -> LMStudioError:
    return LMStudioError("bad_response", "LM Studio sent a malformed chunk; the reply was cut short.")


def error_chunk(body: dict, model: str | None) -> LMStudioError:
    """An `{"error": …}` chunk after a 200: some failures (a context overflow among them) arrive so."""
    detail = upstream_message(body)
    overflow = recognise(detail)
    if overflow is not None:
        return context_overflow(overflow, model)
    return LMStudioError("lm_studio_error", f"LM Studio reported an error mid-reply: {_sentence(detail)}")


def cannot_see(model: str | None, catalog: list[ModelInfo]) -> LMStudioError:
    """LM Studio's "Model does not support images", naming a model in `catalog` that can see."""
    seeing = [m for m in catalog if m.vision and m.id != model]
    loaded = next((m.id for m in seeing if m.state == "loaded"), None)
    name = f"{model} cannot" if model else "This model cannot"
    if loaded:
        advice = f" {loaded} can, and it is loaded: choose it for this conversation and send again."
    elif seeing:
        advice = f" {seeing[0].id} can (LM Studio loads it on first use): choose it and send again."
    else:
        advice = " Load a vision model in LM Studio (its type says vlm), or remove the images."
    # The model to offer as a one-click switch.
    switch_to = loaded or (seeing[0].id if seeing else None)
    details = {"vision_model": switch_to} if switch_to else {}
    return LMStudioError("model_cannot_see", f"{name} see images.{advice}", details=details)


def auth_refused(token: str, status: int = 401) -> LMStudioError:
    """LM Studio's 401/403: its server requires an API token, and ours is missing or refused; or
    (403 for a token it accepts) the token lacks a permission this request needs."""
    if token in ("", PLACEHOLDER_TOKEN):
        sentence = (
            "LM Studio's server requires an API token. Create one in "
            f"{WHERE_TOKENS_ARE}, set LM_STUDIO_API_KEY to it and restart the backend."
        )
    elif status == 403:
        sentence = (
            "The API token in LM_STUDIO_API_KEY is not allowed to do this in LM Studio. Give it the "
            f"permission in {WHERE_TOKENS_ARE} (Edit), or set a token that has it, and restart the backend."
        )
    else:
        # LM Studio's own words quote the start of the token (here and for 403): not repeated to
        # whoever reads this.
        sentence = (
            "LM Studio refused the API token set in LM_STUDIO_API_KEY. Copy a valid token from "
            f"{WHERE_TOKENS_ARE} into LM_STUDIO_API_KEY and restart the backend."
        )
    return LMStudioError("lm_studio_auth", sentence, http_status=502)


def not_a_model_list(base_url: str, body) -> LMStudioError:
    """The server answered GET /v1/models with something other than a list of models."""
    said = upstream_message(body).strip() if isinstance(body, dict) else ""
    return LMStudioError(
        "bad_response",
        f"The server at {base_url} did not answer with a list of models"
        + (f" (it said: {_sentence(said)[:-1]})" if said else "")
        + ". Check that LM_STUDIO_URL is LM Studio's server address, ending in /v1.",
    )


def refusal(status: int, body, model: str | None, catalog: list[ModelInfo], token: str = "") -> LMStudioError:
    """An error status from LM Studio, with its JSON body, as one sentence and one code."""
    detail = upstream_message(body)
    if status in (401, 403):
        return auth_refused(token, status)
    overflow = recognise(detail)
    if overflow is not None:
        return context_overflow(overflow, model)
    if CANNOT_SEE in detail.lower():
        return cannot_see(model, catalog)
    if _upstream_code(body) == "model_not_found" or (status == 404 and "model" in detail.lower()):
        name = f"'{model}'" if model else "the requested model"
        return LMStudioError(
            "model_not_found",
            f"LM Studio cannot find {name}. Load it in LM Studio (or pick a model that is "
            f"loaded) and try again. LM Studio said: {_sentence(detail or 'model not found')}",
            http_status=502,
        )
    if status >= 500:
        return LMStudioError(
            "lm_studio_error",
            f"LM Studio failed with HTTP {status}"
            + (f": {_sentence(detail)}" if detail else ".")
            + " Check LM Studio's server log; reloading the model often helps.",
        )
    return LMStudioError(
        "lm_studio_rejected",
        f"LM Studio rejected the request (HTTP {status})" + (f": {_sentence(detail)}" if detail else "."),
    )


def deadline(got_first_token: bool, first_token_timeout_s: float, stall_timeout_s: float) -> LMStudioError:
    if got_first_token:
        return LMStudioError(
            "stalled",
            f"LM Studio stopped sending tokens for {stall_timeout_s:g} s, so the reply was "
            "cut short. Check that LM Studio is still running and try again.",
            http_status=504,
        )
    return LMStudioError(
        "first_token_timeout",
        f"LM Studio sent no answer within {first_token_timeout_s:g} s. The model may still "
        "be loading; try again, or raise CHAT_FIRST_TOKEN_TIMEOUT_S.",
        http_status=504,
    )


def classify(
    error: BaseException, base_url: str, model: str | None, catalog: list[ModelInfo], token: str = ""
) -> LMStudioError:
    """A failure of a request to LM Studio (the SDK's errors, or its transport's while a response
    body is read) as one sentence and one code. `token`: the bearer token sent (to say whether
    one was set when LM Studio asks for one)."""
    import httpx2
    import openai

    if isinstance(error, LMStudioError):
        return error
    if isinstance(error, openai.APIStatusError):
        return refusal(error.status_code, error.body, model, catalog, token)
    if isinstance(error, openai.APIConnectionError):
        cause = error.__cause__
        if cause is None or isinstance(cause, httpx2.ConnectError | httpx2.ConnectTimeout | httpx2.PoolTimeout):
            return unreachable(base_url)
        return dropped()
    if isinstance(error, httpx2.TransportError | openai.APIError | OSError):
        return dropped()
    return LMStudioError("lm_studio_error", f"Unexpected failure talking to LM Studio: {type(error).__name__}.")
