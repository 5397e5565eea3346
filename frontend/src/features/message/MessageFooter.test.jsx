import { screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { inMessages, EXCHANGE, openWith } from '../../test/fixtures'

describe('each reply', () => {
  it('shows its model and stats', async () => {
    await openWith(EXCHANGE)
    expect(screen.getByTestId('message-details')).toHaveTextContent(
      'qwen3-8b · 1.2 s to first token · 42.5 tok/s · 12 tokens',
    )
    expect(await inMessages().findByText('4')).toHaveProperty('tagName', 'STRONG')
  })
})
