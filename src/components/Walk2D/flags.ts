import type { EntryFlags } from '../../engine/index.ts'

/** EPT flags as the panel shows them: a not-present entry by its R/W/X bits, IPAT left out. */
export const EPT_FLAGS = { ipat: false, notPresent: 'R=0 W=0 X=0' } as const

/** A guest entry's flags in the words the panel uses (P, RW/RO, US/S, A, D, PS, XD). */
export const guestFlags = (f: EntryFlags): string =>
  f.p
    ? [
        'P',
        f.rw ? 'RW' : 'RO',
        f.us ? 'US' : 'S',
        f.a ? 'A' : '',
        f.d && f.leaf ? 'D' : '',
        f.ps ? 'PS' : '',
        f.xd ? 'XD' : '',
      ]
        .filter(Boolean)
        .join(' ')
    : 'P=0'
