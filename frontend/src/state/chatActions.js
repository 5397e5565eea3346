// Every slice's actions, made once per ChatProvider. A slice reaches another's actions through
// `chat`, looked up when they run (sending a message may begin a conversation; a reply that ends
// refreshes the list). `actions` are the ones useChat() offers; `start` does what a page does when
// it opens (load the list and settings, open what the URL names, poll health) and returns what
// undoes it.
import { createConversationActions } from './conversation/actions'
import { createConversationsActions } from './conversations/actions'
import { createHealthActions } from './health/actions'
import { createMcpActions } from './mcp/actions'
import { createReplyActions } from './reply/actions'
import { createSettingsActions } from './settings/actions'

// In the order their `start` runs.
const SLICES = [
  createSettingsActions,
  createConversationsActions,
  createConversationActions,
  createReplyActions,
  createHealthActions,
  createMcpActions,
]

export function createChatActions(dispatch, getState) {
  const chat = {}
  const slices = SLICES.map((create) => create({ dispatch, getState, chat }))
  for (const slice of slices) Object.assign(chat, slice.actions, slice.internal)
  return {
    actions: Object.assign({}, ...slices.map((slice) => slice.actions)),
    start: () => {
      const stops = slices.map((slice) => slice.start?.())
      return () => stops.forEach((stop) => stop?.())
    },
  }
}
