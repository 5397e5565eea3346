import { act } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { replyTransport } from './replyTransport'
import { addConversation, backend, reply, waitForStream } from '../test/backend'

/** Every handler, recording what it was called with, in order. */
function recorder() {
  const calls = []
  const handlers = Object.fromEntries(
    ['onAccepted', 'onStart', 'onReasoning', 'onDelta', 'onDone', 'onError', 'onIdle'].map((name) => [
      name,
      (...args) => calls.push([name, ...args]),
    ]),
  )
  return { calls, handlers }
}

describe('the reply transport', () => {
  it('sends a message with what the request chose, and reads its reply through one handlers object', async () => {
    const id = addConversation({ title: 'Send' })
    const { calls, handlers } = recorder()
    const request = { conversationId: id, message: 'hi', parentId: null, attachments: ['file-1'], options: { model: 'm', max_tokens: null } }
    const reading = replyTransport.send(request, handlers, new AbortController().signal)
    const stream = await waitForStream()
    expect(stream.body).toEqual({ conversation_id: id, message: 'hi', parent_id: null, attachments: ['file-1'], model: 'm' })
    act(() => reply.start(stream))
    act(() => reply.chunk(stream, 'Hello'))
    act(() => reply.finish(stream))
    await reading
    expect(calls.map(([name]) => name)).toEqual(['onAccepted', 'onStart', 'onDelta', 'onDone'])
    expect(calls[2]).toEqual(['onDelta', 'Hello'])
    expect(calls[3][1]).toMatchObject({ status: 'completed', message: { content: 'Hello' } })
  })

  it('regenerates and attaches in the same shape', async () => {
    const id = addConversation({ title: 'Again', messages: [{ role: 'user', content: 'q' }] })
    const [question] = backend.messages[id]
    const regenerated = recorder()
    const reading = replyTransport.regenerate({ conversationId: id, messageId: question.id, options: {} }, regenerated.handlers)
    const first = await waitForStream((s) => s.kind === 'regenerate')
    const attached = recorder()
    const attaching = replyTransport.attach({ conversationId: id }, attached.handlers)
    const second = await waitForStream((s) => s.kind === 'attach')
    act(() => reply.finish(first))
    act(() => reply.finish(second))
    await Promise.all([reading, attaching])
    expect(backend.requests).toContain(`POST /api/conversations/${id}/messages/${question.id}/regenerate`)
    for (const { calls } of [regenerated, attached]) expect(calls.map(([name]) => name)).toEqual(['onAccepted', 'onDone'])
  })

  it('says when no reply runs to attach to, and passes a refusal on with its status', async () => {
    const id = addConversation({ title: 'Idle' })
    const { calls, handlers } = recorder()
    await replyTransport.attach({ conversationId: id }, handlers)
    expect(calls).toEqual([['onIdle']])
    const refused = vi.fn()
    await replyTransport.send({ conversationId: 'nowhere', message: 'hi' }, { onError: refused })
    expect(refused).toHaveBeenCalledWith('Conversation not found', { code: null, status: 404 })
  })

  it('leaves a reply quietly when its signal aborts', async () => {
    const id = addConversation({ title: 'Leave' })
    const { calls, handlers } = recorder()
    const controller = new AbortController()
    const reading = replyTransport.send({ conversationId: id, message: 'hi' }, handlers, controller.signal)
    const stream = await waitForStream()
    act(() => reply.chunk(stream, 'part'))
    await vi.waitFor(() => expect(calls.map(([name]) => name)).toContain('onDelta'))
    controller.abort()
    act(() => stream.sse.close()) // the backend's stream ends without done: nothing to report once left
    await reading
    expect(calls.map(([name]) => name)).toEqual(['onAccepted', 'onDelta'])
  })
})
