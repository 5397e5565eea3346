// highlight.js with its common languages, loaded the first time a code block appears.
let loading = null

export function loadHighlighter() {
  if (!loading) {
    loading = Promise.all([import('highlight.js/lib/common'), import('highlight.js/styles/github-dark.css')]).then(
      ([module]) => module.default,
    )
  }
  return loading
}
