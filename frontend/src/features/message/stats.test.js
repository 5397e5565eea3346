import { describe, expect, it } from 'vitest'
import { describeStats } from './stats'

describe("a reply's figures", () => {
  it('describes its stats', () => {
    expect(describeStats({ ttft_ms: 860, tokens_per_second: 42.56, completion_tokens: 312 })).toEqual([
      '860 ms to first token',
      '42.6 tok/s',
      '312 tokens',
    ])
    expect(describeStats(null)).toEqual([])
  })
})
