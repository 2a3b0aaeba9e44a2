// Predict-then-reveal questions (issue 19): generators, the scenario-wide list and the checks of
// untrusted questions. Pure; the player's quiz UI, `predict`, handouts and the editor read this.
export * from './types.ts'
export * from './generators.ts'
export * from './questions.ts'
export * from './predict.ts'
