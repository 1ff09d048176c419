// Command-line options of the viewer (bin/viewer.cjs, tools/serve.mjs, npm start). Every bad value is an
// Error naming the option.
import { DEFAULT_PORT } from './server';

export interface ServeOptions {
  port: number;
  dataDir?: string;
  orthanc: boolean;
  orthancPort?: number;
  /** Orthanc's DICOM port (C-STORE from modalities); off unless given. */
  orthancDicomPort?: number;
  distDir?: string;
}

export interface BuildOptions {
  dataDir?: string;
  outDir?: string;
  extensionDist?: string;
  modeDist?: string;
  force: boolean;
}

export const USAGE = `usage:
  seglens-viewer serve [--port <n>] [--data-dir <dir>] [--orthanc [--orthanc-port <n>] [--orthanc-dicom-port <n>]]
                      [--dist <dir>]
  seglens-viewer build [--data-dir <dir>] [--out <dir>] [--extension-dist <dir>] [--mode-dist <dir>] [--force]
PORT sets the port too (--port wins); SEGLENS_DATA_DIR the data directory (--data-dir wins).`;

/** A TCP port number from an option or the PORT variable (0 = any free port). */
export function parsePort(value: string, name: string): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) > 65535) {
    throw new Error(`${name} must be a port number from 0 to 65535, got "${value}"`);
  }
  return Number(value);
}

/** A port that must be given exactly (no "0 = any free port": Orthanc's DICOM port has to be known to senders). */
function parseFixedPort(value: string, name: string): number {
  const port = parsePort(value, name);
  if (port === 0) throw new Error(`${name} must be a port number from 1 to 65535, got "${value}"`);
  return port;
}

/** Splits argv into flag values; `valued` flags take the next argument, the rest are switches. */
function scan(argv: string[], valued: string[], switches: string[]): Map<string, string | true> {
  const found = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    if (valued.includes(flag)) {
      const value = inline ?? argv[++i];
      if (value === undefined || value === '') throw new Error(`${flag} needs a value\n${USAGE}`);
      found.set(flag, value);
    } else if (switches.includes(flag) && inline === undefined) {
      found.set(flag, true);
    } else {
      throw new Error(`unknown argument ${arg}\n${USAGE}`);
    }
  }
  return found;
}

const text = (v: string | true | undefined): string | undefined => (typeof v === 'string' ? v : undefined);

export function parseServeOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): ServeOptions {
  const f = scan(
    argv,
    ['--port', '--data-dir', '--orthanc-port', '--orthanc-dicom-port', '--dist'],
    ['--orthanc'],
  );
  const portFlag = text(f.get('--port'));
  const port =
    portFlag !== undefined
      ? parsePort(portFlag, '--port')
      : env.PORT !== undefined && env.PORT !== ''
        ? parsePort(env.PORT, 'PORT')
        : DEFAULT_PORT;
  const orthancPort = text(f.get('--orthanc-port'));
  if (orthancPort !== undefined && !f.has('--orthanc')) throw new Error('--orthanc-port needs --orthanc');
  const dicomPort = text(f.get('--orthanc-dicom-port'));
  if (dicomPort !== undefined && !f.has('--orthanc')) throw new Error('--orthanc-dicom-port needs --orthanc');
  return {
    port,
    dataDir: text(f.get('--data-dir')),
    orthanc: f.has('--orthanc'),
    orthancPort: orthancPort === undefined ? undefined : parsePort(orthancPort, '--orthanc-port'),
    orthancDicomPort: dicomPort === undefined ? undefined : parseFixedPort(dicomPort, '--orthanc-dicom-port'),
    distDir: text(f.get('--dist')),
  };
}

export function parseBuildOptions(argv: string[]): BuildOptions {
  const f = scan(argv, ['--data-dir', '--out', '--extension-dist', '--mode-dist'], ['--force']);
  return {
    dataDir: text(f.get('--data-dir')),
    outDir: text(f.get('--out')),
    extensionDist: text(f.get('--extension-dist')),
    modeDist: text(f.get('--mode-dist')),
    force: f.has('--force'),
  };
}
