"""The API's shapes: the original API's models (README), plus optional fields our richer client uses.

Storage gives back records with the same field names (storage/records.py); a route turns one into
its shape with `Shape.model_validate(record, from_attributes=True)`.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from storage.titles import DEFAULT_TITLE, MAX_TITLE_CHARS

MAX_SYSTEM_PROMPT_CHARS = 50_000
MAX_MODEL_ID_CHARS = 300
MAX_SEARCH_CHARS = 200
# LM Studio accepts 0–2 like OpenAI; max_tokens must be positive when given.
MIN_TEMPERATURE, MAX_TEMPERATURE = 0.0, 2.0
MAX_MAX_TOKENS = 1_048_576
# A hard cap on attachment ids per request; CHAT_MAX_ATTACHMENTS (checked in the route) is lower.
MAX_ATTACHMENT_IDS = 100

MessageStatus = Literal["complete", "stopped", "interrupted", "streaming"]


def _valid_unicode(text: str) -> str:
    # JSON can carry lone surrogates ("\ud800") that no UTF-8 encoder (SQLite,
    # LM Studio) accepts, and NUL characters that C strings cut short; reject both
    # here instead of failing deep inside.
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("Text contains invalid Unicode (a lone surrogate escape)") from None
    if "\x00" in text:
        raise ValueError("Text must not contain NUL characters")
    return text


def is_id(text: str) -> bool:
    """Conversation and message ids are uuids: anything else names nothing we stored."""
    try:
        return str(uuid.UUID(text)) == text
    except ValueError:
        return False


def _not_blank(text: str) -> str:
    if not text.strip():
        raise ValueError("Must not be empty or only whitespace")
    return text


ValidUnicode = AfterValidator(_valid_unicode)
NotBlank = AfterValidator(_not_blank)
NonBlankText = Annotated[str, ValidUnicode, NotBlank]
# Length limits come first, so their message ("at most N characters") is the one users see.
Title = Annotated[str, Field(max_length=MAX_TITLE_CHARS), ValidUnicode, NotBlank]
ModelId = Annotated[str, Field(max_length=MAX_MODEL_ID_CHARS), ValidUnicode, NotBlank]
# An LM Studio server as the catalog names it (one of LM_STUDIO_URL's), trailing slash or not.
ServerUrl = Annotated[str, Field(max_length=2000), ValidUnicode, NotBlank]
SystemPrompt = Annotated[str, Field(max_length=MAX_SYSTEM_PROMPT_CHARS), ValidUnicode]
SearchText = Annotated[str, Field(max_length=MAX_SEARCH_CHARS), ValidUnicode]
Temperature = Annotated[float, Field(ge=MIN_TEMPERATURE, le=MAX_TEMPERATURE, allow_inf_nan=False)]
MaxTokens = Annotated[int, Field(ge=1, le=MAX_MAX_TOKENS)]
# Sampling as LM Studio takes it (its /v1/chat/completions: top_p, top_k, min_p, repeat_penalty,
# stop). Probabilities are 0–1; top_k counts tokens (0 turns it off in llama.cpp's sampler, so it
# starts at 1 here: leave it unset instead); repeat_penalty 1 is neutral and LM Studio's own
# settings allow up to 2; stop takes up to 4 strings, as OpenAI's API does.
MAX_TOP_K = 1000
MAX_REPEAT_PENALTY = 2.0
MAX_STOP_STRINGS, MAX_STOP_CHARS = 4, 100
Probability = Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)]
TopK = Annotated[int, Field(ge=1, le=MAX_TOP_K)]
RepeatPenalty = Annotated[float, Field(gt=0.0, le=MAX_REPEAT_PENALTY, allow_inf_nan=False)]
StopString = Annotated[str, Field(min_length=1, max_length=MAX_STOP_CHARS), ValidUnicode]
StopStrings = Annotated[list[StopString], Field(max_length=MAX_STOP_STRINGS)]
# What a reply does when the conversation no longer fits the model's context window: fail and
# say what to do ("error"), or leave out the middle of the history ("truncate_middle").
ContextOverflow = Literal["error", "truncate_middle"]
# How long LM Studio keeps a model it loaded on demand once idle (its `ttl`, in seconds). Under a
# minute a model would be unloaded between two turns of a conversation.
MIN_TTL_S, MAX_TTL_S = 60, 30 * 24 * 3600
TtlSeconds = Annotated[int, Field(ge=MIN_TTL_S, le=MAX_TTL_S)]
PresetName = Annotated[str, Field(max_length=MAX_TITLE_CHARS), ValidUnicode, NotBlank]
# The tool (MCP) servers a reply may use, by id: null means every enabled server, [] none.
MAX_TOOL_SERVERS, MAX_TOOL_SERVER_ID_CHARS = 100, 100
ToolServerId = Annotated[str, Field(max_length=MAX_TOOL_SERVER_ID_CHARS), ValidUnicode, NotBlank]
ToolServerIds = Annotated[list[ToolServerId], Field(max_length=MAX_TOOL_SERVERS)]


class StrictInput(BaseModel):
    """Request bodies: unknown fields are a typo the user should hear about."""

    model_config = ConfigDict(extra="forbid")


class ReplyStats(BaseModel):
    ttft_ms: float | None = None
    tokens_per_second: float | None = None
    completion_tokens: int | None = None
    # How long the model thought before answering (reasoning models), for "Thought for N s".
    reasoning_ms: float | None = None
    # The context the reply used: the prompt's tokens as LM Studio counted them, the
    # characters that prompt had (tokens per character, for estimates), and the model's window.
    prompt_tokens: int | None = None
    prompt_chars: int | None = None
    context_length: int | None = None
    # Where prompt_tokens and prompt_chars are left out because they count another prompt than
    # this conversation's history (a summary's, the replies of a copy), the tokens per character
    # they measured, which still hold for its text: estimates use it rather than a guess.
    tokens_per_char: float | None = None


class AttachmentInfo(BaseModel):
    """A file attached to a message: what it is; GET /api/attachments/{id} serves it."""

    id: str
    name: str
    kind: Literal["image", "document"]
    media_type: str
    size: int
    width: int | None = None
    height: int | None = None
    chars: int | None = None  # a document's text, in characters


class ReplyError(BaseModel):
    """Why the latest reply to a user message failed before writing anything, and when."""

    error: str
    code: str
    at: datetime
    # What the page acts on, as the error event gave it: a model that can see images (to switch to),
    # a context overflow's sizes.
    vision_model: str | None = None
    context_length: int | None = None
    prompt_tokens: int | None = None


class TextStep(BaseModel):
    """Text the model wrote between tool calls."""

    type: Literal["text"] = "text"
    text: str


class ToolCallStep(BaseModel):
    """A tool the model called, and how that went: `arguments` is the JSON text the model wrote
    (kept as written, even when it does not parse); `result` is what the model was told."""

    type: Literal["tool_call"] = "tool_call"
    id: str
    name: str
    server: str | None = None
    arguments: str
    status: Literal["done", "error", "denied", "stopped"]
    result: str | None = None
    duration_ms: float | None = None


ReplyStep = Annotated[TextStep | ToolCallStep, Field(discriminator="type")]


class Message(BaseModel):
    role: str
    content: str
    timestamp: datetime | None = None
    # Additive fields; a client of the original API reads only the three above.
    id: str | None = None
    reasoning: str | None = None
    model: str | None = None
    status: MessageStatus | None = None
    error: str | None = None
    stats: ReplyStats | None = None
    # The tree: what this message follows, and every message with the same parent (oldest
    # first, itself included): "‹ 2/3 ›".
    parent_id: str | None = None
    sibling_ids: list[str] | None = None
    # Why the model stopped ("stop"; "length": cut at max tokens), as LM Studio said.
    finish_reason: str | None = None
    # How many earlier messages were left out of the history this reply was written from, to fit
    # the model's context window (context_overflow "truncate_middle"); null when none were.
    trimmed_messages: int | None = None
    # The files sent with a user message, in order (null: none).
    attachments: list[AttachmentInfo] | None = None
    # On a user message whose latest reply failed before writing anything (null once a reply
    # under it is stored): the page shows it with Retry, which regenerates under this message.
    reply_error: ReplyError | None = None
    # A reply that called tools: its text and its calls in order (null for a reply without calls;
    # `content` is still the whole text the model wrote).
    steps: list[ReplyStep] | None = None


class ReplyOptionsInput(StrictInput):
    """Per-request choices for a reply; the conversation's settings fill in the rest."""

    model: ModelId | None = None
    temperature: Temperature | None = None
    max_tokens: MaxTokens | None = None
    top_p: Probability | None = None
    top_k: TopK | None = None
    min_p: Probability | None = None
    repeat_penalty: RepeatPenalty | None = None
    stop: StopStrings | None = None
    ttl_s: TtlSeconds | None = None
    mcp_servers: ToolServerIds | None = None


