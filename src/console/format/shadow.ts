// JSON fields and text lines for shadow-paging events (`mmu shadow`).
//
// `access` under shadow paging (CONSOLE.md fields plus a few of our own):
//   {"result": "ok"|"exit"|"fault", "induced": "none"|"hypervisor"|"guest",
//    "handled": "fill"|"emulate"|"inject"|"unbacked"|"p2m-denied"|"cr0-wp" (absent when no exit),
//    "pa": HPA (after the retry or the emulated store), "gpa": GPA, "tlb": "hit"|"miss",
//    "refs": [{"kind": "shadow", "level": N, "addr": HPA}...]   hardware walks, in order: the
//            walk that faulted, then the retry (4 refs when it succeeds),
//    "guestRefs": [{"kind": "guest", "level": N, "addr": HPA, "gpa": GPA}...]  the VMM's
//            software walk of the guest tables,
//    "exit": {"reason": 0, "name": "EXCEPTION_NMI", "qualification": VA,
//             "interruptionInfo": "0x80000b0e", "errorCode": N}   the #PF VM exit,
//    "fault": {"vector": 14, "errorCode": N, "cr2": VA}   only when reflected,
//    "counters": {...}, "shadowPages": N, "shadowBytes": N (pages x 4096: the memory overhead)}
// - result "ok": the hardware translated through the shadow tables (TLB or walk), no exit.
// - result "exit", induced "hypervisor": a hidden page fault. The guest never sees it: the VMM
//   built the shadow entries and the guest retried ("fill"), or it performed a store into a
//   write-protected guest page table ("emulate"), or it could not resolve the access
//   ("unbacked": no P2M entry; "p2m-denied": the P2M forbids it).
// - result "fault", induced "guest": the guest's own tables fault; #PF is injected with the
//   guest's error code and CR2 (a reflected fault). "exit" is present too: the VMM saw it first.
// Other commands that exit add {"vmExits": N, "hiddenFaults": N, "shadowPages": N,
// "shadowBytes": N, "counters"};
// `cr3` adds {"shadowRoot": HPA, "reused": bool}; a trapped `poke` adds "trapped": true.
import {
  type ShadowCounters,
  type ShadowError,
  type ShadowEvent,
  type ShadowExitInfo,
  exhaustive,
  hex,
  totalExits,
} from '../../engine/index.ts'
import type { JsonObject } from '../format.ts'
import { flagNames } from './paging.ts'

export function countersJson(c: ShadowCounters): JsonObject {
  return {
    exits: {
      total: totalExits(c),
      exception: c.exits.exception,
      crAccess: c.exits.crAccess,
      invlpg: c.exits.invlpg,
      wrmsr: c.exits.wrmsr,
    },
    hiddenFaults: c.hiddenFaults,
    reflectedFaults: c.reflectedFaults,
    ptWrites: c.ptWrites,
  }
}

function exitJson(x: ShadowExitInfo): JsonObject {
  return {
    reason: x.reason,
    name: x.name,
    ...(x.qualification === null ? {} : { qualification: hex(x.qualification) }),
    ...(x.intrInfo === null ? {} : { interruptionInfo: hex(BigInt(x.intrInfo)) }),
    ...(x.errorCode === null ? {} : { errorCode: x.errorCode }),
  }
}

export function shadowEventJson(e: ShadowEvent): JsonObject {
  switch (e.kind) {
    case 'shadow.access':
      return {
        va: hex(e.va),
        intent: e.intent,
        mode: e.mode,
        result: e.result,
        induced: e.induced,
        ...(e.handled === null ? {} : { handled: e.handled }),
        ...(e.pa === null ? {} : { pa: hex(e.pa) }),
        ...(e.gpa === null ? {} : { gpa: hex(e.gpa) }),
        ...(e.tlb === null ? {} : { tlb: e.tlb }),
        refs: e.refs.map((r) => ({ kind: 'shadow', level: r.level, addr: hex(r.addr) })),
        guestRefs: e.guestRefs.map((r) => ({
          kind: 'guest',
          level: r.level,
          addr: hex(r.hpa),
          gpa: hex(r.gpa),
        })),
        ...(e.exit === null ? {} : { exit: exitJson(e.exit) }),
        ...(e.fault === null
          ? {}
          : e.fault.vector === 14
            ? { fault: { vector: 14, errorCode: e.fault.errorCode, cr2: hex(e.fault.cr2) } }
            : { fault: { vector: 13 } }),
        counters: countersJson(e.counters),
        shadowPages: e.shadowPages,
        shadowBytes: e.shadowPages * 4096,
      }
    case 'shadow.root':
      return { shadowRoot: hex(e.hpa), reused: e.reused, shadowRoots: e.roots }
    case 'shadow.cost':
      return {
        vmExits: e.exits,
        hiddenFaults: e.hiddenFaults,
        shadowPages: e.shadowPages,
        shadowBytes: e.shadowPages * 4096,
        counters: countersJson(e.counters),
      }
    case 'shadow.pt-write':
      return e.via === 'poke'
        ? { addr: hex(e.gpa), value: hex(e.value), size: e.size, old: hex(e.old), trapped: true }
        : {}
    case 'shadow.zap':
      return { shadowZapped: e.pages }
    case 'shadow.info':
      return {
        shadow: {
          root: e.root === null ? null : hex(e.root),
          pages: e.pages.map((p) => ({ hpa: hex(p.hpa), gfn: hex(p.gfn), level: p.level })),
          bytes: e.pages.length * 4096,
          counters: countersJson(e.counters),
        },
      }
    // Step-by-step events: the summary event carries their JSON.
    case 'shadow.exit':
    case 'shadow.ref':
    case 'shadow.guest-ad':
    case 'shadow.alloc':
    case 'shadow.write-protect':
    case 'shadow.sync':
    case 'shadow.inject':
    case 'shadow.resume':
    case 'shadow.tlb':
      return {}
    default:
      return exhaustive(e)
  }
}

