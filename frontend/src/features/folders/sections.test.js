import { describe, expect, it } from 'vitest'
import { splitSections } from './sections'

const c = (id, extra = {}) => ({ id, title: id, folder_id: null, pinned: false, ...extra })

describe('splitSections', () => {
  it('puts pinned ones first, filed ones in their folders, the rest after, keeping the list order', () => {
    const folders = [{ id: 'f1', name: 'Work' }, { id: 'f2', name: 'Home' }]
    const list = [c('a', { pinned: true, folder_id: 'f1' }), c('b', { folder_id: 'f2' }), c('c'), c('d', { folder_id: 'f1' }), c('e', { folder_id: 'gone' })]
    const { pinned, folders: filed, rest } = splitSections(list, folders)
    expect(pinned.map((x) => x.id)).toEqual(['a'])
    expect(filed.map((f) => [f.folder.name, f.conversations.map((x) => x.id)])).toEqual([
      ['Work', ['d']],
      ['Home', ['b']],
    ])
    expect(rest.map((x) => x.id)).toEqual(['c', 'e']) // a folder that is gone files nothing
  })

  it("adds what a folder's own request brought, once, and only what is still filed there", () => {
    const folders = [{ id: 'f1', name: 'Work' }]
    const list = [c('a', { folder_id: 'f1' })]
    const contents = { f1: [c('a', { folder_id: 'f1' }), c('old', { folder_id: 'f1' }), c('moved', { folder_id: null })] }
    expect(splitSections(list, folders, contents).folders[0].conversations.map((x) => x.id)).toEqual(['a', 'old'])
  })
})
