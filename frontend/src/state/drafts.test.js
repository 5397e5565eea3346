import { afterEach, describe, expect, it } from 'vitest'
import { clearDraft, loadDraft, saveDraft } from './drafts'

describe('drafts', () => {
  afterEach(() => window.localStorage.clear())

  it('keeps one draft per conversation, and one for a conversation not yet created', () => {
    saveDraft('a', 'first thoughts')
    saveDraft(null, 'a new chat')
    expect(loadDraft('a')).toBe('first thoughts')
    expect(loadDraft('b')).toBe('')
    expect(loadDraft(null)).toBe('a new chat')
    clearDraft('a')
    expect(loadDraft('a')).toBe('')
    expect(window.localStorage.length).toBe(1)
  })
})
