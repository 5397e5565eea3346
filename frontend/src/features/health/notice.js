// The health check's answer as what a person needs to read: what is wrong and what to do.

// Where LM Studio makes API tokens (as backend/lm_studio/errors.py says it too).
const WHERE_TOKENS_ARE = 'LM Studio’s Developer page → Server Settings → Manage Tokens'

/** The notice the page shows: the health check's problem unless the user dismissed it. */
export function shownNotice(health, dismissedTitle) {
  const problem = describeHealth(health)
  return problem && problem.title !== dismissedTitle ? problem : null
}

/** The port LM Studio's server must listen on for `url`: the URL's own, else its scheme's. */
export function serverPort(url) {
  try {
    const parsed = new URL(url)
    return parsed.port || (parsed.protocol === 'https:' ? '443' : '80')
  } catch {
    return null
  }
}

/** What is wrong, and what to do, from the latest health check: { cause, title, advice, and for a
 * phone's one line a `short` title with the rest in `details` }, or null when all is well. */
export function describeHealth(health) {
  if (!health) return null
  if (!health.backend) {
    return {
      cause: 'backend_unreachable',
      title: 'The backend is not answering.',
      advice: health.message || 'Start it with ./start-backend.sh.',
    }
  }
  if (health.cluster?.redis === 'unreachable') {
    // Several backends share replies through Redis: without it none can start, while the
    // history (in the database) is all there.
    return {
      cause: 'redis_unreachable',
      title: 'The backends’ shared Redis is not answering.',
      short: 'Replies cannot start right now.',
      advice:
        'Replies cannot be started, followed from another backend or stopped there until it is back ' +
        '(CHAT_REDIS_URL); your conversations are safe. This notice clears by itself once it answers.',
      details: 'The backends’ shared Redis (CHAT_REDIS_URL) is not answering.',
    }
  }
  const lmStudio = health.lmStudio
  if (lmStudio && (lmStudio.code === 'lm_studio_auth' || lmStudio.auth === 'required')) {
    // LM Studio answers, but only to a token: saying it is down would send people looking for
    // a server that is running.
    return {
      cause: 'lm_studio_auth',
      title: 'LM Studio requires an API token.',
      advice:
        `Create one in ${WHERE_TOKENS_ARE}, set LM_STUDIO_API_KEY to it where the backend starts ` +
        '(or correct it, if LM Studio refused the one set) and restart the backend.',
    }
  }
  if (lmStudio && !lmStudio.reachable) {
    if (lmStudio.code === 'lm_studio_unreachable') {
      const port = serverPort(lmStudio.url)
      return {
        cause: 'lm_studio_unreachable',
        title: `LM Studio is not reachable at ${lmStudio.url}.`,
        short: 'LM Studio is not reachable.',
        advice:
          `Open LM Studio, start its local server (Developer tab → Start Server${port ? `, on port ${port}` : ''}) ` +
          'and load a model. This notice clears by itself once LM Studio answers.',
        details: `The app looks for it at ${lmStudio.url} (LM_STUDIO_URL).`,
      }
    }
    return { cause: lmStudio.code, title: 'LM Studio is not answering properly.', advice: lmStudio.error }
  }
  if (lmStudio && lmStudio.models.length === 0) {
    return {
      cause: 'no_model_loaded',
      title: 'LM Studio has no model available.',
      advice: 'Load (or download) a model in LM Studio, then send your message.',
    }
  }
  return someServersDown(lmStudio)
}

/** With several LM Studio servers (LM_STUDIO_URL lists them), those not answering while the
 * others serve: a quiet notice, since replies still go to the others. */
function someServersDown(lmStudio) {
  const servers = lmStudio?.servers ?? []
  const down = servers.filter((server) => !server.reachable)
  if (down.length === 0 || down.length === servers.length) return null
  const count = `${down.length} of ${servers.length} LM Studio servers ${down.length === 1 ? 'is' : 'are'} not answering`
  const urls = down.map((server) => server.url).join(', ')
  return {
    cause: 'lm_studio_servers_down',
    quiet: true,
    title: `${count} (${urls}).`,
    short: `${count}.`,
    advice: 'Replies go to the others meanwhile. This notice clears by itself once it answers again.',
    details: `Not answering: ${urls}.`,
  }
}

// A failed reply whose cause the banner already explains gets a short sentence instead of the
// same advice a second time (on a phone the two would fill half the screen).
const EXPLAINED_ABOVE = {
  lm_studio_unreachable: 'LM Studio could not be reached, so the reply was not written (see the notice above).',
  backend_unreachable: 'The backend could not be reached, so the reply was not written (see the notice above).',
  lm_studio_auth: 'LM Studio asked for an API token, so the reply was not written (see the notice above).',
}

/** The sentence to show under a failed reply, given the notice shown above it (or null). */
export function replyErrorSentence(error, notice) {
  const short = EXPLAINED_ABOVE[error.code]
  // Each short sentence stands for the notice of the same cause.
  const explained = notice && error.code === notice.cause
  return short && explained ? short : error.message
}
