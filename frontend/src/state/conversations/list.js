// The conversation list's order and edits: newest activity first, ties broken by id as the
// backend breaks them. Pure.

/** Whether `a` comes after `b` in the list (older activity). */
export function isListedAfter(a, b) {
  const timeA = a.updated_at || a.created_at
  const timeB = b.updated_at || b.created_at
  return timeA === timeB ? a.id < b.id : timeA < timeB
}

/** The list with `change` made to one conversation. */
export function changed(list, id, change) {
  return list.map((conversation) => (conversation.id === id ? { ...conversation, ...change } : conversation))
}

export function moveToTop(list, id) {
  const index = list.findIndex((conversation) => conversation.id === id)
  if (index <= 0) return list
  return [list[index], ...list.slice(0, index), ...list.slice(index + 1)]
}

/** The list with `conversation` first (and nowhere else). */
export function withFirst(list, conversation) {
  return [conversation, ...list.filter((c) => c.id !== conversation.id)]
}

/** `conversation` where its activity puts it, or left out when that is below the pages loaded so
 * far (`hasMore`): it appears with its page. */
export function placed(list, conversation, hasMore) {
  const others = list.filter((c) => c.id !== conversation.id)
  const at = others.findIndex((c) => isListedAfter(c, conversation))
  if (at < 0) return hasMore ? others : [...others, conversation]
  return [...others.slice(0, at), conversation, ...others.slice(at)]
}
