// What `dgpu report` renders: the scan JSON (schema 1) and, optionally, a plan (docs/architecture.md: a plan is data).
// Declared here, structurally, so the report depends on the JSON contract and not on the scan module's internals:
// anything `scanReport(host)` returns, or a `dgpu scan --json` file read back, fits.
import type { MacosSupport } from '../analysis/macos.js';
import type { ScanJson } from '../analysis/scan-report.js';
import type { Plan } from '../plan/plan.js';

/** A device as `dgpu scan --json` writes it. */
export type ReportDevice = ScanJson['devices'][number];

/** A GPU as the scan JSON has it; `macos` and `blockerDetails` may be absent in a file written before they existed. */
export type ReportGpu = Omit<ScanJson['gpus'][number], 'macos' | 'blockerDetails'> & {
  macos?: MacosSupport | null;
  blockerDetails?: ScanJson['gpus'][number]['blockerDetails'];
};

export interface ReportScan {
  schema: number;
  source: 'sysfs' | 'dump' | string;
  iommu: { enabled: boolean | null; acsOverride: boolean };
  cpuVendor: 'intel' | 'amd' | string | null;
  devices: ReportDevice[];
  gpus: ReportGpu[];
  /** Address of the proposed guest GPU, or null. */
  proposedGuest: string | null;
  /** Strings or objects; shown as text (an object's `message`, else its JSON). */
  findings: unknown[];
}

/** The plan as `dgpu plan --json` writes it (src/core/plan/plan.ts). */
export type ReportPlan = Pick<Plan, 'changes' | 'commands' | 'warnings'>;
