// The open conversation lives in the URL hash (#/c/<id>), so reload, back and forward keep it.
const CONVERSATION_HASH = /^#\/c\/([^/?#]+)$/

export function conversationIdFromHash(hash = window.location.hash) {
  const match = CONVERSATION_HASH.exec(hash)
  return match ? decodeURIComponent(match[1]) : null
}

export function hashFor(conversationId) {
  return conversationId ? `#/c/${encodeURIComponent(conversationId)}` : '#/'
}

/** Go to a conversation as a new history entry (fires hashchange). */
export function navigateTo(conversationId) {
  const hash = hashFor(conversationId)
  if (window.location.hash !== hash) window.location.hash = hash
  return window.location.hash === hash
}

/** Change the URL without a history entry and without firing hashchange. */
export function replaceRoute(conversationId) {
  window.history.replaceState(window.history.state, '', hashFor(conversationId))
}
