import { describe, expect, it } from 'vitest'
import { EVENT_HANDLERS, readEventStream } from './eventStream'
import { REPLY_EVENTS } from './events'
import { chunkedBody, encodeEvent } from '../test/sse'

function collect() {
  const calls = { starts: [], chunks: [], reasoning: [], complete: [], errors: [] }
  const handlers = {
    onStart: (data) => calls.starts.push(data),
    onDelta: (text) => calls.chunks.push(text),
    onReasoning: (text) => calls.reasoning.push(text),
    onDone: (data) => calls.complete.push(data),
    onError: (message, data) => calls.errors.push({ message, data }),
  }
  return { calls, handlers }
}

async function read(text, size = 1) {
  const { calls, handlers } = collect()
  await readEventStream(new Response(chunkedBody(text, size)), handlers)
  return calls
}

const FULL_REPLY =
  encodeEvent('start', { message_id: 'm1', model: 'qwen' }) +
  encodeEvent('reasoning', { reasoning: 'hmm ' }) +
  encodeEvent('message', { content: 'Héllo ' }) +
  encodeEvent('message', { content: 'wörld 🚀\n' }) +
  encodeEvent('done', { status: 'completed' })

describe('readEventStream', () => {
  it('has a handler for every event of the reply stream', () => {
    expect(Object.keys(EVENT_HANDLERS).sort()).toEqual(Object.values(REPLY_EVENTS).sort())
  })

  it.each([1, 2, 3, 7, 1000])('parses events split across network chunks of %i byte(s)', async (size) => {
    const calls = await read(FULL_REPLY, size)
    expect(calls.starts).toEqual([{ message_id: 'm1', model: 'qwen' }])
    expect(calls.reasoning).toEqual(['hmm '])
    expect(calls.chunks.join('')).toBe('Héllo wörld 🚀\n')
    expect(calls.complete).toEqual([{ status: 'completed' }])
    expect(calls.errors).toEqual([])
  })

  it('reads past a reply\'s tool calls without error', async () => {
    const text =
      encodeEvent('tool_call', { id: '1', name: 'echo', server: 'tools', arguments: '{}' }) +
      encodeEvent('tool_approval', { id: '1' }) +
      encodeEvent('tool_result', { id: '1', result: 'hi', is_error: false, duration_ms: 3 }) +
      encodeEvent('message', { content: 'Done.' }) +
      encodeEvent('done', { status: 'completed' })
    const calls = await read(text, 1000)
    expect(calls.chunks).toEqual(['Done.'])
    expect(calls.complete).toHaveLength(1)
    expect(calls.errors).toEqual([])
  })

  it('handles \\n framing, comments and pings', async () => {
    const text =
      ': ping - 2026-01-01\n\n' +
      'event: message\ndata: {"content": "a"}\n\n' +
      ': keep-alive\r\n\r\n' +
      'event: message\r\ndata: {"content": "b"}\r\n\r\n' +
      'event: done\ndata: {"status": "completed"}\n\n'
    const calls = await read(text)
    expect(calls.chunks).toEqual(['a', 'b'])
    expect(calls.complete).toHaveLength(1)
  })

  it('treats a data line without an event name as a message (the SSE default)', async () => {
    const calls = await read('data: {"content": "plain"}\n\nevent: done\ndata: {"status": "completed"}\n\n')
    expect(calls.chunks).toEqual(['plain'])
  })

  it('reports a stream that ends without done as an error, not a silent stop', async () => {
    const calls = await read(encodeEvent('message', { content: 'half' }))
    expect(calls.chunks).toEqual(['half'])
    expect(calls.complete).toEqual([])
    expect(calls.errors).toHaveLength(1)
    expect(calls.errors[0].message).toMatch(/connection to the backend was lost/)
    expect(calls.errors[0].data.code).toBe('connection_lost')
  })

  it('passes the error event sentence and code on', async () => {
    const calls = await read(encodeEvent('error', { error: 'LM Studio is down', code: 'lm_studio_unreachable' }))
    expect(calls.errors).toEqual([
      { message: 'LM Studio is down', data: { error: 'LM Studio is down', code: 'lm_studio_unreachable' } },
    ])
  })

  it('ignores events it does not know', async () => {
    const calls = await read(
      encodeEvent('future', { x: 1 }) + encodeEvent('constructor', { x: 2 }) + encodeEvent('done', { status: 'completed' }),
    )
    expect(calls.complete).toHaveLength(1)
    expect(calls.errors).toEqual([])
  })

  it('reports unreadable event data', async () => {
    const calls = await read('event: message\ndata: {not json\n\n')
    expect(calls.errors[0].data.code).toBe('bad_event')
  })

  it('says nothing when the reader aborts', async () => {
    const { calls, handlers } = collect()
    const controller = new AbortController()
    const body = new ReadableStream({
      start(c) {
        c.enqueue(new TextEncoder().encode(encodeEvent('message', { content: 'x' })))
        controller.signal.addEventListener('abort', () => c.error(new DOMException('Aborted', 'AbortError')))
      },
    })
    const reading = readEventStream(new Response(body), handlers, controller.signal)
    await new Promise((resolve) => setTimeout(resolve, 10))
    controller.abort()
    await reading
    expect(calls.chunks).toEqual(['x'])
    expect(calls.errors).toEqual([])
  })
})
