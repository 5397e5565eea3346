import { act, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { backend, reply, waitForStream } from '../../test/backend'
import { inMessages, MEASURED, openTides } from '../../test/fixtures'

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

  it('continues a cut reply from where it stopped, as a new version beside it', async () => {
    const cut = structuredClone(MEASURED)
    cut[1].finish_reason = 'length'
    const { id, user } = await openTides(cut)
    const note = screen.getByTestId('length-note')
    await user.click(within(note).getByRole('button', { name: 'Continue' }))
    const stream = await waitForStream((s) => s.kind === 'continue')
    const stored = backend.messages[id][1]
    expect(backend.requests).toContain(`POST /api/conversations/${id}/messages/${stored.id}/continue`)
    act(() => reply.start(stream))
    act(() => reply.chunk(stream, `${stored.content} And then the sun.`))
    await waitFor(() => expect(screen.getByTestId('streaming-message')).toHaveTextContent('And then the sun.'))
    expect(inMessages().getAllByText(/^Tides come from the moon/)).toHaveLength(1) // the cut one gives way
    act(() => reply.finish(stream))
    await inMessages().findByText(/And then the sun\.$/)
  })

  it('offers Continue for a stopped reply too, never for one that finished', async () => {
    const stopped = structuredClone(MEASURED)
    stopped[1].status = 'stopped'
    await openTides(stopped)
    expect(inMessages().getByRole('button', { name: 'Continue' })).toBeInTheDocument()
  })

  it('says when a reply was written from a shortened history', async () => {
    const trimmed = structuredClone(MEASURED)
    trimmed[1].trimmed_messages = 6
    await openTides(trimmed)
    expect(screen.getByTestId('trimmed-note')).toHaveTextContent('6 earlier messages were left out')
  })
})
