import { describe, expect, it } from 'vitest'
import { activityGroup, describeStats, formatSeconds, groupConversations } from './format'

describe('formatting', () => {
  it('formats seconds and stats', () => {
    expect(formatSeconds(1234)).toBe('1.2 s')
    expect(formatSeconds(12.4)).toBe('12 ms')
    expect(formatSeconds(61_000)).toBe('61 s')
    expect(describeStats({ ttft_ms: 860, tokens_per_second: 42.56, completion_tokens: 312 })).toEqual([
      '860 ms to first token',
      '42.6 tok/s',
      '312 tokens',
    ])
    expect(describeStats(null)).toEqual([])
  })

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
