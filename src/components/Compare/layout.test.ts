import { describe, expect, it } from 'vitest'
import type { Frame } from '../../engine/index.ts'
import { frameWhere, scenarioFrames } from '../Ring/testFrames.ts'
import { layoutCompare } from './layout.ts'

const frames = scenarioFrames('ept-vs-shadow')
const col = (i: number, mmu: string) => {
  const c = layoutCompare(frames, i).columns.find((x) => x.mmu === mmu)
  if (!c) throw new Error(mmu)
  return c
}
const lastOf = (pred: (f: Frame) => boolean): number =>
  frames.reduce((at, f, i) => (pred(f) ? i : at), -1)

describe('layoutCompare (ept-vs-shadow)', () => {
  it('fills the columns in the order the scenario runs them', () => {
    const first = layoutCompare(frames, 0)
    expect(first.columns.map((c) => c.status)).toEqual(['now', 'waiting', 'waiting'])
    const shadowStart = frames.findIndex(
      (f) => f.event.kind === 'virt.mmu' && f.event.mmu === 'shadow',
    )
    expect(layoutCompare(frames, shadowStart).columns.map((c) => c.status)).toEqual([
      'done',
      'now',
      'waiting',
    ])
    expect(layoutCompare(frames, shadowStart).changed).toEqual({ mmu: 'shadow', metric: 'access' })
  })

  it('counts what each design did: 4 native references, exits only under shadow, 24 under EPT', () => {
    const end = frames.length - 1
    const native = col(end, 'native')
    expect(native).toMatchObject({ exits: 0, guestTables: 4, vmmTables: null, tableWrites: 4 })
    expect(native.access).toMatchObject({ result: 'ok', refs: 4, vmmRefs: 0, pa: 0x400123n })
    const shadowHit = lastOf(
      (f) => f.event.kind === 'shadow.access' && f.event.tlb === 'miss' && f.event.result === 'ok',
    )
    // The filled shadow tables: the hardware walks 4 shadow entries, the VMM none.
    if (shadowHit >= 0) expect(col(shadowHit, 'shadow').access).toMatchObject({ vmmRefs: 0 })
    const shadow = col(end, 'shadow')
    expect(shadow.exits).toBeGreaterThan(0)
    expect(shadow.trappedWrites).toBeGreaterThan(0)
    expect(shadow.vmmTables).toBe(
      frames[lastOf((f) => f.machine.virt.mmu === 'shadow')]?.machine.virt.shadow.pages.length,
    )
    const ept = col(end, 'ept')
    expect(ept).toMatchObject({ exits: 0, trappedWrites: 0, guestTables: 4 })
    expect(ept.access).toMatchObject({ result: 'ok', refs: 24, pa: 0x8401123n })
  })

  it('marks the cell the step changed', () => {
    const i = frames.indexOf(frameWhere(frames, (f) => f.event.kind === 'shadow.pt-write'))
    expect(layoutCompare(frames, i).changed).toEqual({ mmu: 'shadow', metric: 'tableWrites' })
    const j = frames.indexOf(frameWhere(frames, (f) => f.event.kind === 'ept.table'))
    expect(layoutCompare(frames, j).changed).toEqual({ mmu: 'ept', metric: 'vmmTables' })
  })
})
