import MarkdownContent from './MarkdownContent'
import ThinkingBlock from './ThinkingBlock'
import { ComputerIcon } from './icons'

/** The reply as it streams in, with the seed's pulsing cursor and the model's thoughts above it. */
const StreamingMessage = ({ content, reasoning = '', thoughtMs = null, model = null }) => (
  <div className="mb-4 flex animate-fade-in flex-col items-start">
    <div className="max-w-[85%] rounded-2xl bg-dark-lighter px-4 py-3 text-gray-100 sm:max-w-[80%]" data-testid="streaming-message">
      <div className="flex items-start gap-3">
        <span className="mt-0.5 shrink-0">
          <ComputerIcon />
        </span>
        <div className="min-w-0 flex-1" aria-live="polite" aria-busy="true">
          {reasoning && <ThinkingBlock reasoning={reasoning} isThinking={!content} durationMs={thoughtMs} />}
          {content && <MarkdownContent text={content} streaming />}
          <span className="ml-1 inline-block h-4 w-2 animate-pulse bg-primary align-middle" data-testid="cursor" />
        </div>
      </div>
    </div>
    {model && <span className="mt-1 px-1 text-xs text-gray-400">{model}</span>}
  </div>
)

export default StreamingMessage
