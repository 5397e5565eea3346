import MarkdownContent from '../markdown/MarkdownContent'
import ToolCallCard from './ToolCallCard'

/**
 * A reply that called tools, in the order it happened: its text in pieces, rendered as Markdown
 * like any reply's, with a card for each call between them. `streaming`: still written (the cursor
 * follows its last text). `onDecideToolCall(id, decision, options)`: the reply in progress's, for
 * a call that waits for approval.
 */
const ReplySteps = ({ steps, streaming = false, onDecideToolCall }) =>
  steps.map((step, index) =>
    step.type === 'tool_call' ? (
      <ToolCallCard key={`call-${step.id}`} call={step} onDecide={onDecideToolCall} />
    ) : (
      // Steps only ever grow at the end: a piece keeps its place, and its rendered blocks.
      <MarkdownContent key={`text-${index}`} text={step.text} streaming={streaming && index === steps.length - 1} />
    ),
  )

export default ReplySteps
