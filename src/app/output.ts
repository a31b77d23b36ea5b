// Where the CLI writes a file the user named (`report --out`): the same rules as every output (src/host/user-files.ts).
export { writeUserFile as writeOutput } from '../host/user-files.js';