const exitText = (x: ShadowExitInfo): string =>
  `VM exit ${x.reason} ${x.name}${x.qualification === null ? '' : `, qualification ${hex(x.qualification)}`}${x.errorCode === null ? '' : `, #PF error code ${hex(BigInt(x.errorCode))}`}`

export function shadowEventText(e: ShadowEvent): string {
  switch (e.kind) {
    case 'shadow.exit':
      return exitText(e.exit)
    case 'shadow.ref':
      return e.who === 'hardware'
        ? `  shadow L${e.level} ${e.name}[${e.index}] at HPA ${hex(e.addr)} = ${hex(e.raw)} [${flagNames(e.flags)}]`
        : `  VMM reads guest L${e.level} ${e.name}[${e.index}] at GPA ${hex(e.gpa ?? e.addr)} (HPA ${hex(e.addr)}) = ${hex(e.raw)} [${flagNames(e.flags)}]`
    case 'shadow.guest-ad':
      return `  VMM sets ${e.set === 'AD' ? 'A and D' : e.set} in guest ${e.name} at GPA ${hex(e.gpa)}: ${hex(e.old)} -> ${hex(e.raw)}`
    case 'shadow.alloc':
      return `new shadow page at HPA ${hex(e.hpa)} for the guest ${e.name} table at GPA ${hex(e.gfn)} (${e.pages} shadow pages, ${e.pages * 4} KiB)`
    case 'shadow.write-protect':
      return `guest table GPA ${hex(e.gfn)} is now write-protected: ${e.entries.length} shadow entr${e.entries.length === 1 ? 'y' : 'ies'} lose R/W`
    case 'shadow.sync':
      return `shadow ${e.name} at HPA ${hex(e.shadow.addr)}: ${e.action} ${hex(e.shadow.old)} -> ${hex(e.shadow.raw)} (from guest ${hex(e.guest.raw)} at GPA ${hex(e.guest.gpa)}${e.p2m ? `, P2M ${hex(e.p2m.gpa)} -> ${hex(e.p2m.hpa)}` : ''})`
    case 'shadow.pt-write':
      return `VMM emulates the guest's store to its page table at GPA ${hex(e.gpa)}: ${hex(e.old)} -> ${hex(e.value)}`
    case 'shadow.inject':
      return `reflect #PF to the guest: error code ${hex(BigInt(e.errorCode))} (${e.reason}), CR2 ${hex(e.cr2)}`
    case 'shadow.resume':
      return `VM entry: the guest retries the access to ${hex(e.va)}`
    case 'shadow.root':
      return `hardware CR3 = shadow root HPA ${hex(e.hpa)} for guest CR3 ${hex(e.gcr3)} (${e.reused ? 'reused from the cache' : 'new'}; ${e.roots} root${e.roots === 1 ? '' : 's'} cached)`
    case 'shadow.zap':
      return `all ${e.pages} shadow pages discarded (${e.why} changed the MMU role)`
    case 'shadow.tlb':
      return `TLB: ${e.removed} stale translation${e.removed === 1 ? '' : 's'} invalidated (${e.kept} kept)`
    case 'shadow.access': {
      const head = `${e.intent} ${hex(e.va)}`
      if (e.result === 'ok') return `${head}: ok, HPA ${hex(e.pa ?? 0n)} (TLB ${e.tlb ?? '-'})`
      if (e.result === 'fault')
        return e.fault?.vector === 14
          ? `${head}: guest-induced #PF reflected, error code ${hex(BigInt(e.fault.errorCode))}, CR2 ${hex(e.fault.cr2)}`
          : `${head}: #GP (non-canonical address)`
      return `${head}: hidden page fault (${e.handled ?? '-'})${e.pa === null ? '' : `, HPA ${hex(e.pa)}`}; exits ${totalExits(e.counters)}, hidden ${e.counters.hiddenFaults}, reflected ${e.counters.reflectedFaults}, shadow pages ${e.shadowPages}`
    }
    case 'shadow.cost':
      return `cost: ${e.exits} VM exit${e.exits === 1 ? '' : 's'} (${e.hiddenFaults} hidden page fault${e.hiddenFaults === 1 ? '' : 's'}); ${e.shadowPages} shadow pages`
    case 'shadow.info':
      return `shadow root ${e.root === null ? 'none' : hex(e.root)}; ${e.pages.length} shadow pages (${e.pages.length * 4} KiB): ${e.pages.map((p) => `L${p.level} ${hex(p.gfn)}->${hex(p.hpa)}`).join(', ')}`
    default:
      return exhaustive(e)
  }
}

export function describeShadowError(e: ShadowError): string {
  switch (e.code) {
    case 'mode-unsupported':
      return `shadow paging is modelled for 4-level guests ('paging x86-64'); '${e.mode}' is not`
    case 'large-page':
      return `the guest maps ${hex(e.va)} with a large page (level ${e.level}); this shadow model builds 4 KiB shadow entries only`
    case 'control-unsupported':
      return `'${e.bit} ${e.on ? 'on' : 'off'}' is not modelled under shadow paging (PCIDs in shadow roots)`
    case 'host-full':
      return 'the host has no free frame left for a shadow page'
    default:
      return exhaustive(e)
  }
}
