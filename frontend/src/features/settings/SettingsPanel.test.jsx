import { act, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { backend, reply, waitForStream } from '../../test/backend'
import { textbox, EXCHANGE, MEASURED, openWith, openTides } from '../../test/fixtures'
import { renderApp } from '../../test/render'

const settingsPatches = (id) => backend.bodies.filter(([path]) => path === `PATCH /api/conversations/${id}`).map(([, body]) => body)
const openSettings = (user) => user.click(screen.getByRole('button', { name: 'Conversation settings' }))
// Longer than the pause after which a change is saved.
const pastTheSavingPause = () => new Promise((resolve) => setTimeout(resolve, 700))

describe('model and settings', () => {
  it('saves each change as it is made, with no button to press', async () => {
    const { id, user } = await openWith(EXCHANGE)
    await openSettings(user)
    expect(screen.queryByRole('button', { name: /Save settings/ })).toBeNull()
    await user.type(screen.getByLabelText('System prompt'), 'Be brief.')
    await user.type(screen.getByLabelText('Max tokens'), '256')
    expect(await screen.findByText('Saved')).toHaveRole('status')
    const saved = backend.conversations.find((c) => c.id === id)
    expect([saved.system_prompt, saved.temperature, saved.max_tokens]).toEqual(['Be brief.', null, 256])
    // Typing pauses were waited out: a few saves, not one per keystroke.
    expect(settingsPatches(id).length).toBeLessThan('Be brief.256'.length)
  })

  it('a change not yet saved is saved before the very next send and regenerate use it', async () => {
    const { id, user } = await openWith(EXCHANGE)
    await openSettings(user)
    await user.type(screen.getByLabelText('Max tokens'), '7')
    await user.type(textbox(), 'Short answer please{Enter}') // at once, inside the saving pause
    const stream = await waitForStream()
    const patched = backend.requests.indexOf(`PATCH /api/conversations/${id}`)
    expect(patched).toBeGreaterThan(-1)
    expect(patched).toBeLessThan(backend.requests.indexOf('POST /api/chat/stream'))
    expect(settingsPatches(id).at(-1)).toMatchObject({ max_tokens: 7 })
    act(() => reply.chunk(stream, 'Ok.'))
    act(() => reply.finish(stream))
    const regenerateLast = () => screen.getAllByRole('button', { name: 'Regenerate reply' }).at(-1)
    await waitFor(() => expect(regenerateLast()).toBeEnabled())

    await user.clear(screen.getByLabelText('Max tokens'))
    await user.type(screen.getByLabelText('Max tokens'), '9')
    await user.click(regenerateLast())
    await waitForStream((s) => s.kind === 'regenerate')
    const regenerated = backend.requests.findIndex((request) => request.endsWith('/regenerate'))
    expect(backend.requests.lastIndexOf(`PATCH /api/conversations/${id}`)).toBeLessThan(regenerated)
    expect(settingsPatches(id).at(-1)).toMatchObject({ max_tokens: 9 })
  })

  it('closing the panel saves what was typed at once; nothing is lost', async () => {
    const { id, user } = await openWith(EXCHANGE)
    await openSettings(user)
    await user.type(screen.getByLabelText('System prompt'), 'Be brief.')
    await user.keyboard('{Escape}')
    expect(screen.queryByRole('region', { name: 'Conversation settings' })).toBeNull()
    await waitFor(() => expect(backend.conversations.find((c) => c.id === id).system_prompt).toBe('Be brief.'))
    await openSettings(user)
    expect(screen.getByLabelText('System prompt')).toHaveValue('Be brief.')
  })

  it('a value the backend would refuse says why and is not saved; closing then asks first', async () => {
    const { id, user } = await openWith(EXCHANGE)
    await user.type(textbox(), 'Another question{Enter}')
    const stream = await waitForStream()
    act(() => reply.chunk(stream, 'streaming on '))
    await waitFor(() => expect(screen.getByTestId('streaming-message')).toHaveTextContent('streaming on'))
    await openSettings(user)
    await user.type(screen.getByLabelText('Max tokens'), '0')
    expect(screen.getByText(/at least 1/)).toBeInTheDocument()
    await pastTheSavingPause()
    expect(settingsPatches(id)).toEqual([])
    expect(screen.queryByText('Saved')).toBeNull()

    await user.keyboard('{Escape}')
    const question = screen.getByRole('alert')
    expect(question).toHaveTextContent('These settings have unsaved changes.')
    expect(within(question).getByRole('button', { name: 'Keep editing' })).toHaveFocus()
    expect(backend.requests).not.toContain(`POST /api/conversations/${id}/stop`) // the reply goes on
    await user.click(within(question).getByRole('button', { name: 'Keep editing' }))
    expect(screen.getByLabelText('Max tokens')).toHaveValue(0)
    await user.click(screen.getByRole('button', { name: 'Close settings' }))
    await user.click(screen.getByRole('button', { name: 'Discard changes' }))
    expect(screen.queryByRole('region', { name: 'Conversation settings' })).toBeNull()
    expect(settingsPatches(id)).toEqual([])
    await openSettings(user)
    await user.keyboard('{Escape}') // nothing changed: it simply closes
    expect(screen.queryByRole('region', { name: 'Conversation settings' })).toBeNull()
    expect(screen.getByTestId('streaming-message')).toBeInTheDocument()
  })
})

describe('sampling settings', () => {
  it('saves top P, top K, min P, repeat penalty, stop strings and the overflow choice', async () => {
    const { id, user } = await openTides(MEASURED)
    await openSettings(user)
    await user.type(screen.getByLabelText('Top P'), '0.9')
    await user.type(screen.getByLabelText('Top K'), '0')
    expect(screen.getByText('A whole number from 1 to 1000, or empty for the model default.')).toBeInTheDocument()
    await pastTheSavingPause()
    expect(settingsPatches(id).some((body) => body.top_k === 0)).toBe(false)
    await user.clear(screen.getByLabelText('Top K'))
    await user.type(screen.getByLabelText('Top K'), '40')
    await user.type(screen.getByLabelText('Min P'), '0.05')
    await user.type(screen.getByLabelText('Repeat penalty'), '1.1')
    await user.type(screen.getByLabelText(/Stop strings/), '\\n\\n{Enter}END')
    await user.selectOptions(screen.getByLabelText(/outgrows the model’s context window/), 'truncate_middle')
    await waitFor(() =>
      expect(backend.conversations.find((c) => c.id === id)).toMatchObject({
        top_p: 0.9,
        top_k: 40,
        min_p: 0.05,
        repeat_penalty: 1.1,
        stop: ['\n\n', 'END'],
        context_overflow: 'truncate_middle',
      }),
    )
    expect(await screen.findByText('Saved')).toBeInTheDocument()
  })

  it('refuses more than four stop strings', async () => {
    const { id, user } = await openTides(MEASURED)
    await openSettings(user)
    await user.type(screen.getByLabelText(/Stop strings/), 'a{Enter}b{Enter}c{Enter}d{Enter}e')
    expect(screen.getByText('At most 4 stop strings, one per line.')).toBeInTheDocument()
    await pastTheSavingPause()
    expect(settingsPatches(id).some((body) => body.stop?.length > 4)).toBe(false)
  })
})

describe('unloading an idle model', () => {
  const ttl = () => screen.getByLabelText('Unload after idle (minutes)')

  it('is typed in minutes and stored in seconds; empty is LM Studio’s default', async () => {
    const { id, user } = await openTides(MEASURED, { ttl_s: 600 })
    await openSettings(user)
    expect(ttl()).toHaveValue(10)
    await user.clear(ttl())
    expect(ttl()).toHaveAttribute('placeholder', 'LM Studio’s default (1 hour)')
    await waitFor(() => expect(backend.conversations.find((c) => c.id === id).ttl_s).toBeNull())
    await user.type(ttl(), '15')
    await waitFor(() => expect(backend.conversations.find((c) => c.id === id).ttl_s).toBe(900))
  })

  it('under a minute says why at once and is not saved', async () => {
    const { id, user } = await openTides(MEASURED)
    await openSettings(user)
    await user.type(ttl(), '0.5')
    expect(screen.getByText(/At least 1 minute/)).toBeInTheDocument()
    expect(ttl()).toHaveAttribute('aria-invalid', 'true')
    await pastTheSavingPause()
    expect(settingsPatches(id).some((body) => 'ttl_s' in body)).toBe(false)
  })

  it('is part of the defaults and the presets', async () => {
    const { user } = renderApp()
    await user.click(await screen.findByRole('button', { name: 'Defaults & presets' }))
    const dialog = await screen.findByRole('dialog', { name: 'Defaults & presets' })
    await user.type(within(dialog).getByLabelText('Unload after idle (minutes)'), '5')
    await user.click(within(dialog).getByRole('button', { name: 'Save defaults' }))
    await waitFor(() => expect(backend.defaults).toMatchObject({ ttl_s: 300 }))
    await user.click(within(dialog).getByRole('tab', { name: 'Presets' }))
    await user.type(within(dialog).getByLabelText('Name'), 'Short-lived')
    await user.type(within(dialog).getByLabelText('Unload after idle (minutes)'), '2')
    await user.click(within(dialog).getByRole('button', { name: 'Create preset' }))
    await waitFor(() => expect(backend.presets[0]).toMatchObject({ name: 'Short-lived', ttl_s: 120 }))
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
