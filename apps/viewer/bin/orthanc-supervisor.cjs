#!/usr/bin/env node
// Runs Orthanc for the viewer and makes sure it does not outlive it. Node cannot ask Linux to kill a child when
// its parent dies (prctl PR_SET_PDEATHSIG), so the viewer starts Orthanc through this small process and keeps a
// pipe to its stdin open: when the pipe closes (the viewer stopped Orthanc, exited, crashed or was killed with
// SIGKILL: the kernel closes the pipe in every case), this stops Orthanc (SIGTERM, then SIGKILL) and deletes
// the work folder (configuration with the credentials, storage, temporary files).
//
//   node orthanc-supervisor.cjs <work folder> <lock file> <Orthanc binary> <Orthanc arguments...>
//
// Orthanc's output goes to this process's stdout/stderr (the viewer keeps the last lines for its errors). The
// lock file records the pids of the viewer, this process and Orthanc, so a viewer started later can sweep a
// folder left behind if this process itself was killed (see src/orthanc/sweep.ts).
'use strict';
const { spawn } = require('node:child_process');
const { renameSync, rmSync, writeFileSync } = require('node:fs');

const [workDir, lockFile, binary, ...args] = process.argv.slice(2);
if (!workDir || !lockFile || !binary) {
  process.stderr.write(
    'usage: orthanc-supervisor.cjs <work folder> <lock file> <Orthanc binary> [args...]\n',
  );
  process.exit(2);
}
const KILL_AFTER_MS = 5000;

const orthanc = spawn(binary, args, { cwd: workDir, stdio: ['ignore', 'inherit', 'inherit'] });

function writeLock() {
  const lock = { viewer: process.ppid, supervisor: process.pid, orthanc: orthanc.pid ?? null };
  const temporary = `${lockFile}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(lock)}\n`, { mode: 0o600 });
  renameSync(temporary, lockFile);
}

let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  if (orthanc.exitCode === null && orthanc.signalCode === null) {
    orthanc.kill('SIGTERM');
    setTimeout(() => orthanc.kill('SIGKILL'), KILL_AFTER_MS).unref();
  }
}

orthanc.once('spawn', writeLock);
orthanc.once('error', (error) => {
  process.stderr.write(`could not start ${binary}: ${error.message}\n`);
  rmSync(workDir, { recursive: true, force: true });
  process.exit(127);
});
orthanc.once('exit', (code, signal) => {
  rmSync(workDir, { recursive: true, force: true });
  process.exit(code ?? (signal ? 128 : 1));
});

// The viewer's end of the pipe: EOF or an error both mean it is gone (or wants Orthanc stopped).
process.stdin.on('data', () => undefined);
process.stdin.once('end', stop);
process.stdin.once('close', stop);
process.stdin.once('error', stop);
// A Ctrl+C in a terminal reaches the whole process group: the viewer decides when to stop (it closes the pipe).
process.on('SIGINT', () => undefined);
process.once('SIGTERM', stop);
process.once('SIGHUP', stop);
