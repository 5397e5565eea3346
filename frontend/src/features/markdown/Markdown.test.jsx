import { render, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'
import MarkdownContent from './MarkdownContent'

async function renderMarkdown(text) {
  const view = render(<MarkdownContent text={text} />)
  await waitFor(() => expect(view.container.querySelector('.markdown')).not.toBeNull())
  return view
}

describe('Markdown replies', () => {
  it('renders headings, lists, tables and inline code', async () => {
    await renderMarkdown('## Title\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nUse `npm ci`.')
    expect(screen.getByRole('heading', { level: 2, name: 'Title' })).toBeInTheDocument()
    expect(screen.getAllByRole('listitem').map((li) => li.textContent)).toEqual(['one', 'two'])
    expect(screen.getByRole('table')).toBeInTheDocument()
    expect(screen.getByText('npm ci').tagName).toBe('CODE')
  })

  it('opens links in a new tab without access to this page, and drops unsafe URLs', async () => {
    await renderMarkdown('[site](https://example.com) and [bad](javascript:alert(1))')
    const link = screen.getByRole('link', { name: 'site' })
    expect(link).toHaveAttribute('target', '_blank')
    expect(link).toHaveAttribute('rel', 'noopener noreferrer')
    expect(screen.queryByRole('link', { name: 'bad' })).toBeNull()
    expect(screen.getByText('bad')).toBeInTheDocument()
  })

  it('shows raw HTML as text, never as elements', async () => {
    const { container } = await renderMarkdown('<img src=x onerror="window.hacked=1"> <script>window.hacked=2</script>')
    expect(container.querySelector('img')).toBeNull()
    expect(container.querySelector('script')).toBeNull()
    expect(container.textContent).toContain('<img src=x onerror="window.hacked=1">')
    expect(window.hacked).toBeUndefined()
  })

  it('highlights fenced code and copies it with feedback', async () => {
    const user = userEvent.setup()
    const writeText = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue()
    const { container } = await renderMarkdown('```python\ndef f():\n    return 1\n```')
    await waitFor(() => expect(container.querySelector('.hljs-keyword')).not.toBeNull())
    expect(screen.getByText('python')).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Copy code' }))
    expect(writeText).toHaveBeenCalledWith('def f():\n    return 1')
    expect(await screen.findByRole('button', { name: 'Copied' })).toBeInTheDocument()
  })

  it('renders an unclosed fence mid-stream as code', async () => {
    const { container } = await renderMarkdown('Look:\n\n```js\nconst a = 1')
    expect(container.querySelector('pre').textContent).toContain('const a = 1')
  })

  it('typesets math with KaTeX in all four delimiters, but not prices', async () => {
    const { container } = await renderMarkdown(
      'Inline $x^2$ and \\(y^2\\).\n\n$$\\frac{1}{2}$$\n\n\\[z_1\\]\n\nIt costs $5.',
    )
    await waitFor(() => expect(container.querySelectorAll('.katex').length).toBe(4))
    expect(container.querySelectorAll('.katex-display')).toHaveLength(2)
    expect(container.textContent).toContain('It costs $5.')
  })
})
