// The chat state and the named transitions between its states. Pure: no I/O here.

export const DEFAULT_TITLE = 'New Conversation'

export const initialState = {
  conversations: [], // newest activity first; pages after the first are added as the list scrolls
  hasMoreConversations: false,
  currentConversationId: null, // null: the start page, a box ready for a new conversation
  // Which draft the message box is showing: 'new' on the start page, else the conversation's id.
  // A conversation begun from the start page keeps 'new' until it is opened again, so the box is
  // not replaced (and what is typed not lost) while its first message is being sent.
  composerKey: 'new',
  // Settings chosen on the start page (model, system prompt…), given to the conversation it begins.
  newChatSettings: {},
  focusMessageId: null, // the message a search result opened the conversation at
  openSummary: null, // the open conversation's summary, also when its page of the list is not loaded
  pendingDeletions: [], // conversations deleted a moment ago, still to be had back with Undo
  messages: [],
  isLoading: false,
  isStreaming: false,
  // The reply in progress of the open conversation, flushed at most once per frame.
  streamingMessage: '',
  streamingReasoning: '',
  streamingModel: null,
  streamingMessageId: null, // the id the stored reply will have, so its DOM can stay in place
  streamingThoughtMs: null, // how long the model thought before the answer began
  // Whether the reply's model was loaded when the reply began ('not-loaded': LM Studio loads it
  // first, which can take minutes), and when the reply began (performance.now()).
  streamingModelState: null,
  streamingSince: null,
  error: null, // { message, code, canRetry }
  notice: null, // a passing remark, e.g. that a linked conversation no longer exists
  health: null, // { backend: bool, lmStudio: {...} | null, message? }
  catalog: null, // GET /api/models/catalog: every model, loaded or not (null until it answered)
  defaults: {}, // GET /api/settings: what new conversations start with
  presets: [], // named settings a conversation can take
}

const streamReset = {
  isStreaming: false,
  streamingMessage: '',
  streamingReasoning: '',
  streamingModel: null,
  streamingMessageId: null,
  streamingThoughtMs: null,
  streamingModelState: null,
  streamingSince: null,
}

function updateConversation(conversations, id, change) {
  return conversations.map((conversation) => (conversation.id === id ? { ...conversation, ...change(conversation) } : conversation))
}

function moveToTop(conversations, id) {
  const index = conversations.findIndex((conversation) => conversation.id === id)
  if (index <= 0) return conversations
  return [conversations[index], ...conversations.slice(0, index), ...conversations.slice(index + 1)]
}

/** Whether `a` comes after `b` in the list (older activity; ties broken by id, as the backend does). */
function isListedAfter(a, b) {
  const timeA = a.updated_at || a.created_at
  const timeB = b.updated_at || b.created_at
  return timeA === timeB ? a.id < b.id : timeA < timeB
}

function withoutPendingDeletions(state, conversations) {
  if (state.pendingDeletions.length === 0) return conversations
  const pending = new Set(state.pendingDeletions.map((c) => c.id))
  return conversations.filter((c) => !pending.has(c.id))
}

/**
 * A message sent from this page is shown before the backend has given it an id; it carries a
 * local `key` instead. Loading the stored path again hands that key to the same message (same
 * place, same role and text), so React keeps its element rather than replacing it: no second
 * fade-in, no lost focus or selection.
 */
function keepLocalKeys(shown, loaded) {
  if (!shown.some((message) => message.key)) return loaded
  return loaded.map((message, index) => {
    const before = shown[index]
    const same =
      before?.key &&
      (before.id ? before.id === message.id : before.role === message.role && before.content === message.content)
    return same ? { ...message, key: before.key } : message
  })
}

function withoutDuplicate(messages, message) {
  return message.id && messages.some((m) => m.id === message.id) ? messages : [...messages, message]
}

