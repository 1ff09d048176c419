// The Orthanc configuration seglens runs with: HTTP on the given port for this machine only, no DICOM
// network service, the DICOMweb plugin at the same root the viewer proxies (/dicomweb/), storage in a folder
// of its own, nothing kept between runs.
import { DICOMWEB_PROXY_PATH } from '../contracts';

export interface OrthancConfigOptions {
  httpPort: number;
  storageDir: string;
  dicomWebPlugin: string;
}

export function orthancConfig(options: OrthancConfigOptions): Record<string, unknown> {
  return {
    Name: 'seglens',
    StorageDirectory: options.storageDir,
    IndexDirectory: options.storageDir,
    HttpPort: options.httpPort,
    // Orthanc 1.10 has no bind-address option: it listens on every interface, and this refuses any client
    // that is not on this machine.
    RemoteAccessAllowed: false,
    AuthenticationEnabled: false,
    DicomServerEnabled: false,
    Plugins: [options.dicomWebPlugin],
    DicomWeb: { Enable: true, Root: `${DICOMWEB_PROXY_PATH}/`, EnableWado: false, Ssl: false },
    SaveJobs: false,
    ConcurrentJobs: 1,
    HttpThreadsCount: 8,
    StorageCompression: false,
    OverwriteInstances: true,
  };
}
