// INVEPT and INVVPID arguments, parsed once for both console families: the VT-x rows
// `invept`/`invvpid` (VMCS model) and the EPT hypervisor's `ept invept`/`ept invvpid`.
// Type numbers: SDM2 INVEPT/INVVPID, hw-facts §7 (INVEPT 1 single context, 2 global; INVVPID
// 0 individual address, 1 single context, 2 all contexts, 3 single context retaining globals).
import { type ArgReader, intField } from '../args.ts'

const INV = {
  invept: {
    name: 'INVEPT',
    types: { single: 1, global: 2 },
    /** What a VT-x row's TYPE may be. */
    typeOrNumber: 'single, global or a number',
    /** Operands after TYPE: EPTP. */
    operands: 1,
  },
  invvpid: {
    name: 'INVVPID',
    types: { address: 0, single: 1, all: 2, 'single-retain-globals': 3 },
    typeOrNumber: 'address, single, all, or 0-3',
    /** Operands after TYPE: VPID, linear address. */
    operands: 2,
  },
} as const

type Inv = typeof INV
export type InvInstr = keyof Inv
type TypeName<I extends InvInstr> = keyof Inv[I]['types'] & string
type TypeNumber<I extends InvInstr> = Inv[I]['types'][TypeName<I>]

/** TYPE and the optional numeric operands after it (absent = null; `second` only for INVVPID). */
export interface InvArgs<T> {
  readonly type: T
  readonly first: bigint | null
  readonly second: bigint | null
}

const VPID = intField('VPID', 'a VPID (0-65535)', 0xffff, 'the VPID field is 16 bits')

/**
 * The operands after TYPE, read exactly (a number too wide for 64 bits is refused). `ept
 * invvpid` range-checks the VPID (its descriptor's bits 63:16 are reserved); the VT-x rows
 * take any value so the instruction itself can VMfail on it.
 */
function operands<T>(a: ArgReader, instr: InvInstr, type: T, checkVpid = false): InvArgs<T> {
  const first =
    instr === 'invvpid' && checkVpid
      ? a.optionalBigInt(VPID)
      : a.optionalNumber(instr === 'invept' ? 'an EPTP' : 'a VPID')
  const second = INV[instr].operands === 2 ? a.optionalNumber('a linear address') : null
  a.done()
  return { type, first, second }
}

/** `ept invept`/`ept invvpid`: TYPE is one of the names. */
export function invArgsByName<I extends InvInstr>(a: ArgReader, instr: I): InvArgs<TypeNumber<I>> {
  const { name, types } = INV[instr]
  const names = Object.keys(types) as TypeName<I>[]
  const t = a.word(`an ${name} type`, names)
  return operands(a, instr, (types as Inv[I]['types'])[t], true)
}

/**
 * `invept`/`invvpid`: TYPE is a name or any number, so a script can try an unsupported type
 * and see the instruction VMfail.
 */
export function invArgsOrNumber(a: ArgReader, instr: InvInstr): InvArgs<bigint> {
  const { name, types, typeOrNumber } = INV[instr]
  // optionalWord remembers the names, so a misspelt one gets "did you mean".
  const key = a.optionalWord(Object.keys(types) as TypeName<typeof instr>[])
  const named = key === null ? null : BigInt(types[key as keyof typeof types])
  return operands(a, instr, named ?? a.number(`an ${name} type (${typeOrNumber})`))
}
