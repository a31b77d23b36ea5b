// The examples and exit codes of every command, written once: `--help` shows them (EXAMPLES), and the dgpu(8) man
// page (`dgpu man`, src/cli/man.ts) is built from the same command tree and these same lists.
import type { Command } from 'commander';

export const EXAMPLES: Record<string, Array<[string, string]>> = {
  scan: [
    ['dgpu scan', 'the GPUs, their functions and IOMMU groups, the proposed guest GPU and the findings'],
    ['dgpu scan --from iommu-groups.txt', 'the same from a listing someone posted (IOMMU groups, lspci -nnk, ls-iommu)'],
    ['dgpu scan --json -d 10de:', 'machine-readable, only NVIDIA functions'],
  ],
  groups: [
    ['dgpu groups', 'every IOMMU group and its members, bridges marked'],
    ['dgpu groups -s 03:00.0', 'only the group of 03:00.0'],
  ],
  snapshot: [['dgpu snapshot host.tar.gz', 'what dgpu reads, for a bug report'], ['dgpu scan --root host.tar.gz', 'read it back']],
  plan: [
    ['dgpu plan --gpu auto', 'the diff of every file and the commands for the proposed GPU; nothing is written'],
    ['dgpu plan --gpu 0a:00.0 --also 0c:00.3 --json', 'a GPU and a USB controller, as JSON'],
    ['dgpu plan --gpu 0a:00.0 --vendor-reset', 'an AMD card with the reset bug: vendor-reset loaded at boot, reset_method by a udev rule'],
  ],
  apply: [
    ['sudo dgpu apply --gpu auto', 'the same diff, a question, then one transaction'],
    ['sudo dgpu apply --gpu 0a:00.0 --entry arch --yes', 'systemd-boot: only the entry arch.conf, without asking'],
  ],
  verify: [['dgpu verify', 'after the reboot, for the GPU the latest apply set up'], ['dgpu verify --gpu 0a:00.0 --json', 'one GPU, as JSON']],
  rollback: [['sudo dgpu rollback', 'undo the latest transaction'], ['dgpu rollback --list', 'every transaction and its state']],
  attach: [
    ['sudo dgpu vm attach macOS', 'the GPU of the latest apply to the domain macOS, display removed'],
    ['dgpu vm attach --xml macOS.xml --out new.xml --gpu 0a:00.0 --input evdev', 'edit a file instead, keyboard and mouse by evdev'],
    ['dgpu vm attach macOS --dry-run', 'the diff only'],
  ],
  dump: [['sudo dgpu rom dump 0a:00.0 /var/lib/libvirt/vbios/gpu.rom', 'the VBIOS of the guest GPU (bound to vfio-pci), checked, for `vm attach --rom`']],
  report: [['dgpu report', 'dgpu-report.html: the PCI tree, groups, guest GPU, macOS verdict and plan'], ['dgpu report --from dump.txt --out -', 'from a posted dump, to stdout']],
  setup: [['sudo dgpu setup', 'the guided path through the five steps'], ['dgpu setup --root examples/host --dry-run', 'the walk-through on the bundled example host']],
  completion: [['dgpu completion bash > /etc/bash_completion.d/dgpu', 'bash completion'], ['dgpu completion fish > ~/.config/fish/completions/dgpu.fish', 'fish completion']],
};

/** The variables dgpu reads, for the man page. */
export const ENVIRONMENT: Array<[string, string]> = [
  ['NO_COLOR', 'set, even empty: no colour, even on a terminal'],
  ['DGPU_PROGRESS', '1: progress lines on standard error even when it is not a terminal'],
  ['DGPU_DEBUG', 'not empty: an internal error (exit 70) prints its stack'],
  ['DGPU_CODE_CACHE', 'off: compile the program without its code cache; report: say on standard error whether the cache was used'],
];

export const EXIT_STATUS: Array<[number, string]> = [
  [0, 'success (also: nothing to do)'],
  [1, 'verify: a check failed'],
  [2, 'bad usage or input (a flag, a file, a dump, an ambiguous config line); also a write without --yes when stdin is not a terminal'],
  [3, 'the environment: not root, IOMMU off in the firmware, a tool or root missing, a file that cannot be read'],
  [4, 'a conflict: a file changed since planning, another dgpu run holds the lock, a tampered journal'],
  [5, 'apply or rollback failed (the message says what was undone)'],
  [70, 'internal error (a bug: please report it with `dgpu snapshot`)'],
  [130, 'cancelled (Ctrl-C, Esc, a no, or stdin closed at a question)'],
];

/** Adds the command's EXAMPLES to its --help. */
export function examples(cmd: Command, name = cmd.name()): Command {
  const list = EXAMPLES[name] ?? [];
  if (list.length > 0) cmd.addHelpText('after', `\nExamples:\n${list.map(([c, d]) => `  $ ${c}\n      ${d}`).join('\n')}\n`);
  return cmd;
}

export function exitStatusText(): string {
  return `\nExit status:\n${EXIT_STATUS.map(([n, d]) => `  ${String(n).padStart(3)}  ${d}`).join('\n')}\n`;
}

/** The commands a user runs, in tree order, with their words (`scan`, `vm attach`): hidden ones and groups left out. */
export function leafCommands(cmd: Command, prefix: string[] = []): Array<{ path: string[]; cmd: Command }> {
  const visible = cmd.commands.filter((c) => !(c as unknown as { _hidden?: boolean })._hidden);
  return visible.flatMap((c) => (c.commands.length > 0 ? leafCommands(c, [...prefix, c.name()]) : [{ path: [...prefix, c.name()], cmd: c }]));
}
