import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { runInNewContext } from 'node:vm';
import { APP_CONFIG_FILES } from '../src/build/app-config';
import { buildFixtureViewer, type BuiltViewer } from './helpers';

interface DataSource {
  namespace: string;
  sourceName: string;
  configuration: Record<string, unknown>;
}
interface WindowConfig {
  extensions: string[];
  modes: string[];
  showStudyList: boolean;
  defaultDataSourceName: string;
  dataSources: DataSource[];
}

let viewer: BuiltViewer;
beforeAll(async () => {
  viewer = await buildFixtureViewer();
});
afterAll(() => viewer?.cleanup());

/** Runs a built app-config file the way the page does, in a context with only `window`. */
async function evaluate(mode: keyof typeof APP_CONFIG_FILES, origin: string): Promise<WindowConfig> {
  const script = await readFile(path.join(viewer.outDir, APP_CONFIG_FILES[mode]), 'utf8');
  const window: { location: { origin: string }; config?: WindowConfig } = { location: { origin } };
  runInNewContext(script, { window });
  if (!window.config) throw new Error(`${APP_CONFIG_FILES[mode]} did not set window.config`);
  return window.config;
}

const DICOMJSON = {
  namespace: '@ohif/extension-default.dataSourcesModule.dicomjson',
  sourceName: 'dicomjson',
};

describe('app-config.js', () => {
  it('loads the seglens extension and mode by absolute URL and uses the DICOM JSON manifests', async () => {
    const config = await evaluate('manifest', 'http://127.0.0.1:3000');
    expect(config.extensions).toEqual(['/_seglens/seglens-extension.mjs']);
    expect(config.modes).toEqual(['/_seglens/seglens-mode.mjs']);
    expect(config.showStudyList).toBe(true);
    expect(config.defaultDataSourceName).toBe('dicomjson');
    expect(config.dataSources.map((s) => s.sourceName)).toEqual(['dicomjson', 'dicomlocal']);
    expect(config.dataSources[0]).toMatchObject(DICOMJSON);
    // OHIF's SEG loader asks 'dicomlocal' for per-frame image ids (dicomjson drops the frame number).
    expect(config.dataSources[1].namespace).toBe('@ohif/extension-default.dataSourcesModule.dicomlocal');
  });

  it('in Orthanc mode adds a DICOMweb source with STOW at the page origin /dicomweb, as the default', async () => {
    const config = await evaluate('orthanc', 'http://127.0.0.1:4123');
    expect(config.extensions).toEqual(['/_seglens/seglens-extension.mjs']);
    expect(config.modes).toEqual(['/_seglens/seglens-mode.mjs']);
    expect(config.defaultDataSourceName).toBe('dicomweb');
    expect(config.dataSources.map((s) => s.sourceName)).toEqual(['dicomweb', 'dicomjson', 'dicomlocal']);
    const dicomweb = config.dataSources[0];
    expect(dicomweb.namespace).toBe('@ohif/extension-default.dataSourcesModule.dicomweb');
    for (const root of ['qidoRoot', 'wadoRoot', 'wadoUriRoot']) {
      expect(dicomweb.configuration[root]).toBe('http://127.0.0.1:4123/dicomweb');
    }
    expect(dicomweb.configuration.supportsStow).toBe(true);
    expect(dicomweb.configuration.dicomUploadEnabled).toBe(true);
    expect(config.dataSources[1]).toMatchObject(DICOMJSON);
  });

  it('names no server other than the page itself', async () => {
    for (const file of Object.values(APP_CONFIG_FILES)) {
      const script = await readFile(path.join(viewer.outDir, file), 'utf8');
      expect(script.match(/https?:\/\/[^\s"'`]*/g)).toBeNull();
    }
  });
});
