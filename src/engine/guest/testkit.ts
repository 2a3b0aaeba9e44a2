// Test helpers for the guest-CPU model (not used by the engine itself).
import { apply } from '../apply.ts'
import type { EngineEvent } from '../core/event.ts'
import { type Machine, initialMachine } from '../machine.ts'
import type { Op } from '../modules.ts'
import type { InstrEvent } from './events.ts'
import type { Bits } from './isa.ts'
import type { Way } from './types.ts'

export function applyAll(
  ops: readonly Op[],
  from: Machine = initialMachine,
): { machine: Machine; events: EngineEvent[] } {
  let machine = from
  const events: EngineEvent[] = []
  for (const op of ops) {
    const r = apply(machine, op)
    if (!r.ok)
      throw new Error(
        `${op.kind} refused: ${JSON.stringify(r.error, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))}`,
      )
    machine = r.value.machine
    events.push(...r.value.events)
  }
  return { machine, events }
}

/** The ops that write `lines` as a program of `bits` and boot it under `way`. */
export const programOps = (lines: readonly string[], bits: Bits, way: Way, umip = false): Op[] => [
  { kind: 'guest.program', bits },
  ...lines.map((text): Op => ({ kind: 'guest.asm', text, column: 5 })),
  { kind: 'guest.way', way, umip },
]

/** Boots `lines` under `way` and steps `n` times; returns the machine and the instruction events. */
export function stepProgram(
  lines: readonly string[],
  way: Way,
  n: number,
  bits: Bits = 32,
  umip = false,
): { machine: Machine; instrs: InstrEvent[]; events: EngineEvent[] } {
  const { machine, events } = applyAll([
    ...programOps(lines, bits, way, umip),
    { kind: 'guest.step', count: n },
  ])
  const instrs = events.filter((e): e is InstrEvent => e.kind === 'guest.instr')
  return { machine, instrs, events }
}
