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

  it('sending names an untitled conversation, counts the message and moves it to the top at once', () => {
    const earlier = [
      { role: 'user', content: 'q' },
      { role: 'assistant', content: 'a' },
    ]
    const state = chatReducer(open('b', { messages: earlier }), {
      type: 'message/sent',
      conversationId: 'b',
      message: { role: 'user', content: 'hello' },
    })
    expect(state.isStreaming).toBe(true)
    expect(state.conversations[0]).toMatchObject({ id: 'b', title: 'Other', message_count: 3 })
    const first = chatReducer(open('a'), {
      type: 'message/sent',
      conversationId: 'a',
      message: { role: 'user', content: 'A'.repeat(80) },
    })
    expect(first.conversations[0]).toMatchObject({ id: 'a', title: 'A'.repeat(50), message_count: 1 })
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

  it('refuses unknown actions loudly', () => {
    expect(() => chatReducer(initialState, { type: 'nope' })).toThrow(/Unknown chat action/)
  })
})
