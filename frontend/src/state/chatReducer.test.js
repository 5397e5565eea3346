import { describe, expect, it } from 'vitest'
import { chatReducer, initialChatState } from './chatReducer'
import { REPLY_STATUS } from './reply/reducer'
import { chatOpenAt } from '../test/chatState'

describe('chatReducer', () => {
  it('reply events of a conversation that is not open change nothing', () => {
    const state = chatOpenAt('a', { reply: { status: REPLY_STATUS.streaming } })
    for (const action of [
      { type: 'reply/delta', conversationId: 'b', content: 'leak', reasoning: '' },
      { type: 'reply/finished', conversationId: 'b', message: { role: 'assistant', content: 'leak' } },
      { type: 'reply/failed', conversationId: 'b', error: 'leak' },
    ]) {
      expect(chatReducer(state, action)).toBe(state)
    }
  })

  it('hands an action to every slice that names it', () => {
    const state = chatOpenAt('b', { messages: [{ id: 'q', role: 'user', content: 'q' }] })
    const next = chatReducer(state, { type: 'message/sent', conversationId: 'b', message: { role: 'user', content: 'hi' } })
    expect(next.conversation.messages).toHaveLength(2)
    expect(next.conversations.list[0]).toMatchObject({ id: 'b', message_count: 2 })
    expect(next.reply.status).toBe(REPLY_STATUS.submitted)
    expect(next.settings).toBe(state.settings)
  })

  it('refuses unknown actions loudly', () => {
    expect(() => chatReducer(initialChatState, { type: 'nope' })).toThrow(/Unknown chat action/)
  })
})
