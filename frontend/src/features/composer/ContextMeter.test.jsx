import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { backend } from '../../test/backend'
import { textbox, MEASURED, CATALOG, openTides } from '../../test/fixtures'

describe('the context meter', () => {
  it('counts the last reply’s tokens and what is typed against the window', async () => {
    const { user } = await openTides(MEASURED)
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
    const { id, user } = await openTides(full)
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
    await openTides(MEASURED, { model: 'qwen3-8b' })
    await waitFor(() => expect(screen.getByTestId('context-meter')).toHaveTextContent('3.1K / 8K'))
  })

  it('is not shown while the window is unknown', async () => {
    await openTides([{ role: 'user', content: 'Hi' }, { role: 'assistant', content: 'Hello', status: 'complete' }])
    expect(screen.queryByTestId('context-meter')).toBeNull()
  })
})
