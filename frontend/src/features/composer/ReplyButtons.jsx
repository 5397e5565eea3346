import { SendIcon, SpinnerIcon, StopIcon } from '../../ui/icons'

/**
 * The one button beside the box, so that the box keeps its width on a phone. While a reply is
 * written (and `onStop` is given) it is Stop, as long as there is nothing new to send: nothing
 * typed (`hasDraft`), or what is typed already waits for the reply's end (`isQueued`). Otherwise
 * it is Send, which while a reply is written queues the message for its end. The spinner turns
 * around Stop while the reply is written, and in Send while a message is on its way (`busy`).
 */
const ReplyButtons = ({ isStreaming, isQueued, busy, canSend, hasDraft, onStop }) =>
  isStreaming && onStop && (!hasDraft || isQueued) ? (
    <button
      type="button"
      onClick={onStop}
      data-testid="stop-button"
      aria-label="Stop generating"
      title="Stop generating"
      className="relative flex h-12 w-12 shrink-0 items-center justify-center rounded-xl border border-dark-lighter bg-dark text-gray-200 transition-colors hover:border-red-400 hover:text-red-300 focus:outline-none focus:ring-2 focus:ring-red-400"
    >
      <SpinnerIcon className="absolute h-8 w-8 animate-spin opacity-60" />
      <StopIcon />
    </button>
  ) : (
    <button
      type="submit"
      disabled={!canSend}
      aria-label={isQueued ? 'Waiting for the reply to end' : isStreaming ? 'Send when the reply ends' : 'Send message'}
      title={isStreaming ? 'Send when the reply ends' : 'Send message'}
      className="flex h-12 w-12 shrink-0 items-center justify-center rounded-xl bg-gradient-to-r from-primary to-secondary text-white transition-opacity hover:opacity-90 focus:outline-none focus:ring-2 focus:ring-primary focus:ring-offset-2 focus:ring-offset-dark-light disabled:cursor-not-allowed disabled:opacity-50"
    >
      {busy ? <SpinnerIcon /> : <SendIcon />}
    </button>
  )

export default ReplyButtons
