import { describe, expect, it } from 'vitest'
import { describeModel, groupModels } from './catalog'
import { chatModels } from '../../state/settings/selectors'

describe('the catalog', () => {
  const catalog = [
    { id: 'a', type: 'llm', state: 'loaded', context_length: 8192, quantization: 'Q4_K_M' },
    { id: 'b', type: 'vlm', state: 'not-loaded', vision: true, max_context_length: 32768 },
    { id: 'e', type: 'embeddings', state: 'loaded' },
    { id: 'u', type: 'unknown', state: 'unknown' },
  ]

  it('leaves embedding models out and counts unknown state as usable now', () => {
    expect(chatModels(catalog).map((m) => m.id)).toEqual(['a', 'b', 'u'])
    const { loaded, available } = groupModels(catalog)
    expect([loaded.map((m) => m.id), available.map((m) => m.id)]).toEqual([['a', 'u'], ['b']])
  })

  it('describes what tells models apart, and nothing it does not know', () => {
    expect(describeModel(catalog[0])).toBe('8K context · Q4_K_M')
    expect(describeModel(catalog[1])).toBe('32K context max · vision')
    expect(describeModel(catalog[3])).toBe('')
  })

  it('names the parameters where the id does not already say them', () => {
    expect(describeModel({ id: 'big-model', params: '8B', context_length: 8192, quantization: 'Q4_K_M' })).toBe('8B · 8K context · Q4_K_M')
    expect(describeModel({ id: 'qwen3-8b', params: '8B', context_length: 8192 })).toBe('8K context')
  })
})
