"""Settings, read once from the environment with pydantic-settings; no other module reads os.environ.

Each setting names its environment variable. An empty variable counts as unset. A value the
backend cannot use stops start-up with a sentence naming the variable (ConfigError).
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from typing import Annotated, Literal

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEFAULT_CORS_ORIGINS = ("http://localhost:5173", "http://127.0.0.1:5173")
# Names a browser may use to reach a local backend. Anything else in the Host header means the
# request came through a DNS-rebinding page or a proxy.
DEFAULT_ALLOWED_HOSTS = ("localhost", "127.0.0.1", "::1")

# A comma-separated list in one variable ("http://a:1, http://b:2").
CommaList = Annotated[tuple[str, ...], NoDecode]


class ConfigError(ValueError):
    """A configuration variable holds a value the backend cannot use."""


def host_name(host_header: str) -> str:
    """The host part of a Host header ("localhost:8000" -> "localhost", "[::1]:8000" -> "::1")."""
    host = host_header.strip().lower()
    if host.startswith("["):
        return host[1 : host.find("]")] if "]" in host else host
    if host.count(":") == 1:
        host = host.split(":", 1)[0]
    return host


def is_loopback(host: str) -> bool:
    """Whether binding `host` keeps the backend to this machine."""
    host = host_name(host)
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def lm_studio_urls(setting: str) -> tuple[str, ...]:
    """The servers a LM_STUDIO_URL value lists, comma-separated: trimmed, without a trailing "/",
    each once. ConfigError when none is given or one is not an http(s) URL."""
    urls = tuple(dict.fromkeys(url.strip().rstrip("/") for url in setting.split(",") if url.strip()))
    if not urls:
        raise ConfigError("LM_STUDIO_URL lists no server: give LM Studio's URL, e.g. http://localhost:1234/v1.")
    for url in urls:
        scheme, _, rest = url.partition("://")
        if scheme.lower() not in ("http", "https") or not rest:
            raise ConfigError(
                f"LM_STUDIO_URL: {url!r} is not an http(s) URL; give each server as http://host:port/v1, "
                "several separated by commas."
            )
    return urls


FIRST_USER = "cd backend && venv/bin/python -m manage add-user NAME --admin"


def _env(name: str, default, description: str, **limits):
    return Field(default, validation_alias=name, description=description, **limits)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_ignore_empty=True, frozen=True, extra="ignore", validate_by_name=True, validate_by_alias=True
    )

    lm_studio_url: str = _env("LM_STUDIO_URL", "http://localhost:1234/v1", "LM Studio's OpenAI-compatible endpoint")
    lm_studio_api_key: str = _env("LM_STUDIO_API_KEY", "lm-studio", "sent to LM Studio as the bearer token")
    lm_studio_model: str | None = _env(
        "LM_STUDIO_MODEL", None, "the model when neither a request nor its conversation names one"
    )
    host: str = _env("CHAT_HOST", "127.0.0.1", "the address the backend binds")
    port: int = _env("CHAT_PORT", 8000, "the backend's port", ge=1, le=65535)
    cors_origins: CommaList = _env("CHAT_CORS_ORIGINS", DEFAULT_CORS_ORIGINS, "browser origins allowed to call the API")
    allowed_hosts: CommaList | None = _env(
        "CHAT_ALLOWED_HOSTS",
        None,
        "Host header names the backend answers to ('*': any; unset: this machine's names, or any with accounts on)",
    )
    auth_setting: Literal["on", "off"] | None = _env(
        "CHAT_AUTH", None, "accounts: 'on' or 'off' (unset: off on a loopback address, on on any other)"
    )
    trusted_proxies: CommaList = _env(
        "CHAT_TRUSTED_PROXIES",
        ("127.0.0.1",),
        "addresses of reverse proxies whose X-Forwarded-Proto/-For are believed (uvicorn's forwarded_allow_ips)",
    )
    db_path: str | None = _env("CHAT_DB", None, "where conversations are kept: a file, a PostgreSQL URL, or memory")
    connect_timeout_s: float = _env("CHAT_CONNECT_TIMEOUT_S", 5.0, "connecting to LM Studio", ge=0.1)
    # JIT model loading in LM Studio can take minutes before the first token.
    first_token_timeout_s: float = _env("CHAT_FIRST_TOKEN_TIMEOUT_S", 600.0, "wait for the first token", ge=0.1)
    stall_timeout_s: float = _env("CHAT_STALL_TIMEOUT_S", 120.0, "longest silence between two tokens", ge=0.1)
    max_message_chars: int = _env("CHAT_MAX_MESSAGE_CHARS", 100_000, "longest user message", ge=1)
    max_body_bytes: int = _env("CHAT_MAX_BODY_BYTES", 2_000_000, "largest request body", ge=1024)
    # How often a reply in progress is written to the store, so a crash loses little.
    persist_interval_s: float = _env("CHAT_PERSIST_INTERVAL_S", 1.0, "how often a reply in progress is stored", ge=0.01)
    sse_ping_interval_s: float = _env("CHAT_SSE_PING_S", 15.0, "keep-alive comment interval on event streams", ge=0.1)
    max_upload_bytes: int = _env("CHAT_MAX_UPLOAD_BYTES", 20 * 1024 * 1024, "largest attached file", ge=1)
    max_image_side: int = _env("CHAT_MAX_IMAGE_SIDE", 2048, "longest side of an attached image, in pixels", ge=16)
    max_attachments: int = _env("CHAT_MAX_ATTACHMENTS", 10, "most files one message can carry", ge=1)
    max_import_bytes: int = _env(
        "CHAT_MAX_IMPORT_BYTES", 200 * 1024 * 1024, "largest export file POST /api/import reads", ge=1
    )
    web_dir: str | None = _env(
        "CHAT_WEB_DIR", None, "a production build of the page (frontend/dist) to serve at / on the backend's own port"
    )
    access_log: bool = _env("CHAT_ACCESS_LOG", False, "log a line for every HTTP request (uvicorn's access log)")
    unsent_attachment_ttl_s: float = _env(
        "CHAT_UNSENT_ATTACHMENT_TTL_S", 24 * 60 * 60.0, "files uploaded but never sent are deleted after this", ge=1.0
    )
    # Tools: MCP servers from a standard mcp.json (LM Studio's, Claude Desktop's, Cursor's format).
    mcp_config: str | None = _env("CHAT_MCP_CONFIG", None, "an mcp.json naming the MCP servers whose tools replies use")
    max_tool_steps: int = _env("CHAT_MAX_TOOL_STEPS", 10, "most rounds of tool calls one reply may take", ge=1)
    tool_timeout_s: float = _env("CHAT_TOOL_TIMEOUT_S", 60.0, "longest a tool call may take", ge=0.1)
    max_tool_result_chars: int = _env(
        "CHAT_MAX_TOOL_RESULT_CHARS", 20_000, "a tool's result is cut to this many characters for the model", ge=100
    )
    # Several backends (SPEC §14): replies in progress are shared through Redis, history through
    # PostgreSQL.
    redis_url: str | None = _env(
        "CHAT_REDIS_URL", None, "a Redis server (redis://…) through which several backends share replies in progress"
    )
    reply_lease_s: float = _env(
        "CHAT_REPLY_LEASE_S", 15.0, "a backend that stops renewing its reply's lease this long is taken as dead", ge=1.0
    )
    reply_stream_keep_s: float = _env(
        "CHAT_REPLY_STREAM_KEEP_S", 300.0, "how long a finished reply's events stay in Redis for late readers", ge=1.0
    )

    @field_validator("auth_setting", mode="before")
    @classmethod
    def _on_or_off(cls, value):
        if isinstance(value, str):
            word = value.strip().lower()
            return {"true": "on", "1": "on", "yes": "on", "false": "off", "0": "off", "no": "off"}.get(word, word)
        return value

    @field_validator("cors_origins", "allowed_hosts", "trusted_proxies", mode="before")
    @classmethod
    def _comma_separated(cls, value):
        if isinstance(value, str):
            return tuple(item.strip() for item in value.split(",") if item.strip())
        return value

    @field_validator("allowed_hosts")
    @classmethod
    def _as_host_names(cls, hosts: tuple[str, ...] | None) -> tuple[str, ...] | None:
        # Compared the way Host headers are read: "[::1]" and "::1" are one host, case aside.
        if hosts is None:
            return None
        return tuple(host_name(host) for host in hosts) or None

    @field_validator("cors_origins")
    @classmethod
    def _some_origins(cls, origins: tuple[str, ...]) -> tuple[str, ...]:
        return origins or DEFAULT_CORS_ORIGINS

    @field_validator("lm_studio_url")
    @classmethod
    def _without_trailing_slash(cls, url: str) -> str:
        url = url.strip().rstrip("/")
        lm_studio_urls(url)  # every server it lists must be usable
        return url

    @field_validator("lm_studio_api_key", "lm_studio_model", "host", "db_path", "mcp_config", "web_dir", "redis_url")
    @classmethod
    def _trimmed(cls, value: str | None) -> str | None:
        return value.strip() if isinstance(value, str) else value

    @model_validator(mode="after")
    def _not_open_to_the_network(self):
        if self.auth_setting == "off" and not is_loopback(self.host):
            raise ValueError(
                f"CHAT_HOST={self.host} lets other machines reach every conversation, and CHAT_AUTH=off would let "
                f"them in without a password. Turn accounts on: create the first user with `{FIRST_USER}`, then "
                "start with CHAT_AUTH=on (or bind 127.0.0.1)."
            )
        return self

    @model_validator(mode="after")
    def _shared_replies_need_a_shared_database(self):
        if self.redis_url is None:
            return self
        if not self.redis_url.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError(
                f"CHAT_REDIS_URL={self.redis_url!r} is not a Redis URL: write redis://host:6379/0 (rediss:// for TLS)."
            )
        if self.storage_kind != "postgresql":
            raise ValueError(
                "CHAT_REDIS_URL lets several backends share replies in progress; they must then share one history "
                "too: set CHAT_DB to a PostgreSQL URL (postgresql://user:password@host/database)."
            )
        return self

    @property
    def auth(self) -> bool:
        """Whether accounts are on (CHAT_AUTH; unset: on exactly when bound beyond this machine)."""
        return self.auth_setting == "on" if self.auth_setting else not is_loopback(self.host)

    @property
    def answered_hosts(self) -> tuple[str, ...]:
        """The Host names the backend answers to. Unset, with accounts on: any, since the names
        people reach a LAN machine (or the proxy in front of a loopback backend) by cannot be
        listed, and a page rebinding its name to this machine gets no session cookie; otherwise
        this machine's own names."""
        if self.allowed_hosts is not None:
            return self.allowed_hosts
        if self.auth:
            return ("*",)
        return DEFAULT_ALLOWED_HOSTS

    @property
    def lm_studio_urls(self) -> tuple[str, ...]:
        """The LM Studio servers LM_STUDIO_URL lists (one, or several comma-separated)."""
        return lm_studio_urls(self.lm_studio_url)

    @property
    def storage_kind(self) -> str:
        if not self.db_path:
            return "memory"
        scheme = self.db_path.split(":", 1)[0].split("+", 1)[0].lower()
        return "postgresql" if scheme in ("postgresql", "postgres") else "sqlite"


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """The settings from `env` (default: the process's environment); ConfigError with a sentence
    naming the variable when a value cannot be used."""
    values = os.environ if env is None else env
    given = {name: value for name, value in values.items() if value.strip()}
    try:
        return Settings.model_validate(given) if env is not None else Settings()
    except ValidationError as error:
        problems = []
        for problem in error.errors():
            if not problem["loc"]:  # a rule over several settings: its sentence says which
                problems.append(str(problem["ctx"]["error"]) if "ctx" in problem else problem["msg"])
                continue
            name = str(problem["loc"][0])
            problems.append(f"{name}={given.get(name, problem.get('input'))!r}: {problem['msg']}")
        raise ConfigError("; ".join(problems)) from None
