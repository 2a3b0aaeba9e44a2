import { describe, expect, it } from 'vitest'
import { FAMILIES } from '../src/console/families.ts'
import { COMMANDS } from '../src/console/index.ts'
import { consoleWords } from '../src/console/commands/console.ts'
import { type AnyModule, kindMap } from '../src/engine/core/module.ts'
import { MODULES, findClashes, initialMachine, moduleOfEvent } from '../src/engine/index.ts'

// The module list is the one place kinds are claimed: routing, formatting, narration and the
// stage all look a kind up in maps built from it.
describe('engine module descriptors', () => {
  it('claim disjoint op kinds, event kinds and citation ids', () => {
    expect(findClashes(MODULES)).toEqual([])
  })

  it('catch two modules that claim the same kind or citation', () => {
    const xen = MODULES.find((m) => m.id === 'xen')
    if (!xen) throw new Error('the xen module is listed')
    // A forged module that claims one op kind, one event kind and one citation of Xen's.
    const thief: AnyModule = {
      id: 'thief',
      opKinds: { 'ring.push': true },
      eventKinds: { 'evtchn.send': true },
      errorKinds: {},
      citations: { 'xen-ring-push': 'forged' },
      slot: null,
      initial: null,
    }
    const clashes = findClashes([...MODULES, thief])
    expect(clashes).toEqual([
      { what: 'op', key: 'ring.push', modules: ['xen', 'thief'] },
      { what: 'event', key: 'evtchn.send', modules: ['xen', 'thief'] },
      { what: 'citation', key: 'xen-ring-push', modules: ['xen', 'thief'] },
    ])
    expect(() => kindMap<AnyModule>([...MODULES, thief], (m) => m.opKinds)).toThrow(
      /op ring\.push \(xen, thief\)/,
    )
    // The same id twice is a clash too.
    expect(findClashes([xen, xen]).map((c) => c.what)).toContain('module')
  })

  it('give the machine one slot per stateful module, from its initial state', () => {
    const slots = MODULES.flatMap((m) => (m.slot === null ? [] : [m.slot]))
    expect(Object.keys(initialMachine).sort()).toEqual([...slots].sort())
    for (const m of MODULES) if (m.slot !== null) expect(initialMachine[m.slot]).toBe(m.initial)
  })

  it('name the owner of every event kind, and refuse a kind nobody owns', () => {
    for (const m of MODULES)
      for (const k of Object.keys(m.eventKinds)) expect(moduleOfEvent(k)).toBe(m.id)
    expect(() => moduleOfEvent('nobody.owns-this')).toThrow(/no engine module owns/)
  })
})

describe('console families', () => {
  it('one per engine module, each formatting its own module', () => {
    expect(FAMILIES.map((f) => f.module).sort()).toEqual(MODULES.map((m) => m.id).sort())
  })

  it('give the registry every row once, in family order', () => {
    // The console's own words (help, info, x, ...) belong to no module: they come last.
    expect(COMMANDS).toEqual([...FAMILIES.flatMap((f) => f.commands), ...consoleWords])
    const names = COMMANDS.map((c) => c.words.join(' '))
    expect(new Set(names).size).toBe(names.length)
  })
})
