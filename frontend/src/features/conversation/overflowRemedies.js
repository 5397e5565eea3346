// What to do when a conversation outgrows its model's context window: go on in a new one (from a
// summary the model writes, or from the last messages), or leave out older messages.

/** The remedies for the context meter under the box, and for the error of a reply that did not
 * fit (there, leaving out older messages retries at once; not offered when already done). */
export function overflowRemedies({ continueElsewhere, leaveOutOlder, dropMiddleAndRetry, trims }) {
  const goOn = [
    { label: 'New chat from a summary', onSelect: () => continueElsewhere('summary') },
    { label: 'New chat from the last messages', onSelect: () => continueElsewhere('last_messages') },
  ]
  return {
    meter: [...goOn, { label: 'Leave out older messages', onSelect: leaveOutOlder }],
    error: [...goOn, ...(trims ? [] : [{ label: 'Leave out older messages and retry', onSelect: dropMiddleAndRetry }])],
  }
}
