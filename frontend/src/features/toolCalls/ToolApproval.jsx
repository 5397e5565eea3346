import { useEffect, useRef, useState } from 'react'
import { MESSAGE_BOX_ID, focusMessageBox, isFocusIdle } from '../../utils/focus'
import { useAccount } from '../account/AccountContext'

const BUTTONS = {
  allow:
    'rounded-lg bg-gradient-to-r from-primary to-secondary px-3 py-1.5 text-sm font-medium text-white hover:opacity-90 focus:outline-none focus-visible:ring-2 focus-visible:ring-white aria-disabled:opacity-50',
  other:
    'rounded-lg border border-dark-lighter px-3 py-1.5 text-sm text-gray-200 hover:bg-dark-lighter focus:outline-none focus-visible:ring-2 focus-visible:ring-primary aria-disabled:opacity-50',
  deny: 'rounded-lg border border-red-400/50 px-3 py-1.5 text-sm text-red-200 hover:bg-red-500/20 focus:outline-none focus-visible:ring-2 focus-visible:ring-red-400 aria-disabled:opacity-50',
}

const CHOICES = [
  { label: 'Allow once', decision: 'allow', remember: false, look: 'allow' },
  { label: 'Always allow', decision: 'allow', remember: true, look: 'other' },
  { label: 'Deny', decision: 'deny', remember: false, look: 'deny' },
  { label: 'Always deny', decision: 'deny', remember: true, look: 'deny' },
]

/** Whether the question may take the focus as it appears: when the focus rests nowhere in
 * particular, or in an empty message box (the box keeps it while something is typed in it). */
function mayTakeFocus() {
  if (isFocusIdle()) return true
  const active = document.activeElement
  return active?.id === MESSAGE_BOX_ID && !active.value
}

/**
 * The question a tool call asks before it runs: Allow once, Always allow (its tool runs without
 * asking from now on), Deny, Always deny. `onDecide(decision, { remember })` answers null, or the
 * sentence saying why it could not be taken (decided in another tab, the reply ended), shown here.
 * As it appears the question itself takes the focus (read out, one Tab from Allow once; never a
 * button, where a key meant for scrolling or the message box would run the tool), unless the
 * focus is somewhere on purpose or the user is typing in the message box; after a decision
 * taken from here the focus goes back to the message box, since these buttons go.
 */
const ToolApproval = ({ name, onDecide }) => {
  const questionRef = useRef(null)
  const boxRef = useRef(null)
  const [deciding, setDeciding] = useState(false)
  const [refusal, setRefusal] = useState(null)
  // "Always" sets the tool's rule for everyone (MCP servers are shared): with accounts on, an
  // administrator's choice only.
  const choices = useAccount().isAdmin ? CHOICES : CHOICES.filter((choice) => !choice.remember)

  useEffect(() => {
    if (mayTakeFocus()) questionRef.current?.focus()
  }, [])

  const decide = async ({ decision, remember }) => {
    if (deciding) return
    const hadFocus = boxRef.current?.contains(document.activeElement)
    setDeciding(true)
    setRefusal(null)
    const sentence = await onDecide(decision, { remember })
    if (sentence) {
      setDeciding(false)
      setRefusal(sentence)
    } else if (hadFocus) {
      focusMessageBox()
    }
  }

  return (
    <div ref={boxRef} className="mt-2">
      <p
        ref={questionRef}
        tabIndex={-1}
        className="rounded text-sm text-amber-200 focus:outline-none focus-visible:ring-2 focus-visible:ring-amber-300"
      >
        Run {name}? The reply waits for your decision.
      </p>
      <div role="group" aria-label={`Decide on ${name}`} className="mt-1.5 flex flex-wrap gap-2">
        {choices.map((choice) => (
          <button
            key={choice.label}
            type="button"
            aria-disabled={deciding}
            onClick={() => decide(choice)}
            className={BUTTONS[choice.look]}
          >
            {choice.label}
          </button>
        ))}
      </div>
      {refusal && (
        <p role="alert" className="mt-1 text-xs text-red-300">
          {refusal}
        </p>
      )}
    </div>
  )
}

export default ToolApproval
