import { screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { MEASURED, openTides } from '../../test/fixtures'

describe('notes under a reply', () => {
  it('says a reply stopped at the max-tokens limit, and opens the setting to raise it', async () => {
    const cut = structuredClone(MEASURED)
    cut[1].finish_reason = 'length'
    const { user } = await openTides(cut)
    const note = screen.getByTestId('length-note')
    expect(note).toHaveTextContent('Stopped at the max-tokens limit')
    await user.click(within(note).getByRole('button', { name: 'Raise the limit' }))
    expect(screen.getByLabelText('Max tokens')).toHaveFocus()
  })

  it('says when a reply was written from a shortened history', async () => {
    const trimmed = structuredClone(MEASURED)
    trimmed[1].trimmed_messages = 6
    await openTides(trimmed)
    expect(screen.getByTestId('trimmed-note')).toHaveTextContent('6 earlier messages were left out')
  })
})
