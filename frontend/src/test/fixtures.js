// What the page's tests share: how they find the page's main parts, the conversations and models
// they start from, and files to attach.
import { screen, within } from '@testing-library/react'
import { addConversation, backend } from './backend'
import { renderApp } from './render'

export const inMessages = () => within(screen.getByTestId('message-list'))
export const conversationList = () => within(screen.getByRole('navigation', { name: 'Conversation list' }))
export const textbox = () => screen.getByRole('textbox', { name: 'Message' })
export const picker = () => screen.getByRole('combobox', { name: 'Model' })

/** A question and its stored reply. */
const exchange = (question, reply) => [
  { role: 'user', content: question },
  { role: 'assistant', status: 'complete', ...reply },
]

/** A reply with its thoughts, model and stats. */
export const EXCHANGE = exchange('What is 2+2?', {
  id: 'a1',
  content: 'It is **4**.',
  model: 'qwen3-8b',
  reasoning: 'Two plus two.',
  stats: { ttft_ms: 1200, tokens_per_second: 42.5, completion_tokens: 12, reasoning_ms: 3400 },
})

// A reply LM Studio measured: 3,000 prompt tokens for 9,000 characters, 200 tokens of answer.
export const MEASURED = exchange('Tell me about tides.', {
  content: 'Tides come from the moon.',
  model: 'qwen3-8b',
  stats: { completion_tokens: 200, prompt_tokens: 3000, prompt_chars: 9000, context_length: 4096 },
})

/** A loaded text model, a vision model LM Studio loads on first use, and an embedding model. */
export const CATALOG = [
  {
    id: 'qwen3-8b',
    type: 'llm',
    state: 'loaded',
    vision: false,
    context_length: 8192,
    max_context_length: 32768,
    quantization: 'Q4_K_M',
    arch: 'qwen3',
    display_name: 'Qwen3 8B',
    params: '8B',
    size_bytes: 5_030_000_000,
    instances: [{ id: 'qwen3-8b', context_length: 8192 }],
  },
  {
    id: 'gemma-3-12b',
    type: 'vlm',
    state: 'not-loaded',
    vision: true,
    context_length: null,
    max_context_length: 131072,
    quantization: 'Q8_0',
    arch: 'gemma3',
    display_name: 'Gemma 3 12B',
    params: '12B',
    size_bytes: 12_400_000_000,
    instances: [],
  },
  { id: 'nomic-embed-text', type: 'embeddings', state: 'loaded', vision: false, context_length: 2048, max_context_length: 2048, quantization: 'F16', arch: 'nomic-bert' },
]

/** The app opened at a new conversation `title` holding `messages`; once its first one shows. */
async function openHolding(title, messages, extra) {
  const id = addConversation({ title, messages: structuredClone(messages), ...extra })
  const view = renderApp({ conversationId: id })
  await inMessages().findByText(messages[0].content)
  return { id, ...view }
}

/** "Maths", holding `messages` (EXCHANGE); `extra`: more of the conversation. */
export const openWith = (messages, extra = {}) => openHolding('Maths', messages, extra)

/** "Tides", holding `messages` (MEASURED), with these conversation `settings`. */
export const openTides = (messages, settings = {}) => openHolding('Tides', messages, { settings })

export const chips = () => screen.queryAllByTestId('attachment-chip')
export const png = (name = 'cat.png') => new File([new Uint8Array([137, 80, 78, 71])], name, { type: 'image/png' })
export const text = (name = 'notes.txt', content = 'Tides follow the moon.') => new File([content], name, { type: 'text/plain' })
export const sentBody = () => backend.bodies.filter(([path]) => path === 'POST /api/chat/stream').at(-1)?.[1]

/** An empty conversation, opened, with a model that sees unless a test says otherwise (the test
 * backend's default is a text model). */
export async function openEmpty() {
  backend.catalog ??= [{ id: 'model-a', type: 'vlm', state: 'loaded', vision: true, context_length: null }]
  const id = addConversation({ title: 'Files' })
  const view = renderApp({ conversationId: id })
  await screen.findByText('No messages yet')
  return { id, ...view }
}
