import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { backend } from '../../test/backend'
import { renderApp } from '../../test/render'
import { picker, EXCHANGE, CATALOG, openWith } from '../../test/fixtures'

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

describe('the model picker', () => {
  it('remembers the chosen model per conversation', async () => {
    backend.health.models = ['model-a', 'model-b']
    const { id, user } = await openWith(EXCHANGE)
    const picker = await screen.findByRole('combobox', { name: 'Model' })
    await waitFor(() => expect(within(picker).getByRole('option', { name: 'model-b' })).toBeInTheDocument())
    await user.selectOptions(picker, 'model-b')
    await waitFor(() => expect(backend.conversations.find((c) => c.id === id).model).toBe('model-b'))
    expect(picker).toHaveValue('model-b')
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
