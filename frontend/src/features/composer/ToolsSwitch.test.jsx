import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { backend, mcpServer, mcpTool } from '../../test/backend'
import { openWith, EXCHANGE } from '../../test/fixtures'

const BOX = { name: 'box', tools: [mcpTool('echo'), mcpTool('fail')] }
const TIME = { name: 'time', tools: [mcpTool('get_current_time')] }
const switchButton = () => screen.getByRole('button', { name: /^Tools:/ })
const savedChoices = () => backend.bodies.filter(([path]) => path.startsWith('PATCH /api/conversations/')).map(([, body]) => body.mcp_servers)

async function openWithServers(settings = {}) {
  backend.mcpServers = [mcpServer(BOX), mcpServer(TIME), mcpServer({ name: 'off', enabled: false, status: 'disabled' })]
  const view = await openWith(EXCHANGE, { settings })
  await screen.findByRole('button', { name: /^Tools:/ })
  return view
}

describe('the tools switch under the message box', () => {
  it('says how many servers are on and saves the conversation’s choice as it changes', async () => {
    const { user } = await openWithServers()
    const [box] = backend.mcpServers
    expect(switchButton()).toHaveAccessibleName('Tools: 2 of 2 servers on') // null: every enabled server
    await user.click(switchButton())
    const panel = screen.getByRole('group', { name: 'Tool servers for this conversation' })
    expect(within(panel).getByRole('checkbox', { name: /box/ })).toBeChecked()
    expect(within(panel).getByRole('checkbox', { name: /box/ })).toHaveFocus()
    expect(within(panel).queryByRole('checkbox', { name: /off/ })).toBeNull() // switched off for everyone
    expect(within(panel).getByRole('checkbox', { name: /box/ })).toHaveAccessibleName('box 2 tools')

    await user.click(within(panel).getByRole('checkbox', { name: /time/ }))
    await waitFor(() => expect(switchButton()).toHaveAccessibleName('Tools: 1 of 2 servers on'))
    await user.click(within(panel).getByRole('button', { name: 'No tools' }))
    await waitFor(() => expect(switchButton()).toHaveAccessibleName('Tools: 0 of 2 servers on'))
    expect(switchButton()).toHaveTextContent('Tools: off')
    await user.click(within(panel).getByRole('button', { name: 'All servers' }))
    await waitFor(() => expect(switchButton()).toHaveAccessibleName('Tools: 2 of 2 servers on'))
    expect(savedChoices()).toEqual([[box.id], [], null])

    await user.keyboard('{Escape}')
    expect(screen.queryByRole('group', { name: 'Tool servers for this conversation' })).toBeNull()
    expect(switchButton()).toHaveFocus()
  })

  it('sees a server that was starting as the page opened connect, without the servers panel', async () => {
    backend.mcpServers = [mcpServer({ name: 'box', status: 'starting', tools: [] })]
    const { user } = await openWith(EXCHANGE)
    await screen.findByRole('button', { name: /^Tools:/ })
    const [box] = backend.mcpServers
    Object.assign(box, { status: 'connected', tools: [mcpTool('echo'), mcpTool('fail')] })
    await user.click(switchButton())
    const panel = screen.getByRole('group', { name: 'Tool servers for this conversation' })
    await waitFor(() => expect(within(panel).getByRole('checkbox', { name: /box/ })).toHaveAccessibleName('box 2 tools'), { timeout: 5000 })
  })

  it('warns when the model was not trained for tool use, while tools are on', async () => {
    backend.catalog = [{ id: 'model-a', type: 'llm', state: 'loaded', vision: false, tools: false, context_length: null }]
    const { user } = await openWithServers()
    const hint = 'This model was not trained for tool use; it may not call tools well.'
    expect(await screen.findByText(hint)).toBeInTheDocument()
    await user.click(switchButton())
    await user.click(screen.getByRole('button', { name: 'No tools' }))
    await waitFor(() => expect(screen.queryByText(hint)).toBeNull())
  })

  it('is not there while no server is switched on', async () => {
    backend.mcpServers = [mcpServer({ name: 'off', enabled: false, status: 'disabled' })]
    await openWith(EXCHANGE)
    await waitFor(() => expect(backend.requests).toContain('GET /api/mcp/servers'))
    expect(screen.queryByRole('button', { name: /^Tools:/ })).toBeNull()
  })
})
