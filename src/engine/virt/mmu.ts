import type { PagingOp } from '../paging/ops.ts'
import type { PagingState } from '../paging/types.ts'
import type { VirtOp } from './ops.ts'
import type { VirtResult } from './p2m.ts'
import type { MmuKind, VirtState } from './types.ts'

// The contract between virt/apply.ts and the MMU modules (ept/, shadow/, xenpv/). Kept apart
// from virt/apply.ts, which imports those modules, so they can import it without a cycle.

/** Every op the MMU in force receives: the paging ops and `host map` (`mmu`, `host poke` stay in virt/apply.ts). */
export type MmuOp = PagingOp | Extract<VirtOp, { kind: 'virt.host-map' }>
export type MmuOpKind = MmuOp['kind']

/** The MMUs that have a module (native paging is paging/ itself). */
export type VirtMmuKind = Exclude<MmuKind, 'native'>

type Camel<S extends string> = S extends `${infer H}.${infer T}`
  ? `${H}${Capitalize<Camel<T>>}`
  : S extends `${infer H}-${infer T}`
    ? `${H}${Capitalize<Camel<T>>}`
    : S

/** The method name of an op kind: `paging.tlb.flush` is `tlbFlush`, `virt.host-map` is `hostMap`. */
export type MmuMethodName<K extends MmuOpKind> = K extends `paging.${infer R}`
  ? Camel<R>
  : K extends `virt.${infer R}`
    ? Camel<R>
    : never

/** What an MMU method is given: the guest CPU's paging state and the hypervisor's side. */
export interface VirtMachine {
  readonly paging: PagingState
  readonly virt: VirtState
}

/** How one MMU carries out op kind K. */
export type MmuMethod<K extends MmuOpKind> = (
  m: VirtMachine,
  op: Extract<MmuOp, { kind: K }>,
) => VirtResult

/** One optional method per op kind, named by MmuMethodName. */
export type MmuMethods = {
  readonly [K in MmuOpKind as MmuMethodName<K>]?: MmuMethod<K>
}

/**
 * One MMU: a method per op kind it implements. An op whose method is missing is refused by
 * `runMmu` (virt/apply.ts) with a `wrong-mmu` error that names this MMU.
 */
export interface Mmu<K extends VirtMmuKind = VirtMmuKind> extends MmuMethods {
  readonly kind: K
}

/** The method each op kind dispatches to (checked against MmuMethodName both ways). */
export const MMU_METHOD: { readonly [K in MmuOpKind]: MmuMethodName<K> } = {
  'paging.mode': 'mode',
  'paging.poke': 'poke',
  'paging.cr3': 'cr3',
  'paging.map': 'map',
  'paging.access': 'access',
  'paging.translate': 'translate',
  'paging.invlpg': 'invlpg',
  'paging.tlb.flush': 'tlbFlush',
  'paging.tlb.config': 'tlbConfig',
  'paging.control': 'control',
  'paging.info': 'info',
  'paging.pkru': 'pkru',
  'virt.host-map': 'hostMap',
}

/** The method of `mmu` for `kind`, or undefined when that MMU does not implement it. */
export function mmuMethod(mmu: Mmu, kind: MmuOpKind): MmuMethod<MmuOpKind> | undefined {
  // Each method takes only its own op kind; the table above pairs kind and name, so the op
  // passed with `kind` is the one this method takes.
  return mmu[MMU_METHOD[kind]] as MmuMethod<MmuOpKind> | undefined
}
