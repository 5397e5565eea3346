// The open conversation: which one (null: the start page), its summary, its messages, and what
// went wrong in it. Named transitions only; no I/O here.
import { transitions } from '../transitions'
import { keepLocalKeys, keptMessages, withFailedQuestion, withReply } from './messages'

export const initialConversationState = {
  id: null, // null: the start page, a box ready for a new conversation
  // Which draft the message box is showing: 'new' on the start page, else the conversation's id.
  // A conversation begun from the start page keeps 'new' until it is opened again, so the box is
  // not replaced (and what is typed not lost) while its first message is being sent.
  composerKey: 'new',
  focusMessageId: null, // the message a search result opened the conversation at
  summary: null, // the open conversation's summary, also when its page of the list is not loaded
  messages: [], // the active path
  isLoading: false,
  error: null, // { message, code, canRetry }
  notice: null, // a passing remark, e.g. that a linked conversation no longer exists
}

const isPendingDeletion = (chat, id) => chat.conversations.pendingDeletions.some((c) => c.id === id)

export const conversationReducer = transitions({
  'conversation/opened': (state, action, chat) => ({
    ...state,
    id: action.id,
    composerKey: action.id ?? 'new',
    focusMessageId: action.messageId ?? null,
    summary: chat.conversations.list.find((c) => c.id === action.id) ?? null,
    messages: [],
    isLoading: Boolean(action.id),
    error: null,
    notice: action.notice ?? null,
  }),

  // The start page's first message created this conversation: it is open now, empty, with the
  // same message box (composerKey stays) still holding the message being sent.
  'conversation/begun': (state, action) => ({
    ...state,
    id: action.conversation.id,
    summary: action.conversation,
    focusMessageId: null,
    messages: [],
    isLoading: false,
    error: null,
    notice: null,
  }),

  // The conversation begun by the start page's first message is taken back (that message was
  // refused): the start page again, with the same message box (composerKey stays).
  'conversation/withdrawn': (state, action) =>
    action.id === state.id
      ? { ...state, id: null, summary: null, focusMessageId: null, messages: [], isLoading: false, error: null }
      : state,

  // The latest summary of a conversation (unless it is being deleted).
  'conversation/summary': (state, action, chat) =>
    action.conversation.id === state.id && !isPendingDeletion(chat, state.id) ? { ...state, summary: action.conversation } : state,

  'conversation/updated': (state, action) =>
    action.conversation.id === state.id ? { ...state, summary: { ...state.summary, ...action.conversation } } : state,

  'messages/loaded': (state, action) =>
    action.id === state.id ? { ...state, messages: keepLocalKeys(state.messages, action.messages), isLoading: false } : state,

  'messages/failed': (state, action) =>
    action.id === state.id ? { ...state, isLoading: false, error: { message: action.error, canRetry: false } } : state,

  // The backend accepted a message: it follows the first `keep` messages of the path (all of them
  // for a plain send; fewer for an edit, whose old branch stays in the backend).
  'message/sent': (state, action) => ({
    ...state,
    messages: [...keptMessages(state.messages, action.keep), action.message],
    error: null,
    notice: null,
  }),

  // A new reply to the message at `keep - 1` (its earlier failure, if any, is over); the earlier
  // replies stay in the backend as siblings.
  'reply/regenerating': (state, action) => ({
    ...state,
    messages: withFailedQuestion(state.messages.slice(0, action.keep), null),
    error: null,
    notice: null,
  }),

  'reply/finished': (state, action) => ({ ...state, messages: withReply(state.messages, action.message) }),

  // A reply that wrote nothing failed for its question, which keeps why (`failure`, as the backend
  // keeps it in reply_error); one that wrote something is stored with its part, the error below it.
  'reply/failed': (state, action) =>
    action.failure
      ? { ...state, messages: withFailedQuestion(state.messages, action.failure) }
      : {
          ...state,
          messages: withReply(state.messages, action.message),
          error: { message: action.error, code: action.code ?? null, canRetry: true },
        },

  'error/raised': (state, action) => ({ ...state, error: { message: action.message, code: action.code ?? null, canRetry: false } }),

  'error/cleared': (state) => ({ ...state, error: null, notice: null }),
})
