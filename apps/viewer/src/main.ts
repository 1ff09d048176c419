// The viewer's command line (bin/viewer.cjs runs the bundle of this file):
//   build  writes apps/viewer/dist (config, bundles, models, demo studies), only what changed
//   serve  serves it at http://127.0.0.1:3000/ until SIGINT/SIGTERM
import { buildViewer } from './build';
import { parseBuildOptions, parseServeOptions, USAGE } from './options';
import { startViewer } from './server';

async function build(argv: string[]): Promise<number> {
  const o = parseBuildOptions(argv);
  const started = Date.now();
  const result = await buildViewer({
    outDir: o.outDir,
    dataDir: o.dataDir,
    plugins: { extension: o.extensionDist, mode: o.modeDist },
    force: o.force,
    log: (line) => console.log(`viewer build: ${line}`),
  });
  console.log(
    `viewer build: ${result.outDir} ready in ${Date.now() - started} ms ` +
      `(${result.rebuilt.length ? `rebuilt ${result.rebuilt.join(', ')}` : 'everything was up to date'}; ` +
      `${result.studies.length} demo studies from ${result.dataDir})`,
  );
  return 0;
}

async function serve(argv: string[]): Promise<number> {
  const o = parseServeOptions(argv);
  const viewer = await startViewer({
    port: o.port,
    dataDir: o.dataDir,
    distDir: o.distDir,
    orthanc: o.orthanc ? { port: o.orthancPort, dicomPort: o.orthancDicomPort } : false,
    log: (line) => console.log(line),
  });
  console.log(`seglens viewer: ${viewer.url}`);
  if (viewer.orthanc) {
    console.log(
      `  study list from Orthanc (${viewer.orthanc.instances} instances) through ${viewer.url}dicomweb`,
    );
    if (viewer.orthanc.dicomPort !== undefined) {
      console.log(`  Orthanc takes DICOM (C-STORE) on port ${viewer.orthanc.dicomPort}, from any host`);
    }
  } else {
    console.log(`  demo studies at ${viewer.url} (manifests: ${viewer.url}demo/index.json)`);
  }
  console.log('  stop with Ctrl+C');
  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      console.log(`\n${signal}: stopping${viewer.orthanc ? ' the viewer and Orthanc' : ''}`);
      viewer.close().then(resolve, (error: Error) => {
        console.error(`while stopping: ${error.message}`);
        resolve();
      });
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}

/** Runs a command; returns the exit code. Errors print as one message, without a stack. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === 'build') return await build(rest);
    if (command === 'serve') return await serve(rest);
    if (command === '--help' || command === '-h' || command === 'help') {
      console.log(USAGE);
      return 0;
    }
    throw new Error(`${command === undefined ? 'missing command' : `unknown command ${command}`}\n${USAGE}`);
  } catch (error) {
    console.error(`seglens-viewer: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
