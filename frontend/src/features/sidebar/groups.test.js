import { describe, expect, it } from 'vitest'
import { activityGroup, groupConversations } from './groups'

describe('date groups', () => {
  it('groups by Today / Yesterday / Previous 7 days / Older on the local calendar', () => {
    const now = new Date(2026, 10, 25, 9, 0)
    const at = (days, hours = 12) => new Date(2026, 10, 25 - days, hours).toISOString()
    expect(activityGroup(at(0, 0), now)).toBe('Today')
    expect(activityGroup(at(1, 23), now)).toBe('Yesterday')
    expect(activityGroup(at(6), now)).toBe('Previous 7 days')
    expect(activityGroup(at(30), now)).toBe('Older')
    const groups = groupConversations(
      [
        { id: 'a', updated_at: at(0) },
        { id: 'b', updated_at: at(3) },
        { id: 'c', created_at: at(3) },
        { id: 'd', updated_at: at(40) },
      ],
      now,
    )
    expect(groups.map((g) => [g.name, g.conversations.map((c) => c.id)])).toEqual([
      ['Today', ['a']],
      ['Previous 7 days', ['b', 'c']],
      ['Older', ['d']],
    ])
  })
})
