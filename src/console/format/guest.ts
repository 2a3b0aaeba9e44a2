// JSON fields and text lines of the guest-kernel CPU model's events (the console's contract
// for `program`, `asm`, `way`, `stepi`, `run`, `irq`, `compare`):
//
//   asm      programLine, label, instr, class (privileged | control-sensitive | behaviour-sensitive |
//            innocuous), cplRule (runs | gp | silent: what CPL > 0 does), address, length
//   way      way (native | trap | bt | pv | vt-x), bits, ring (where the kernel really runs),
//            umip, vmcs (VT-x: the VMCS whose controls decide exits), controls {pin, cpu,
//            secondary} (hex)
//   stepi    per instruction: programLine, address, instr, class, cplRule, outcome (ran | emulated |
//            reflected | fault | diverged | ident | in-tc | callout | translated | hypercall |
//            pv-inline | exit), fault {vector, errorCode} or null, exit {reason, name,
//            qualification} or null, hypercall {nr, name, stub, bytes} or null, translation
//            {kind, out} or null, diverged [what differs from bare metal], real {if, iopl, cpl,
//            cs, cr3} and virtual {if, iopl, cpl, cs, cr3} CPU, halted, counts; a translation
//            unit made on the way adds ccf {start, tcAddr, instrs, ident, nonIdent}
//   irq      vector, action (delivered | injected | queued), exit, queued, real, virtual
//   run      way, executed, limit, limitHit, halted, stopped, counts, real, virtual
//   compare  limit, ways [{way, counts, halted, limitHit, stopped}], cyclesNote
//   counts   instructions, traps, emulated, reflected, divergences, exits, translations,
//            tcHits, tcMisses, chains, inTc, callouts, hypercalls, injected, cycles (approximate:
//            only events with a cited figure, AA06), uncited (events with no cited figure)
// When several instructions run in one stepi, the JSON object holds the last one's fields.
// A stop adds stopped (why) and programLine. (`line` and `text` stay the result's own keys.)
import {
  type Counts,
  type CpuView,
  type ExitInfo,
  type GuestError,
  type GuestEvent,
  exhaustive,
  hex,
} from '../../engine/index.ts'
import type { JsonObject, JsonValue } from '../format.ts'

const cpuJson = (c: CpuView): JsonObject => ({
  if: c.if,
  iopl: c.iopl,
  cpl: c.cpl,
  cs: hex(BigInt(c.cs)),
  cr3: hex(c.cr3),
})

export const countsJson = (c: Counts): JsonObject => ({ ...c })

const exitJson = (e: ExitInfo | null): JsonValue =>
  e === null ? null : { reason: e.reason, name: e.name, qualification: hex(e.qualification) }

export function guestEventJson(e: GuestEvent): JsonObject {
  switch (e.kind) {
    case 'guest.program':
      return { bits: e.bits }
    case 'guest.asm':
      return {
        programLine: e.line,
        label: e.label,
        instr: e.text,
        class: e.pg,
        cplRule: e.rule,
        address: hex(e.address),
        length: e.length,
      }
    case 'guest.way':
      return {
        way: e.way,
        bits: e.bits,
        ring: e.ring,
        umip: e.umip,
        vmcs: e.vmcs,
        controls:
          e.controls === null
            ? null
            : {
                pin: hex(e.controls.pin),
                cpu: hex(e.controls.cpu),
                secondary: hex(e.controls.secondary),
              },
      }
    case 'guest.instr':
      return {
        programLine: e.line,
        address: hex(e.address),
        instr: e.text,
        class: e.pg,
        cplRule: e.rule,
        outcome: e.outcome,
        fault: e.fault === null ? null : { vector: e.fault.vector, errorCode: e.fault.code },
        exit: exitJson(e.exit),
        hypercall:
          e.hypercall === null
            ? null
            : {
                nr: e.hypercall.nr,
                name: e.hypercall.name,
                stub: hex(e.hypercall.stub),
                bytes: e.hypercall.bytes.map((b) => b.toString(16).padStart(2, '0')).join(' '),
              },
        translation:
          e.translation === null ? null : { kind: e.translation.kind, out: [...e.translation.out] },
        diverged: [...e.diverged],
        real: cpuJson(e.real),
        virtual: cpuJson(e.virt),
        halted: e.halted,
        counts: countsJson(e.counts),
      }
    case 'guest.translate':
      return {
        ccf: {
          start: e.ccf.start + 1,
          tcAddr: hex(e.ccf.tcAddr),
          instrs: e.ccf.instrs.length,
          ident: e.ccf.instrs.filter((t) => t.kind === 'ident').length,
          nonIdent: e.ccf.instrs.filter((t) => t.kind !== 'ident').length,
          reason: e.reason,
        },
      }
    case 'guest.interrupt':
      return {
        vector: e.vector,
        action: e.action,
        exit: exitJson(e.exit),
        queued: e.queued,
        real: cpuJson(e.real),
        virtual: cpuJson(e.virt),
      }
    case 'guest.stop':
      return { stopped: e.why, programLine: e.line }
    case 'guest.run':
      return {
        way: e.way,
        executed: e.executed,
        limit: e.limit,
        limitHit: e.limitHit,
        halted: e.halted,
        stopped: e.stopped,
        counts: countsJson(e.counts),
        real: cpuJson(e.real),
        virtual: cpuJson(e.virt),
      }
    case 'guest.compare':
      return {
        limit: e.limit,
        ways: e.rows.map((r) => ({
          way: r.way,
          counts: countsJson(r.counts),
          halted: r.halted,
          limitHit: r.limitHit,
          stopped: r.stopped,
        })),
        cyclesNote:
          'approximate: AA06 figures (3.8 GHz Pentium 4) for traps, call-outs, in-TC emulation, I/O and syscall only; other events are counted as uncited',
      }
    default:
      return exhaustive(e)
  }
}

