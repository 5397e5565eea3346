import { TOOL_STATUS } from '../../state/reply/toolCalls'
import { ToolIcon } from '../../ui/icons'
import Fold from './Fold'
import ToolApproval from './ToolApproval'
import { STATUS_LABELS, durationOf, prettyArguments } from './toolCallView'

// Each status's look, written out whole.
const STATUS_CLASSES = {
  [TOOL_STATUS.running]: 'rounded-full bg-sky-500/15 px-2 py-0.5 text-xs text-sky-200',
  [TOOL_STATUS.waiting]: 'rounded-full bg-amber-500/15 px-2 py-0.5 text-xs text-amber-200',
  [TOOL_STATUS.done]: 'rounded-full bg-emerald-500/15 px-2 py-0.5 text-xs text-emerald-200',
  [TOOL_STATUS.error]: 'rounded-full bg-red-500/15 px-2 py-0.5 text-xs text-red-200',
  [TOOL_STATUS.denied]: 'rounded-full bg-red-500/15 px-2 py-0.5 text-xs text-red-200',
  [TOOL_STATUS.stopped]: 'rounded-full bg-gray-500/20 px-2 py-0.5 text-xs text-gray-200',
}

/**
 * One tool call of a reply, where the model made it: the tool, its server, where it is (running,
 * waiting for you, done, error, denied, stopped) and how long it ran; its arguments and result
 * folded. The result is what the tool answered, untrusted: shown as text, never as HTML or
 * Markdown. While it waits for approval (and `onDecide` is given: the reply in progress), its
 * arguments show and it asks.
 */
const ToolCallCard = ({ call, onDecide }) => {
  const waiting = call.status === TOOL_STATUS.waiting
  const duration = durationOf(call)
  return (
    <div
      role="group"
      aria-label={`Tool call: ${call.name}`}
      data-testid="tool-call"
      data-status={call.status}
      className="my-2 rounded-lg border border-dark-lighter bg-dark/60 px-3 py-2"
    >
      <div className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm">
        <ToolIcon className="h-4 w-4 shrink-0 text-secondary" />
        <span className="min-w-0 break-all font-mono text-gray-100">{call.name}</span>
        {call.server && <span className="min-w-0 break-all text-xs text-gray-400">on {call.server}</span>}
        <span className="ml-auto flex items-center gap-2">
          <span className={STATUS_CLASSES[call.status] ?? STATUS_CLASSES.stopped}>{STATUS_LABELS[call.status] ?? call.status}</span>
          {duration && <span className="text-xs tabular-nums text-gray-400">{duration}</span>}
        </span>
      </div>
      <Fold key={waiting ? 'asking' : 'told'} label="Arguments" initiallyOpen={waiting}>
        {prettyArguments(call.arguments)}
      </Fold>
      {call.result != null && <Fold label="Result">{call.result}</Fold>}
      {waiting && onDecide && <ToolApproval name={call.name} onDecide={(decision, options) => onDecide(call.id, decision, options)} />}
    </div>
  )
}

export default ToolCallCard
