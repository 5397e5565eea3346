// useChat()'s value without the actions: each slice's state under the names components use, and
// the values derived from several slices.
import { conversationView } from './conversation/selectors'
import { conversationsView } from './conversations/selectors'
import { healthView } from './health/selectors'
import { mcpView } from './mcp/selectors'
import { replyView } from './reply/selectors'
import { settingsView } from './settings/selectors'

export const chatView = (state) => ({
  ...conversationsView(state),
  ...conversationView(state),
  ...replyView(state),
  ...settingsView(state),
  ...healthView(state),
  ...mcpView(state),
})
