// Standard output and error, written by their descriptors (src/host/stdio.ts): the CLI's one way to the terminal.
export { isTerminal, writeFd } from '../host/stdio.js';
