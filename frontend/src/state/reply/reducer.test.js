import { describe, expect, it } from 'vitest'
import { REPLY_STATUS, initialReplyState, replyReducer } from './reducer'
import { replyView } from './selectors'

const view = (reply) => replyView({ reply })

describe('the reply', () => {
  it('is under way from the moment the backend took the message, a regenerate or an attach', () => {
    for (const type of ['message/sent', 'reply/regenerating', 'reply/attached']) {
      const reply = replyReducer(initialReplyState, { type, conversationId: 'b' })
      expect(reply.status).toBe(REPLY_STATUS.submitted)
      expect(view(reply).isStreaming).toBe(true)
    }
  })

  it('is written once it started, and flushed text replaces what was shown', () => {
    let reply = replyReducer(initialReplyState, { type: 'message/sent' })
    reply = replyReducer(reply, { type: 'reply/started', model: 'm', messageId: 'r1', modelState: 'loaded', since: 5 })
    expect(reply).toMatchObject({ status: REPLY_STATUS.streaming, model: 'm', messageId: 'r1', since: 5 })
    reply = replyReducer(reply, { type: 'reply/delta', content: 'Hi there', reasoning: 'hmm', thoughtMs: 12 })
    expect(view(reply)).toMatchObject({ isStreaming: true, streamingMessage: 'Hi there' })
    expect(reply).toMatchObject({ reasoning: 'hmm', thoughtMs: 12 })
  })

  it('a finished reply leaves nothing in progress', () => {
    const reply = replyReducer({ ...initialReplyState, status: REPLY_STATUS.streaming, text: 'do' }, { type: 'reply/finished' })
    expect(view(reply)).toMatchObject({ isStreaming: false, streamingMessage: '' })
  })

  it('a failed reply is over, and says so', () => {
    const reply = replyReducer({ ...initialReplyState, status: REPLY_STATUS.streaming }, { type: 'reply/failed' })
    expect(reply.status).toBe(REPLY_STATUS.error)
    expect(view(reply).isStreaming).toBe(false)
  })

  it('opening another conversation leaves none shown', () => {
    const reply = replyReducer({ ...initialReplyState, status: REPLY_STATUS.streaming, text: 'x' }, { type: 'conversation/opened', id: 'a' })
    expect(reply).toBe(initialReplyState)
  })

  it('follows a tool call: announced where the text was, asking, decided, answered', () => {
    let reply = replyReducer({ ...initialReplyState, status: REPLY_STATUS.streaming, text: 'Let me look.' }, {
      type: 'reply/toolCalled',
      call: { id: 'c1', name: 'echo', server: 'box', arguments: '{}' },
      at: 12,
    })
    expect(reply.calls).toMatchObject([{ id: 'c1', status: 'running', at: 12 }])
    reply = replyReducer(reply, { type: 'reply/toolWaiting', id: 'c1' })
    expect(reply.calls[0]).toMatchObject({ status: 'waiting', asked: true })
    reply = replyReducer(reply, { type: 'reply/toolDecided', id: 'c1', decision: 'allow' })
    expect(reply.calls[0].status).toBe('running')
    reply = replyReducer(reply, { type: 'reply/toolAnswered', id: 'c1', result: { result: 'hi', is_error: false, duration_ms: 4 } })
    expect(reply.calls[0]).toMatchObject({ status: 'done', result: 'hi', duration_ms: 4 })
    // A decision whose answer comes after the result changes nothing.
    expect(replyReducer(reply, { type: 'reply/toolDecided', id: 'c1', decision: 'allow' }).calls[0].status).toBe('done')
  })
})
