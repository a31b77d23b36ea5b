import { EditError } from '../errors.js';

/** Runs an editor, naming the file in any EditError it throws. */
export function editFile<T>(path: string, run: () => T): T {
  try {
    return run();
  } catch (e) {
    if (e instanceof EditError) throw new EditError(`${path}: ${e.message}`, e.hint);
    throw e;
  }
}
