// The "Fidelity and robustness" issue: its reproducers (test/corpus/robustness.json) as
// regression cases, and seeded fuzzing of scripts and links. Nothing may throw; a failure
// carries a message and a column of at least 1.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  COMMANDS,
  type RowDef,
  type CommandResult,
  type RunResult,
  resultJson,
  resultText,
  runScript,
} from '../src/console/index.ts'
import { loadAllScenarios } from '../src/scenarios/index.ts'
import { loadRuntime } from '../src/state/runtime.ts'
import { createVmStore } from '../src/state/store.ts'
import { encodeExtra, readHash } from '../src/state/link.ts'
import { hashForState } from '../src/state/urlSync.ts'
import type { Topic } from '../src/console/registry.ts'
import corpus from './corpus/robustness.json'

await loadAllScenarios()
await loadRuntime()

/** Both outputs of every result render; failures carry a message and a column >= 1. */
function checkRun(run: RunResult): void {
  const check = (r: CommandResult): void => {
    const json = JSON.stringify(resultJson(r))
    const text = resultText(r).join('\n')
    if (!r.ok) {
      expect(r.error?.message).toBeTruthy()
      expect(r.error?.column).toBeGreaterThanOrEqual(1)
      expect(r.error?.column).toBeLessThanOrEqual(r.text.length + 2)
      expect(`${json}\n${text}`).not.toMatch(/Infinity|NaN/)
    }
  }
  run.results.forEach(check)
  if (run.error) {
    expect(run.error.message).toBeTruthy()
    expect(run.error.column).toBeGreaterThanOrEqual(1)
    expect(run.error.line).toBeGreaterThanOrEqual(1)
  }
}

describe('corpus: the issue reproducers', () => {
  for (const c of corpus.scripts) {
    it(`script: ${c.issue}`, () => {
      const script = c.script.repeat(c.repeat ?? 1)
      const run = runScript(script)
      checkRun(run)
      expect(run.error).toMatchObject({ line: c.line, column: c.column })
      expect(run.error?.message).toContain(c.contains)
      if (c.noSuggestion) expect(run.error?.suggestion).toBeUndefined()
    })
  }

  for (const c of corpus.hashes) {
    it(`link: ${c.issue}`, () => {
      expect(readHash(c.hash)).toMatchObject({ ok: false, error: { code: c.code } })
    })
  }

  for (const c of corpus.appends) {
    it(`console: ${c.issue}`, () => {
      const repeat = c.extraRepeat
      const extra = [
        ...c.extra,
        ...Array.from({ length: repeat?.times ?? 0 }, () => repeat?.line ?? ''),
      ]
      const store = createVmStore()
      store.getState().openRoute({ kind: 'scenario', id: c.scenario, step: null, extra })
      const lines = c.noise
        ? Array.from(
            { length: c.noise.lines },
            (_, i) => c.noise.prefix + noise(i + 1, c.noise.length),
          )
        : [c.line ?? '']
      let refused: string | null = null
      for (const line of lines) {
        const r = store.getState().appendLine(line)
        if (!r.ok) {
          refused = r.error.message
          break
        }
      }
      expect(refused).toContain(c.contains)
      const hash = hashForState(store.getState()) ?? ''
      expect(readHash(hash).ok).toBe(true)
    })
  }
})

/** Seeded incompressible text (the high bits of a linear congruential generator). */
function noise(seed: number, length: number): string {
  let x = seed
  let out = ''
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) % 2 ** 31
    out += String.fromCharCode(36 + ((x >>> 16) % 88))
  }
  return out
}

// ---- Fuzzing ----

const OPTION_KEYS = [
  ...new Set(
    COMMANDS.flatMap((c) => [...c.usage.matchAll(/([a-z][\w-]*)=/gi)].map((m) => m[1] ?? '')),
  ),
]

