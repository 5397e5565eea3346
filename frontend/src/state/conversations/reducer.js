// The conversation list: the pages loaded so far, and the conversations deleted a moment ago that
// Undo can still bring back. Named transitions only; no I/O here.
import { keptMessages, withReply } from '../conversation/messages'
import { transitions } from '../transitions'
import { changed, isListedAfter, moveToTop, placed, withFirst } from './list'

export const initialConversationsState = {
  list: [], // newest activity first; pages after the first are added as the list scrolls
  hasMore: false,
  pendingDeletions: [], // deleted a moment ago, still to be had back with Undo
}

function withoutPendingDeletions(state, conversations) {
  if (state.pendingDeletions.length === 0) return conversations
  const pending = new Set(state.pendingDeletions.map((c) => c.id))
  return conversations.filter((c) => !pending.has(c.id))
}

const isPendingDeletion = (state, id) => state.pendingDeletions.some((c) => c.id === id)

export const conversationsReducer = transitions({
  // A fresh first page; what earlier pages brought from further down stays below it.
  'conversations/loaded': (state, action) => {
    const fresh = withoutPendingDeletions(state, action.conversations)
    const full = action.pageSize != null && action.conversations.length >= action.pageSize
    const ids = new Set(fresh.map((c) => c.id))
    const last = action.conversations[action.conversations.length - 1]
    const below = full ? state.list.filter((c) => !ids.has(c.id) && isListedAfter(c, last)) : []
    return { ...state, list: [...fresh, ...below], hasMore: full && (below.length > 0 ? state.hasMore : true) }
  },

  'conversations/more': (state, action) => {
    const ids = new Set(state.list.map((c) => c.id))
    const added = withoutPendingDeletions(state, action.conversations).filter((c) => !ids.has(c.id))
    return { ...state, list: [...state.list, ...added], hasMore: action.conversations.length >= action.pageSize }
  },

  // The latest summary of one conversation, moved to where its activity puts it.
  'conversation/summary': (state, action) =>
    isPendingDeletion(state, action.conversation.id) ? state : { ...state, list: placed(state.list, action.conversation, state.hasMore) },

  'conversation/created': (state, action) => ({ ...state, list: withFirst(state.list, action.conversation) }),

  'conversation/begun': (state, action) => ({ ...state, list: withFirst(state.list, action.conversation) }),

  'conversation/withdrawn': (state, action) => ({ ...state, list: state.list.filter((c) => c.id !== action.id) }),
  'conversation/updated': (state, action) => ({ ...state, list: changed(state.list, action.conversation.id, action.conversation) }),

  // A deleted folder's conversations stay, in no folder.
  'folder/deleted': (state, { folderId }) => ({
    ...state,
    list: state.list.map((c) => (c.folder_id === folderId ? { ...c, folder_id: null } : c)),
  }),

  // Hidden at once; really deleted when the undo window ends (a closed tab deletes nothing).
  'conversation/deleting': (state, action) => ({
    ...state,
    list: state.list.filter((c) => c.id !== action.conversation.id),
    pendingDeletions: [...state.pendingDeletions.filter((c) => c.id !== action.conversation.id), action.conversation],
  }),

  'conversation/restored': (state, action) => ({
    ...state,
    list: state.list.some((c) => c.id === action.conversation.id)
      ? state.list
      : [...state.list, action.conversation].sort((a, b) => (isListedAfter(a, b) ? 1 : -1)),
    pendingDeletions: state.pendingDeletions.filter((c) => c.id !== action.conversation.id),
  }),

  'conversation/deleted': (state, action) => ({
    ...state,
    list: state.list.filter((c) => c.id !== action.id),
    pendingDeletions: state.pendingDeletions.filter((c) => c.id !== action.id),
  }),

  // The open conversation's count is that of the messages it now shows.
  'message/sent': (state, { conversationId, keep }, chat) => {
    const count = keptMessages(chat.conversation.messages, keep).length + 1
    const list = changed(state.list, conversationId, { message_count: count, is_generating: true })
    return { ...state, list: moveToTop(list, conversationId) }
  },

  'reply/regenerating': (state, { conversationId }) => ({ ...state, list: changed(state.list, conversationId, { is_generating: true }) }),

  'reply/finished': (state, action, chat) => replyEnded(state, action, chat),

  'reply/failed': (state, action, chat) => replyEnded(state, action, chat),
})

function replyEnded(state, { conversationId, message }, chat) {
  const count = withReply(chat.conversation.messages, message).length
  return { ...state, list: changed(state.list, conversationId, { message_count: count, is_generating: false }) }
}
