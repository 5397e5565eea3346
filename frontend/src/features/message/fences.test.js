import { describe, expect, it } from 'vitest'
import { splitFences } from './fences'

describe('splitFences', () => {
  it('finds fenced blocks with their language and keeps the text around them as typed', () => {
    expect(splitFences('Look:\n```js\nconst a = 1\n```\n*not* emphasis')).toEqual([
      { text: 'Look:' },
      { code: 'const a = 1', language: 'js' },
      { text: '*not* emphasis' },
    ])
  })

  it('follows CommonMark: tildes, a longer fence around a shorter one, an unclosed fence runs to the end', () => {
    expect(splitFences('~~~\nx\n~~~')).toEqual([{ code: 'x', language: '' }])
    expect(splitFences('````md\n```\ninner\n```\n````')).toEqual([{ code: '```\ninner\n```', language: 'md' }])
    expect(splitFences('before\n  ```\nstill code\n')).toEqual([{ text: 'before' }, { code: 'still code', language: '' }])
  })

  it('leaves text without a fence, and backticks that are not one, alone', () => {
    expect(splitFences('use `code` and ``` inline')).toEqual([{ text: 'use `code` and ``` inline' }])
    expect(splitFences('# title\n- item\n> quote')).toEqual([{ text: '# title\n- item\n> quote' }])
  })
})
