import { describe, expect, it } from 'vitest'
import { runScript } from '../../console/index.ts'
import { laterInCommand } from '../Player/later.ts'
import { layoutWalk2D } from './layout.ts'

const SCRIPT = 'mmu ept\nmap 0x7000 0x400000 w\nhost map 0x100000 0x8100000 rwx\naccess 0x7123'
const frames = runScript(SCRIPT).trace.frames
const at = (kind: string, nth = 0) => {
  const i = frames.map((f, j) => (f.event.kind === kind ? j : -1)).filter((j) => j >= 0)[nth]
  if (i === undefined) throw new Error(`no ${kind} #${nth}`)
  const f = frames[i]
  if (!f) throw new Error('no frame')
  return layoutWalk2D(f.machine, f.event, laterInCommand(frames, i))
}

describe('the build view draws each setup step as it stands', () => {
  it('shows the guest PML4E as this step’s write, and nothing the same map writes later', () => {
    const b = at('paging.entry.write', 0).build
    expect(b?.focus).toBe('entry')
    const pml4 = b?.guest.find((t) => t.name === 'PML4')
    expect(pml4?.entries.map((e) => [e.index, e.raw, e.newest])).toEqual([[0, 0x101007n, true]])
    // The PDPT exists (allocated by an earlier step) but its entry is written by a later one.
    expect(b?.guest.find((t) => t.name === 'PDPT')?.entries).toEqual([])
    expect(b?.guest.some((t) => t.name === 'PT')).toBe(false)
  })

  it('has no CR3 before the map loads it, and no EPTP before host map sets it', () => {
    const alloc = at('paging.alloc', 0).build
    expect(alloc?.cr3).toBeNull()
    expect(alloc?.guest.map((t) => [t.name, t.newest])).toEqual([['PML4', true]])
    const root = at('ept.table', 0).build
    expect(root?.eptp).toBeNull()
    expect(root?.ept.map((t) => [t.name, t.newest])).toEqual([['EPT PML4', true]])
    expect(at('ept.eptp').build?.eptp).toBe(0x1000001en)
  })

  it('backs a guest table with its HPA once EPT maps it, and says the mapping is done', () => {
    const l = at('ept.map')
    expect(l.build?.guest.find((t) => t.name === 'PML4')?.hpa).toBe(0x8100000n)
    expect(l.build?.guest.find((t) => t.name === 'PDPT')?.hpa).toBeNull()
    expect(l.build?.note).toEqual({ kind: 'ept-map', gpa: 0x100000n, hpa: 0x8100000n, size: '4K' })
  })

  it('gives way to the grid when the access starts', () => {
    const l = at('ept.nested-ref')
    expect(l.build).toBeNull()
    expect(l.rows.length).toBeGreaterThan(0)
  })
})
