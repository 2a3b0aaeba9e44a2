// Where each scheduling fact comes from (hw-facts-2 §4.4-4.5; hw-facts §4.2 for the VMCS).
export const SCHED_CITATIONS = {
  'xen-credit-const':
    'Xen xen/common/sched/credit.c: CSCHED_DEFAULT_WEIGHT 256, CSCHED_DEFAULT_TSLICE_MS 30, CSCHED_TICKS_PER_TSLICE 3 (a 10 ms tick), CSCHED_CREDITS_PER_MSEC 10, so 300 credits per pCPU per slice; cap 0 = none, else percent of one pCPU (hw-facts-2 §4.4)',
  'xen-credit-pri':
    'Xen credit.c priorities: BOOST 0 (a waking vCPU), UNDER -1 (credit >= 0), OVER -2 (credit < 0), IDLE -64; one run queue per pCPU sorted by priority, FIFO within one (__runq_insert) (hw-facts-2 §4.4)',
  'xen-credit-burn':
    'Xen credit.c burn_credits: credits = (elapsed ns x 10 + residual) / 10^6, the remainder kept in residual, start_time advanced by credits x 100 us (hw-facts-2 §4.4)',
  'xen-credit-acct':
    'Xen credit.c csched_acct, once per 30 ms slice: credit_total = 300 x pCPUs (plus a negative balance); fair = ceil(credit_total x weight x active vCPUs / weight_total); peak = active vCPUs x 300; cap => peak <= ceil(cap x 300 / 100); unused share goes to later domains; per vCPU ceil(fair / active vCPUs); credit < 0 => OVER (a capped vCPU below -cap share is parked), else UNDER; credit floor -300; above 300 the vCPU stops earning and its credit halves (hw-facts-2 §4.4)',
  'xen-credit-wake':
    'Xen credit.c csched_unit_wake: a waking vCPU whose priority is UNDER and that is not parked (nor only migrating) is boosted to BOOST and tickles a pCPU: an idle one, else it preempts a lower-priority running vCPU; csched_unit_acct drops BOOST to UNDER at the next tick that finds it running (hw-facts-2 §4.4)',
  'xen-credit-steal':
    'Xen credit.c csched_schedule / csched_load_balance: the head of the local queue runs unless it is OVER or idle, then a pCPU steals a queued vCPU of strictly higher priority from a busy peer; an OVER vCPU still runs when nothing better waits (work-conserving), a parked one does not run until accounting unparks it (hw-facts-2 §4.4)',
  'xen-credit-limits':
    'Xen tools/libs/light/libxl_sched.c sched_credit_domain_set: "Cpu weight out of range, valid values are within range from 1 to 65535"; "Cpu cap out of range, valid range is from 0 to (vCPUs x 100)"; the hypervisor (csched_dom_cntl) ignores a weight of 0',
  'kvm-vcpu-thread':
    'KVM: one host thread per vCPU, scheduled by Linux like any task (CFS/EEVDF, cgroup cpu.weight); EEVDF base slice 0.75 ms x (1 + ilog2(CPUs)) on Linux 6.6-6.14; a halting vCPU halt-polls up to 200,000 ns (KVM_HALT_POLL_NS_DEFAULT, x86) before it sleeps (hw-facts-2 §4.3, §4.5)',
  'vmcs-migrate':
    'Intel SDM "VMCS states" and VMLAUNCH/VMRESUME: a VMCS is made current on one logical processor by VMPTRLD; before it runs on another, VMCLEAR on the old one writes it back and makes it clear, so the new processor must VMLAUNCH (VMRESUME on a clear VMCS is VMfailValid(5)); KVM vmx_vcpu_load_vmcs and Xen vmx_do_resume do this when a vCPU changes pCPU (hw-facts §4.2, hw-facts-2 §4.5)',
} as const

export type SchedCitationId = keyof typeof SCHED_CITATIONS
