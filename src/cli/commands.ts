// Every top-level command, one file each. Each `make` is cheap: heavy modules are imported inside actions.
import type { Command } from 'commander';
import { snapshotCommand } from './snapshot.js';

export const commands: Array<() => Command> = [snapshotCommand];
