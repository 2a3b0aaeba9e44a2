import { vmStore } from '../../state/store.ts'

/**
 * Runs one console line after the script (a new step, part of the link), or says why the
 * line was refused. The same path as typing it in the console.
 */
export function runLine(line: string): string | null {
  const r = vmStore.getState().appendLine(line)
  return r.ok ? null : r.error.message
}
