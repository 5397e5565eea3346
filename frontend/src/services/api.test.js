import { act } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { http, HttpResponse } from 'msw'
import { api } from './api'
import { addConversation, reply, server, waitForStream } from '../test/backend'

describe('api.streamChat: a message and its reply, with callbacks', () => {
  it('streamChat sends the seed body plus chosen options and reports HTTP errors through onError', async () => {
    let sent
    server.use(
      http.post('http://localhost:8000/api/chat/stream', async ({ request }) => {
        sent = await request.json()
        return HttpResponse.json({ detail: 'A reply is still being generated' }, { status: 409 })
      }),
    )
    const onError = vi.fn()
    await api.streamChat('c1', 'hi', vi.fn(), vi.fn(), onError, { temperature: 0.2, model: null })
    expect(sent).toEqual({ conversation_id: 'c1', message: 'hi', temperature: 0.2 })
    expect(onError).toHaveBeenCalledWith('A reply is still being generated', { code: null, status: 409 })
  })

  it('hands each piece of the reply to onChunk and the end to onComplete', async () => {
    const id = addConversation({ title: 'Seed' })
    const onChunk = vi.fn()
    const onComplete = vi.fn()
    const onError = vi.fn()
    const reading = api.streamChat(id, 'Hello', onChunk, onComplete, onError)
    const stream = await waitForStream()
    expect(stream.body).toEqual({ conversation_id: id, message: 'Hello' })
    act(() => reply.chunk(stream, 'Hi '))
    act(() => reply.chunk(stream, 'there'))
    act(() => reply.finish(stream))
    await reading
    expect(onChunk.mock.calls).toEqual([['Hi '], ['there']])
    expect(onComplete).toHaveBeenCalledWith(expect.objectContaining({ status: 'completed' }))
    expect(onError).not.toHaveBeenCalled()
  })
})
