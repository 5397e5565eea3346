import { act, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { backend, reply, waitForStream } from '../../test/backend'
import { textbox, EXCHANGE, MEASURED, openWith, openTides } from '../../test/fixtures'
import { renderApp } from '../../test/render'

describe('model and settings', () => {
  it('saves system prompt, temperature and max tokens', async () => {
    const { id, user } = await openWith(EXCHANGE)
    await user.click(screen.getByRole('button', { name: 'Conversation settings' }))
    await user.type(screen.getByLabelText('System prompt'), 'Be brief.')
    await user.type(screen.getByLabelText('Max tokens'), '0')
    expect(screen.getByText(/at least 1/)).toBeInTheDocument()
    await user.clear(screen.getByLabelText('Max tokens'))
    await user.type(screen.getByLabelText('Max tokens'), '256')
    await user.click(screen.getByRole('button', { name: 'Save settings' }))
    expect(await screen.findByText('Saved')).toBeInTheDocument()
    const saved = backend.conversations.find((c) => c.id === id)
    expect([saved.system_prompt, saved.temperature, saved.max_tokens]).toEqual(['Be brief.', null, 256])
  })

  it('asks before closing settings with unsaved changes; Escape closes the panel, not the reply', async () => {
    const { id, user } = await openWith(EXCHANGE)
    await user.type(textbox(), 'Another question{Enter}')
    const stream = await waitForStream()
    act(() => reply.chunk(stream, 'streaming on '))
    await waitFor(() => expect(screen.getByTestId('streaming-message')).toHaveTextContent('streaming on'))
    await user.click(screen.getByRole('button', { name: 'Conversation settings' }))
    await user.type(screen.getByLabelText('System prompt'), 'Be brief.')
    await user.keyboard('{Escape}')
    const question = screen.getByRole('alert')
    expect(question).toHaveTextContent('These settings have unsaved changes.')
    expect(within(question).getByRole('button', { name: 'Keep editing' })).toHaveFocus()
    expect(backend.requests).not.toContain(`POST /api/conversations/${id}/stop`) // the reply goes on
    await user.click(within(question).getByRole('button', { name: 'Keep editing' }))
    expect(screen.getByLabelText('System prompt')).toHaveValue('Be brief.')
    await user.click(screen.getByRole('button', { name: 'Close settings' }))
    await user.click(screen.getByRole('button', { name: 'Discard changes' }))
    expect(screen.queryByRole('region', { name: 'Conversation settings' })).toBeNull()
    await user.click(screen.getByRole('button', { name: 'Conversation settings' }))
    await user.keyboard('{Escape}') // nothing changed: it simply closes
    expect(screen.queryByRole('region', { name: 'Conversation settings' })).toBeNull()
    expect(screen.getByTestId('streaming-message')).toBeInTheDocument()
  })
})

describe('sampling settings', () => {
  it('saves top P, top K, min P, repeat penalty, stop strings and the overflow choice', async () => {
    const { id, user } = await openTides(MEASURED)
    await user.click(screen.getByRole('button', { name: 'Conversation settings' }))
    await user.type(screen.getByLabelText('Top P'), '0.9')
    await user.type(screen.getByLabelText('Top K'), '0')
    expect(screen.getByText('A whole number from 1 to 1000, or empty for the model default.')).toBeInTheDocument()
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
    const { user } = await openTides(MEASURED)
    await user.click(screen.getByRole('button', { name: 'Conversation settings' }))
    await user.type(screen.getByLabelText(/Stop strings/), 'a{Enter}b{Enter}c{Enter}d{Enter}e')
    expect(screen.getByText('At most 4 stop strings, one per line.')).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Save settings' })).toBeDisabled()
  })
})

describe('what an unset setting says', () => {
  // Nothing unset is sent: LM Studio uses the model's own default, which the page does not know.
  const expectModelDefaultEverywhere = (form) => {
    expect(form.getByLabelText(/^Temperature/)).toHaveAccessibleName(/Model default/)
    expect(form.getByLabelText('Model default')).toBeChecked()
    expect(form.queryByText(/0\.7/)).toBeNull()
    for (const name of ['Max tokens', 'Top P', 'Top K', 'Min P', 'Repeat penalty']) {
      expect(form.getByLabelText(name)).toHaveAttribute('placeholder', 'Model default')
    }
  }

  it('reads "Model default" in the conversation settings, not a number', async () => {
    const { user } = await openWith(EXCHANGE)
    await user.click(screen.getByRole('button', { name: 'Conversation settings' }))
    expectModelDefaultEverywhere(within(screen.getByRole('region', { name: 'Conversation settings' })))
  })

  it('reads "Model default" in the defaults and the presets too', async () => {
    const { user } = renderApp()
    await user.click(await screen.findByRole('button', { name: 'Defaults & presets' }))
    const dialog = await screen.findByRole('dialog', { name: 'Defaults & presets' })
    expectModelDefaultEverywhere(within(dialog))
    await user.click(within(dialog).getByRole('tab', { name: 'Presets' }))
    expectModelDefaultEverywhere(within(dialog))
  })
})
