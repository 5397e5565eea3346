// Text preparation for the Markdown renderer: math delimiters, currency, and stable blocks.

const FENCE = /^ {0,3}(`{3,}|~{3,})/

/**
 * Split Markdown into top-level blocks at blank lines outside code fences and $$ math.
 * While a reply streams only its last block changes, so the finished ones can be memoised.
 */
export function splitBlocks(text) {
  const blocks = []
  let current = []
  let fence = null
  let inDisplayMath = false
  for (const line of text.split('\n')) {
    const fenceMatch = FENCE.exec(line)
    if (fence) {
      if (fenceMatch && fenceMatch[1][0] === fence[0] && fenceMatch[1].length >= fence.length) fence = null
    } else if (fenceMatch) {
      fence = fenceMatch[1]
    } else if ((line.match(/\$\$/g) || []).length % 2 === 1) {
      inDisplayMath = !inDisplayMath
    }
    if (!fence && !inDisplayMath && line.trim() === '' && current.length) {
      blocks.push(current.join('\n'))
      current = []
      continue
    }
    if (line.trim() !== '' || current.length) current.push(line)
  }
  if (current.length) blocks.push(current.join('\n'))
  return blocks
}

/** Whether a text may contain math, so KaTeX is worth loading. */
export function mayContainMath(text) {
  return /\$[^$\s]|\\\(|\\\[/.test(text)
}

/**
 * Prepare model output for remark-math:
 * - \( … \) and \[ … \] (what many models write) become $ … $ and $$ … $$;
 * - a dollar sign that starts an amount ("$5", "$1,200.50") is escaped, so prices are not math.
 * Code (fenced or inline) is left untouched.
 */
export function prepareMath(text) {
  return text
    .split(/(```[\s\S]*?(?:```|$)|`[^`\n]*`)/)
    .map((part, index) => {
      if (index % 2 === 1) return part // code
      return part
        .replace(/\\\[([\s\S]*?)\\\]/g, (_, math) => `\n$$\n${math.trim()}\n$$\n`)
        .replace(/^\$\$([^\n$]+)\$\$$/gm, (_, math) => `$$\n${math.trim()}\n$$`)
        .replace(/\\\(([\s\S]*?)\\\)/g, (_, math) => `$${math}$`)
        .replace(/(^|[\s(])\$(?=\d[\d,]*(?:\.\d+)?(?:[\s.,;:!?)]|$))/gm, '$1\\$')
    })
    .join('')
}
