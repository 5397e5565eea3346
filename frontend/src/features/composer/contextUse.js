// How full the model's context window is for the open conversation (the context meter).
//
// LM Studio counted the last reply's prompt (stats.prompt_tokens) and its answer
// (completion_tokens); what came after it, and what is typed in the box, is estimated from
// characters with the ratio that same count gave (prompt_tokens / prompt_chars), as the
// backend estimates what it has not counted. A conversation whose replies counted another prompt
// (a summary, the copied replies of a continued chat) keeps only their ratio (stats.tokens_per_char),
// which still holds for its text. Pure functions; no I/O here.

export const DEFAULT_TOKENS_PER_CHAR = 1 / 3
// What a chat template adds around each message (role markers, separators), in tokens.
export const TOKENS_PER_MESSAGE = 8
export const WARN_FROM = 0.8
// An image counts as this many characters (~768 tokens), as the backend counts it.
export const IMAGE_CHARS = 2304

const estimate = (text, ratio) => Math.ceil((text?.length ?? 0) * ratio)

/** What attached files add: a document's text, an image's share. */
const filesChars = (files) =>
  (files ?? []).reduce((sum, file) => sum + (file.kind === 'image' ? IMAGE_CHARS : (file.chars ?? 0)), 0)

function lastMeasured(messages) {
  for (let index = messages.length - 1; index >= 0; index -= 1) {
    const stats = messages[index].stats
    if (messages[index].role === 'assistant' && stats?.prompt_tokens != null) return index
  }
  return -1
}

/** The newest ratio a reply kept without its counts, or the cautious default. */
function keptRatio(messages) {
  for (let index = messages.length - 1; index >= 0; index -= 1) {
    const ratio = messages[index].stats?.tokens_per_char
    if (ratio) return ratio
  }
  return DEFAULT_TOKENS_PER_CHAR
}

/**
 * { used, contextLength, share, level: 'ok' | 'warn' | 'full' }, or null when the window is not
 * known. `files`: those attached to the draft. `systemPrompt` and `toolsChars` (the tools offered
 * with each request, toolsChoice.js) count only while nothing measured them yet: LM Studio's
 * count of a reply's prompt includes both.
 */
export function contextUse({ messages, draft = '', files = [], systemPrompt = '', toolsChars = 0, contextLength }) {
  if (!contextLength) return null
  const at = lastMeasured(messages)
  let used = 0
  let ratio = at >= 0 ? DEFAULT_TOKENS_PER_CHAR : keptRatio(messages)
  if (at >= 0) {
    const { prompt_tokens: prompt, prompt_chars: chars, completion_tokens: completion } = messages[at].stats
    if (chars) ratio = prompt / chars
    used = prompt + (completion ?? estimate(messages[at].content, ratio))
  } else {
    if (systemPrompt) used = estimate(systemPrompt, ratio) + TOKENS_PER_MESSAGE
    used += Math.ceil(toolsChars * ratio)
  }
  for (const message of messages.slice(at + 1)) {
    used += Math.ceil(((message.content?.length ?? 0) + filesChars(message.attachments)) * ratio) + TOKENS_PER_MESSAGE
  }
  if (draft.trim() || files.length) used += Math.ceil((draft.length + filesChars(files)) * ratio) + TOKENS_PER_MESSAGE
  const share = used / contextLength
  return { used, contextLength, share, level: share >= 1 ? 'full' : share >= WARN_FROM ? 'warn' : 'ok' }
}
