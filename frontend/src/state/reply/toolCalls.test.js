import { describe, expect, it } from 'vitest'
import { TOOL_STATUS, announcedCall, answeredStatus, stepsOfReply } from './toolCalls'

const call = (id, at, fields = {}) => ({ ...announcedCall({ id, name: 'echo', server: 'box', arguments: '{}' }, at), ...fields })

describe('a reply in progress as steps', () => {
  it('is null while it called no tool (its text is its content)', () => {
    expect(stepsOfReply('Hello', [])).toBeNull()
  })

  it('cuts the text where each call came, in order, leaving out empty pieces', () => {
    const steps = stepsOfReply('Let me look. Found it.', [call('c1', 13), call('c2', 13)])
    expect(steps.map((step) => step.type === 'text' ? step.text : step.id)).toEqual(['Let me look. ', 'c1', 'c2', 'Found it.'])
    expect(steps[1]).not.toHaveProperty('at')
    expect(steps[1]).not.toHaveProperty('asked')
  })

  it('starts with the card when the model called a tool before writing anything', () => {
    expect(stepsOfReply('', [call('c1', 0)]).map((step) => step.type)).toEqual(['tool_call'])
  })
})

describe('what a tool result says of its call', () => {
  it('done, or an error, for a call that ran', () => {
    expect(answeredStatus(call('c', 0), { is_error: false, duration_ms: 5 })).toBe(TOOL_STATUS.done)
    expect(answeredStatus(call('c', 0), { is_error: true, duration_ms: 5 })).toBe(TOOL_STATUS.error)
  })

  it('denied, for a call that asked and never ran (declined here or elsewhere)', () => {
    expect(answeredStatus(call('c', 0, { asked: true }), { is_error: true, duration_ms: null })).toBe(TOOL_STATUS.denied)
    expect(answeredStatus(call('c', 0, { status: TOOL_STATUS.denied }), { is_error: true, duration_ms: null })).toBe(TOOL_STATUS.denied)
  })

  it('an error, for one that never ran without asking (arguments that do not parse, an unknown tool)', () => {
    expect(answeredStatus(call('c', 0), { is_error: true, duration_ms: null })).toBe(TOOL_STATUS.error)
  })
})
