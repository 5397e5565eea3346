// The sidebar's date groups: Today, Yesterday, Previous 7 days, Older, by the local calendar.

const DAY_MS = 24 * 60 * 60 * 1000
export const CONVERSATION_GROUPS = ['Today', 'Yesterday', 'Previous 7 days', 'Older']

/** Which group a conversation's last activity falls in. */
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
