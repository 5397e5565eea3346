// What the page reads of the conversation list.

export const selectListed = (state, id) => state.conversations.list.find((c) => c.id === id)

/** useChat()'s names for the list. */
export const conversationsView = (state) => ({
  conversations: state.conversations.list,
  hasMoreConversations: state.conversations.hasMore,
  pendingDeletions: state.conversations.pendingDeletions,
})
