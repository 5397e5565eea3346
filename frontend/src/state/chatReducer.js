// The chat's state, one slice per job, and the reducer that composes them. An action names what
// happened; each slice that cares changes with it (a stored reply changes the reply, the messages
// shown and the list's count of them).
import { conversationReducer, initialConversationState } from './conversation/reducer'
import { conversationsReducer, initialConversationsState } from './conversations/reducer'
import { healthReducer, initialHealthState } from './health/reducer'
import { initialMcpState, mcpReducer } from './mcp/reducer'
import { initialReplyState, replyReducer } from './reply/reducer'
import { initialSettingsState, settingsReducer } from './settings/reducer'

const SLICES = {
  conversations: conversationsReducer,
  conversation: conversationReducer,
  reply: replyReducer,
  settings: settingsReducer,
  health: healthReducer,
  mcp: mcpReducer,
}

export const initialChatState = {
  conversations: initialConversationsState,
  conversation: initialConversationState,
  reply: initialReplyState,
  settings: initialSettingsState,
  health: initialHealthState,
  mcp: initialMcpState,
}

export function chatReducer(state, action) {
  if (!Object.values(SLICES).some((reducer) => reducer.handles(action.type))) {
    throw new Error(`Unknown chat action: ${action.type}`)
  }
  // What happens to a conversation's messages and reply names the conversation; one that is no
  // longer open must not leak into the one that is.
  if (action.conversationId !== undefined && action.conversationId !== state.conversation.id) return state
  let next = state
  for (const [name, reducer] of Object.entries(SLICES)) {
    const slice = reducer(state[name], action, state)
    if (slice !== state[name]) next = { ...next, [name]: slice }
  }
  return next
}
