import type { runScript as RunScript } from '../console/index.ts'
import type { panelsFor as PanelsFor } from '../scenarios/panels.ts'
import type { openAuthoredScenario as OpenAuthored } from './authoredCheck.ts'
import { loadLinkCodec } from './url.ts'

/**
 * The script runner (console + engine + everything they pull in) is the heaviest part of the
 * app and the library does not need it, so it arrives as its own chunk with the first scenario
 * (or when the page idles). The store only runs scripts once `loadRuntime` has resolved.
 */
export interface Runtime {
  readonly runScript: typeof RunScript
  readonly panelsFor: typeof PanelsFor
  readonly openAuthored: typeof OpenAuthored
}

let current: Runtime | null = null
let pending: Promise<Runtime> | null = null

export function loadRuntime(): Promise<Runtime> {
  if (current) return Promise.resolve(current)
  if (!pending) {
    // The link codec comes with the runner (url.ts loadLinkCodec says why), in parallel.
    pending = Promise.all([import('./runtimeEntry.ts'), loadLinkCodec()]).then(
      ([m]) =>
        (current = {
          runScript: m.runScript,
          panelsFor: m.panelsFor,
          openAuthored: m.openAuthoredScenario,
        }),
      (e: unknown) => {
        // Forget the failure so a retry fetches again.
        pending = null
        throw e
      },
    )
  }
  return pending
}

/** The runner if it has arrived, else null. */
export const loadedRuntime = (): Runtime | null => current
