// Part 5 in the page: the catalog picker, "Loading model…", the context meter, overflow remedies,
// cut replies, sampling settings, defaults and presets.
import { act, screen, waitFor, within } from '@testing-library/react'
import { HttpResponse, http } from 'msw'
import { describe, expect, it, vi } from 'vitest'
import { activePath, addConversation, backend, reply, server, waitForStream } from '../test/backend'
import { renderApp } from '../test/render'

const inMessages = () => within(screen.getByTestId('message-list'))
const textbox = () => screen.getByRole('textbox', { name: 'Message' })
const picker = () => screen.getByRole('combobox', { name: 'Model' })

const CATALOG = [
  { id: 'qwen3-8b', type: 'llm', state: 'loaded', vision: false, context_length: 8192, max_context_length: 32768, quantization: 'Q4_K_M', arch: 'qwen3' },
  { id: 'gemma-3-12b', type: 'vlm', state: 'not-loaded', vision: true, context_length: null, max_context_length: 131072, quantization: 'Q8_0', arch: 'gemma3' },
  { id: 'nomic-embed-text', type: 'embeddings', state: 'loaded', vision: false, context_length: 2048, max_context_length: 2048, quantization: 'F16', arch: 'nomic-bert' },
]

// A reply LM Studio measured: 3,000 prompt tokens for 9,000 characters, 200 tokens of answer.
const MEASURED = [
  { role: 'user', content: 'Tell me about tides.' },
  {
    role: 'assistant',
    content: 'Tides come from the moon.',
    model: 'qwen3-8b',
    status: 'complete',
    stats: { completion_tokens: 200, prompt_tokens: 3000, prompt_chars: 9000, context_length: 4096 },
  },
]

async function open(messages, settings = {}) {
  const id = addConversation({ title: 'Tides', messages: structuredClone(messages), settings })
  const view = renderApp({ conversationId: id })
  await inMessages().findByText(messages[0].content)
  return { id, ...view }
}

describe('the model picker', () => {
  it('groups loaded and not-loaded models, hides embeddings and says what each is', async () => {
    backend.health.models = ['qwen3-8b', 'gemma-3-12b']
    backend.catalog = CATALOG
    renderApp()
    await waitFor(() => expect(within(picker()).getByRole('option', { name: 'Default (qwen3-8b)' })).toBeInTheDocument())
    const loaded = within(picker()).getByRole('group', { name: 'Loaded' })
    expect(within(loaded).getByRole('option', { name: 'qwen3-8b · 8K context · Q4_K_M' })).toBeInTheDocument()
    const later = within(picker()).getByRole('group', { name: 'Not loaded — loads on first use' })
    expect(within(later).getByRole('option', { name: 'gemma-3-12b · 128K context max · Q8_0 · vision' })).toBeInTheDocument()
    expect(within(picker()).queryByRole('option', { name: /nomic-embed/ })).toBeNull()
    expect(within(picker()).getByRole('option', { name: 'Default (qwen3-8b)' })).toBeInTheDocument()
  })

  it('asks LM Studio again when it is opened', async () => {
    backend.catalog = CATALOG
    const { user } = renderApp()
    await waitFor(() => expect(backend.requests).toContain('GET /api/models/catalog'))
    backend.catalog = [...CATALOG, { id: 'llama-3.2-3b', type: 'llm', state: 'loaded', context_length: 4096 }]
    await user.click(picker())
    await waitFor(() => expect(within(picker()).getByRole('option', { name: /llama-3.2-3b/ })).toBeInTheDocument())
  })
})

describe('the catalog while LM Studio is down', () => {
  it('is not asked for (the backend could only answer 503, which the browser logs as an error)', async () => {
    backend.health = { reachable: false, models: [] }
    renderApp()
    await waitFor(() => expect(backend.requests).toContain('GET /api/health'))
    await screen.findByText(/LM Studio is not reachable/)
    expect(backend.requests).not.toContain('GET /api/models/catalog')
  })
})

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

describe('the context meter', () => {
  it('counts the last reply’s tokens and what is typed against the window', async () => {
    const { user } = await open(MEASURED)
    const meter = await screen.findByTestId('context-meter')
    expect(meter).toHaveAttribute('data-level', 'ok')
    expect(meter).toHaveTextContent('3.1K / 4K') // 3,000 + 200
    // 300 characters more at 1 token per 3 characters, plus the message's wrapping: 3,308.
    await user.type(textbox(), 'x'.repeat(300))
    expect(meter).toHaveTextContent('about 3,308 of 4,096 tokens')
    expect(meter).toHaveAttribute('data-level', 'warn')
    expect(meter).toHaveTextContent('Context 81 % full')
  })

  it('at 100 % says the conversation no longer fits, with what to do', async () => {
    const full = structuredClone(MEASURED)
    full[1].stats.prompt_tokens = 4000
    const { id, user } = await open(full)
    const meter = await screen.findByTestId('context-meter')
    expect(meter).toHaveAttribute('data-level', 'full')
    expect(within(meter).getByRole('status')).toHaveTextContent('no longer fits the model’s context window (4K tokens)')
    await user.click(within(meter).getByRole('button', { name: 'Leave out older messages' }))
    await waitFor(() => expect(backend.conversations.find((c) => c.id === id).context_overflow).toBe('truncate_middle'))
    await waitFor(() => expect(meter).toHaveTextContent('Older messages are left out to fit the context window.'))
    expect(within(meter).queryByRole('status')).toBeNull()
  })

  it('uses the window the catalog says the model is loaded with', async () => {
    backend.health.models = ['qwen3-8b']
    backend.catalog = CATALOG
    await open(MEASURED, { model: 'qwen3-8b' })
    await waitFor(() => expect(screen.getByTestId('context-meter')).toHaveTextContent('3.1K / 8K'))
  })

  it('is not shown while the window is unknown', async () => {
    await open([{ role: 'user', content: 'Hi' }, { role: 'assistant', content: 'Hello', status: 'complete' }])
    expect(screen.queryByTestId('context-meter')).toBeNull()
  })
})

