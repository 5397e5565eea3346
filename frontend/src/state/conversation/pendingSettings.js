// Settings changes saved as they are made: the changes of a burst of typing are gathered and saved
// together once it pauses, and a send or regenerate first saves what is still waiting (flush), so
// the reply uses it. Saves run one after another, in the order they were made.

// The pause in typing after which a settings change is saved.
export const SETTINGS_SAVE_PAUSE_MS = 400

/**
 * `save(target, changes)` stores changes (a conversation's id, the changes to PATCH) and answers
 * whether it did; it must not throw. `queue(target, changes)` answers, once they were stored,
 * whether they were; `flush()` saves what waits now and answers a promise of the last save, or
 * null when nothing waits or runs.
 */
export function createPendingSettings(save, pauseMs = SETTINGS_SAVE_PAUSE_MS) {
  let waiting = null // { target, changes, settled: [resolve…] }
  let timer = null
  let lastSave = null // the save running or the last one started
  let running = 0

  const flush = () => {
    clearTimeout(timer)
    timer = null
    if (waiting) {
      const { target, changes, settled } = waiting
      waiting = null
      running += 1
      lastSave = Promise.resolve(lastSave)
        .then(() => save(target, changes))
        .then((ok) => {
          running -= 1
          settled.forEach((resolve) => resolve(ok))
          return ok
        })
    }
    return running > 0 ? lastSave : null
  }

  const queue = (target, changes) => {
    if (waiting && waiting.target !== target) flush() // another conversation's: saved as it was
    waiting ??= { target, changes: {}, settled: [] }
    Object.assign(waiting.changes, changes)
    clearTimeout(timer)
    timer = setTimeout(flush, pauseMs)
    return new Promise((resolve) => waiting.settled.push(resolve))
  }

  return { queue, flush }
}