const number = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('0', '1', '2', '8') },
  { weight: 2, arbitrary: fc.nat({ max: 70_000 }).map(String) },
  { weight: 2, arbitrary: fc.nat().map((n) => `0x${n.toString(16)}`) },
  {
    weight: 2,
    arbitrary: fc.bigInt({ min: 0n, max: (1n << 70n) - 1n }).map((n) => `0x${n.toString(16)}`),
  },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '0xffff',
      '0x10000',
      '0xffffffff',
      '0x100000000',
      '0x1000000000000',
      '0xffff800000000000',
      '0x20000000000001',
      '0xffffffffffffffff',
      '0x10000000000000000',
      '9'.repeat(40),
      '0x' + '0'.repeat(60) + '1',
      '2M',
      '16G',
      '-1',
      '1.5',
    ),
  },
)
const garbage = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 6 }),
  fc.constantFrom('ro', 'on', 'off', 'front', 'back', 'push', 'timer', 'vif1.0', 'xvda', 'g', 'r'),
)
const arg = fc.oneof(
  { weight: 5, arbitrary: number },
  { weight: 2, arbitrary: garbage.map((g) => g.replace(/\s|#/g, '')) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom(...OPTION_KEYS), fc.oneof(number, garbage))
      .map(([k, v]) => `${k}=${v}`),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom('ref:', 'frame:'), number, number, fc.boolean())
      .map(
        ([k, a, b, off]) => (k === 'ref:' ? `ref:${a}:${b}` : `frame:${a}`) + (off ? `@${b}` : ''),
      ),
  },
)
const NAME_SLOTS = new Set(['NAME', 'DEV', 'VIF', 'LABEL', 'FIELD'])
const NAMES = ['r', 'g', 'v', 'xvda', 'vif1.0', 'GUEST_RIP', 'create']

/**
 * A line shaped by a row's usage (`grant copy DOM FROM TO LEN`, `[size=N]`, `on|off`): its
 * words and choices, with random values (mostly numbers: small, at field edges, huge) in the
 * slots. `picks` decides choices and optional parts, `values` fills slots in turn.
 */
function fromUsage(c: RowDef, picks: readonly number[], values: readonly string[]): string {
  let p = 0
  let v = 0
  const pick = (n: number): number => (picks[p++ % picks.length] ?? 0) % n
  const value = (): string => values[v++ % values.length] ?? '0'
  const forms = c.usage.split(' | ').map((f) => f.trim().split(/\s+/))
  const form = forms[pick(forms.length)] ?? []
  const words = form[0] === c.words[0] ? form : [...c.words, ...form]
  const out: string[] = []
  for (const raw of words) {
    if (raw.includes('...')) continue
    const optional = raw.startsWith('[')
    const t = raw.replace(/^\[|\]$/g, '')
    if (optional && pick(2) === 0) continue
    const eq = t.indexOf('=')
    const alternatives = (eq > 0 ? t.slice(eq + 1) : t).split('|')
    let chosen = alternatives[pick(alternatives.length)] ?? ''
    if (/^[A-Z_]+$/.test(chosen) || chosen === 'N' || chosen.startsWith('00:')) {
      chosen = NAME_SLOTS.has(chosen) && pick(4) > 0 ? (NAMES[pick(NAMES.length)] ?? 'r') : value()
    } else if (pick(8) === 0) chosen = value()
    out.push(eq > 0 ? `${t.slice(0, eq)}=${chosen}` : chosen)
  }
  return out.join(' ')
}

const commandLine = (commands: readonly RowDef[]) =>
  fc.oneof(
    {
      weight: 3,
      arbitrary: fc
        .tuple(
          fc.constantFrom(...commands),
          fc.array(fc.nat(), { minLength: 12, maxLength: 12 }),
          fc.array(arg, { minLength: 8, maxLength: 8 }),
        )
        .map(([c, picks, values]) => fromUsage(c, picks, values)),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom(...commands), fc.array(arg, { maxLength: 5 }))
        .map(([c, args]) => [...c.words, ...args].join(' ')),
    },
  )