describe('a conversation that outgrew the context window', () => {
  const OVERFLOW = 'This conversation no longer fits the context window of qwen3-8b (4,096 tokens).'

  async function overflowed() {
    const view = await open(MEASURED)
    await view.user.type(textbox(), 'And the sun?{Enter}')
    const stream = await waitForStream()
    act(() => reply.fail(stream, OVERFLOW, 'context_overflow', { context_length: 4096, prompt_tokens: 4500 }))
    const notice = await screen.findByRole('alert')
    expect(notice).toHaveTextContent(OVERFLOW)
    expect(within(notice).queryByRole('button', { name: 'Retry' })).toBeNull()
    return { ...view, notice }
  }

  it('goes on in a new conversation from its last messages', async () => {
    const { id, user, notice } = await overflowed()
    await user.click(within(notice).getByRole('button', { name: 'New chat from the last messages' }))
    await waitFor(() => expect(window.location.hash).not.toContain(id))
    expect(backend.bodies).toContainEqual([`POST /api/conversations/${id}/continue`, { start_from: 'last_messages' }])
    expect(await screen.findByRole('heading', { name: 'Tides (continued)' })).toBeInTheDocument()
  })

  it('goes on from a summary the model writes, following it as it streams', async () => {
    const { id, user, notice } = await overflowed()
    await user.click(within(notice).getByRole('button', { name: 'New chat from a summary' }))
    await screen.findByRole('heading', { name: 'Tides (continued)' })
    await screen.findByTestId('streaming-message')
    const stream = await waitForStream((s) => s.kind === 'attach' && s.conversationId !== id)
    act(() => reply.chunk(stream, 'Summary: tides and the moon.'))
    await waitFor(() => expect(screen.getByTestId('streaming-message')).toHaveTextContent('Summary: tides and the moon.'))
  })

  it('or leaves out older messages and writes the reply again', async () => {
    const { id, user, notice } = await overflowed()
    await user.click(within(notice).getByRole('button', { name: 'Leave out older messages and retry' }))
    await waitFor(() => expect(backend.streams.at(-1).kind).toBe('regenerate'))
    expect(backend.conversations.find((c) => c.id === id).context_overflow).toBe('truncate_middle')
  })
})

describe('notes under a reply', () => {
  it('says a reply stopped at the max-tokens limit, and opens the setting to raise it', async () => {
    const cut = structuredClone(MEASURED)
    cut[1].finish_reason = 'length'
    const { user } = await open(cut)
    const note = screen.getByTestId('length-note')
    expect(note).toHaveTextContent('Stopped at the max-tokens limit')
    await user.click(within(note).getByRole('button', { name: 'Raise the limit' }))
    expect(screen.getByLabelText('Max tokens')).toHaveFocus()
  })

  it('says when a reply was written from a shortened history', async () => {
    const trimmed = structuredClone(MEASURED)
    trimmed[1].trimmed_messages = 6
    await open(trimmed)
    expect(screen.getByTestId('trimmed-note')).toHaveTextContent('6 earlier messages were left out')
  })
})

describe('sampling settings', () => {
  it('saves top P, top K, min P, repeat penalty, stop strings and the overflow choice', async () => {
    const { id, user } = await open(MEASURED)
    await user.click(screen.getByRole('button', { name: 'Conversation settings' }))
    await user.type(screen.getByLabelText('Top P'), '0.9')
    await user.type(screen.getByLabelText('Top K'), '0')
    expect(screen.getByText('A whole number from 1 to 1000, or empty.')).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Save settings' })).toBeDisabled()
    await user.clear(screen.getByLabelText('Top K'))
    await user.type(screen.getByLabelText('Top K'), '40')
    await user.type(screen.getByLabelText('Min P'), '0.05')
    await user.type(screen.getByLabelText('Repeat penalty'), '1.1')
    await user.type(screen.getByLabelText(/Stop strings/), '\\n\\n{Enter}END')
    await user.selectOptions(screen.getByLabelText(/outgrows the model’s context window/), 'truncate_middle')
    await user.click(screen.getByRole('button', { name: 'Save settings' }))
    expect(await screen.findByText('Saved')).toBeInTheDocument()
    const saved = backend.conversations.find((c) => c.id === id)
    expect(saved).toMatchObject({ top_p: 0.9, top_k: 40, min_p: 0.05, repeat_penalty: 1.1, stop: ['\n\n', 'END'], context_overflow: 'truncate_middle' })
  })

  it('refuses more than four stop strings', async () => {
    const { user } = await open(MEASURED)
    await user.click(screen.getByRole('button', { name: 'Conversation settings' }))
    await user.type(screen.getByLabelText(/Stop strings/), 'a{Enter}b{Enter}c{Enter}d{Enter}e')
    expect(screen.getByText('At most 4 stop strings, one per line.')).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Save settings' })).toBeDisabled()
  })
})

