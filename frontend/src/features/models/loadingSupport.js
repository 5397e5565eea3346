// Whether models can be loaded and ejected from the page, as the health check knows it: only LM
// Studio 0.4 and later (its native API v1) lets another app do so. The sentence is the backend's
// (the one its 501 answers with), so the page and an API client read the same words.

/** The sentence saying why models cannot be loaded from here, or null when they can (or while it
 * is not known: LM Studio not answering yet). `lmStudio` is the health check's lm_studio. */
export function loadingUnsupported(lmStudio) {
  if (!lmStudio?.reachable) return null
  return lmStudio.cannot_load_models ?? null
}
