// Basic exit reasons (exit-reason field bits 15:0), hw-facts §4.6 (SDM3 App. C). Linux names
// (uapi asm/vmx.h, EXIT_REASON_ prefix dropped) are given for the reasons this model raises:
// the VT-x model, the shadow MMU and both EPT models take their numbers and names from here.

export const EXIT_REASON = {
  EXCEPTION_NMI: 0,
  EXTERNAL_INTERRUPT: 1,
  CPUID: 10,
  HLT: 12,
  INVLPG: 14,
  VMCALL: 18,
  VMCLEAR: 19,
  VMLAUNCH: 20,
  VMPTRLD: 21,
  VMPTRST: 22,
  VMREAD: 23,
  VMRESUME: 24,
  VMWRITE: 25,
  VMOFF: 26,
  VMON: 27,
  CR_ACCESS: 28,
  IO_INSTRUCTION: 30,
  MSR_READ: 31,
  MSR_WRITE: 32,
  INVALID_STATE: 33,
  EPT_VIOLATION: 48,
  EPT_MISCONFIG: 49,
  INVEPT: 50,
  INVVPID: 53,
} as const

export type ExitReasonName = keyof typeof EXIT_REASON
export type ExitReasonNumber = (typeof EXIT_REASON)[ExitReasonName]

/** A basic exit reason with its Linux name, as exit records carry them (one pair per name). */
export type BasicExit<N extends ExitReasonName = ExitReasonName> = {
  readonly [K in N]: { readonly reason: (typeof EXIT_REASON)[K]; readonly name: K }
}[N]

/** `{ reason, name }` of the basic exit reason with this Linux name. */
export const basicExit = <N extends ExitReasonName>(name: N): BasicExit<N> =>
  ({ reason: EXIT_REASON[name], name }) as BasicExit<N>

/** Bit 31 of the exit-reason field: VM-entry failure (hw-facts §4.6). */
export const EXIT_REASON_FAILED_VMENTRY = 0x8000_0000

/** SDM descriptions of every basic reason 0-77 (hw-facts §4.6), for the exit log. */
export const EXIT_REASON_DESCRIPTIONS: Readonly<Record<number, string>> = {
  0: 'Exception or NMI',
  1: 'External interrupt',
  2: 'Triple fault',
  3: 'INIT signal',
  4: 'Start-up IPI (SIPI)',
  5: 'I/O SMI',
  6: 'Other SMI',
  7: 'Interrupt window',
  8: 'NMI window',
  9: 'Task switch',
  10: 'CPUID',
  11: 'GETSEC',
  12: 'HLT',
  13: 'INVD',
  14: 'INVLPG',
  15: 'RDPMC',
  16: 'RDTSC',
  17: 'RSM',
  18: 'VMCALL',
  19: 'VMCLEAR',
  20: 'VMLAUNCH',
  21: 'VMPTRLD',
  22: 'VMPTRST',
  23: 'VMREAD',
  24: 'VMRESUME',
  25: 'VMWRITE',
  26: 'VMXOFF',
  27: 'VMXON',
  28: 'Control-register access (CLTS, LMSW, MOV CR)',
  29: 'MOV DR',
  30: 'I/O instruction',
  31: 'RDMSR',
  32: 'WRMSR',
  33: 'VM-entry failure: invalid guest state',
  34: 'VM-entry failure: MSR loading',
  36: 'MWAIT',
  37: 'Monitor trap flag',
  39: 'MONITOR',
  40: 'PAUSE',
  41: 'VM-entry failure: machine check',
  43: 'TPR below threshold',
  44: 'APIC access',
  45: 'Virtualized EOI',
  46: 'Access to GDTR/IDTR',
  47: 'Access to LDTR/TR',
  48: 'EPT violation',
  49: 'EPT misconfiguration',
  50: 'INVEPT',
  51: 'RDTSCP',
  52: 'VMX-preemption timer expired',
  53: 'INVVPID',
  54: 'WBINVD / WBNOINVD',
  55: 'XSETBV',
  56: 'APIC write',
  57: 'RDRAND',
  58: 'INVPCID',
  59: 'VMFUNC',
  60: 'ENCLS',
  61: 'RDSEED',
  62: 'Page-modification log full',
  63: 'XSAVES',
  64: 'XRSTORS',
  65: 'PCONFIG',
  66: 'SPP-related event',
  67: 'UMWAIT',
  68: 'TPAUSE',
  69: 'LOADIWKEY',
  70: 'ENCLV',
  72: 'ENQCMD PASID translation failure',
  73: 'ENQCMDS PASID translation failure',
  74: 'Bus lock',
  75: 'Notify (instruction timeout)',
  76: 'SEAMCALL',
  77: 'TDCALL',
}

const NAMES = new Map<number, ExitReasonName>(
  (Object.entries(EXIT_REASON) as [ExitReasonName, number][]).map(([n, v]) => [v, n]),
)

export function exitReasonName(reason: number): ExitReasonName | null {
  return NAMES.get(reason & 0xffff) ?? null
}
