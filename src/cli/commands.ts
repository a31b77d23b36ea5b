// Every top-level command, one file each, by name, in --help's order. Each `make` is cheap: heavy modules are
// imported inside actions.
import type { Command } from 'commander';
import { applyCommand } from './apply.js';
import { completionCommand } from './completion.js';
import { groupsCommand } from './groups.js';
import { planCommand } from './plan.js';
import { reportCommand } from './report.js';
import { rollbackCommand } from './rollback.js';
import { romCommand } from './rom.js';
import { scanCommand } from './scan.js';
import { setupCommand } from './setup.js';
import { snapshotCommand } from './snapshot.js';
import { verifyCommand } from './verify.js';
import { vmCommand } from './vm.js';

export const commands: ReadonlyArray<readonly [name: string, make: () => Command]> = [
  ['scan', scanCommand], ['groups', groupsCommand], ['snapshot', snapshotCommand], ['plan', planCommand], ['apply', applyCommand],
  ['verify', verifyCommand], ['rollback', rollbackCommand], ['vm', vmCommand], ['rom', romCommand], ['report', reportCommand],
  ['setup', setupCommand], ['completion', completionCommand],
];
