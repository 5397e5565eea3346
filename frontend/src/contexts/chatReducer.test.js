import { describe, expect, it } from 'vitest'
import { chatReducer, initialState } from './chatReducer'

const open = (id, extra = {}) => ({
  ...initialState,
  currentConversationId: id,
  conversations: [
    { id: 'a', title: 'New Conversation', message_count: 0 },
    { id: 'b', title: 'Other', message_count: 2 },
  ],
  ...extra,
})

describe('chatReducer', () => {
  it('opening a conversation resets the view and starts loading', () => {
    const state = chatReducer(open('b', { messages: [{ role: 'user', content: 'x' }], error: { message: 'e' } }), {
      type: 'conversation/opened',
      id: 'a',
    })
    expect(state).toMatchObject({ currentConversationId: 'a', messages: [], isLoading: true, error: null })
  })

  it('an accepted message follows the path it was sent on, is counted and moves its conversation up', () => {
    const earlier = [
      { id: 'q', role: 'user', content: 'q' },
      { id: 'a', role: 'assistant', content: 'a' },
    ]
    const sent = chatReducer(open('b', { messages: earlier }), {
      type: 'message/sent',
      conversationId: 'b',
      message: { role: 'user', content: 'hello' },
    })
    expect(sent.isStreaming).toBe(true)
    expect(sent.messages.map((m) => m.content)).toEqual(['q', 'a', 'hello'])
    // The title is the backend's to give (never the user's own title, one line): unchanged here.
    expect(sent.conversations[0]).toMatchObject({ id: 'b', title: 'Other', message_count: 3 })
    const edited = chatReducer(open('b', { messages: earlier }), {
      type: 'message/sent',
      conversationId: 'b',
      message: { role: 'user', content: 'q, better' },
      keep: 0,
    })
    expect(edited.messages.map((m) => m.content)).toEqual(['q, better'])
    expect(edited.conversations[0].message_count).toBe(1)
  })

  it('regenerating shows the path up to the question while the new reply streams', () => {
    const earlier = [
      { id: 'q', role: 'user', content: 'q' },
      { id: 'a', role: 'assistant', content: 'a' },
    ]
    const state = chatReducer(open('b', { messages: earlier }), { type: 'reply/regenerating', conversationId: 'b', keep: 1 })
    expect(state.isStreaming).toBe(true)
    expect(state.messages.map((m) => m.id)).toEqual(['q'])
  })

  it('stream events of a conversation that is not open change nothing', () => {
    const state = open('a', { isStreaming: true })
    for (const action of [
      { type: 'stream/delta', conversationId: 'b', content: 'leak', reasoning: '' },
      { type: 'stream/finished', conversationId: 'b', message: { role: 'assistant', content: 'leak' } },
      { type: 'stream/failed', conversationId: 'b', error: 'leak' },
    ]) {
      expect(chatReducer(state, action)).toBe(state)
    }
  })

  it('a finished reply joins the messages once, even if it was already loaded', () => {
    const message = { id: 'm1', role: 'assistant', content: 'done' }
    let state = open('a', { isStreaming: true, streamingMessage: 'do', messages: [message] })
    state = chatReducer(state, { type: 'stream/finished', conversationId: 'a', message })
    expect(state.messages).toEqual([message])
    expect(state).toMatchObject({ isStreaming: false, streamingMessage: '' })
  })

  it('a failed reply keeps its partial text and offers retry', () => {
    const partial = { id: 'm2', role: 'assistant', content: 'half', status: 'interrupted' }
    const state = chatReducer(open('a', { isStreaming: true }), {
      type: 'stream/failed',
      conversationId: 'a',
      error: 'LM Studio dropped',
      code: 'upstream_dropped',
      message: partial,
    })
    expect(state.messages).toEqual([partial])
    expect(state.error).toEqual({ message: 'LM Studio dropped', code: 'upstream_dropped', canRetry: true })
    expect(state.isStreaming).toBe(false)
  })

  it('truncating drops the tail and the count', () => {
    const messages = [1, 2, 3].map((n) => ({ role: 'user', content: String(n) }))
    const state = chatReducer(open('b', { messages }), { type: 'messages/truncated', conversationId: 'b', index: 1 })
    expect(state.messages).toEqual([messages[0]])
    expect(state.conversations.find((c) => c.id === 'b').message_count).toBe(1)
  })

  it('messages loaded for a conversation no longer open are dropped', () => {
    const state = open('a')
    expect(chatReducer(state, { type: 'messages/loaded', id: 'b', messages: [{}] })).toBe(state)
  })

  it('a message sent from this page keeps its key when the stored path arrives', () => {
    let state = open('a')
    state = chatReducer(state, { type: 'messages/loaded', id: 'a', messages: [] })
    const sent = { key: 'local-1', role: 'user', content: 'Hi' }
    state = chatReducer(state, { type: 'message/sent', conversationId: 'a', message: sent })
    const stored = [
      { id: 'u1', role: 'user', content: 'Hi' },
      { id: 'r1', role: 'assistant', content: 'Hello' },
    ]
    state = chatReducer(state, { type: 'messages/loaded', id: 'a', messages: stored })
    expect(state.messages.map((m) => m.key)).toEqual(['local-1', undefined])
    // Loaded again (now with its id), it is still the same element; a different message is not.
    state = chatReducer(state, { type: 'messages/loaded', id: 'a', messages: stored })
    expect(state.messages[0].key).toBe('local-1')
    state = chatReducer(state, { type: 'messages/loaded', id: 'a', messages: [{ id: 'u2', role: 'user', content: 'Hi' }] })
    expect(state.messages[0].key).toBeUndefined()
  })

  it('refuses unknown actions loudly', () => {
    expect(() => chatReducer(initialState, { type: 'nope' })).toThrow(/Unknown chat action/)
  })
})

