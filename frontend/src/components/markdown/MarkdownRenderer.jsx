import { memo, useEffect, useMemo, useState } from 'react'
import ReactMarkdown from 'react-markdown'
import remarkGfm from 'remark-gfm'
import CodeBlock from './CodeBlock'
import { mayContainMath, prepareMath, splitBlocks } from '../../utils/markdown'

// KaTeX and its plugins, loaded the first time a message looks like it has math.
let mathPlugins = null
let mathLoading = null
function loadMath() {
  if (!mathLoading) {
    mathLoading = Promise.all([
      import('remark-math'),
      import('rehype-katex'),
      import('katex/dist/katex.min.css'),
    ]).then(([remarkMath, rehypeKatex]) => {
      mathPlugins = {
        remark: remarkMath.default,
        rehype: [rehypeKatex.default, { throwOnError: false, strict: 'ignore', trust: false }],
      }
      return mathPlugins
    })
  }
  return mathLoading
}

function useMathPlugins(needed) {
  const [plugins, setPlugins] = useState(mathPlugins)
  useEffect(() => {
    if (!needed || plugins) return undefined
    let current = true
    loadMath().then((loaded) => current && setPlugins(loaded))
    return () => {
      current = false
    }
  }, [needed, plugins])
  return needed ? plugins : null
}

/** Raw HTML in model output is shown as the text it is, never rendered. */
function remarkHtmlAsText() {
  const walk = (node) => {
    if (node.type === 'html') node.type = 'text'
    node.children?.forEach(walk)
  }
  return walk
}

function textOf(node) {
  if (node.type === 'text') return node.value
  return (node.children || []).map(textOf).join('')
}

const components = {
  // Links open in a new tab without access to this page; a link whose URL was unsafe
  // (javascript: and the like, emptied by react-markdown) is plain text.
  a: ({ node: _node, children, href, ...props }) =>
    href ? (
      <a {...props} href={href} target="_blank" rel="noopener noreferrer">
        {children}
      </a>
    ) : (
      <span>{children}</span>
    ),
  pre: ({ node }) => {
    const code = node.children.find((child) => child.tagName === 'code') ?? node
    const className = (code.properties?.className || []).find((name) => String(name).startsWith('language-'))
    const language = className ? String(className).slice('language-'.length) : ''
    return <CodeBlock language={language} code={textOf(code).replace(/\n$/, '')} />
  },
  table: ({ node: _node, ...props }) => (
    <div className="table-scroll">
      <table {...props} />
    </div>
  ),
}

const basePlugins = [remarkGfm, remarkHtmlAsText]

// One top-level block. While a reply streams only the last block's text changes, so the
// others skip parsing altogether.
const Block = memo(function Block({ text, math }) {
  const remarkPlugins = math ? [...basePlugins, math.remark] : basePlugins
  const rehypePlugins = math ? [math.rehype] : []
  return (
    <ReactMarkdown remarkPlugins={remarkPlugins} rehypePlugins={rehypePlugins} components={components}>
      {math ? prepareMath(text) : text}
    </ReactMarkdown>
  )
})

/** GitHub-flavoured Markdown with code highlighting and KaTeX math, each loaded only when needed. */
const MarkdownRenderer = ({ text }) => {
  const math = useMathPlugins(mayContainMath(text))
  const blocks = useMemo(() => splitBlocks(text), [text])
  return (
    <div className="markdown">
      {blocks.map((block, index) => (
        <Block key={index} text={block} math={math} />
      ))}
    </div>
  )
}

export default MarkdownRenderer
