import type { DesignId } from './designs.ts'

/** The design in force (`hyp design NAME`) and how many OUTs have been followed through it. */
export interface HypState {
  readonly design: DesignId | null
  readonly outs: number
}

export const initialHypState: HypState = { design: null, outs: 0 }