class ChatRequest(ReplyOptionsInput):
    conversation_id: str
    # Files uploaded with POST /api/attachments, in order (at most CHAT_MAX_ATTACHMENTS). Before
    # `message`, which may be blank only when there are files (a picture needs no words).
    attachments: Annotated[list[str], Field(max_length=MAX_ATTACHMENT_IDS)] | None = None
    # The configured maximum length is checked in the route (it is a setting, not a constant).
    message: Annotated[str, ValidUnicode]
    # The message the new one follows. Left out: the active leaf (the original behaviour); null: a
    # new first message. Under the parent of an existing message it is an edit, a new branch.
    parent_id: str | None = None

    @field_validator("message")
    @classmethod
    def _words_or_files(cls, message: str, info: ValidationInfo) -> str:
        return message if info.data.get("attachments") else _not_blank(message)


class RegenerateRequest(ReplyOptionsInput):
    """POST …/messages/{id}/regenerate: a new reply; the earlier ones stay as its siblings."""


class MessageChoice(StrictInput):
    """PUT …/active and POST …/fork: the message to show, or to branch from."""

    message_id: str


class ConversationSettings(BaseModel):
    """What shapes a conversation's replies; null leaves it to LM Studio (or to the default)."""

    system_prompt: str | None = None
    model: str | None = None
    temperature: float | None = None
    max_tokens: int | None = None
    top_p: float | None = None
    top_k: int | None = None
    min_p: float | None = None
    repeat_penalty: float | None = None
    stop: list[str] | None = None
    context_overflow: ContextOverflow | None = None
    ttl_s: int | None = None
    # The tool servers replies may use, by id: null every enabled server, [] none.
    mcp_servers: list[str] | None = None


