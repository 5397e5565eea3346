// Whether models can be loaded and ejected from the page, as the health check knows it: only LM
// Studio 0.4 and later (its native API v1) lets another app do so.

/** The sentence saying why models cannot be loaded from here, or null when they can (or while it
 * is not known: LM Studio not answering yet). `lmStudio` is the health check's lm_studio. */
export function loadingUnsupported(lmStudio) {
  if (!lmStudio?.reachable || lmStudio.native_api === undefined || lmStudio.native_api === 'v1') return null
  if (lmStudio.native_api === 'v0') {
    return 'This LM Studio is older than 0.4 and cannot load or eject models for other apps: load them in LM Studio itself, or update it.'
  }
  return 'This server is not LM Studio, so models cannot be loaded or ejected from here: use its own way to load them.'
}
