// Every top-level command, one file each. Each `make` is cheap: heavy modules are imported inside actions.
import type { Command } from 'commander';
import { groupsCommand } from './groups.js';
import { reportCommand } from './report.js';
import { scanCommand } from './scan.js';
import { setupCommand } from './setup.js';
import { snapshotCommand } from './snapshot.js';
import { vmCommand } from './vm.js';

export const commands: Array<() => Command> = [scanCommand, groupsCommand, snapshotCommand, vmCommand, () => reportCommand(), setupCommand];
