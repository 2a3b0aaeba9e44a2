// EPT bits as text, for the console, the Walk2D panel and narration alike: the one place an
// EPT entry's R/W/X, memory type, IPAT, PS, A and D are spelled (hw-facts §2.1, §2.2; SDM3
// §28.2.2 Tables 28-1..28-6).
import { EPT_MEMORY_TYPES, type EptEntryFlags } from './entry.ts'
import type { EptPerms } from './events.ts'

/** EPT read/write/execute (bits 2:0) as three letters, '-' for a clear bit: "r-x", or "R-X". */
export function eptRwx(p: EptPerms, upper = false): string {
  const s = (p.r ? 'r' : '-') + (p.w ? 'w' : '-') + (p.x ? 'x' : '-')
  return upper ? s.toUpperCase() : s
}

/** An EPT memory type's name (WB for 6, UC for 0, ...), or "reserved" for 2, 3 and 7. */
export const eptMemoryTypeName = (mt: number): string => EPT_MEMORY_TYPES[mt] ?? 'reserved'

export interface EptFlagTextOptions {
  /** Show IPAT (bit 6). Default true. */
  readonly ipat?: boolean
  /**
   * Text for a not-present entry (bits 2:0 = 0). Default: whichever of its other bits are set,
   * or "not present" when none is.
   */
  readonly notPresent?: string
}

/**
 * An EPT entry's set bits as words in bit order: R W X (2:0), MT=n (5:3, present leaves
 * only), IPAT (6), PS (7), A (8), D (9, leaves only).
 */
export function eptFlagText(f: EptEntryFlags, o: EptFlagTextOptions = {}): string {
  if (!f.present && o.notPresent !== undefined) return o.notPresent
  return (
    [
      f.r ? 'R' : '',
      f.w ? 'W' : '',
      f.x ? 'X' : '',
      f.leaf && f.present ? `MT=${f.memoryType}` : '',
      f.ipat && o.ipat !== false ? 'IPAT' : '',
      f.large ? 'PS' : '',
      f.a ? 'A' : '',
      f.d && f.leaf ? 'D' : '',
    ]
      .filter(Boolean)
      .join(' ') || 'not present'
  )
}
