// The chat state and the named transitions between its states. Pure: no I/O here.

export const DEFAULT_TITLE = 'New Conversation'
const TITLE_CHARS = 50

export const initialState = {
  conversations: [],
  currentConversationId: null,
  messages: [],
  isLoading: false,
  isStreaming: false,
  // The reply in progress of the open conversation, flushed at most once per frame.
  streamingMessage: '',
  streamingReasoning: '',
  streamingModel: null,
  streamingMessageId: null, // the id the stored reply will have, so its DOM can stay in place
  streamingThoughtMs: null, // how long the model thought before the answer began
  error: null, // { message, code, canRetry }
  notice: null, // a passing remark, e.g. that a linked conversation no longer exists
  health: null, // { backend: bool, lmStudio: {...} | null, message? }
}

const streamReset = {
  isStreaming: false,
  streamingMessage: '',
  streamingReasoning: '',
  streamingModel: null,
  streamingMessageId: null,
  streamingThoughtMs: null,
}

function updateConversation(conversations, id, change) {
  return conversations.map((conversation) => (conversation.id === id ? { ...conversation, ...change(conversation) } : conversation))
}

function moveToTop(conversations, id) {
  const index = conversations.findIndex((conversation) => conversation.id === id)
  if (index <= 0) return conversations
  return [conversations[index], ...conversations.slice(0, index), ...conversations.slice(index + 1)]
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
    case 'conversations/loaded':
      return { ...state, conversations: action.conversations }

    case 'conversation/created':
      return {
        ...state,
        conversations: [action.conversation, ...state.conversations.filter((c) => c.id !== action.conversation.id)],
      }

    case 'conversation/updated':
      return {
        ...state,
        conversations: updateConversation(state.conversations, action.conversation.id, () => action.conversation),
      }

    case 'conversation/deleted':
      return { ...state, conversations: state.conversations.filter((c) => c.id !== action.id) }

    case 'conversation/opened':
      return {
        ...state,
        ...streamReset,
        currentConversationId: action.id,
        messages: [],
        isLoading: Boolean(action.id),
        error: null,
        notice: action.notice ?? null,
      }

    case 'messages/loaded':
      if (action.id !== state.currentConversationId) return state
      return { ...state, messages: action.messages, isLoading: false }

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
      if (action.conversationId !== state.currentConversationId) return state
      const isFirst = state.messages.length === 0
      const conversations = updateConversation(state.conversations, action.conversationId, (c) => ({
        message_count: (c.message_count ?? 0) + 1,
        title: isFirst ? action.message.content.slice(0, TITLE_CHARS) : c.title,
        is_generating: true,
      }))
      return {
        ...state,
        ...streamReset,
        isStreaming: true,
        messages: [...state.messages, action.message],
        conversations: moveToTop(conversations, action.conversationId),
        error: null,
        notice: null,
      }
    }

    case 'stream/opened':
      return { ...state, ...streamReset, isStreaming: true }

    case 'stream/started':
      return { ...state, streamingModel: action.model ?? null, streamingMessageId: action.messageId ?? null }

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

    default:
      throw new Error(`Unknown chat action: ${action.type}`)
  }
}