const line = (topic: Topic | null) =>
  fc.oneof(
    {
      weight: 4,
      arbitrary: commandLine(COMMANDS.filter((c) => topic === null || c.topic === topic)),
    },
    { weight: 2, arbitrary: commandLine(COMMANDS) },
    { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
    { weight: 1, arbitrary: fc.constantFrom('', '# comment', 'x'.repeat(200)) },
  )
// Setups reach the states where each family's rows do something (a guest, VMX on, Xen
// domains, EPT); the lines after them are mostly that family's rows.
const SETUPS: readonly (readonly [Topic | null, readonly string[]])[] = [
  [null, []],
  ['guests', ['vm g', 'map 0x1000 0x2000']],
  ['memory', ['vm g', 'map 0x1000 0x2000']],
  ['vmx', ['vmxon', 'vmclear v', 'vmptrld v']],
  ['xen', ['xen domain 1 vcpus=2', 'evtchn alloc-unbound 1 0', 'ring create r proto=raw size=8']],
  ['memory', ['mmu ept', 'eptp 0x50000']],
  ['memory', ['mmu xen-pv']],
]
const script = fc
  .constantFrom(...SETUPS)
  .chain(([topic, setup]) =>
    fc.array(line(topic), { minLength: 1, maxLength: 6 }).map((ls) => [...setup, ...ls].join('\n')),
  )

// FUZZ_SEED and FUZZ_RUNS fuzz deeper by hand; the suite keeps a fixed seed and a few seconds.
const SEED = Number(process.env.FUZZ_SEED ?? 20_240_601)
const RUNS = Number(process.env.FUZZ_RUNS ?? 1000)
// A few seconds alone; the full suite shares the cores with everything else.
const TIMEOUT = 60_000 + RUNS * 20

describe('fuzz', () => {
  it(
    'random scripts never throw; failures say what and where',
    () => {
      fc.assert(
        fc.property(script, (s) => checkRun(runScript(s))),
        { seed: SEED, numRuns: RUNS },
      )
    },
    TIMEOUT,
  )

  it(
    'continuing a run gives what running it all gives',
    () => {
      fc.assert(
        fc.property(script, fc.nat(), (s, k) => {
          const lines = s.split('\n')
          const cut = k % (lines.length + 1)
          const first = runScript(lines.slice(0, cut).join('\n'))
          const rest = runScript(lines.slice(cut).join('\n'), { after: { run: first, lines: cut } })
          const whole = runScript(s)
          expect(rest.results).toEqual(whole.results)
          expect(rest.error).toEqual(whole.error)
          expect(rest.trace.frames.length).toBe(whole.trace.frames.length)
        }),
        { seed: SEED + 1, numRuns: Math.ceil(RUNS / 7) },
      )
    },
    TIMEOUT,
  )

  it(
    'lines typed into the console never throw and every link the app makes opens again',
    () => {
      fc.assert(
        fc.property(
          fc.constantFrom(...SETUPS.filter(([, setup]) => setup.length > 0)),
          fc.array(fc.oneof(line(null), fc.string({ minLength: 380, maxLength: 420 })), {
            maxLength: 6,
          }),
          ([, setup], typed) => {
            const store = createVmStore()
            const route = { kind: 'scenario', id: 'custom', step: null, extra: setup } as const
            store.getState().openRoute(route)
            for (const t of typed) {
              const r = store.getState().appendLine(t)
              if (!r.ok) expect(r.error.column).toBeGreaterThanOrEqual(1)
              const hash = hashForState(store.getState())
              if (hash !== null) expect(readHash(hash).ok).toBe(true)
            }
          },
        ),
        { seed: SEED + 3, numRuns: Math.ceil(RUNS / 5) },
      )
    },
    TIMEOUT,
  )

  it(
    'random link payloads never throw and fail only as unreadable lines',
    () => {
      const alphabet = fc.stringMatching(/^[A-Za-z0-9+$-]{0,200}$/)
      // Real payloads with one character changed, dropped or added.
      const damaged = fc
        .tuple(fc.array(fc.string({ maxLength: 30 }), { maxLength: 8 }), fc.nat(), fc.nat(63))
        .map(([lines, at, c]) => {
          const p = encodeExtra(lines)
          const i = at % (p.length + 1)
          const ch = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-$z'[c] ?? 'z'
          return [
            p.slice(0, i) + ch + p.slice(i + 1),
            p.slice(0, i) + p.slice(i + 1),
            p.slice(0, i) + ch + p.slice(i),
          ]
        })
      fc.assert(
        fc.property(
          fc.oneof(
            alphabet.map((p) => [p]),
            damaged,
          ),
          fc.constantFrom('x', 'three-address-spaces'),
          (payloads, id) => {
            for (const p of payloads) {
              const r = readHash(`#/${id}/1/${p}`)
              if (!r.ok) {
                expect(r.error.code).toBe('bad-lines')
                if (r.error.code === 'bad-lines') expect(r.error.reason).toBeTruthy()
              }
            }
          },
        ),
        { seed: SEED + 2, numRuns: RUNS },
      )
    },
    TIMEOUT,
  )
})
