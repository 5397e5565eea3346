import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { backend } from '../../test/backend'
import { MEASURED, openTides } from '../../test/fixtures'

describe('presets', () => {
  it('applies a preset to the conversation, and saves its settings as a new one', async () => {
    backend.presets = [{ id: 'preset-1', name: 'Precise', system_prompt: 'Be exact.', temperature: 0.1, top_k: 20 }]
    const { id, user } = await openTides(MEASURED)
    await user.click(screen.getByRole('button', { name: 'Conversation settings' }))
    await user.click(screen.getByRole('button', { name: /^Preset/ }))
    await user.click(screen.getByRole('menuitemradio', { name: 'Precise' }))
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

  it('shows which preset the conversation uses: its settings equal the preset’s', async () => {
    const precise = { id: 'preset-1', name: 'Precise', system_prompt: 'Be exact.', temperature: 0.1, top_k: 20 }
    const loose = { id: 'preset-2', name: 'Loose', temperature: 1.5 }
    backend.presets = [precise, loose]
    const { user } = await openTides(MEASURED, { system_prompt: 'Be exact.', temperature: 0.1, top_k: 20 })
    await user.click(screen.getByRole('button', { name: 'Conversation settings' }))
    const presetButton = screen.getByRole('button', { name: /^Preset/ })
    expect(presetButton).toHaveTextContent('Precise')

    await user.click(presetButton)
    const choice = (name) => within(screen.getByRole('menu')).getByRole('menuitemradio', { name })
    expect(choice('Precise')).toHaveAttribute('aria-checked', 'true')
    expect(choice('Loose')).toHaveAttribute('aria-checked', 'false')
    expect(within(choice('Precise')).getByTestId('check-mark')).toBeInTheDocument()
    expect(within(choice('Loose')).queryByTestId('check-mark')).toBeNull()
    await user.keyboard('{Escape}') // closes the menu, not the panel
    expect(screen.queryByRole('menu')).toBeNull()
    expect(screen.getByRole('region', { name: 'Conversation settings' })).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: /^Preset/ }))
    await user.click(choice('Loose'))
    await waitFor(() => expect(screen.getByRole('button', { name: /^Preset/ })).toHaveTextContent('Loose'))

    // A setting changed by hand: the conversation no longer uses either.
    await user.type(screen.getByLabelText('Top K'), '5')
    await user.click(screen.getByRole('button', { name: /^Preset/ }))
    for (const item of within(screen.getByRole('menu')).getAllByRole('menuitemradio')) {
      expect(item).toHaveAttribute('aria-checked', 'false')
    }
  })
})