describe('the paged conversation list', () => {
  const at = (id, minute) => ({ id, title: id, updated_at: `2026-11-25T10:${String(minute).padStart(2, '0')}:00Z` })
  const loaded = (state, conversations, pageSize = 2) =>
    chatReducer(state, { type: 'conversations/loaded', conversations, pageSize })

  it('keeps what later pages brought below a refreshed first page', () => {
    let state = loaded(initialState, [at('d', 40), at('c', 30)])
    expect(state.hasMoreConversations).toBe(true)
    state = chatReducer(state, { type: 'conversations/more', conversations: [at('b', 20), at('a', 10)], pageSize: 2 })
    state = loaded(state, [at('b', 50), at('d', 40)]) // b had new activity
    expect(state.conversations.map((c) => c.id)).toEqual(['b', 'd', 'c', 'a'])
    expect(state.hasMoreConversations).toBe(true)
  })

  it('a first page shorter than a page is the whole list', () => {
    const state = loaded({ ...initialState, conversations: [at('x', 1)] }, [at('y', 5)])
    expect(state.conversations.map((c) => c.id)).toEqual(['y'])
    expect(state.hasMoreConversations).toBe(false)
  })

  it('adds a page without repeating conversations, and knows when it was the last', () => {
    let state = loaded(initialState, [at('d', 40), at('c', 30)])
    state = chatReducer(state, { type: 'conversations/more', conversations: [at('c', 30), at('b', 20)], pageSize: 2 })
    expect(state.conversations.map((c) => c.id)).toEqual(['d', 'c', 'b'])
    state = chatReducer(state, { type: 'conversations/more', conversations: [at('a', 10)], pageSize: 2 })
    expect(state.hasMoreConversations).toBe(false)
  })

  it("puts an opened conversation's summary where its activity belongs, or leaves it for its page", () => {
    let state = loaded(initialState, [at('d', 40), at('c', 30)])
    state = chatReducer(state, { type: 'conversation/opened', id: 'old' })
    state = chatReducer(state, { type: 'conversation/summary', conversation: at('old', 1) })
    expect(state.conversations.map((c) => c.id)).toEqual(['d', 'c'])
    expect(state.openSummary.id).toBe('old')
    state = chatReducer(state, { type: 'conversation/summary', conversation: at('c', 45) })
    expect(state.conversations.map((c) => c.id)).toEqual(['c', 'd'])
  })
})
