// dgpu(8) in roff (man(7) macros), made from the command tree and the lists of help.ts: the same commands,
// options, examples and exit statuses as --help, so the two cannot drift.
import type { Command, Option } from 'commander';
import { ENVIRONMENT, EXAMPLES, EXIT_STATUS, leafCommands } from './help.js';

/** Text for roff: backslashes and leading dots or quotes would be read as requests. */
function roff(text: string): string {
  return text.replace(/\\/g, '\\e').replace(/-/g, '\\-').replace(/^(['.])/gm, '\\&$1');
}

function optionLines(o: Option): string[] {
  return ['.TP', `.B ${roff(o.flags)}`, roff(o.description + (o.defaultValue !== undefined ? ` (default: ${String(o.defaultValue)})` : ''))];
}

export function manPage(root: Command): string {
  const lines = [
    `.TH DGPU 8 "" "dgpu ${root.version() ?? ''}" "System Administration"`,
    '.SH NAME', `dgpu \\- ${roff(root.description())}`,
    '.SH SYNOPSIS', '.B dgpu', '.I command', '[\\fIoptions\\fR]',
    '.SH DESCRIPTION',
    roff('dgpu sets up dual GPU passthrough on a Linux KVM host: the host keeps one GPU, and a second GPU with all of its functions goes to a virtual machine (above all a macOS guest). It reads the machine, shows every change as a diff first, writes atomically with backups in one journaled transaction, verifies after the reboot, and rolls back with one command. Every command takes --root DIR (a copied or fake tree, or a `dgpu snapshot` archive to read).'),
    '.SH COMMANDS',
  ];
  for (const { path, cmd } of leafCommands(root)) {
    const args = cmd.registeredArguments.map((a) => (a.required ? `<${a.name()}>` : `[${a.name()}]`)).join(' ');
    lines.push('.SS', `.B dgpu ${roff([...path, args].filter(Boolean).join(' '))}`, roff(cmd.description()));
    for (const o of cmd.options) lines.push(...optionLines(o));
  }
  lines.push('.SH EXAMPLES');
  for (const list of Object.values(EXAMPLES)) {
    for (const [c, d] of list) lines.push('.TP', `.B ${roff(c)}`, roff(d));
  }
  lines.push('.SH EXIT STATUS');
  for (const [n, d] of EXIT_STATUS) lines.push('.TP', `.B ${n}`, roff(d));
  lines.push('.SH ENVIRONMENT');
  for (const [name, d] of ENVIRONMENT) lines.push('.TP', `.B ${name}`, roff(d));
  lines.push('.SH FILES', '.TP', '.B /var/lib/dgpu/transactions', roff('one folder per transaction: journal.json and byte copies of every file before the change'),
    '.TP', '.B /var/lib/dgpu/lock', roff('held by apply, rollback, vm attach and setup while they run'),
    '.TP', '.B dgpu.cjs.v8cache', roff('beside the program: the code cache its build made, which only makes the start faster'));
  lines.push('.SH SEE ALSO', '.BR lspci (8),', '.BR modprobe.d (5),', '.BR virsh (1),', '.BR kernel-install (8)');
  return `${lines.join('\n')}\n`;
}
