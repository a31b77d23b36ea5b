// Placeholder: the real reader (helper "hostread") replaces this file at merge.
import { EnvironmentError } from '../core/errors.js';
import type { Host } from '../core/host.js';

export async function readHost(root: string, opts?: { modulesAlias?: boolean }): Promise<Host> {
  void root;
  void opts;
  throw new EnvironmentError('reading the host is not available in this build', 'use a build with the sysfs reader');
}
