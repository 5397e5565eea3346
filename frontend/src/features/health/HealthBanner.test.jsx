import { act, screen, waitFor } from '@testing-library/react'
import { HttpResponse, http } from 'msw'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { addConversation, backend, reply, server, waitForStream } from '../../test/backend'
import { renderApp } from '../../test/render'

describe('the health notice', () => {
  afterEach(() => vi.useRealTimers())

  it('shows the health banner while LM Studio is down and clears it by itself', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true })
    backend.health.reachable = false
    renderApp()
    const banner = await screen.findByText(/LM Studio is not reachable at http:\/\/localhost:1234\/v1/)
    expect(banner.closest('[role="alert"]')).toHaveTextContent(/start its local server/)
    backend.health.reachable = true
    await act(() => vi.advanceTimersByTimeAsync(5000))
    await waitFor(() => expect(screen.queryByText(/LM Studio is not reachable/)).toBeNull())
  })

  it('the notice names the configured port, can be dismissed, and a failed reply does not repeat it', async () => {
    backend.health = { reachable: false, url: 'http://127.0.0.1:4321/v1', models: [] }
    const id = addConversation({ title: 'Down' })
    const { user } = renderApp({ conversationId: id })
    const banner = (await screen.findByText(/LM Studio is not reachable at http:\/\/127.0.0.1:4321\/v1/)).closest('[role="alert"]')
    expect(banner).toHaveTextContent('on port 4321')
    expect(banner).not.toHaveTextContent('1234')
    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'Hello?{Enter}')
    const stream = await waitForStream()
    act(() => reply.fail(stream, 'Cannot reach LM Studio at http://127.0.0.1:4321/v1. Start it.', 'lm_studio_unreachable'))
    const short = 'LM Studio could not be reached, so the reply was not written (see the notice above).'
    expect(await screen.findByText(short)).toBeInTheDocument()
    expect(screen.queryByText(/Start it\./)).toBeNull()
    await user.click(screen.getByRole('button', { name: 'Dismiss this notice' }))
    expect(screen.queryByText(/LM Studio is not reachable/)).toBeNull()
    // With the notice gone, the failed reply says it all itself.
    expect(await screen.findByText(/Start it\./)).toBeInTheDocument()
  })

  it('a reply that breaks checks the health at once rather than at the next poll', async () => {
    const id = addConversation({ title: 'Breaks' })
    const { user } = renderApp({ conversationId: id })
    await screen.findByText('No messages yet')
    const checks = () => backend.requests.filter((request) => request === 'GET /api/health').length
    await waitFor(() => expect(checks()).toBe(1))
    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'Hello?{Enter}')
    const stream = await waitForStream()
    backend.health.reachable = false
    act(() => reply.fail(stream, 'LM Studio closed the connection.', 'upstream_dropped'))
    await waitFor(() => expect(checks()).toBe(2))
    expect(await screen.findByText(/LM Studio is not reachable/)).toBeInTheDocument()
  })

  it('says LM Studio needs an API token, not that it is down, and a failed reply points at it', async () => {
    backend.health = { reachable: false, auth: true, models: [] }
    const id = addConversation({ title: 'Locked' })
    const { user } = renderApp({ conversationId: id })
    const banner = (await screen.findByText('LM Studio requires an API token.')).closest('[role="alert"]')
    expect(banner).toHaveTextContent('LM_STUDIO_API_KEY')
    expect(banner).toHaveTextContent('Developer page → Server Settings → Manage Tokens')
    expect(banner).toHaveTextContent('restart the backend')
    expect(banner).not.toHaveTextContent(/not reachable|down|not answering/)
    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'Hello?{Enter}')
    const stream = await waitForStream()
    act(() => reply.fail(stream, "LM Studio's server requires an API token. Set LM_STUDIO_API_KEY.", 'lm_studio_auth'))
    expect(await screen.findByText('LM Studio asked for an API token, so the reply was not written (see the notice above).')).toBeInTheDocument()
    expect(screen.queryByText(/Set LM_STUDIO_API_KEY\./)).toBeNull()
  })

  it('says quietly which of several LM Studio servers is not answering while the others serve', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true })
    const gpu1 = { url: 'http://gpu1:1234/v1', reachable: true, models: 1, running: 0 }
    const gpu2 = { url: 'http://gpu2:1234/v1', reachable: false, models: 0, running: 0, error: 'Cannot reach LM Studio at http://gpu2:1234/v1.', code: 'lm_studio_unreachable' }
    backend.health.servers = [gpu1, gpu2]
    renderApp()
    const notice = (await screen.findByText('1 of 2 LM Studio servers is not answering (http://gpu2:1234/v1).')).closest('[role="status"]')
    expect(notice).toHaveTextContent('Replies go to the others meanwhile.')
    expect(screen.queryByRole('alert')).toBeNull()
    backend.health.servers = [gpu1, { ...gpu2, reachable: true, error: null, code: null }]
    await act(() => vi.advanceTimersByTimeAsync(5000))
    await waitFor(() => expect(screen.queryByText(/LM Studio servers is not answering/)).toBeNull())
  })

  it('says when the shared Redis of several backends is not answering, and clears once it is back', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true })
    backend.health.cluster = { backend: 'vm-1', redis: 'unreachable', error: 'Redis (CHAT_REDIS_URL) does not answer.' }
    renderApp()
    const notice = (await screen.findByText('The backends’ shared Redis is not answering.')).closest('[role="alert"]')
    expect(notice).toHaveTextContent('your conversations are safe')
    backend.health.cluster = { backend: 'vm-1', redis: 'connected', replies_in_progress: 0 }
    await act(() => vi.advanceTimersByTimeAsync(5000))
    await waitFor(() => expect(screen.queryByText(/shared Redis is not answering/)).toBeNull())
  })

  it('shows a banner when the backend itself does not answer', async () => {
    server.use(http.get('http://localhost:8000/api/health', () => HttpResponse.error()))
    renderApp()
    expect(await screen.findByText('The backend is not answering.')).toBeInTheDocument()
    expect(screen.getByText(/start-backend\.sh/)).toBeInTheDocument()
  })
})
