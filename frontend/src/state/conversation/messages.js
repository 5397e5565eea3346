// What becomes of the open conversation's messages when one is sent, a reply is stored or the
// stored path arrives. Pure; the conversation slice and the list's message counts both use it.

/** The messages a new one follows: the first `keep` of the path (all of them when left out). */
export function keptMessages(messages, keep) {
  return messages.slice(0, keep ?? messages.length)
}

/** The messages once a reply is stored (or failed with part of its text): it joins them once. */
export function withReply(messages, message) {
  if (!message) return messages
  return message.id && messages.some((m) => m.id === message.id) ? messages : [...messages, message]
}

/** The messages with the last one, when it is a question, marked as unanswered because of
 * `failure` ({ error, code, at }; null: no longer). */
export function withFailedQuestion(messages, failure) {
  const last = messages.at(-1)
  if (last?.role !== 'user' || (last.reply_error ?? null) === failure) return messages
  return [...messages.slice(0, -1), { ...last, reply_error: failure }]
}

/**
 * A message sent from this page is shown before the backend has given it an id; it carries a
 * local `key` instead. Loading the stored path again hands that key to the same message (same
 * place, same role and text), so React keeps its element rather than replacing it: no second
 * fade-in, no lost focus or selection.
 */
export function keepLocalKeys(shown, loaded) {
  if (!shown.some((message) => message.key)) return loaded
  return loaded.map((message, index) => {
    const before = shown[index]
    const same =
      before?.key &&
      (before.id ? before.id === message.id : before.role === message.role && before.content === message.content)
    return same ? { ...message, key: before.key } : message
  })
}
