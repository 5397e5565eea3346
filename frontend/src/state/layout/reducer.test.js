import { describe, expect, it } from 'vitest'
import { initialLayoutState, layoutReducer } from './reducer'

describe('the layout', () => {
  it('opens the settings panel at a field, each time anew', () => {
    const first = layoutReducer(initialLayoutState, { type: 'settings/openedAt', fieldId: 'max-tokens' })
    expect(first).toMatchObject({ isSettingsOpen: true, settingsField: { id: 'max-tokens' } })
    const again = layoutReducer(first, { type: 'settings/openedAt', fieldId: 'max-tokens' })
    expect(again.settingsField).not.toBe(first.settingsField)
    const closed = layoutReducer(again, { type: 'settings/shown', open: false })
    expect(closed).toMatchObject({ isSettingsOpen: false, settingsField: { id: 'max-tokens' } })
    expect(layoutReducer(closed, { type: 'settings/openedAt', fieldId: null }).settingsField).toBeNull()
  })
})