class SettingsInput(ReplyOptionsInput):
    """The settings as a request sets them (PATCH conversation, PUT /api/settings, presets): a
    reply's choices, plus what only a conversation has."""

    system_prompt: SystemPrompt | None = None
    context_overflow: ContextOverflow | None = None


class Conversation(ConversationSettings):
    id: str
    title: str
    created_at: datetime
    messages: list[Message]
    updated_at: datetime | None = None
    active_message_id: str | None = None
    title_set_by_user: bool = False
    folder_id: str | None = None
    pinned: bool = False


class ConversationCreate(StrictInput):
    title: Title | None = DEFAULT_TITLE


class ConversationUpdate(SettingsInput):
    """PATCH body: a field left out is unchanged; null clears a setting. `preset_id` copies a
    preset's settings into the conversation (fields also given here win over the preset's).
    `folder_id` moves it into a folder (null: out of any); `pinned` lists it first."""

    title: Title | None = None
    preset_id: str | None = None
    folder_id: Annotated[str, Field(max_length=100)] | None = None
    pinned: bool | None = None

    @model_validator(mode="after")
    def _pinned_is_true_or_false(self):
        if "pinned" in self.model_fields_set and self.pinned is None:
            raise ValueError("pinned must be true or false")
        return self


class ConversationResponse(ConversationSettings):
    id: str
    title: str
    created_at: datetime
    message_count: int
    updated_at: datetime | None = None
    is_generating: bool = False
    active_message_id: str | None = None
    # A title the user chose; the first message never replaces it.
    title_set_by_user: bool = False
    # Pass as `before` to get the conversations after this one (GET /api/conversations?limit=…).
    cursor: str | None = None
    # The folder it is in (GET /api/folders), and whether it is pinned (listed first).
    folder_id: str | None = None
    pinned: bool = False
    # Search results (GET /api/conversations?q=…): the newest matching message and a piece of it.
    snippet: str | None = None
    match_message_id: str | None = None


class PresetCreate(SettingsInput):
    name: PresetName


class PresetUpdate(SettingsInput):
    name: PresetName | None = None


class Preset(ConversationSettings):
    """A named set of settings a conversation can take (PATCH conversation {preset_id})."""

    id: str
    name: str
    created_at: datetime
    updated_at: datetime


class ContinueRequest(StrictInput):
    """POST …/continue: a new conversation to go on from one that no longer fits the context,
    either from its newest messages or from a summary the model writes of it."""

    start_from: Literal["last_messages", "summary"]


class ToolCallDecision(StrictInput):
    """POST …/tool-calls/{call_id}: run the call the reply waits on, or not; `remember` makes it
    that tool's rule from now on (always run it, or never)."""

    decision: Literal["allow", "deny"]
    remember: bool = False


