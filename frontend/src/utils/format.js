// Small formatting helpers shared by components.

export function formatSeconds(ms) {
  if (ms == null) return ''
  if (ms < 1000) return `${Math.round(ms)} ms`
  const seconds = ms / 1000
  return seconds < 10 ? `${seconds.toFixed(1)} s` : `${Math.round(seconds)} s`
}

/** "1.2 s to first token · 42.5 tok/s · 312 tokens" from a reply's stats. */
export function describeStats(stats) {
  if (!stats) return []
  const parts = []
  if (stats.ttft_ms != null) parts.push(`${formatSeconds(stats.ttft_ms)} to first token`)
  if (stats.tokens_per_second != null) parts.push(`${stats.tokens_per_second.toFixed(1)} tok/s`)
  if (stats.completion_tokens != null) {
    parts.push(stats.completion_tokens === 1 ? '1 token' : `${stats.completion_tokens} tokens`)
  }
  return parts
}

const DAY_MS = 24 * 60 * 60 * 1000
export const CONVERSATION_GROUPS = ['Today', 'Yesterday', 'Previous 7 days', 'Older']

/** Which sidebar group a conversation's last activity falls in, by the local calendar. */
export function activityGroup(isoTime, now = new Date()) {
  const time = new Date(isoTime)
  if (Number.isNaN(time.getTime())) return 'Older'
  const startOfToday = new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime()
  if (time.getTime() >= startOfToday) return 'Today'
  if (time.getTime() >= startOfToday - DAY_MS) return 'Yesterday'
  if (time.getTime() >= startOfToday - 7 * DAY_MS) return 'Previous 7 days'
  return 'Older'
}

/** Conversations in date groups, keeping their order (newest activity first) within each group. */
export function groupConversations(conversations, now = new Date()) {
  const groups = new Map(CONVERSATION_GROUPS.map((name) => [name, []]))
  for (const conversation of conversations) {
    groups.get(activityGroup(conversation.updated_at || conversation.created_at, now)).push(conversation)
  }
  return CONVERSATION_GROUPS.map((name) => ({ name, conversations: groups.get(name) })).filter(
    (group) => group.conversations.length > 0,
  )
}

/** "812 KB", "1.5 MB", "20 MB": a file's size as people read it. */
export function formatBytes(size) {
  if (size == null) return ''
  if (size < 1024) return `${size} B`
  if (size < 1024 * 1024) return `${Math.round(size / 1024)} KB`
  const megabytes = size / (1024 * 1024)
  return `${megabytes >= 10 || Number.isInteger(megabytes) ? Math.round(megabytes) : megabytes.toFixed(1)} MB`
}
