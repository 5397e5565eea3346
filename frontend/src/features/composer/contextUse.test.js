import { describe, expect, it } from 'vitest'
import { contextUse } from './contextUse'
import { serversOn, toolDefinitionsChars } from './toolsChoice'

const measured = (stats) => ({ role: 'assistant', content: 'x'.repeat(30), stats })

describe('contextUse', () => {
  it('is unknown without a window', () => {
    expect(contextUse({ messages: [], contextLength: null })).toBeNull()
  })

  it('takes LM Studio’s count of the last reply and estimates what follows with its ratio', () => {
    const messages = [
      { role: 'user', content: 'q' },
      measured({ prompt_tokens: 1000, prompt_chars: 2000, completion_tokens: 100 }),
      { role: 'user', content: 'y'.repeat(200) }, // 100 tokens + 8 around it
    ]
    const use = contextUse({ messages, draft: 'z'.repeat(40), contextLength: 2000 })
    expect(use.used).toBe(1000 + 100 + 108 + 28)
    expect(use.level).toBe('ok')
  })

  it('warns from 80 % and is full from 100 %', () => {
    const at = (prompt) => contextUse({ messages: [measured({ prompt_tokens: prompt, completion_tokens: 0 })], contextLength: 1000 })
    expect(at(799).level).toBe('ok')
    expect(at(800).level).toBe('warn')
    expect(at(1000).level).toBe('full')
  })

  it('estimates everything, system prompt included, before any reply was measured', () => {
    const use = contextUse({ messages: [{ role: 'user', content: 'a'.repeat(30) }], systemPrompt: 'b'.repeat(30), contextLength: 100 })
    expect(use.used).toBe(18 + 18)
  })

  it('counts a continued chat with the ratio its copied replies kept, not the cautious default', () => {
    // A copy holds replies whose counts described another prompt: only their ratio came along.
    const messages = [
      { role: 'user', content: 'a'.repeat(400) },
      { role: 'assistant', content: 'b'.repeat(400), stats: { prompt_tokens: null, prompt_chars: null, tokens_per_char: 0.25 } },
      { role: 'user', content: 'c'.repeat(400) },
    ]
    const use = contextUse({ messages, contextLength: 1000 })
    expect(use.used).toBe(3 * (100 + 8))
  })

  it('counts the tools offered with the request until a reply was measured, from the servers that are on and connected', () => {
    const tool = (name) => ({ name, description: 'd'.repeat(100), input_schema: { type: 'object', properties: {} }, approval: 'ask' })
    const servers = [
      { id: 'a', status: 'connected', tools: [tool('echo'), tool('fail')] },
      { id: 'b', status: 'failed', tools: [] },
      { id: 'c', status: 'connected', tools: [tool('time')] },
    ]
    const one = JSON.stringify([{ type: 'function', function: { name: 'time', description: 'd'.repeat(100), parameters: { type: 'object', properties: {} } } }]).length
    expect(toolDefinitionsChars(serversOn(servers, ['c']))).toBe(one)
    expect(toolDefinitionsChars(serversOn(servers, []))).toBe(0)
    const all = toolDefinitionsChars(serversOn(servers, null))
    expect(all).toBeGreaterThan(3 * 100)

    const question = [{ role: 'user', content: 'a'.repeat(30) }]
    const withTools = contextUse({ messages: question, toolsChars: 300, contextLength: 1000 })
    expect(withTools.used).toBe(18 + 100)
    // Once LM Studio counted a prompt, its count holds the tools already.
    const counted = [...question, measured({ prompt_tokens: 400, prompt_chars: 1200, completion_tokens: 10 })]
    expect(contextUse({ messages: counted, toolsChars: 300, contextLength: 1000 }).used).toBe(410)
  })
})
