// Runs a script through the real CLI path (parse -> apply -> resultJson) for the CLI tests,
// and checks on the way that every event it produced narrates in both en and zh.
import { expect } from 'vitest'
import { type JsonObject, resultJson, resultText, runScript } from '../src/console/index.ts'
import type { Machine } from '../src/engine/index.ts'
import { describeEvent } from '../src/narration/index.ts'

export interface CliRun {
  /** resultJson of every command, in order. */
  readonly json: JsonObject[]
  /** The message of the error that stopped the script, or null. */
  readonly error: string | null
  /** The machine after the last command. */
  readonly machine: Machine
  /** The kinds of each command's events. */
  readonly kinds: string[][]
}

/** `mustSucceed`: expect the script to run to its end without an error (checked first). */
export function runCli(source: string, { mustSucceed = false } = {}): CliRun {
  const r = runScript(source)
  if (mustSucceed) expect(r.error?.message ?? null).toBeNull()
  for (const c of r.results)
    for (const e of c.events) {
      const d = describeEvent(e)
      expect(d.en.length * d.zh.length).toBeGreaterThan(0)
    }
  return {
    json: r.results.map(resultJson),
    error: r.error?.message ?? null,
    machine: r.machine,
    kinds: r.results.map((c) => c.events.map((e) => e.kind)),
  }
}

/** The failing result of a script, after checking both outputs render without throwing. */
export function scriptFailure(script: string): { line: number; column: number; message: string } {
  const run = runScript(script)
  for (const r of run.results) {
    expect(() => JSON.stringify(resultJson(r))).not.toThrow()
    expect(() => resultText(r)).not.toThrow()
  }
  expect(run.error).not.toBeNull()
  const e = run.error ?? { line: 0, column: 0, message: '' }
  expect(e.message).not.toMatch(/Infinity|NaN/)
  return e
}
