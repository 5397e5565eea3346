// The "add a server" form's values and what the API takes from them: arguments one per line,
// environment variables as KEY=VALUE lines, headers as "Name: value" lines.

export const EMPTY_SERVER_FORM = { kind: 'stdio', name: '', command: '', args: '', env: '', url: '', headers: '' }

const lines = (text) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)

/** Lines of "key<separator>value" as an object; { error } naming the first line that is not one. */
function pairs(text, separator, what) {
  const found = {}
  for (const line of lines(text)) {
    const at = line.indexOf(separator)
    const key = at > 0 ? line.slice(0, at).trim() : ''
    if (!key) return { error: `Each ${what} line is ${separator === '=' ? 'KEY=VALUE' : 'Name: value'}; “${line}” is not.` }
    found[key] = line.slice(at + 1).trim()
  }
  return { found }
}

/** The POST /api/mcp/servers body for the form, or { error } with the sentence to show. */
export function serverFromForm(form) {
  const name = form.name.trim()
  if (!name) return { error: 'Give the server a name.' }
  if (form.kind === 'stdio') {
    const command = form.command.trim()
    if (!command) return { error: 'Say which command starts the server.' }
    const env = pairs(form.env, '=', 'environment')
    if (env.error) return env
    return { server: { name, command, args: lines(form.args), env: env.found } }
  }
  const url = form.url.trim()
  if (!/^https?:\/\/\S+$/.test(url)) return { error: 'The URL starts with http:// or https://.' }
  const headers = pairs(form.headers, ':', 'header')
  if (headers.error) return headers
  return { server: { name, url, headers: headers.found } }
}
