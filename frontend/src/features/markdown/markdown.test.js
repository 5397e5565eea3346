import { describe, expect, it } from 'vitest'
import { mayContainMath, prepareMath, splitBlocks } from './markdown'

describe('splitBlocks', () => {
  it('splits at blank lines', () => {
    expect(splitBlocks('# Title\n\nFirst para\nstill first\n\n\n- a\n- b')).toEqual([
      '# Title',
      'First para\nstill first',
      '- a\n- b',
    ])
  })

  it('keeps fenced code with blank lines in one block, closed or not', () => {
    const code = '```python\ndef f():\n\n    return 1\n```'
    expect(splitBlocks(`Intro\n\n${code}\n\nAfter`)).toEqual(['Intro', code, 'After'])
    expect(splitBlocks('Intro\n\n```js\nlet a\n\nlet b')).toEqual(['Intro', '```js\nlet a\n\nlet b'])
  })

  it('keeps display math with blank lines together', () => {
    expect(splitBlocks('$$\na\n\nb\n$$\n\nnext')).toEqual(['$$\na\n\nb\n$$', 'next'])
  })
})

describe('prepareMath', () => {
  it('turns \\( \\) and \\[ \\] into dollar delimiters', () => {
    expect(prepareMath('Inline \\(x^2\\) and block \\[\\int_0^1 x\\,dx\\]')).toBe(
      'Inline $x^2$ and block \n$$\n\\int_0^1 x\\,dx\n$$\n',
    )
    expect(prepareMath('$$E = mc^2$$')).toBe('$$\nE = mc^2\n$$')
  })

  it('escapes prices so they are not read as math', () => {
    expect(prepareMath('It costs $5 or $1,200.50, not $x$.')).toBe('It costs \\$5 or \\$1,200.50, not $x$.')
    expect(prepareMath('$2x+1$ is math')).toBe('$2x+1$ is math')
  })

  it('leaves code alone', () => {
    expect(prepareMath('`echo $5` and\n```\n\\(x\\)\n```')).toBe('`echo $5` and\n```\n\\(x\\)\n```')
  })
})

describe('what to load', () => {
  it('detects math', () => {
    expect(mayContainMath('E = $mc^2$')).toBe(true)
    expect(mayContainMath('\\(a\\)')).toBe(true)
    expect(mayContainMath('just $ 5 dollars')).toBe(false)
  })
})
