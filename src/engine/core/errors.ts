/** Bad input the engine refuses; the console and UI show it in plain words. */
export type EngineError =
  | {
      readonly code: 'misaligned'
      readonly what: 'va' | 'pa' | 'gpa' | 'hpa'
      readonly addr: bigint
      readonly size: string
    }
  | { readonly code: 'not-virtualized'; readonly command: string }
  | {
      readonly code: 'address-too-wide'
      readonly what: 'pa' | 'gpa' | 'hpa'
      readonly addr: bigint
    }
  | { readonly code: 'no-permissions' }

/** MAXPHYADDR used by the model: 52 bits, the architectural maximum (SDM3 §4.1.4). */
export const MAXPHYADDR = 52n
