import {
  type EngineError,
  type EngineEvent,
  type Machine,
  type Trace,
  TraceBuilder,
  apply,
  initialMachine,
} from '../engine/index.ts'
import { refusalColumn } from './columns.ts'
import type { ConsoleError } from './errors.ts'
import { describeEngineError } from './format.ts'
import { type ParsedOp, type ParsedWord, parseLine } from './parser.ts'
import { COMMANDS, type Session, commandName } from './registry.ts'

/** What one executed command did: the events it caused, or why it did not run. */
export interface CommandResult {
  readonly line: number
  readonly cmd: string
  readonly text: string
  readonly ok: boolean
  readonly events: readonly EngineEvent[]
  readonly error?: ConsoleError
  /** Index of the first frame this command produced. */
  readonly firstFrame: number
  /** What a console word printed (JSON "text"); absent for engine commands. */
  readonly output?: readonly string[]
  /** The 64-bit values `x`/`xp` read (JSON "values"). */
  readonly values?: readonly bigint[]
  /** Notes about the line that ran anyway (JSON "warnings"), e.g. a decimal address. */
  readonly warnings?: readonly string[]
}

export interface RunResult {
  readonly trace: Trace
  readonly results: readonly CommandResult[]
  /** The first error; the lines after it did not run. */
  readonly error: ConsoleError | null
  readonly machine: Machine
}

export interface RunOptions {
  /** Maps a 1-based line to its narration phase; default: one phase per line. */
  readonly phaseOf?: (line: number) => string
  readonly frameCap?: number
  /**
   * Continue an earlier run: `source` holds the lines after its `lines` lines, numbered on
   * from there, and the result is what running all of them would give, without re-running
   * the earlier ones (every line is parsed alone and the machine is the run's only state).
   */
  readonly after?: { readonly run: RunResult; readonly lines: number }
}

/** The session a console word sees, less the registry (runWord adds it). */
export type SessionInput = Omit<Session, 'rows'>

const withWarnings = (warnings: readonly string[]) =>
  warnings.length > 0 ? { warnings: [...warnings] } : {}

/**
 * Runs a read-only console word against `machine`: it changes nothing and makes no event or
 * frame. The terminal calls this directly (with its history and language); runScript calls
 * it for a word inside a script.
 */
export function runWord(
  parsed: ParsedWord,
  machine: Machine,
  session: SessionInput,
  firstFrame = 0,
): CommandResult {
  const out = parsed.call.run(machine, { ...session, rows: COMMANDS })
  return {
    line: parsed.line,
    cmd: parsed.call.cmd ?? commandName(parsed.def),
    text: parsed.text,
    ok: true,
    events: [],
    firstFrame,
    output: out.text,
    ...(out.values === undefined ? {} : { values: out.values }),
    ...withWarnings(parsed.warnings),
  }
}

/** The only way traces are made: parse and run a script line by line. */
export function runScript(source: string, options: RunOptions = {}): RunResult {
  const phaseOf = options.phaseOf ?? ((line: number) => `line-${line}`)
  const prev = options.after
  // A run that stopped (an error, the frame cap) runs nothing more.
  if (prev && (prev.run.error || prev.run.trace.truncated)) return prev.run
  const builder = new TraceBuilder(options.frameCap, prev?.run.trace.frames)
  const results: CommandResult[] = [...(prev?.run.results ?? [])]
  let machine = prev?.run.machine ?? initialMachine
  let frameCount = prev?.run.trace.frames.length ?? 0
  // Headless `history`: the lines that ran, this one included.
  const ran: string[] = (prev?.run.results ?? []).map((r) => r.text.trim())
  const lines = source.split(/\r?\n/)
  for (let i = 0; i < lines.length; i++) {
    const lineNo = (prev?.lines ?? 0) + i + 1
    const text = lines[i] ?? ''
    const parsed = parseLine(text, lineNo)
    if (!parsed.ok) {
      results.push(failed(lineNo, text, parsed.error.message, parsed.error, frameCount))
      return { trace: builder.build(), results, error: parsed.error, machine }
    }
    if (parsed.value === null) continue
    ran.push(text.trim())
    if (parsed.value.kind === 'word') {
      results.push(runWord(parsed.value, machine, { lang: 'en', history: ran }, frameCount))
      continue
    }
    const r = runCommand(machine, parsed.value)
    const cmd = commandName(parsed.value.def, parsed.value.op)
    if (!r.ok) {
      const column = refusalColumn(text, parsed.value.def.words.length, r.detail)
      const error: ConsoleError = { line: lineNo, column, message: r.error, cmd }
      results.push({
        ...failed(lineNo, text, r.error, error, frameCount),
        ...withWarnings(parsed.value.warnings),
      })
      return { trace: builder.build(), results, error, machine }
    }
    machine = r.machine
    results.push({
      line: lineNo,
      cmd,
      text,
      ok: true,
      events: r.events,
      firstFrame: frameCount,
      ...withWarnings(parsed.value.warnings),
    })
    for (const e of r.events) {
      if (builder.push(lineNo, phaseOf(lineNo), e, machine)) frameCount++
    }
    if (builder.full) break
  }
  return { trace: builder.build(), results, error: null, machine }
}

/** A line that did not run; its "cmd" is the command's full name when it was recognised. */
function failed(
  line: number,
  text: string,
  message: string,
  error: ConsoleError,
  firstFrame: number,
): CommandResult {
  return {
    line,
    cmd: error.cmd ?? text.trim().split(/\s+/)[0] ?? '',
    text,
    ok: false,
    events: [],
    error: { ...error, message },
    firstFrame,
  }
}

function runCommand(
  machine: Machine,
  cmd: ParsedOp,
):
  | { ok: true; machine: Machine; events: readonly EngineEvent[] }
  | { ok: false; error: string; detail: string } {
  const r = apply(machine, cmd.op)
  if (!r.ok) {
    const detail = describeEngineError(r.error)
    return { ok: false, error: `${commandName(cmd.def, cmd.op)}: ${detail}`, detail }
  }
  return { ok: true, machine: r.value.machine, events: r.value.events }
}

export type { EngineError }
