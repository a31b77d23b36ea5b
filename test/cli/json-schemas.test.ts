// `--json` on every command that prints data, each document with "schema": 1, checked against the JSON Schema the
// package ships (schemas/*.schema.json) on real output of the built CLI: the example host, a posted dump, a
// snapshot, the IOMMU-off first stage, apply, verify, vm attach, rollback and its list.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { dgpu } from '../support/cli.js';
import { exampleRoot, tempDir, treesForThisFile } from '../core/plan/support.js';

const { cleanups } = treesForThisFile();
const ajv = new Ajv({ allErrors: true, strict: false });
const schemas = Object.fromEntries(readdirSync('schemas').map((f) => [f.replace('.schema.json', ''), ajv.compile(JSON.parse(readFileSync(join('schemas', f), 'utf8')))]));

function valid(name: string, args: string[], status = 0): Record<string, unknown> {
  const r = dgpu(args);
  expect(r.status, `${args.join(' ')}\n${r.stderr}`).toBe(status);
  const doc = JSON.parse(r.stdout) as Record<string, unknown>;
  const check = schemas[name]!;
  expect(check(doc), `${name}: ${ajv.errorsText(check.errors)}`).toBe(true);
  expect(doc.schema).toBe(1);
  return doc;
}

function example(): string {
  const r = exampleRoot();
  cleanups.push(r.cleanup);
  return r.root;
}

const DOMAIN = readFileSync('test/fixtures/vm/libvirt-macos-04-ultmos-domainExample-in.xml', 'utf8');

describe('JSON documents against their schemas', () => {
  it('has a schema for every document', () => {
    expect(Object.keys(schemas).sort()).toEqual(['apply', 'groups', 'plan', 'rollback', 'rollback-list', 'scan', 'snapshot', 'verify', 'vm-attach']);
  });

  it('a schema refuses a document that lacks a field or has the wrong type', () => {
    const doc = valid('scan', ['scan', '--root', 'examples/host', '--json']);
    expect(schemas.scan!({ ...doc, gpus: undefined })).toBe(false);
    expect(schemas.scan!({ ...doc, proposedGuest: 'not an address' })).toBe(false);
    expect(schemas.plan!({ schema: 1 })).toBe(false);
  });

  it('scan and groups: a root, a posted dump, a filter', () => {
    valid('scan', ['scan', '--from', 'test/fixtures/real-hosts/host-15-amd-b550m-mortar-rtx2070s-turing-gt710-chipset-group.txt', '--json']);
    valid('scan', ['scan', '--root', 'examples/host', '--json', '-d', '1002:']);
    valid('groups', ['groups', '--root', 'examples/host', '--json']);
    valid('groups', ['groups', '--from', 'test/fixtures/real-hosts/host-07-intel-z370-coffeelake-gt1030-cmdline-lspci-nnk.txt', '--json']);
  });

  it('snapshot, then plan from it; plan, apply, verify, vm attach, rollback and the list on one tree', () => {
    const r = example();
    const d = tempDir('dgpu-json-');
    valid('snapshot', ['snapshot', join(d, 's.tar.gz'), '--root', r, '--json']);
    valid('plan', ['plan', '--gpu', '03:00.0', '--root', join(d, 's.tar.gz'), '--json']);
    valid('plan', ['plan', '--gpu', 'auto', '--root', r, '--json']);
    const applied = valid('apply', ['apply', '--gpu', '03:00.0', '--root', r, '--yes', '--json']);
    expect(applied.transaction).toMatch(/^\d{8}T/);
    const empty = valid('apply', ['apply', '--gpu', '03:00.0', '--root', r, '--yes', '--json']);
    expect(empty.transaction).toBeNull();
    valid('verify', ['verify', '--root', r, '--json'], 1);
    writeFileSync(join(d, 'in.xml'), DOMAIN);
    valid('vm-attach', ['vm', 'attach', '--xml', join(d, 'in.xml'), '--out', join(d, 'out.xml'), '--root', r, '--json']);
    valid('vm-attach', ['vm', 'attach', '--xml', join(d, 'in.xml'), '--root', r, '--dry-run', '--json']);
    valid('rollback-list', ['rollback', '--list', '--root', r, '--json']);
    valid('rollback', ['rollback', '--root', r, '--json']);
  });
});
