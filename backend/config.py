"""Settings read once from environment variables; no other module reads os.environ."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

DEFAULT_CORS_ORIGINS = ("http://localhost:5173", "http://127.0.0.1:5173")
# Names a browser may use to reach a local backend. Anything else in the Host
# header means the request came through a DNS-rebinding page or a proxy.
DEFAULT_ALLOWED_HOSTS = ("localhost", "127.0.0.1", "::1")


class ConfigError(ValueError):
    """A configuration variable holds a value the backend cannot use."""


@dataclass(frozen=True)
class Settings:
    lm_studio_url: str = "http://localhost:1234/v1"
    lm_studio_api_key: str = "lm-studio"
    lm_studio_model: str | None = None
    host: str = "127.0.0.1"
    port: int = 8000
    cors_origins: tuple[str, ...] = DEFAULT_CORS_ORIGINS
    allowed_hosts: tuple[str, ...] = DEFAULT_ALLOWED_HOSTS
    db_path: str | None = None
    connect_timeout_s: float = 5.0
    # JIT model loading in LM Studio can take minutes before the first token.
    first_token_timeout_s: float = 600.0
    stall_timeout_s: float = 120.0
    max_message_chars: int = 100_000
    max_body_bytes: int = 2_000_000
    # How often a reply in progress is written to the store, so a crash loses little.
    persist_interval_s: float = 1.0
    sse_ping_interval_s: float = 15.0
    # Attachments (§8): the largest file accepted, the longest side an image is scaled down to,
    # how many files one message may carry, and how long an uploaded file never sent is kept.
    max_upload_bytes: int = 20 * 1024 * 1024
    max_image_side: int = 2048
    max_attachments: int = 10
    unsent_attachment_ttl_s: float = 24 * 60 * 60

    @property
    def storage_kind(self) -> str:
        return "sqlite" if self.db_path else "memory"


def _text(env: Mapping[str, str], name: str, default: str | None) -> str | None:
    value = env.get(name, "").strip()
    return value or default


def _number(env: Mapping[str, str], name: str, default, kind, minimum):
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = kind(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a valid {kind.__name__}") from None
    if value < minimum:
        raise ConfigError(f"{name}={raw!r} must be at least {minimum}")
    return value


def _list(env: Mapping[str, str], name: str, default: tuple[str, ...]) -> tuple[str, ...]:
    raw = env.get(name)
    if raw is None or not raw.strip():
        return default
    return tuple(item.strip() for item in raw.split(",") if item.strip())


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Build Settings from the environment, failing early with a message naming the variable."""
    env = os.environ if env is None else env
    defaults = Settings()
    host = _text(env, "CHAT_HOST", defaults.host)
    allowed_hosts = _list(env, "CHAT_ALLOWED_HOSTS", DEFAULT_ALLOWED_HOSTS)
    return Settings(
        lm_studio_url=_text(env, "LM_STUDIO_URL", defaults.lm_studio_url).rstrip("/"),
        lm_studio_api_key=_text(env, "LM_STUDIO_API_KEY", defaults.lm_studio_api_key),
        lm_studio_model=_text(env, "LM_STUDIO_MODEL", None),
        host=host,
        port=_number(env, "CHAT_PORT", defaults.port, int, 1),
        cors_origins=_list(env, "CHAT_CORS_ORIGINS", DEFAULT_CORS_ORIGINS),
        # Compared the way Host headers are read: "[::1]" and "::1" are one host, case aside.
        allowed_hosts=tuple(host_name(h) for h in allowed_hosts),
        db_path=_text(env, "CHAT_DB", None),
        connect_timeout_s=_number(env, "CHAT_CONNECT_TIMEOUT_S", defaults.connect_timeout_s, float, 0.1),
        first_token_timeout_s=_number(env, "CHAT_FIRST_TOKEN_TIMEOUT_S", defaults.first_token_timeout_s, float, 0.1),
        stall_timeout_s=_number(env, "CHAT_STALL_TIMEOUT_S", defaults.stall_timeout_s, float, 0.1),
        max_message_chars=_number(env, "CHAT_MAX_MESSAGE_CHARS", defaults.max_message_chars, int, 1),
        max_body_bytes=_number(env, "CHAT_MAX_BODY_BYTES", defaults.max_body_bytes, int, 1024),
        persist_interval_s=_number(env, "CHAT_PERSIST_INTERVAL_S", defaults.persist_interval_s, float, 0.01),
        sse_ping_interval_s=_number(env, "CHAT_SSE_PING_S", defaults.sse_ping_interval_s, float, 0.1),
        max_upload_bytes=_number(env, "CHAT_MAX_UPLOAD_BYTES", defaults.max_upload_bytes, int, 1),
        max_image_side=_number(env, "CHAT_MAX_IMAGE_SIDE", defaults.max_image_side, int, 16),
        max_attachments=_number(env, "CHAT_MAX_ATTACHMENTS", defaults.max_attachments, int, 1),
        unsent_attachment_ttl_s=_number(
            env, "CHAT_UNSENT_ATTACHMENT_TTL_S", defaults.unsent_attachment_ttl_s, float, 1.0
        ),
    )


def host_name(host_header: str) -> str:
    """The host part of a Host header ("localhost:8000" -> "localhost", "[::1]:8000" -> "::1")."""
    host = host_header.strip().lower()
    if host.startswith("["):
        return host[1 : host.find("]")] if "]" in host else host
    if host.count(":") == 1:
        host = host.split(":", 1)[0]
    return host
