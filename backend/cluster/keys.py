"""Every Redis key and channel the backends share, named in one place. All begin with
"client-chat:", so a Redis that other programs use too stays readable (`redis-cli --scan`)."""

from __future__ import annotations

PREFIX = "client-chat"
# Every reply in progress on any backend: members "<conversation id>|<lease token>".
RUNNING = f"{PREFIX}:replies"
# Pub/sub: Stop and tool decisions, for whichever backend runs the reply they name.
COMMANDS = f"{PREFIX}:commands"


def lease(conversation_id: str) -> str:
    """The conversation's lease: the token of the one reply it has in progress."""
    return f"{PREFIX}:conversation:{conversation_id}:reply"


def events(reply_id: str) -> str:
    """The stream of one reply's events."""
    return f"{PREFIX}:reply:{reply_id}:events"


def model_list(server_url: str) -> str:
    """One LM Studio server's list of models as a backend read it (JSON, expiring; model_lists.py)."""
    return f"{PREFIX}:models:{server_url}"


def sign_in_failures(counted: str) -> str:
    """Failed sign-ins for a name or an address within the minute (accounts/shared_failed_logins.py)."""
    return f"{PREFIX}:sign-in:failures:{counted}"


def sign_in_refused(counted: str) -> str:
    """A name or address refused for a minute."""
    return f"{PREFIX}:sign-in:refused:{counted}"


def token(backend_id: str, reply_id: str) -> str:
    """What a lease holds: which backend runs which reply."""
    return f"{backend_id}:{reply_id}"


def reply_of(lease_token: str) -> str:
    return lease_token.rpartition(":")[2]


def running_member(conversation_id: str, lease_token: str) -> str:
    return f"{conversation_id}|{lease_token}"


def parse_running(member: str) -> tuple[str, str]:
    """(conversation id, lease token) of a RUNNING member."""
    conversation_id, _, lease_token = member.partition("|")
    return conversation_id, lease_token
