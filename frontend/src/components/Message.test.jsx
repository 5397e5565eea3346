import { render, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import Message from './Message'
import StreamingMessage from './StreamingMessage'

describe('Message', () => {
  it('puts the user on the right with the gradient, as plain text', () => {
    const { container } = render(<Message message={{ role: 'user', content: '<b>hi</b>\nthere' }} />)
    expect(container.firstChild).toHaveClass('items-end')
    expect(container.querySelector('[data-role="user"]')).toHaveClass('bg-gradient-to-r', 'from-primary', 'to-secondary')
    expect(screen.getByText(/<b>hi<\/b>/)).toHaveClass('whitespace-pre-wrap')
  })

  it("gives the assistant the column's whole width, on the dark card", () => {
    const { container } = render(<Message message={{ role: 'assistant', content: 'Hello!' }} />)
    expect(container.firstChild).toHaveClass('items-stretch')
    const card = container.querySelector('[data-role="assistant"]')
    expect(card).toHaveClass('bg-dark-lighter')
    expect(card.className).not.toMatch(/max-w-/)
  })

  it("shows the latest reply's details and actions; older ones on hover", () => {
    const reply = { id: 'r1', role: 'assistant', content: 'Hi', model: 'model-a' }
    const { rerender } = render(<Message message={reply} isLatest />)
    expect(screen.getByTestId('message-actions').className).not.toMatch(/opacity-0/)
    expect(screen.getByTestId('message-details')).toHaveTextContent('model-a')
    rerender(<Message message={reply} />)
    expect(screen.getByTestId('message-actions')).toHaveClass('md:opacity-0', 'md:group-hover:opacity-100')
  })

  it('keeps a long message of the user collapsed until asked', async () => {
    const long = 'word '.repeat(400)
    render(<Message message={{ role: 'user', content: long }} />)
    const body = screen.getByTestId('collapsed-text')
    expect(body).toHaveAttribute('data-collapsed', 'true')
    expect(body).toHaveClass('max-h-72', 'overflow-hidden')
    const more = screen.getByRole('button', { name: 'Show more (2,000 characters)' })
    expect(more).toHaveAttribute('aria-expanded', 'false')
    await userEvent.click(more)
    expect(body).toHaveAttribute('data-collapsed', 'false')
    expect(screen.getByRole('button', { name: 'Show less' })).toHaveAttribute('aria-expanded', 'true')
  })

  it("shows fenced code in the user's text as code, and the rest exactly as typed", async () => {
    const text = "Why does *this* fail?\n```python\nprint('hi')\n```\n# not a heading"
    const { container } = render(<Message message={{ role: 'user', content: text }} />)
    const code = await screen.findByText("print('hi')")
    expect(code.closest('pre')).toHaveClass('font-mono')
    expect(screen.getByText('python')).toBeInTheDocument() // the language label
    expect(screen.getByText('Why does *this* fail?')).toBeInTheDocument()
    expect(screen.getByText('# not a heading')).toBeInTheDocument()
    expect(container.querySelector('h1, em')).toBeNull()
  })

  it('says when a reply was stopped or interrupted', () => {
    render(<Message message={{ role: 'assistant', content: 'half', status: 'stopped' }} />)
    expect(screen.getByText('Stopped before the end')).toBeInTheDocument()
    render(<Message message={{ role: 'assistant', content: 'half', status: 'interrupted', error: 'LM Studio dropped' }} />)
    expect(screen.getByText('Interrupted: LM Studio dropped')).toBeInTheDocument()
  })
})

describe('StreamingMessage', () => {
  it('shows the text so far with a pulsing cursor', () => {
    render(<StreamingMessage content="Once upon" />)
    expect(screen.getByTestId('streaming-message')).toHaveTextContent('Once upon')
    expect(screen.getByTestId('cursor')).toHaveClass('animate-pulse', 'bg-primary')
  })

  it('puts the cursor at the end of the last line, not on a line of its own', async () => {
    render(<StreamingMessage content={'Two things:\n\n- once\n- upon a'} />)
    await waitFor(() => expect(screen.getByTestId('cursor').closest('li')).toHaveTextContent('upon a'))
    render(<StreamingMessage content="" />)
    expect(screen.getAllByTestId('cursor')).toHaveLength(2) // before the first word, alone
  })

  it('says the model is thinking before the answer starts', () => {
    render(<StreamingMessage content="" reasoning="hmm" />)
    expect(screen.getByText('Thinking…')).toBeInTheDocument()
  })
})
