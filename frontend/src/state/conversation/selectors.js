// What the page reads of the open conversation.
import { selectListed } from '../conversations/selectors'

/** Its summary: as listed, else as loaded when it was opened. */
export const selectCurrentConversation = (state) =>
  selectListed(state, state.conversation.id) ?? state.conversation.summary ?? null

/** useChat()'s names for the open conversation. */
export const conversationView = (state) => ({
  currentConversationId: state.conversation.id,
  currentConversation: selectCurrentConversation(state),
  composerKey: state.conversation.composerKey,
  focusMessageId: state.conversation.focusMessageId,
  messages: state.conversation.messages,
  isLoading: state.conversation.isLoading,
  error: state.conversation.error,
  notice: state.conversation.notice,
})
