// Options and parsing shared by every command.
import { resolve } from 'node:path';
import { Option } from 'commander';
import { normalizeAddress } from '../core/address.js';
import { UsageError } from '../core/errors.js';

export const rootOption = () =>
  new Option('--root <dir>', 'read and write under DIR instead of / (a copied or fake tree)').default('/');

export const jsonOption = () => new Option('--json', 'print machine-readable JSON (schema 1) on stdout');

export function resolveRoot(root: string | undefined): string {
  return resolve(root ?? '/');
}

/** `0a:00.0` or `0000:0a:00.0` → `0000:0a:00.0`; anything else is a usage error. */
export function addressArg(text: string, flag = '--gpu'): string {
  const a = normalizeAddress(text);
  if (a === null) {
    throw new UsageError(`${flag}: '${text}' is not a PCI address`, 'write it as 0a:00.0 or 0000:0a:00.0 (see `dgpu scan`)');
  }
  return a;
}
