import { useEffect, useState } from 'react'
import CopyButton from '../../ui/CopyButton'
import { loadHighlighter } from './highlighter'

/** A fenced code block: language label, Copy button, syntax highlighting once the highlighter is loaded. */
const CodeBlock = ({ language, code }) => {
  const [highlighted, setHighlighted] = useState(null)

  useEffect(() => {
    if (!language) return undefined
    let current = true
    loadHighlighter().then((hljs) => {
      if (!current || !hljs.getLanguage(language)) return
      // highlight.js escapes the code itself; its output is spans around escaped text.
      setHighlighted({ code, html: hljs.highlight(code, { language, ignoreIllegals: true }).value })
    })
    return () => {
      current = false
    }
  }, [language, code])

  const html = highlighted?.code === code ? highlighted.html : null

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
