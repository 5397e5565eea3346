import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { activePath, backend, waitForStream } from '../../test/backend'
import { renderApp } from '../../test/render'
import { textbox } from '../../test/fixtures'

describe('presets', () => {
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
    await user.click(within(dialog).getByLabelText('Model default'))
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
