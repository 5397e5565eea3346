import { describe, expect, it } from 'vitest'
import { http, HttpResponse } from 'msw'
import { ApiError, describeDetail, requestJson } from './http'
import { server } from '../test/backend'

describe('requests to the backend', () => {
  it('turns a non-2xx answer into an ApiError carrying the detail', async () => {
    server.use(
      http.get('http://localhost:8000/api/conversations/x/messages', () =>
        HttpResponse.json({ detail: 'Conversation not found' }, { status: 404 }),
      ),
    )
    const error = await requestJson('/api/conversations/x/messages').catch((e) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect(error.message).toBe('Conversation not found')
    expect(error.status).toBe(404)
  })

  it('describes validation errors by field', () => {
    expect(
      describeDetail([
        { loc: ['body', 'message'], msg: 'Field required' },
        { loc: ['query', 'format'], msg: "Input should be 'markdown' or 'json'" },
      ]),
    ).toBe("message: Field required; query.format: Input should be 'markdown' or 'json'")
  })

  it('says how to start the backend when it cannot be reached', async () => {
    server.use(http.get('http://localhost:8000/api/conversations', () => HttpResponse.error()))
    const error = await requestJson('/api/conversations').catch((e) => e)
    expect(error.code).toBe('backend_unreachable')
    expect(error.message).toMatch(/start-backend\.sh/)
  })
})
