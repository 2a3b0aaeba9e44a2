import { describe, expect, it } from 'vitest'
import { applyMigrate, pagesDiffering } from './apply.ts'
import type { MigrateOp } from './ops.ts'
import { type MigrateState, initialMigrateState } from './types.ts'

function run(ops: readonly MigrateOp[], from: MigrateState = initialMigrateState) {
  let s = from
  let last = null as unknown
  for (const op of ops) {
    const r = applyMigrate(s, op)
    if (!r.ok) throw new Error(`${op.kind}: ${JSON.stringify(r.error)}`)
    s = r.value.state
    last = r.value.events[0]
  }
  return { s, last }
}

const vm: MigrateOp = { kind: 'migrate.vm', pages: 4096, wws: 512, dirtyRate: 2000, seed: 7 }

describe('checkpoint and restore (the migration stream into a file)', () => {
  it('a checkpoint holds every page and the vCPU position, written at the link rate', () => {
    const { s, last } = run([
      vm,
      { kind: 'migrate.guest', ms: 100 },
      { kind: 'migrate.checkpoint', file: 'a' },
    ])
    expect(last).toMatchObject({
      kind: 'migrate.checkpoint',
      pages: 4096,
      bytes: 4096 * 4096,
      stores: 200,
    })
    // 16 MiB at the default 128 MiB/s: 125 ms.
    expect(s.files[0]?.writeMs).toBeCloseTo(125, 9)
  })

  it('restore brings back exactly the saved memory and undoes later stores', () => {
    const saved = run([
      vm,
      { kind: 'migrate.guest', ms: 100 },
      { kind: 'migrate.checkpoint', file: 'a' },
    ]).s
    const later = run([{ kind: 'migrate.guest', ms: 250 }], saved).s
    const changed = pagesDiffering(saved.guest.versions, later.guest.versions)
    expect(changed).toBeGreaterThan(0)
    expect(later.sinceFile).toEqual({ name: 'a', pages: changed, stores: 500 })
    const { s, last } = run([{ kind: 'migrate.restore', file: 'a' }], later)
    expect(s.guest).toEqual(saved.guest)
    expect(last).toMatchObject({ reverted: changed, undone: 500, stores: 200 })
    // The same workload runs again from the restored position: same stores, same pages.
    expect(run([{ kind: 'migrate.guest', ms: 250 }], s).s.guest).toEqual(later.guest)
  })

  it('refuses an unknown file and a guest run that would store too much', () => {
    expect(applyMigrate(run([vm]).s, { kind: 'migrate.restore', file: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'no-file', name: 'x' },
    })
    const fast = run([{ ...vm, dirtyRate: 1_000_000_000 } as MigrateOp]).s
    expect(applyMigrate(fast, { kind: 'migrate.guest', ms: 1000 })).toMatchObject({
      ok: false,
      error: { code: 'guest-too-long' },
    })
  })
})
