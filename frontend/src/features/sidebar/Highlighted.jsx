import { highlightPieces } from './highlight'

/** `text` with the words of `query` marked where they begin a word, as the search matched them. */
const Highlighted = ({ text, query }) =>
  highlightPieces(text, query).map((piece, index) =>
    piece.match ? (
      <mark key={index} className="rounded-sm bg-primary/30 px-0.5 text-gray-100">
        {piece.text}
      </mark>
    ) : (
      piece.text
    ),
  )

export default Highlighted
