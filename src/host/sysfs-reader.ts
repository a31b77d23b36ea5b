// Placeholder so this branch typechecks: helper "hostread" writes the real reader (sysfs, proc, etc, pci.ids);
// the lead takes that file at merge.
import { EnvironmentError } from '../core/errors.js';
import type { Host } from '../core/host.js';

export async function readHost(root: string, opts?: { modulesAlias?: boolean }): Promise<Host> {
  void root;
  void opts;
  throw new EnvironmentError('reading sysfs is not available in this build');
}
