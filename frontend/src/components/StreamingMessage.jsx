import { ComputerIcon } from './icons'

/** The reply as it streams in, with the seed's pulsing cursor. */
const StreamingMessage = ({ content, reasoning = '' }) => {
  const thinking = !content && Boolean(reasoning)

  return (
    <div className="mb-4 flex animate-fade-in justify-start">
      <div className="max-w-[80%] rounded-2xl bg-dark-lighter px-4 py-3 text-gray-100" data-testid="streaming-message">
        <div className="flex items-start gap-3">
          <span className="mt-0.5 shrink-0">
            <ComputerIcon />
          </span>
          <div className="min-w-0 whitespace-pre-wrap break-words" aria-live="polite" aria-busy="true">
            {thinking && <span className="text-sm italic text-gray-400">Thinking…</span>}
            {content}
            <span className="ml-1 inline-block h-4 w-2 animate-pulse bg-primary align-middle" data-testid="cursor" />
          </div>
        </div>
      </div>
    </div>
  )
}

export default StreamingMessage
