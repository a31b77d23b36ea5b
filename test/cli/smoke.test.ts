import { describe, expect, it } from 'vitest';
import { commands } from '../../src/cli/commands.js';
import { program } from '../../src/cli/program.js';
import { dgpu } from '../support/cli.js';

describe('dgpu binary', () => {
  it('prints help with exit 0', () => {
    const r = dgpu(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Usage: dgpu');
  });

  it('exits 2 on an unknown command', () => {
    const r = dgpu(['no-such-command']);
    expect(r.status).toBe(2);
  });
});

describe('the command tree', () => {
  it("each command's name is its key; the whole tree is those commands and the hidden man page", () => {
    for (const [name, make] of commands) expect(make().name()).toBe(name);
    expect(program().commands.map((c) => c.name())).toEqual([...commands.map(([name]) => name), 'man']);
  });

  it.each(commands.filter(([name]) => name !== 'completion').map(([name]) => [name]))(
    'a run of %s builds that command alone, the same as in the whole tree',
    (name) => {
      const tree = program([name, '--json']);
      expect(tree.commands.map((c) => c.name())).toEqual([name]);
      const whole = program().commands.find((c) => c.name() === name)!;
      expect(tree.commands[0]!.helpInformation()).toBe(whole.helpInformation());
      expect(tree.commands[0]!.commands.map((c) => c.name())).toEqual(whole.commands.map((c) => c.name()));
    },
  );

  it.each([[['--help']], [['scan', '--help']], [['scan', '-h']], [['help', 'scan']], [['completion', 'bash']], [['man']], [['no-such-command']], [[]]])(
    '%j gets the whole tree (help lists every command; completion and man walk it; an unknown name is matched against all)',
    (argv) => {
      expect(program(argv).commands).toHaveLength(commands.length + 1);
    },
  );
});
