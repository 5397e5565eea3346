import { Fragment, useEffect, useMemo, useState } from 'react'
import Markdown from 'react-markdown'
import remarkGfm from 'remark-gfm'
import CodeBlock from './CodeBlock'
import { rehypeCursor } from './cursor'
import { mayContainMath, prepareMath, splitBlocks } from './markdown'

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

/** Marks the code in the block still being written: its highlighting changes every frame and is
 * not worth keeping (see CodeBlock). */
function rehypeMarkGrowing() {
  const walk = (node) => {
    if (node.tagName === 'pre') node.properties = { ...node.properties, dataGrowing: true }
    node.children?.forEach(walk)
  }
  return walk
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
    const text = textOf(code).replace(/\n$/, '')
    return <CodeBlock language={language} code={text} growing={Boolean(node.properties?.dataGrowing)} />
  },
  // A table keeps its words whole and scrolls sideways in its own box when it is wider than the
  // column; the box takes focus so that keyboard users can scroll it too.
  table: ({ node: _node, ...props }) => (
    <div className="table-scroll" tabIndex={0} role="region" aria-label="Table">
      <table {...props} />
    </div>
  ),
}

const basePlugins = [remarkGfm, remarkHtmlAsText]

// How much Markdown has been parsed, for bench/ui.py: with finished blocks cached this grows
// linearly with a streamed reply, not quadratically. Two additions per parse; nothing else reads it.
const renderStats = (globalThis.__chatRenderStats ??= { blocks: 0, parsedChars: 0 })

// Rendered blocks by text. React elements are immutable, so one parsed block serves every
// place it appears: the frames of a streaming reply, the stored message that replaces it when
// the reply ends, and the same conversation opened again.
const BLOCK_CACHE_LIMIT = 3000
const blockCache = new Map()

/** One block as React elements. `growing`: the last block of a reply still streaming, which is
 * parsed every time (never cached) and ends with the cursor. */
function renderBlock(text, math, growing) {
  const key = (math ? 'm' : 'p') + text
  const cached = growing ? null : blockCache.get(key)
  if (cached) return cached
  renderStats.blocks += 1
  renderStats.parsedChars += text.length
  const rehypePlugins = math ? [math.rehype] : []
  const element = Markdown({
    children: math ? prepareMath(text) : text,
    remarkPlugins: math ? [...basePlugins, math.remark] : basePlugins,
    rehypePlugins: growing ? [...rehypePlugins, rehypeMarkGrowing, rehypeCursor] : rehypePlugins,
    components,
  })
  if (!growing) {
    blockCache.set(key, element)
    if (blockCache.size > BLOCK_CACHE_LIMIT) blockCache.delete(blockCache.keys().next().value)
  }
  return element
}

/**
 * GitHub-flavoured Markdown with code highlighting and KaTeX math, each loaded only when needed.
 * While `streaming`, the last block is still growing: it is parsed each time but not cached.
 */
const MarkdownRenderer = ({ text, streaming = false }) => {
  const math = useMathPlugins(mayContainMath(text))
  const blocks = useMemo(() => splitBlocks(text), [text])
  const last = blocks.length - 1
  return (
    <div className="markdown">
      {blocks.map((block, index) => (
        <Fragment key={index}>{renderBlock(block, math, streaming && index === last)}</Fragment>
      ))}
    </div>
  )
}

export default MarkdownRenderer
