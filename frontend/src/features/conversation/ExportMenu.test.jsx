import { screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { EXCHANGE, openWith } from '../../test/fixtures'

describe('model and settings', () => {
  it('offers Markdown and JSON downloads', async () => {
    const { id, user } = await openWith(EXCHANGE)
    await user.click(screen.getByRole('button', { name: 'Export conversation' }))
    expect(screen.getByRole('link', { name: 'Markdown (.md)' })).toHaveAttribute(
      'href',
      `http://localhost:8000/api/conversations/${id}/export?format=markdown`,
    )
    expect(screen.getByRole('link', { name: 'JSON (.json)' })).toHaveAttribute(
      'href',
      `http://localhost:8000/api/conversations/${id}/export?format=json`,
    )
  })
})