class ToolCallDecided(BaseModel):
    id: str
    decision: Literal["allow", "deny"]
    remember: bool


class StopResponse(BaseModel):
    status: Literal["stopped", "not_generating"]
    message: Message | None = None


class TruncateResponse(BaseModel):
    status: Literal["truncated"] = "truncated"
    removed: int
    message_count: int


class ModelInstance(BaseModel):
    """One loaded copy of a model (LM Studio can load a model more than once, each with its id)."""

    id: str
    context_length: int | None = None  # as really loaded: LM Studio may load less than was asked


class ModelInfo(BaseModel):
    """One model LM Studio has (GET /api/models/catalog), from its native API where it answers."""

    id: str
    type: Literal["llm", "vlm", "embeddings", "unknown"] = "unknown"
    state: Literal["loaded", "not-loaded", "unknown"] = "unknown"
    vision: bool | None = None
    context_length: int | None = None  # as loaded
    max_context_length: int | None = None
    quantization: str | None = None
    arch: str | None = None
    # From LM Studio 0.4's /api/v1/models (null where the server does not say).
    display_name: str | None = None
    size_bytes: int | None = None
    params: str | None = None  # as LM Studio writes it: "7B", "26B-A4B"
    tools: bool | None = None  # trained for tool use
    instances: list[ModelInstance] = []
    # The LM Studio server a reply with this model goes to (LM_STUDIO_URL may list several): where
    # it is loaded, fewest replies running first; and every server that lists it.
    server: str | None = None
    servers: list[str] = []


# The smallest window a model is loaded with from here, and the largest any model has today (LM
# Studio checks the model's own maximum, which the route says by name).
MIN_LOAD_CONTEXT, MAX_LOAD_CONTEXT = 512, 10_000_000


class ModelLoadRequest(StrictInput):
    """POST /api/models/load: the model, and the context window to load it with (LM Studio's
    default when left out)."""

    model: ModelId
    context_length: Annotated[int, Field(ge=MIN_LOAD_CONTEXT, le=MAX_LOAD_CONTEXT)] | None = None
    # Which LM Studio server loads it (a URL the catalog names); else one that lists the model,
    # with the fewest instances of it loaded.
    server: ServerUrl | None = None


class ModelLoaded(BaseModel):
    model: str
    instance_id: str
    context_length: int | None  # as LM Studio really loaded it (it may load less than asked)
    load_time_s: float | None


class ModelUnloadRequest(StrictInput):
    """POST /api/models/unload: one loaded instance, or every instance of a model."""

    instance_id: Annotated[str, Field(max_length=MAX_MODEL_ID_CHARS), ValidUnicode, NotBlank] | None = None
    model: ModelId | None = None
    # Only that LM Studio server's (a URL the catalog names); else the first server that has
    # the instance, or every server that has the model loaded.
    server: ServerUrl | None = None

    @model_validator(mode="after")
    def _one_of_them(self) -> ModelUnloadRequest:
        if (self.instance_id is None) == (self.model is None):
            raise ValueError("give either instance_id (one loaded instance) or model (all its instances)")
        return self


class ModelUnloaded(BaseModel):
    unloaded: list[str]  # the instance ids ejected


class LMStudioServerHealth(BaseModel):
    """One of the LM Studio servers LM_STUDIO_URL lists."""

    url: str
    reachable: bool
    error: str | None = None
    code: str | None = None
    models: int = 0  # how many models it lists
    running: int = 0  # replies streaming from it now


class LMStudioHealth(BaseModel):
    # Whether any server answers; `url` is the LM_STUDIO_URL setting, and `servers` each server.
    reachable: bool
    url: str
    models: list[str] = []
    # The model a reply gets when neither it nor its conversation names one (LM_STUDIO_MODEL,
    # else a loaded chat model, else the first listed): what "Default model" means right now.
    default_model: str | None = None
    error: str | None = None
    code: str | None = None
    # "required" when LM Studio's server asks for an API token we do not have (code lm_studio_auth).
    auth: Literal["required"] | None = None
    # Which native API the server has: "v1" (LM Studio 0.4+: models can be loaded and ejected from
    # here), "v0" (LM Studio 0.3), or null (another OpenAI-compatible server, or not known).
    native_api: Literal["v1", "v0"] | None = None
    # Why models cannot be loaded or ejected from here (not LM Studio 0.4's API), as the sentence
    # POST /api/models/load answers with its 501; null where they can, or while not known.
    cannot_load_models: str | None = None
    servers: list[LMStudioServerHealth] = []


