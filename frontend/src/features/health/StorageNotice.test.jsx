import { screen, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { backend } from '../../test/backend'
import { renderApp } from '../../test/render'

describe('where conversations are kept', () => {
  it('says quietly that nothing is saved while the backend keeps conversations in memory', async () => {
    backend.health.storage = 'memory'
    renderApp()
    const notice = await screen.findByTestId('storage-notice')
    expect(notice).toHaveTextContent('Conversations are not saved: this backend keeps them in memory until it stops.')
    expect(notice).toHaveAttribute('role', 'note') // not an alarm: the app works
  })

  it('says nothing when they are kept in a database', async () => {
    backend.health.storage = 'sqlite'
    renderApp()
    await screen.findByRole('textbox', { name: 'Message' })
    await waitFor(() => expect(backend.requests).toContain('GET /api/health'))
    await new Promise((resolve) => setTimeout(resolve, 20)) // and its answer was read
    expect(screen.queryByTestId('storage-notice')).toBeNull()
  })
})
