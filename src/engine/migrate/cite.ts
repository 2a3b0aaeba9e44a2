// Where each live-migration fact comes from (hw-facts-2 §3.4-3.5).
export const MIGRATE_CITATIONS = {
  'mig-precopy':
    'Clark et al., "Live Migration of Virtual Machines", NSDI 2005, Fig. 1: iterative pre-copy (round 1 sends all RAM, round i the pages dirtied during round i-1), then stop-and-copy; downtime = the stop-and-copy stage (hw-facts-2 §3.4)',
  'mig-wws':
    'Clark et al. 2005: the writable working set, pages dirtied so often that resending them every round is wasted; pre-copy ends when what remains is about the WWS (hw-facts-2 §3.4)',
  'mig-qemu-stop':
    'QEMU migration/migration.c migration_update_counters: threshold_size = bandwidth x downtime-limit; switchover when pending < threshold (QEMU up to 10.0; a 2025 series makes it <=); defaults downtime-limit 300 ms, max-bandwidth 128 MiB/s (migration/options.c) (hw-facts-2 §3.5)',
  'mig-xen-stop':
    'Xen tools/libs/guest/xg_sr_save.c simple_precopy_policy: stop when the dirty count < 50 (SPP_TARGET_DIRTY_COUNT) or after 5 live rounds (SPP_MAX_ITERATIONS); the pages that check found are sent live, then the guest is suspended (hw-facts-2 §3.4)',
  'mig-xen-legacy':
    'Legacy Xen tools/libxc/xc_domain_save.c: last iteration when iter >= 29, fewer than 50 pages sent, or more than 3 x the guest pages sent in total (DEF_MAX_ITERS, DEF_MAX_FACTOR) (hw-facts-2 §3.4)',
  'mig-autoconverge':
    'QEMU migration/ram.c migration_trigger_throttle: dirtied bytes > 50 % of bytes sent in the period, twice, throttles the vCPUs: 20 %, then +10 %, at most 99 %; system/cpu-throttle.c sleeps pct/(1-pct) x 10 ms per 10 ms slice (hw-facts-2 §3.5)',
  'mig-postcopy':
    'QEMU postcopy-ram, migrate-start-postcopy: the destination runs at once and fetches missing pages on fault (userfaultfd) over a return path; a failure then loses the VM (hw-facts-2 §3.5)',
  'mig-dirty-log':
    'KVM: memslot flag KVM_MEM_LOG_DIRTY_PAGES, KVM_GET_DIRTY_LOG returns one bit per 4 KiB page; KVM write-protects (first write: EPT violation, exit 48) or uses Intel PML: 512-entry log, exit 62 when full (hw-facts-2 §3.5)',
  'mig-checkpoint':
    'Checkpoint = the full VM state (RAM + vCPU + devices) saved at a point; Xen `xl save` writes the migration stream to a file with the guest paused (non-live); QEMU savevm/loadvm and migration to a file write the same stream (TAN §7.11, X-save; hw-facts-2 §3.6)',
} as const

export type MigrateCitationId = keyof typeof MIGRATE_CITATIONS
