// The Orthanc configuration seglens runs with: HTTP on the given port for this machine only and only with the
// credentials generated for this run (the viewer's proxy adds them), the DICOM network service off unless a
// port is asked for, the DICOMweb plugin at the same root the viewer proxies (/dicomweb/), storage and
// temporary files in a private folder of its own, nothing kept between runs.
import { DICOMWEB_PROXY_PATH } from '../contracts';

export interface OrthancCredentials {
  username: string;
  password: string;
}

export interface OrthancConfigOptions {
  httpPort: number;
  /** The DICOM (DIMSE) port; undefined leaves the DICOM network service off. */
  dicomPort?: number;
  storageDir: string;
  temporaryDir: string;
  dicomWebPlugin: string;
  credentials: OrthancCredentials;
}

export function orthancConfig(options: OrthancConfigOptions): Record<string, unknown> {
  const dicom = options.dicomPort !== undefined;
  return {
    Name: 'seglens',
    StorageDirectory: options.storageDir,
    IndexDirectory: options.storageDir,
    TemporaryDirectory: options.temporaryDir,
    HttpPort: options.httpPort,
    // Orthanc 1.10 has no bind-address option: it listens on every interface. This refuses any client that is
    // not on this machine, and the credentials refuse every local process but the viewer.
    RemoteAccessAllowed: false,
    AuthenticationEnabled: true,
    RegisteredUsers: { [options.credentials.username]: options.credentials.password },
    HttpCompressionEnabled: false,
    DicomServerEnabled: dicom,
    ...(dicom
      ? {
          DicomPort: options.dicomPort,
          // Modalities may send (C-STORE) and check the connection (C-ECHO); nobody may query or retrieve
          // over DICOM, since the DICOM port has no authentication and listens on every interface.
          DicomAlwaysAllowEcho: true,
          DicomAlwaysAllowStore: true,
          DicomAlwaysAllowFind: false,
          DicomAlwaysAllowFindWorklist: false,
          DicomAlwaysAllowGet: false,
          DicomAlwaysAllowMove: false,
        }
      : {}),
    Plugins: [options.dicomWebPlugin],
    DicomWeb: { Enable: true, Root: `${DICOMWEB_PROXY_PATH}/`, EnableWado: false, Ssl: false },
    ExecuteLuaEnabled: false,
    RestApiWriteToFileSystemEnabled: false,
    SaveJobs: false,
    ConcurrentJobs: 1,
    HttpThreadsCount: 8,
    StorageCompression: false,
    OverwriteInstances: true,
  };
}
