// The lazily loaded half of the app's logic: the script runner and what reads the console
// families (a loaded script's panels), and the authored-scenario format with its checker.
// One chunk, fetched by state/runtime.ts.
export { runScript } from '../console/run.ts'
export { panelsFor } from '../scenarios/panels.ts'
export { openAuthoredScenario } from './authoredCheck.ts'