describe('presets', () => {
  it('applies a preset to the conversation, and saves its settings as a new one', async () => {
    backend.presets = [{ id: 'preset-1', name: 'Precise', system_prompt: 'Be exact.', temperature: 0.1, top_k: 20 }]
    const { id, user } = await open(MEASURED)
    await user.click(screen.getByRole('button', { name: 'Conversation settings' }))
    await user.selectOptions(screen.getByLabelText('Preset'), 'Precise')
    expect(await screen.findByText('Applied “Precise”.')).toBeInTheDocument()
    expect(backend.conversations.find((c) => c.id === id)).toMatchObject({ system_prompt: 'Be exact.', top_k: 20 })
    await waitFor(() => expect(screen.getByLabelText('System prompt')).toHaveValue('Be exact.'))
    expect(screen.getByLabelText('Top K')).toHaveValue(20)

    await user.click(screen.getByRole('button', { name: 'Save as preset…' }))
    await user.type(screen.getByLabelText('Preset name'), 'precise{Enter}')
    expect(await screen.findByRole('alert')).toHaveTextContent("A preset named 'precise' already exists")
    await user.clear(screen.getByLabelText('Preset name'))
    await user.type(screen.getByLabelText('Preset name'), 'Exact copy{Enter}')
    expect(await screen.findByText('Saved as preset “Exact copy”.')).toBeInTheDocument()
    expect(backend.presets.find((p) => p.name === 'Exact copy')).toMatchObject({ system_prompt: 'Be exact.', top_k: 20 })
  })

  it('manages defaults and presets in their own screen', async () => {
    const { user } = renderApp()
    await user.click(await screen.findByRole('button', { name: 'Defaults & presets' }))
    const dialog = await screen.findByRole('dialog', { name: 'Defaults & presets' })
    await user.type(within(dialog).getByLabelText('System prompt'), 'Answer in Spanish.')
    await user.type(within(dialog).getByLabelText('Top P'), '0.8')
    await user.click(within(dialog).getByRole('button', { name: 'Save defaults' }))
    expect(await within(dialog).findByText(/new conversations start with these/)).toBeInTheDocument()
    expect(backend.defaults).toMatchObject({ system_prompt: 'Answer in Spanish.', top_p: 0.8, model: null })

    await user.click(within(dialog).getByRole('tab', { name: 'Presets' }))
    await user.type(within(dialog).getByLabelText('Name'), 'Creative')
    await user.click(within(dialog).getByLabelText('Use the default'))
    await user.click(within(dialog).getByRole('button', { name: 'Create preset' }))
    expect(await within(dialog).findByText('Saved “Creative”.')).toBeInTheDocument()
    expect(backend.presets).toHaveLength(1)
    await user.click(within(dialog).getByRole('button', { name: 'Delete preset' }))
    await waitFor(() => expect(backend.presets).toHaveLength(0))

    await user.type(within(dialog).getByLabelText('Name'), 'Unsaved')
    await user.keyboard('{Escape}')
    expect(within(dialog).getByRole('alert')).toHaveTextContent('unsaved changes')
    await user.click(within(dialog).getByRole('button', { name: 'Discard changes' }))
    expect(screen.queryByRole('dialog')).toBeNull()
  })

  it('starts new conversations with the defaults', async () => {
    backend.defaults = { system_prompt: 'Answer in Spanish.', top_p: 0.8 }
    const { user } = renderApp()
    await user.type(textbox(), 'Hola{Enter}')
    await waitForStream()
    expect(backend.conversations[0]).toMatchObject({ system_prompt: 'Answer in Spanish.', top_p: 0.8 })
    expect(activePath(backend.conversations[0].id)).toHaveLength(1)
  })
})

describe('opening a conversation as its reply ends', () => {
  it('shows the reply stored between reading the messages and the summary', async () => {
    const id = addConversation({ title: 'Race', messages: [{ role: 'user', content: 'Summarise it.' }] })
    const before = activePath(id)
    // The messages are read while the reply still runs; the summary after it was stored.
    server.use(
      http.get(`http://localhost:8000/api/conversations/${id}/messages`, () => HttpResponse.json(before), { once: true }),
    )
    backend.messages[id].push({ id: 'late-reply', parent_id: before[0].id, role: 'assistant', content: 'The summary.', status: 'complete' })
    backend.active[id] = 'late-reply'
    renderApp({ conversationId: id })
    expect(await inMessages().findByText('The summary.')).toBeInTheDocument()
  })
})
