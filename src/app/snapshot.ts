// `dgpu snapshot OUT.tar.gz`: the facts dgpu reads, packed for a bug report (src/host/snapshot.ts).
import { collectSnapshotArchive } from '../host/snapshot.js';
import { writeUserFile } from '../host/user-files.js';
import { withContext } from './context.js';

export async function snapshotUse(rootArg: string | undefined, outFile: string): Promise<{ entries: number; bytes: number }> {
  return withContext(rootArg, {}, async (ctx) => {
    await ctx.host(); // the same checks (exists, is a Linux root) and errors as every other command
    const { entries, data } = collectSnapshotArchive(ctx.root);
    writeUserFile(outFile, data);
    return { entries, bytes: data.length };
  });
}
