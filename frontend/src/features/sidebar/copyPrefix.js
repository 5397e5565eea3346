// The prefixes the backend puts in front of a copy's title (backend/storage/titles.py): a branch
// copied into a new conversation, and a conversation going on from one that outgrew its window.
const COPY_PREFIXES = ['Branch: ', 'Continued: ']

/** { prefix, rest } of a title: prefix is '' for a title that is not a copy's. */
export function splitCopyPrefix(title) {
  const prefix = COPY_PREFIXES.find((candidate) => title.startsWith(candidate) && title.length > candidate.length) ?? ''
  return { prefix, rest: title.slice(prefix.length) }
}
