// The configuration files the planner decides from: path as on the host → text, or null when absent.
// Read once by src/host/config-files.ts; everything in src/core works on this snapshot.

export type ConfigFiles = Record<string, string | null>;

/** The files present directly in `dir` whose names end with `suffix`, in glob (byte) order. */
export function filesIn(files: ConfigFiles, dir: string, suffix: string): Array<{ path: string; text: string }> {
  return Object.keys(files)
    .filter((p) => p.startsWith(`${dir}/`) && p.endsWith(suffix) && !p.slice(dir.length + 1).includes('/'))
    .sort()
    .flatMap((path) => (files[path] === null || files[path] === undefined ? [] : [{ path, text: files[path]! }]));
}
