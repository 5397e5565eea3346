"""Storage's records as the API's shapes (models.py), which carry the same field names."""

from __future__ import annotations

from models import ConversationResponse, Message, Preset
from replies import ReplyEngine
from storage import ConversationRecord, MessageRecord, PresetRecord


def conversation_shape(record: ConversationRecord, engine: ReplyEngine) -> ConversationResponse:
    shape = ConversationResponse.model_validate(record, from_attributes=True)
    shape.is_generating = engine.registry.is_replying(record.id)
    return shape


def message_shape(record: MessageRecord) -> Message:
    return Message.model_validate(record, from_attributes=True)


def messages_shape(records: list[MessageRecord]) -> list[Message]:
    return [message_shape(record) for record in records]


def preset_shape(record: PresetRecord) -> Preset:
    return Preset.model_validate(record, from_attributes=True)
