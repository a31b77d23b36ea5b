// The one reading of `--gpu`, `--also`, `--allow-boot-gpu` and `--entry` for every use case: an address, a
// sibling function of the GPU, or `auto`; when `--gpu` is left out, the GPU of the latest committed transaction
// (its flags with it), so that `verify`, `vm attach`, `report` and `plan` follow what `apply` set up.
import { addressArg } from '../core/address.js';
import { UsageError } from '../core/errors.js';
import type { PassthroughRequest } from '../core/plan/intent.js';
import type { HostContext } from './context.js';

export interface GpuFlags {
  gpu?: string;
  also?: string[];
  allowBootGpu?: boolean;
  entry?: string[];
  vendorReset?: boolean;
}

export interface ResolvedRequest extends PassthroughRequest {
  /** The GPU came from the journal, not from --gpu. */
  recorded: boolean;
}

export function gpuRequest(ctx: HostContext | null, f: GpuFlags, command: string): ResolvedRequest {
  const also = (f.also ?? []).map((a) => addressArg(a, '--also'));
  if (f.gpu !== undefined) {
    const gpu = f.gpu === 'auto' ? 'auto' : addressArg(f.gpu);
    return { gpu, also, allowBootGpu: f.allowBootGpu === true, entries: f.entry ?? [], vendorReset: f.vendorReset === true, recorded: false };
  }
  const r = ctx?.recorded() ?? null;
  if (r === null) {
    throw new UsageError(`${command} needs --gpu: no earlier \`dgpu apply\` under ${ctx?.rootArg ?? 'this source'} recorded a GPU`,
      'pass --gpu ADDR (see `dgpu scan`) or --gpu auto');
  }
  return {
    gpu: r.gpu,
    also: also.length > 0 ? also : r.also,
    allowBootGpu: f.allowBootGpu === true || r.allowBootGpu,
    entries: f.entry !== undefined && f.entry.length > 0 ? f.entry : r.entries,
    vendorReset: f.vendorReset === true,
    recorded: true,
  };
}
