// The open conversation lives in the URL hash (#/c/<id>), so reload, back and forward keep it.
// A search result opens it at a message: #/c/<id>/m/<message id>.
const CONVERSATION_HASH = /^#\/c\/([^/?#]+)(?:\/m\/([^/?#]+))?$/

export function conversationIdFromHash(hash = window.location.hash) {
  const match = CONVERSATION_HASH.exec(hash)
  return match ? decodeURIComponent(match[1]) : null
}

export function messageIdFromHash(hash = window.location.hash) {
  const match = CONVERSATION_HASH.exec(hash)
  return match?.[2] ? decodeURIComponent(match[2]) : null
}

export function hashFor(conversationId, messageId = null) {
  if (!conversationId) return '#/'
  const at = messageId ? `/m/${encodeURIComponent(messageId)}` : ''
  return `#/c/${encodeURIComponent(conversationId)}${at}`
}

/** Go to a conversation (at a message) as a new history entry (fires hashchange). */
export function navigateTo(conversationId, messageId = null) {
  const hash = hashFor(conversationId, messageId)
  if (window.location.hash !== hash) window.location.hash = hash
  return window.location.hash === hash
}

/** Change the URL without a history entry and without firing hashchange. */
export function replaceRoute(conversationId) {
  window.history.replaceState(window.history.state, '', hashFor(conversationId))
}
