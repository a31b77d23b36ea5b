#!/usr/bin/env node
'use strict';
// dgpu @VERSION@. This one file is the whole program: the few lines of this loader, and after them the bundled
// program (src/, commander, @clack/prompts; scripts/build.mjs) in the body of the function `program` at the end,
// each of its lines behind `//`, so that loading this file costs no parsing of it. Its text comes from
// Function.prototype.toString, out of the source Node.js has already read: the file is read once. The loader
// compiles the program with V8's code cache when the cache is there: `dgpu.cjs.v8cache` beside this file, made by
// the same build (@BUILD@) with a Node whose V8 takes it (V8 checks its own version and flags). Without one, V8
// compiles the program as it would any script; the cache only saves that time (docs/architecture.md,
// "Start-up"). DGPU_CODE_CACHE=off ignores the cache, =report says on stderr whether it was used, and =write
// (scripts/build.mjs) writes it after the run.
const { readFileSync, renameSync, writeFileSync } = require('node:fs');
const { Script } = require('node:vm');

const BUILD = '@BUILD@';
// the lines before the program's first, which the build counts
const LINES_BEFORE = Number('@LINES@');
const text = program.toString();
// the program starts on the line after the one marker line, `//` + `@@program`, which only the build writes, and
// ends before the function's closing brace
const marker = `\n//${'@@'}program\n`;
const at = text.indexOf(marker);
if (at === -1 || !text.endsWith('\n}')) throw new Error(`${__filename} has no program after its loader: the file is damaged; reinstall dgpu`);
const source = text.slice(at + marker.length + 2, -1).replaceAll('\n//', '\n'); // every program line starts with //
const mode = process.env.DGPU_CODE_CACHE ?? '';
const cacheFile = `${__filename}.v8cache`;
const tag = Buffer.from(`dgpu v8cache ${BUILD}\n`);

let cachedData;
let state = 'absent';
if (mode === 'off') state = 'off';
else {
  try {
    const bytes = readFileSync(cacheFile);
    if (bytes.subarray(0, tag.length).equals(tag)) cachedData = bytes.subarray(tag.length);
    else state = 'from another build';
  } catch {
    // no cache: compile
  }
}
const script = new Script(`(function (exports, require, module, __filename, __dirname) {'use strict';${source}\n})`, {
  filename: __filename,
  // stack traces give this file's own line numbers
  lineOffset: LINES_BEFORE,
  cachedData,
});
if (cachedData !== undefined) state = script.cachedDataRejected ? 'rejected by this V8' : 'used';
if (mode === 'report') process.stderr.write(`dgpu: code cache ${state}\n`);
if (mode === 'write') {
  process.on('exit', () => {
    const tmp = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(tmp, Buffer.concat([tag, script.createCachedData()]));
    renameSync(tmp, cacheFile);
  });
}
script.runInThisContext()(module.exports, require, module, __filename, __dirname);