class ClusterHealth(BaseModel):
    """With several backends (CHAT_REDIS_URL): this one, and the Redis they share."""

    backend: str  # this backend's name among them (host-pid-random)
    redis: Literal["connected", "unreachable"]
    error: str | None = None
    replies_in_progress: int | None = None  # on every backend, as last looked


class McpHealth(BaseModel):
    """MCP servers at a glance; the list itself is GET /api/mcp/servers."""

    # Why the mcp.json file CHAT_MCP_CONFIG names (or part of it) could not be used, naming the
    # file (and line, for broken JSON); null when it could, or when there is none.
    config_error: str | None = None
    servers: int = 0
    connected: int = 0


class HealthResponse(BaseModel):
    status: Literal["ok"] = "ok"
    storage: Literal["memory", "sqlite", "postgresql"]
    lm_studio: LMStudioHealth
    mcp: McpHealth | None = None
    # The longest message the backend accepts (CHAT_MAX_MESSAGE_CHARS), for the page's counter.
    max_message_chars: int | None = None
    # Attachments: the largest upload and the most files per message, so the page can say so first.
    max_upload_bytes: int | None = None
    max_attachments: int | None = None
    # Whether accounts are on (CHAT_AUTH): on, the page signs in before anything else.
    auth: Literal["on", "off"] | None = None
    # Several backends (CHAT_REDIS_URL); null for a backend on its own.
    cluster: ClusterHealth | None = None


# ---- MCP servers (GET/POST /api/mcp/servers, PATCH/DELETE /api/mcp/servers/{id}) -------------

MAX_MCP_NAME_CHARS = 100
MAX_COMMAND_CHARS = 4096
MAX_ARGS, MAX_ARG_CHARS = 200, 10_000
MAX_ENV_ENTRIES, MAX_ENV_VALUE_CHARS = 200, 10_000
MAX_URL_CHARS = 2000
MAX_HEADERS, MAX_HEADER_VALUE_CHARS = 50, 8000
MAX_TOOL_NAME_CHARS = 500
ENV_NAME = r"^[A-Za-z_][A-Za-z0-9_]*$"
HEADER_NAME = r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$"  # an HTTP token (RFC 9110)

ToolApproval = Literal["ask", "always", "never"]
McpServerName = Annotated[str, Field(min_length=1, max_length=MAX_MCP_NAME_CHARS), ValidUnicode, NotBlank]
Command = Annotated[str, Field(min_length=1, max_length=MAX_COMMAND_CHARS), ValidUnicode, NotBlank]
Argument = Annotated[str, Field(max_length=MAX_ARG_CHARS), ValidUnicode]
EnvName = Annotated[str, Field(max_length=200, pattern=ENV_NAME)]
EnvValue = Annotated[str, Field(max_length=MAX_ENV_VALUE_CHARS), ValidUnicode]
HeaderName = Annotated[str, Field(max_length=200, pattern=HEADER_NAME)]
ToolName = Annotated[str, Field(min_length=1, max_length=MAX_TOOL_NAME_CHARS), ValidUnicode]


def _header_value(value: str) -> str:
    if any(character in value for character in "\r\n\x00"):
        raise ValueError("A header value must be one line (no CR, LF or NUL)")
    if value != value.strip(" \t"):
        # HTTP clients refuse such a value on every request (RFC 9110); said now, not as a failure later.
        raise ValueError("A header value must not begin or end with a space or tab (left over from pasting?)")
    return value


def _http_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or any(c.isspace() for c in url):
        raise ValueError("Must be an http:// or https:// URL with a host, e.g. http://127.0.0.1:8000/mcp")
    return url


HeaderValue = Annotated[str, Field(max_length=MAX_HEADER_VALUE_CHARS), ValidUnicode, AfterValidator(_header_value)]
McpUrl = Annotated[str, Field(max_length=MAX_URL_CHARS), ValidUnicode, AfterValidator(_http_url)]