export function chatReducer(state, action) {
  // Stream events name their conversation; one that is no longer open must not leak into another.
  if (action.type.startsWith('stream/') && action.conversationId !== state.currentConversationId) {
    return state
  }
  switch (action.type) {
    case 'conversations/loaded': {
      // A fresh first page; what earlier pages brought from further down stays below it.
      const fresh = withoutPendingDeletions(state, action.conversations)
      const full = action.pageSize != null && action.conversations.length >= action.pageSize
      const ids = new Set(fresh.map((c) => c.id))
      const last = action.conversations[action.conversations.length - 1]
      const below = full ? state.conversations.filter((c) => !ids.has(c.id) && isListedAfter(c, last)) : []
      return {
        ...state,
        conversations: [...fresh, ...below],
        hasMoreConversations: full && (below.length > 0 ? state.hasMoreConversations : true),
      }
    }

    case 'conversations/more': {
      const ids = new Set(state.conversations.map((c) => c.id))
      return {
        ...state,
        conversations: [...state.conversations, ...withoutPendingDeletions(state, action.conversations).filter((c) => !ids.has(c.id))],
        hasMoreConversations: action.conversations.length >= action.pageSize,
      }
    }

    case 'conversation/summary': {
      // The latest summary of one conversation: moved to where its activity puts it in the list,
      // or left out when that is below the pages loaded so far (it appears with its page).
      const conversation = action.conversation
      if (state.pendingDeletions.some((c) => c.id === conversation.id)) return state
      const others = state.conversations.filter((c) => c.id !== conversation.id)
      const at = others.findIndex((c) => isListedAfter(c, conversation))
      const listed =
        at < 0 && state.hasMoreConversations
          ? others
          : [...others.slice(0, at < 0 ? others.length : at), conversation, ...others.slice(at < 0 ? others.length : at)]
      const openSummary = conversation.id === state.currentConversationId ? conversation : state.openSummary
      return { ...state, conversations: listed, openSummary }
    }

    case 'conversation/created':
      return {
        ...state,
        conversations: [action.conversation, ...state.conversations.filter((c) => c.id !== action.conversation.id)],
      }

    case 'conversation/begun':
      // The start page's first message created this conversation: it is open now, empty, with the
      // same message box (composerKey stays) still holding the message being sent.
      return {
        ...state,
        ...streamReset,
        conversations: [action.conversation, ...state.conversations.filter((c) => c.id !== action.conversation.id)],
        currentConversationId: action.conversation.id,
        openSummary: action.conversation,
        focusMessageId: null,
        messages: [],
        isLoading: false,
        newChatSettings: {},
        error: null,
        notice: null,
      }

    case 'newChat/settings':
      return { ...state, newChatSettings: { ...state.newChatSettings, ...action.changes } }

    case 'conversation/updated':
      return {
        ...state,
        conversations: updateConversation(state.conversations, action.conversation.id, () => action.conversation),
        openSummary:
          action.conversation.id === state.currentConversationId
            ? { ...state.openSummary, ...action.conversation }
            : state.openSummary,
      }

    case 'conversation/deleted':
      return {
        ...state,
        conversations: state.conversations.filter((c) => c.id !== action.id),
        pendingDeletions: state.pendingDeletions.filter((c) => c.id !== action.id),
      }

    case 'conversation/opened':
      return {
        ...state,
        ...streamReset,
        currentConversationId: action.id,
        composerKey: action.id ?? 'new',
        focusMessageId: action.messageId ?? null,
        openSummary: state.conversations.find((c) => c.id === action.id) ?? null,
        messages: [],
        isLoading: Boolean(action.id),
        error: null,
        notice: action.notice ?? null,
      }

    case 'messages/loaded':
      if (action.id !== state.currentConversationId) return state
      return { ...state, messages: keepLocalKeys(state.messages, action.messages), isLoading: false }

    case 'messages/failed':
      if (action.id !== state.currentConversationId) return state
      return { ...state, isLoading: false, error: { message: action.error, canRetry: false } }

    case 'messages/truncated':
      if (action.conversationId !== state.currentConversationId) return state
      return {
        ...state,
        messages: state.messages.slice(0, action.index),
        conversations: updateConversation(state.conversations, action.conversationId, () => ({
          message_count: action.index,
        })),
      }

    case 'message/sent': {
      // The backend accepted the message: it follows the first `keep` messages of the path (all
      // of them for a plain send; fewer for an edit, whose old branch stays in the backend).
      if (action.conversationId !== state.currentConversationId) return state
      const kept = state.messages.slice(0, action.keep ?? state.messages.length)
      const conversations = updateConversation(state.conversations, action.conversationId, () => ({
        message_count: kept.length + 1,
        is_generating: true,
      }))
      return {
        ...state,
        ...streamReset,
        isStreaming: true,
        messages: [...kept, action.message],
        conversations: moveToTop(conversations, action.conversationId),
        error: null,
        notice: null,
      }
    }

    case 'reply/regenerating':
      // A new reply to the message at `keep - 1`; the earlier replies stay in the backend as siblings.
      if (action.conversationId !== state.currentConversationId) return state
      return {
        ...state,
        ...streamReset,
        isStreaming: true,
        messages: state.messages.slice(0, action.keep),
        conversations: updateConversation(state.conversations, action.conversationId, () => ({ is_generating: true })),
        error: null,
        notice: null,
      }

    case 'conversation/deleting':
      // Hidden at once; really deleted when the undo window ends (a closed tab deletes nothing).
      return {
        ...state,
        conversations: state.conversations.filter((c) => c.id !== action.conversation.id),
        pendingDeletions: [...state.pendingDeletions.filter((c) => c.id !== action.conversation.id), action.conversation],
      }

    case 'conversation/restored':
      return {
        ...state,
        conversations: state.conversations.some((c) => c.id === action.conversation.id)
          ? state.conversations
          : [...state.conversations, action.conversation].sort((a, b) => (isListedAfter(a, b) ? 1 : -1)),
        pendingDeletions: state.pendingDeletions.filter((c) => c.id !== action.conversation.id),
      }

    case 'stream/opened':
      return { ...state, ...streamReset, isStreaming: true }

    case 'stream/started':
      return {
        ...state,
        streamingModel: action.model ?? null,
        streamingMessageId: action.messageId ?? null,
        streamingModelState: action.modelState ?? null,
        streamingSince: action.since ?? null,
      }

    case 'stream/delta':
      return {
        ...state,
        streamingMessage: action.content,
        streamingReasoning: action.reasoning,
        streamingThoughtMs: action.thoughtMs ?? null,
      }

    case 'stream/finished': {
      const messages = action.message ? withoutDuplicate(state.messages, action.message) : state.messages
      return {
        ...state,
        ...streamReset,
        messages,
        conversations: updateConversation(state.conversations, action.conversationId, () => ({
          message_count: messages.length,
          is_generating: false,
        })),
      }
    }

    case 'stream/failed': {
      const messages = action.message ? withoutDuplicate(state.messages, action.message) : state.messages
      return {
        ...state,
        ...streamReset,
        messages,
        error: { message: action.error, code: action.code ?? null, canRetry: true },
        conversations: updateConversation(state.conversations, action.conversationId, () => ({
          message_count: messages.length,
          is_generating: false,
        })),
      }
    }

    case 'stream/closed':
      return { ...state, ...streamReset }

    case 'error/raised':
      return { ...state, error: { message: action.message, code: action.code ?? null, canRetry: false } }

    case 'error/cleared':
      return { ...state, error: null, notice: null }

    case 'health/updated':
      return { ...state, health: action.health }

    case 'catalog/loaded':
      return { ...state, catalog: action.catalog }

    case 'defaults/loaded':
      return { ...state, defaults: action.defaults }

    case 'presets/loaded':
      return { ...state, presets: action.presets }

    default:
      throw new Error(`Unknown chat action: ${action.type}`)
  }
}
