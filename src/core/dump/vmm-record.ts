// `lspci -vmm` records as people post them (with or without -nn, -k and -D; test/fixtures/corpus/dumps 13, 14).
// lspci(8), "Verbose format (-vmm)": records separated by blank lines, one `Tag:<TAB>value` per line, Slot always
// first, the rest in no particular order; with -nn the ids follow the names in brackets. Postings often turn the
// tab into spaces. Newer lspci adds `IOMMUGroup:`, which makes a record a group member like the listing's lines.
import { normalizeAddress } from '../address.js';
import { classFromName } from './class-names.js';
import type { DumpFunction, DumpLine } from './dump-lines.js';
import { MAX_GROUP } from './dump-lines.js';

const TAG = /^(Slot|Class|Vendor|Device|SVendor|SDevice|PhySlot|Rev|ProgIf|Driver|Module|NUMANode|IOMMUGroup):\s+(.*)$/;
const LAST_ID = /\[([0-9a-fA-F]{4})\]\s*$/;

/** The tag and value of a `-vmm` line, or null. */
export function vmmTag(text: string): { tag: string; value: string } | null {
  const m = TAG.exec(text.trim());
  return m ? { tag: m[1]!, value: m[2]!.trim() } : null;
}

/** One record, from its Slot line on; `lines()` gives what the listing's own lines would have said. */
export class VmmRecord {
  private readonly tags = new Map<string, string>();

  constructor(readonly address: string) {}

  add(tag: string, value: string): void {
    if (!this.tags.has(tag)) this.tags.set(tag, value);
  }

  lines(): DumpLine[] {
    const address = normalizeAddress(this.address);
    if (address === null) return [{ kind: 'noise', text: `Slot: ${this.address}`, suspect: true }];
    const out: DumpLine[] = [];
    const groupText = this.tags.get('IOMMUGroup');
    const fn = this.function(address);
    if (groupText !== undefined && /^\d{1,10}$/.test(groupText) && Number(groupText) <= MAX_GROUP) {
      out.push({ kind: 'group', group: Number(groupText), fn, table: false });
    } else if (groupText !== undefined) {
      out.push({ kind: 'bad-group', text: `IOMMUGroup: ${groupText}` });
    } else {
      out.push({ kind: 'device', fn, table: false });
    }
    const sv = this.id('SVendor');
    const sd = this.id('SDevice');
    if (sv !== null && sd !== null) out.push({ kind: 'subsystem', vendor: sv, device: sd });
    const driver = this.tags.get('Driver');
    if (driver !== undefined) out.push({ kind: 'driver', driver });
    else if (this.tags.has('Module')) out.push({ kind: 'modules' });
    return out;
  }

  private function(address: string): DumpFunction {
    const cls = this.tags.get('Class') ?? '';
    const code = LAST_ID.exec(cls);
    const vendorName = (this.tags.get('Vendor') ?? '').replace(LAST_ID, '').trim();
    const deviceName = (this.tags.get('Device') ?? '').replace(LAST_ID, '').trim();
    const rev = this.tags.get('Rev');
    return {
      address,
      vendor: this.id('Vendor'),
      device: this.id('Device'),
      class: code ? code[1]!.toLowerCase() : classFromName(cls),
      revision: rev !== undefined && /^[0-9a-fA-F]{2}$/.test(rev) ? rev.toLowerCase() : null,
      name: [vendorName, deviceName].filter(Boolean).join(' ') || null,
    };
  }

  private id(tag: string): string | null {
    const m = LAST_ID.exec(this.tags.get(tag) ?? '');
    return m ? m[1]!.toLowerCase() : null;
  }
}
