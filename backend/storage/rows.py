"""Rows as records: one function per kind of row, used by every storage module that reads it."""

from __future__ import annotations

from storage.cursor import encode_cursor
from storage.records import SETTINGS_FIELDS, AttachmentRecord, ConversationRecord, MessageRecord, PresetRecord


def settings_of(row) -> dict:
    """The settings columns of a conversation or preset row."""
    return {name: getattr(row, name) for name in SETTINGS_FIELDS}


def conversation_record(row, *, snippet: str | None = None, match_message_id: str | None = None) -> ConversationRecord:
    return ConversationRecord(
        id=row.id,
        title=row.title,
        created_at=row.created_at,
        updated_at=row.updated_at,
        message_count=row.message_count,
        active_message_id=row.active_message_id,
        title_set_by_user=row.title_set_by_user,
        cursor=encode_cursor(row.updated_at, row.id, row.pinned),
        folder_id=row.folder_id,
        pinned=row.pinned,
        **settings_of(row),
        snippet=snippet,
        match_message_id=match_message_id,
    )


def message_record(row, sibling_ids=None, attachments=None) -> MessageRecord:
    return MessageRecord(
        id=row.id,
        conversation_id=row.conversation_id,
        parent_id=row.parent_id,
        role=row.role,
        content=row.content,
        timestamp=row.timestamp,
        depth=row.depth,
        reasoning=row.reasoning,
        model=row.model,
        status=row.status,
        error=row.error,
        stats=row.stats,
        finish_reason=row.finish_reason,
        trimmed_messages=row.trimmed_messages,
        reply_error=row.reply_error,
        steps=row.steps,
        sibling_ids=tuple(sibling_ids) if sibling_ids is not None else None,
        attachments=tuple(attachments) if attachments else None,
    )


def attachment_record(row) -> AttachmentRecord:
    return AttachmentRecord(
        id=row.id,
        name=row.name,
        kind=row.kind,
        media_type=row.media_type,
        size=row.size,
        width=row.width,
        height=row.height,
        chars=row.chars,
    )


def preset_record(row) -> PresetRecord:
    return PresetRecord(
        id=row.id,
        name=row.name,
        created_at=row.created_at,
        updated_at=row.updated_at,
        **settings_of(row),
    )
