/** Whether a stored reply can be written on from where it stopped: it has text, and it ended
 * before it was done (cut at the max-tokens limit, or stopped). */
export const canContinue = (message) =>
  message.role === 'assistant' &&
  Boolean(message.id && message.content) &&
  (message.finish_reason === 'length' || message.status === 'stopped')
