// The chat's state as the slices' tests start from it: a conversation open, two listed.
import { initialChatState } from '../state/chatReducer'

export const LISTED = [
  { id: 'a', title: 'New Conversation', message_count: 0 },
  { id: 'b', title: 'Other', message_count: 2 },
]

/** The whole state with conversation `id` open, showing `messages`; `reply`: the reply's fields. */
export function chatOpenAt(id, { messages = [], error = null, reply = {} } = {}) {
  return {
    ...initialChatState,
    conversations: { ...initialChatState.conversations, list: LISTED },
    conversation: { ...initialChatState.conversation, id, messages, error },
    reply: { ...initialChatState.reply, ...reply },
  }
}