const WAY_NAME = {
  native: 'native',
  trap: 'trap-and-emulate',
  bt: 'binary translation',
  pv: 'paravirtualized (Xen)',
  'vt-x': 'VT-x',
} as const

const cpuText = (c: CpuView): string => `IF=${c.if} IOPL=${c.iopl} CPL=${c.cpl}`

export function countsText(c: Counts): string {
  const parts: string[] = [`${c.instructions} instructions`]
  const add = (n: number, what: string): void => {
    if (n > 0) parts.push(`${n} ${what}`)
  }
  add(c.traps, 'traps')
  add(c.emulated, 'emulated')
  add(c.reflected, 'reflected')
  add(c.divergences, 'divergences')
  add(c.exits, 'exits')
  add(c.translations, 'translations')
  add(c.tcHits, 'TC hits')
  add(c.chains, 'chained')
  add(c.inTc, 'in-TC')
  add(c.callouts, 'call-outs')
  add(c.hypercalls, 'hypercalls')
  add(c.injected, 'injected')
  parts.push(`≈${c.cycles} cycles cited${c.uncited > 0 ? ` (+${c.uncited} uncited)` : ''}`)
  return parts.join(', ')
}

export function guestEventText(e: GuestEvent): string {
  switch (e.kind) {
    case 'guest.program':
      return `new ${e.bits}-bit program`
    case 'guest.asm':
      return `${e.line}: ${e.label === null ? '' : `${e.label}: `}${e.text ?? ''}${e.text === null ? '' : `  [${e.pg}, ${e.length} bytes at ${hex(e.address)}]`}`
    case 'guest.way':
      return `way ${WAY_NAME[e.way]}: kernel in ring ${e.ring}${e.umip ? ', CR4.UMIP = 1' : ''}${e.vmcs === null ? '' : `, exits by VMCS ${e.vmcs}`}`
    case 'guest.instr': {
      const extra =
        e.exit !== null
          ? ` -> exit ${e.exit.reason} ${e.exit.name}`
          : e.hypercall !== null
            ? ` -> hypercall ${e.hypercall.nr} ${e.hypercall.name}`
            : e.fault !== null
              ? ` (vector ${e.fault.vector}${e.fault.code === null ? '' : `, error code ${hex(BigInt(e.fault.code))}`})`
              : ''
      const div = e.diverged.length > 0 ? `; ${e.diverged.join('; ')}` : ''
      return `${e.line}: ${e.text}  ${e.outcome}${extra}${div}  real ${cpuText(e.real)} | virtual ${cpuText(e.virt)}`
    }
    case 'guest.translate':
      return `translated line ${e.ccf.start + 1}: ${e.ccf.instrs.length} instruction${e.ccf.instrs.length === 1 ? '' : 's'} into a CCF at ${hex(e.ccf.tcAddr)} (${e.ccf.instrs.filter((t) => t.kind !== 'ident').length} not IDENT)`
    case 'guest.interrupt':
      return `interrupt ${e.vector} ${e.action}${e.exit === null ? '' : ` (exit ${e.exit.reason} ${e.exit.name})`}${e.queued > 0 ? `, ${e.queued} waiting` : ''}`
    case 'guest.stop':
      return `stopped${e.line === null ? '' : ` at line ${e.line}`}: ${e.why}`
    case 'guest.run':
      return `${WAY_NAME[e.way]}: ${e.executed} steps, ${e.limitHit ? `step limit ${e.limit} hit (the program did not halt)` : e.halted ? 'halted' : (e.stopped ?? 'stopped')}; ${countsText(e.counts)}`
    case 'guest.compare':
      return e.rows
        .map(
          (r) =>
            `${r.way.padEnd(7)} ${countsText(r.counts)}${r.limitHit ? ' (step limit hit)' : ''}`,
        )
        .join('\n')
    default:
      return exhaustive(e)
  }
}

export function describeGuestError(e: GuestError): string {
  switch (e.code) {
    case 'no-program':
      return 'the program is empty: write it first with asm lines (asm cli, asm hlt ...)'
    case 'bad-asm':
      return `program line ${e.line}, column ${e.column}: ${e.message}`
    case 'missing-label':
      return `program line ${e.line}, column ${e.column}: no label '${e.label}' in the program (write asm ${e.label}: ...)`
    case 'duplicate-label':
      return `label '${e.label}' is already line ${e.first} of the program`
    case 'bad-count':
      return `${e.what} ${e.value} is out of range 1..${e.max}`
    case 'bad-vector':
      return `vector ${e.vector} is not an external interrupt (32..255)`
    case 'no-vmcs':
      return `could not set up VMCS ${e.name}: VMX is in a state that refuses VMCLEAR/VMPTRLD (vmxoff, then way vt-x)`
    default:
      return exhaustive(e)
  }
}
