// Tailwind v3 finds classes by scanning source text: a class built from pieces never reaches the CSS.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const SRC = join(import.meta.dirname, '..')

function sourceFiles(directory) {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name)
    if (statSync(path).isDirectory()) return sourceFiles(path)
    return /\.jsx?$/.test(name) && !/\.test\./.test(name) ? [path] : []
  })
}

const ASSEMBLED = [
  /className=\{`[^`]*\$\{/, // a template literal with a placeholder
  /className=\{[^}]*['"`]\s*\+/, // string concatenation
  /className=\{[^}]*\+\s*['"`]/,
  /className=\{[^}]*\.join\(/, // arrays joined into a class list
]

describe('Tailwind class names', () => {
  const files = sourceFiles(SRC)

  it('finds the components to check', () => {
    expect(files.some((file) => file.endsWith('Sidebar.jsx'))).toBe(true)
  })

  it.each(files.map((file) => [file.slice(SRC.length + 1), file]))('%s writes every class out whole', (_, file) => {
    const text = readFileSync(file, 'utf8')
    for (const pattern of ASSEMBLED) expect(text).not.toMatch(pattern)
  })
})
