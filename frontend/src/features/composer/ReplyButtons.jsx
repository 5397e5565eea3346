import { SendIcon, SpinnerIcon, StopIcon } from '../../ui/icons'

/**
 * Beside the box: Stop while a reply is written (with `onStop`), and Send, which while a reply is
 * written queues the message for its end. The spinner turns while a message is on its way
 * (`busy`) or a reply is written with nothing typed.
 */
const ReplyButtons = ({ isStreaming, isQueued, busy, canSend, hasText, onStop }) => (
  <>
    {isStreaming && onStop && (
      <button
        type="button"
        onClick={onStop}
        data-testid="stop-button"
        aria-label="Stop generating"
        title="Stop generating"
        className="flex h-12 items-center gap-2 rounded-xl border border-dark-lighter bg-dark px-4 text-sm font-medium text-gray-200 transition-colors hover:border-red-400 hover:text-red-300 focus:outline-none focus:ring-2 focus:ring-red-400"
      >
        <StopIcon />
        Stop
      </button>
    )}
    <button
      type="submit"
      disabled={!canSend}
      aria-label={isQueued ? 'Waiting for the reply to end' : isStreaming ? 'Send when the reply ends' : 'Send message'}
      title={isStreaming ? 'Send when the reply ends' : 'Send message'}
      className="flex h-12 w-12 items-center justify-center rounded-xl bg-gradient-to-r from-primary to-secondary text-white transition-opacity hover:opacity-90 focus:outline-none focus:ring-2 focus:ring-primary focus:ring-offset-2 focus:ring-offset-dark-light disabled:cursor-not-allowed disabled:opacity-50"
    >
      {busy || (isStreaming && !hasText) ? <SpinnerIcon /> : <SendIcon />}
    </button>
  </>
)

export default ReplyButtons