class McpServerCreate(StrictInput):
    """POST /api/mcp/servers: a program to run (command, args, env: stdio) or a Streamable HTTP
    endpoint (url, headers). Running a command runs it on the backend's machine."""

    name: McpServerName
    command: Command | None = None
    args: Annotated[list[Argument], Field(max_length=MAX_ARGS)] = []
    env: Annotated[dict[EnvName, EnvValue], Field(max_length=MAX_ENV_ENTRIES)] = {}
    url: McpUrl | None = None
    headers: Annotated[dict[HeaderName, HeaderValue], Field(max_length=MAX_HEADERS)] = {}
    enabled: bool = True

    @model_validator(mode="after")
    def _one_way_to_reach_it(self) -> McpServerCreate:
        if (self.command is None) == (self.url is None):
            raise ValueError("give either command (a program to run over stdio) or url (a Streamable HTTP endpoint)")
        if self.url is not None and (self.args or self.env):
            raise ValueError("args and env go with command; a server reached by url takes headers")
        if self.command is not None and self.headers:
            raise ValueError("headers go with url; a server run by command takes args and env")
        return self


class McpToolChange(StrictInput):
    approval: ToolApproval


class McpServerUpdate(StrictInput):
    """PATCH /api/mcp/servers/{id}: switch it on (a failed server is retried) or off, and set its
    tools' approvals by the tools' own names."""

    enabled: bool | None = None
    tools: Annotated[dict[ToolName, McpToolChange], Field(max_length=1000)] | None = None


class McpTool(BaseModel):
    name: str  # the tool's own name on its server
    model_name: str  # what the model calls it: unique across servers
    description: str
    input_schema: dict
    approval: ToolApproval


class McpServer(BaseModel):
    """A server as GET /api/mcp/servers lists it: never the values of its env or headers."""

    id: str
    name: str
    transport: Literal["stdio", "http"]
    command: str | None = None
    args: list[str] | None = None
    env_names: list[str] | None = None
    url: str | None = None
    header_names: list[str] | None = None
    source: Literal["file", "api"]
    enabled: bool
    status: Literal["starting", "connected", "failed", "disabled"]
    error: str | None = None
    tools: list[McpTool] = []


class ImportedConversationInfo(BaseModel):
    id: str
    title: str
    source: Literal["chatgpt", "open-webui", "librechat", "client-chat"]


class ImportResult(BaseModel):
    """What POST /api/import did: conversations added, those already here (skipped), and a
    sentence for everything left out and why."""

    imported: int
    skipped: int
    conversations: list[ImportedConversationInfo]
    warnings: list[str]


FolderName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100), ValidUnicode]
FolderPosition = Annotated[int, Field(ge=0, le=100_000)]


class FolderCreate(StrictInput):
    name: FolderName
    position: FolderPosition | None = None  # left out: after the others


class FolderUpdate(StrictInput):
    name: FolderName | None = None
    position: FolderPosition | None = None


class Folder(BaseModel):
    id: str
    name: str
    position: int


# ---- Accounts (CHAT_AUTH=on): /api/auth/… -------------------------------------------------------

MIN_PASSWORD_CHARS, MAX_PASSWORD_CHARS = 8, 1024
# Letters, digits and . _ - @ in any script; what people call each other, and safe in a shell.
USERNAME_PATTERN = r"^[\w.@-]+$"
Username = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=64, pattern=USERNAME_PATTERN),
    ValidUnicode,
]
# A password is taken as typed (spaces count); its length is checked where it is set.
GivenPassword = Annotated[str, Field(min_length=1, max_length=MAX_PASSWORD_CHARS)]
NewPassword = Annotated[str, Field(min_length=MIN_PASSWORD_CHARS, max_length=MAX_PASSWORD_CHARS), ValidUnicode]
TokenName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100), ValidUnicode]


class LoginRequest(StrictInput):
    # Any text up to the limits: a name that cannot exist is answered like a wrong password.
    username: Annotated[str, Field(min_length=1, max_length=200)]
    password: GivenPassword


class SignedInUser(BaseModel):
    username: str
    is_admin: bool


class CurrentUser(BaseModel):
    """GET /api/auth/me: who is signed in; with accounts off, the person at this machine."""

    username: str | None
    is_admin: bool
    auth: Literal["on", "off"]


class PasswordChange(StrictInput):
    current_password: GivenPassword
    new_password: NewPassword


class TokenCreate(StrictInput):
    name: TokenName


class ApiToken(BaseModel):
    id: str
    name: str
    created_at: datetime
    last_used_at: datetime | None


class NewApiToken(ApiToken):
    token: str  # shown once: only its digest is kept


class UserCreate(StrictInput):
    username: Username
    password: NewPassword
    is_admin: bool = False


class User(BaseModel):
    id: str
    username: str
    is_admin: bool
    created_at: datetime
