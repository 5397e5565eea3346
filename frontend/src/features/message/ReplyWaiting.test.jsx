import { act, screen, waitFor } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { addConversation, reply, waitForStream } from '../../test/backend'
import { renderApp } from '../../test/render'
import { textbox } from '../../test/fixtures'

/** Until the reply's seconds counter (the page's only setInterval, faked here) is running: the
 * render that shows the waiting text can come from the stream, outside act(), and then its
 * effects, the interval among them, run a moment after the text is there. */
async function untilTheCounterTicks() {
  for (let turns = 0; vi.getTimerCount() === 0 && turns < 200; turns += 1) {
    await new Promise((resolve) => setTimeout(resolve, 1))
  }
}

describe('a model being loaded', () => {
  it('says "Loading model… N s" until the first token, then shows the text', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'performance'] })
    try {
      const id = addConversation({ title: 'Load' })
      const { user } = renderApp({ conversationId: id })
      await screen.findByText('No messages yet')
      await user.type(textbox(), 'Hello{Enter}')
      const stream = await waitForStream()
      act(() => reply.start(stream, 'gemma-3-12b', { model_state: 'not-loaded' }))
      expect(await screen.findByText('Loading gemma-3-12b… 0 s')).toBeInTheDocument()
      await untilTheCounterTicks()
      act(() => vi.advanceTimersByTime(12_000))
      expect(screen.getByText('Loading gemma-3-12b… 12 s')).toBeInTheDocument()
      vi.useRealTimers() // waitFor polls with setInterval
      act(() => reply.chunk(stream, 'Hi there'))
      await waitFor(() => expect(screen.getByTestId('streaming-message')).toHaveTextContent('Hi there'))
      expect(screen.queryByText(/Loading gemma/)).toBeNull()
    } finally {
      vi.useRealTimers()
    }
  })

  it('says it is reading the conversation when a loaded model is slow to start', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'performance'] })
    try {
      const id = addConversation({ title: 'Slow' })
      const { user } = renderApp({ conversationId: id })
      await screen.findByText('No messages yet')
      await user.type(textbox(), 'Hello{Enter}')
      const stream = await waitForStream()
      act(() => reply.start(stream, 'qwen3-8b', { model_state: 'loaded' }))
      await waitFor(() => expect(screen.getByTestId('streaming-message').parentElement).toHaveTextContent('qwen3-8b'))
      expect(screen.getByTestId('reply-waiting')).not.toHaveTextContent('Reading')
      await untilTheCounterTicks()
      act(() => vi.advanceTimersByTime(3_000))
      expect(screen.getByText('Reading the conversation… 3 s')).toBeInTheDocument()
    } finally {
      vi.useRealTimers()
    }
  })
})
