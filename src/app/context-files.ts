// The readers behind HostContext's files(), file(), recorded(), devVfio() and inputById(), and the root's lock:
// one module that src/app/context.ts imports on demand, so `scan` loads none of them.
export { readConfigFile, readConfigFiles } from '../host/config-files.js';
export { listDevVfio, listInputById } from '../host/dev-nodes.js';
export { acquireLock } from '../host/lock.js';
export { latestIntent } from '../host/rollback.js';
