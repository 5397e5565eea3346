import { screen, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { backend } from '../../test/backend'
import { MEASURED, openTides } from '../../test/fixtures'

describe('presets', () => {
  it('applies a preset to the conversation, and saves its settings as a new one', async () => {
    backend.presets = [{ id: 'preset-1', name: 'Precise', system_prompt: 'Be exact.', temperature: 0.1, top_k: 20 }]
    const { id, user } = await openTides(MEASURED)
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
})
