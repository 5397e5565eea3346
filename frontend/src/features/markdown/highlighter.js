// highlight.js with its common languages, loaded the first time a code block appears.
let loading = null
let loaded = null

export function loadHighlighter() {
  if (!loading) {
    loading = Promise.all([import('highlight.js/lib/common'), import('highlight.js/styles/github-dark.css')]).then(
      ([module]) => (loaded = module.default),
    )
  }
  return loading
}

/** highlight.js, once it has been loaded; else null. */
export const loadedHighlighter = () => loaded
