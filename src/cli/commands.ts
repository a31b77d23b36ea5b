// Every top-level command, one file each. Each `make` is cheap: heavy modules are imported inside actions.
import type { Command } from 'commander';
import { applyCommand } from './apply.js';
import { completionCommand } from './completion.js';
import { groupsCommand } from './groups.js';
import { planCommand } from './plan.js';
import { reportCommand } from './report.js';
import { rollbackCommand } from './rollback.js';
import { scanCommand } from './scan.js';
import { setupCommand } from './setup.js';
import { snapshotCommand } from './snapshot.js';
import { verifyCommand } from './verify.js';
import { vmCommand } from './vm.js';

export const commands: Array<() => Command> = [scanCommand, groupsCommand, snapshotCommand, planCommand, applyCommand, verifyCommand, rollbackCommand, vmCommand, reportCommand, setupCommand, completionCommand];
