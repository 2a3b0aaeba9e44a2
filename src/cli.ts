// Node entry: runs the console language headlessly (CONSOLE.md "Headless runner").
import { readFileSync } from 'node:fs'
import { resultJson, resultText, runScript } from './console/index.ts'
import { CATALOGUE, loadAllScenarios, loadedScenario, scenarioScript } from './scenarios/index.ts'

const USAGE = `usage: vmscope [--json] FILE | -          run a script (- = standard input)
       vmscope [--json] --scenario ID      run a built-in scenario
       vmscope --list                      list built-in scenarios
exit status: 0 every line ran, 1 a line failed, 2 bad usage`

export function main(
  argv: readonly string[],
  out: (s: string) => void,
  errOut: (s: string) => void,
): number {
  let json = false
  let file: string | null = null
  let scenarioId: string | null = null
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a === '--json') json = true
    else if (a === '--help' || a === '-h') {
      out(USAGE)
      return 0
    } else if (a === '--list') {
      for (const s of CATALOGUE) out(`${s.id}\t${s.summary.en}`)
      return 0
    } else if (a === '--scenario') {
      scenarioId = argv[++i] ?? null
      if (scenarioId === null) {
        errOut('vmscope: --scenario needs an id\n' + USAGE)
        return 2
      }
    } else if (a !== undefined && (a === '-' || !a.startsWith('-')) && file === null) file = a
    else {
      errOut(`vmscope: unexpected argument '${a ?? ''}'\n${USAGE}`)
      return 2
    }
  }
  if ((file === null) === (scenarioId === null)) {
    errOut('vmscope: give exactly one script FILE, - or --scenario ID\n' + USAGE)
    return 2
  }
  let source: string
  let phaseOf: ((line: number) => string) | undefined
  if (scenarioId !== null) {
    const s = loadedScenario(scenarioId)
    if (!s) {
      errOut(`vmscope: no scenario '${scenarioId}'; try --list`)
      return 2
    }
    ;({ source, phaseOf } = scenarioScript(s))
  } else {
    try {
      source = readFileSync(file === '-' ? 0 : (file ?? ''), 'utf8')
    } catch (e) {
      errOut(`vmscope: cannot read ${file ?? ''}: ${(e as Error).message}`)
      return 2
    }
  }
  const run = runScript(source, phaseOf ? { phaseOf } : {})
  for (const r of run.results) {
    if (json) out(JSON.stringify(resultJson(r)))
    else for (const l of resultText(r)) out(`${r.ok ? `${r.line}: ` : ''}${l}`)
  }
  const limit = run.trace.limit
  if (limit)
    errOut(
      `vmscope: stopped at line ${limit.line}: the trace reached its limit of ${limit.cap} steps; that line's later events and the lines after it did not run`,
    )
  return run.error ? 1 : 0
}

// Scenario bodies are separate modules (lazy chunks in the app); here they are simply all loaded.
await loadAllScenarios()
process.exitCode = main(
  process.argv.slice(2),
  (s) => process.stdout.write(s + '\n'),
  (s) => process.stderr.write(s + '\n'),
)
