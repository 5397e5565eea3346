import { useEffect, useState } from 'react'
import CopyButton from '../../ui/CopyButton'
import { loadHighlighter, loadedHighlighter } from './highlighter'

// Highlighted code by language and text: a block built again (a reply stored as it ends, a
// conversation opened again) has its colours from its first frame, at no cost.
const HIGHLIGHT_CACHE_LIMIT = 2000
const highlightCache = new Map()

/** The code as highlight.js's HTML (spans around text it escaped itself), or null for a language
 * it does not know. `remember`: kept for the next time (not code still being written). */
function highlight(hljs, language, code, remember) {
  if (!hljs.getLanguage(language)) return null
  const key = `${language}\n${code}`
  let html = highlightCache.get(key)
  if (html === undefined) {
    html = hljs.highlight(code, { language, ignoreIllegals: true }).value
    if (remember) highlightCache.set(key, html)
    if (highlightCache.size > HIGHLIGHT_CACHE_LIMIT) highlightCache.delete(highlightCache.keys().next().value)
  }
  return html
}

/** A fenced code block: language label, Copy button, syntax highlighting once the highlighter is
 * loaded. `growing`: the block of a reply still being written. */
const CodeBlock = ({ language, code, growing = false }) => {
  const [hljs, setHljs] = useState(loadedHighlighter)

  useEffect(() => {
    if (!language || hljs) return undefined
    let current = true
    loadHighlighter().then((loaded) => current && setHljs(loaded))
    return () => {
      current = false
    }
  }, [language, hljs])

  const html = language && hljs ? highlight(hljs, language, code, !growing) : null

  return (
    <div className="code-block my-3 overflow-hidden rounded-lg border border-dark-lighter bg-[#0d1117]">
      <div className="flex items-center justify-between border-b border-dark-lighter bg-dark-light px-3 py-1.5 text-xs text-gray-300">
        <span className="font-mono">{language || 'text'}</span>
        <CopyButton
          text={code}
          label="Copy code"
          className="flex items-center gap-1 rounded px-2 py-1 text-gray-300 transition-colors hover:bg-dark-lighter hover:text-white focus:outline-none focus-visible:ring-2 focus-visible:ring-primary"
        />
      </div>
      <pre className="overflow-x-auto p-3 font-mono text-sm leading-relaxed">
        {html ? (
          <code className="hljs" data-language={language} dangerouslySetInnerHTML={{ __html: html }} />
        ) : (
          <code className="hljs">{code}</code>
        )}
      </pre>
    </div>
  )
}

export default CodeBlock
