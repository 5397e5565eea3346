import { useMemo } from 'react'
import CodeBlock from '../markdown/CodeBlock'
import { splitFences } from './fences'

/** A user's text with its fenced code blocks shown as code; the rest exactly as typed. */
const FencedText = ({ text }) => {
  const pieces = useMemo(() => splitFences(text), [text])
  return (
    <div>
      {pieces.map((piece, index) =>
        piece.code !== undefined ? (
          <CodeBlock key={index} language={piece.language} code={piece.code} />
        ) : (
          <div key={index} className="whitespace-pre-wrap break-words">
            {piece.text}
          </div>
        ),
      )}
    </div>
  )
}

export default FencedText
