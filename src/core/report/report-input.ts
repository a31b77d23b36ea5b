// What `dgpu report` renders: the scan JSON (schema 1, issue 2) and, optionally, a plan (STYLE.md: a plan is data).
// Declared here, structurally, so the report depends on the JSON contract and not on the scan module's internals:
// anything `scanReport(host)` returns, or a `dgpu scan --json` file read back, fits.
import type { MacosSupport } from '../analysis/macos.js';

export interface ReportDevice {
  address: string;
  vendor: string | null;
  device: string | null;
  class: string | null;
  name: string | null;
  driver: string | null;
  iommuGroup: number | null;
  bootVga: boolean | null;
}

export interface ReportGpu {
  address: string;
  functions: string[];
  ids: string[];
  bootVga: boolean | null;
  groups: number[];
  viable: boolean | null;
  blockers: string[];
  /** Issue 5; absent in a scan made before it existed: the report then works it out from `ids`. */
  macos?: MacosSupport | null;
}

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

export interface PlanChange {
  path: string;
  /** null: the file does not exist yet. */
  before: string | null;
  /** null: the file is removed. */
  after: string | null;
  reason: string;
}

export interface PlanCommand {
  argv: string[];
  reason: string;
}

export interface ReportPlan {
  changes: PlanChange[];
  commands: PlanCommand[];
  warnings: string[];
}
