// The DICOMweb proxy against a stand-in Orthanc that records what reaches it (or never answers): which paths,
// methods and headers go through, and that a hung upstream cannot keep requests and sockets forever. The same
// proxy in front of the real Orthanc is tested in orthanc.test.ts.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { request } from 'node:http';
import { checkDicomWebRequest, dicomWebProxy, orthancQuery } from '../src/server/proxy';
import { rawGet } from './helpers';

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

const AUTHORIZATION = 'Basic c2VnbGVuczpzZWNyZXQ=';

function listen(server: Server | TcpServer): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
}

const close = (server: Server | TcpServer): Promise<void> =>
  new Promise((resolve) => server.close(() => resolve()));

let seen: Seen[] = [];
let upstream: Server;
let upstreamPort: number;
let front: Server;
let port: number;
beforeAll(async () => {
  upstream = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      });
      res.writeHead(200, {
        'content-type': 'application/dicom+json',
        'www-authenticate': 'Basic realm="Orthanc"',
        'set-cookie': 'a=b',
      });
      res.end('[]');
    });
  });
  upstreamPort = await listen(upstream);
  const proxy = dicomWebProxy({ port: upstreamPort, authorization: AUTHORIZATION });
  front = createServer(proxy);
  port = await listen(front);
});
afterAll(async () => {
  await close(front);
  await close(upstream);
});
beforeEach(() => {
  seen = [];
});

const host = (): Record<string, string> => ({ host: `127.0.0.1:${port}` });

describe('the DICOMweb proxy forwards only what it checked', () => {
  it.each([
    ['%2f', '/dicomweb/..%2fsystem'],
    ['%2F', '/dicomweb/..%2Fsystem'],
    ['%2e%2e', '/dicomweb/%2e%2e/system'],
    ['%2e%2e with %2f', '/dicomweb/%2e%2e%2fsystem'],
    ['%252f', '/dicomweb/..%252fsystem'],
    ['%5c', '/dicomweb/..%5csystem'],
    ['raw backslash', '/dicomweb/..\\system'],
    ['a dot segment', '/dicomweb/studies/../../system'],
    ['an empty segment', '/dicomweb/studies//series'],
    ['NUL', '/dicomweb/studies%00'],
    ["Orthanc's DICOMweb client API", '/dicomweb/servers'],
    ['the bare root', '/dicomweb/'],
  ])('refuses %s (%s) and sends nothing to Orthanc', async (_name, path) => {
    for (const method of ['GET', 'DELETE']) {
      const r = await rawGet(port, path, method, host());
      expect([path, method, r.status >= 400 && r.status < 500]).toEqual([path, method, true]);
    }
    expect(seen).toEqual([]);
  });

  it('refuses a text/plain POST (a "simple" cross-origin request) to the escape that stored an instance', async () => {
    const r = await rawGet(
      port,
      '/dicomweb/..%2finstances',
      'POST',
      { ...host(), 'content-type': 'text/plain' },
      'DICM',
    );
    expect(r.status).toBe(400);
    expect(seen).toEqual([]);
  });

  it('forwards QIDO/WADO paths decoded once, with the includefield commas, Host and credentials', async () => {
    const r = await rawGet(
      port,
      '/dicomweb/studies/1.2.840.1/series/1.2.840.2/instances/1.2.840.3/frames/1%2C2?includefield=00081030%2C00080060&PatientName=a%2Cb',
      'GET',
      {
        ...host(),
        accept: 'multipart/related; type=application/octet-stream',
        authorization: 'Basic bWFsbG9yeTp4',
        cookie: 'session=1',
        forwarded: 'host=evil.example',
        'x-forwarded-host': 'evil.example',
      },
    );
    expect(r.status).toBe(200);
    expect(r.headers['www-authenticate']).toBeUndefined();
    expect(r.headers['set-cookie']).toBeUndefined();
    expect(seen).toHaveLength(1);
    expect(seen[0].url).toBe(
      '/dicomweb/studies/1.2.840.1/series/1.2.840.2/instances/1.2.840.3/frames/1,2?includefield=00081030,00080060&PatientName=a%2Cb',
    );
    expect(seen[0].headers).toMatchObject({
      host: `127.0.0.1:${port}`,
      authorization: AUTHORIZATION,
      accept: 'multipart/related; type=application/octet-stream',
    });
    for (const name of ['cookie', 'forwarded', 'x-forwarded-host'])
      expect(seen[0].headers[name]).toBeUndefined();
  });

  it('takes only the QIDO/WADO/STOW methods', async () => {
    for (const method of ['DELETE', 'PUT', 'PATCH', 'OPTIONS']) {
      const r = await rawGet(port, '/dicomweb/studies/1.2.3', method, host());
      expect([method, r.status, r.headers.allow]).toEqual([method, 405, 'GET, HEAD, POST']);
    }
    const toInstances = await rawGet(port, '/dicomweb/instances', 'POST', {
      ...host(),
      'content-type': 'application/dicom',
    });
    expect(toInstances.status).toBe(405);
    expect(seen).toEqual([]);
  });

  it('stores (STOW-RS) only DICOM or multipart bodies from this origin', async () => {
    const multipart = 'multipart/related; type="application/dicom"; boundary=b';
    const refused: [Record<string, string>, number][] = [
      [{ 'content-type': 'text/plain' }, 415],
      [{ 'content-type': 'application/x-www-form-urlencoded' }, 415],
      [{}, 415],
      [{ 'content-type': multipart, origin: 'http://evil.example' }, 403],
      [{ 'content-type': multipart, 'sec-fetch-site': 'cross-site' }, 403],
    ];
    for (const [headers, status] of refused) {
      const r = await rawGet(port, '/dicomweb/studies', 'POST', { ...host(), ...headers }, '--b--');
      expect([headers, r.status]).toEqual([headers, status]);
    }
    expect(seen).toEqual([]);
    const stored = await rawGet(
      port,
      '/dicomweb/studies',
      'POST',
      {
        ...host(),
        'content-type': multipart,
        origin: `http://127.0.0.1:${port}`,
        'sec-fetch-site': 'same-origin',
      },
      '--b--',
    );
    expect(stored.status).toBe(200);
    expect(seen.map((s) => [s.method, s.url, s.headers['content-type'], s.body])).toEqual([
      ['POST', '/dicomweb/studies', multipart, '--b--'],
    ]);
  });

  it('decides without a server too (checkDicomWebRequest, orthancQuery)', () => {
    expect(checkDicomWebRequest('GET', '/dicomweb/%73tudies', {})).toEqual({
      forward: true,
      path: '/dicomweb/studies',
    });
    expect(checkDicomWebRequest('GET', '/dicomweb/studies/..%2f..%2fsystem', {})).toMatchObject({
      forward: false,
      status: 400,
    });
    expect(orthancQuery('limit=101&includefield=00081030%2C00080060&PatientName=a%2Cb')).toBe(
      'limit=101&includefield=00081030,00080060&PatientName=a%2Cb',
    );
  });
});

describe('a hung Orthanc', () => {
  // Accepts connections and never answers, like an Orthanc stopped with SIGSTOP; counts the open sockets.
  let hung: TcpServer;
  const sockets = new Set<Socket>();
  let hungPort: number;
  beforeAll(async () => {
    hung = createTcpServer((socket) => {
      sockets.add(socket);
      // Read (and ignore) the request, so the end of the connection is seen.
      socket.resume();
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    });
    hungPort = await listen(hung);
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await close(hung);
  });

  const frontFor = async (timeoutMs: number): Promise<{ server: Server; port: number }> => {
    const server = createServer(dicomWebProxy({ port: hungPort, authorization: AUTHORIZATION, timeoutMs }));
    return { server, port: await listen(server) };
  };

  const until = async (check: () => boolean): Promise<boolean> => {
    for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 50));
    return check();
  };

  it('answers 504 once Orthanc has been silent for the timeout, and closes the upstream socket', async () => {
    const f = await frontFor(300);
    try {
      const r = await rawGet(f.port, '/dicomweb/studies', 'GET', { host: `127.0.0.1:${f.port}` });
      expect(r.status).toBe(504);
      expect(r.body.toString()).toContain('did not answer');
      expect(await until(() => sockets.size === 0)).toBe(true);
    } finally {
      await close(f.server);
    }
  });

  it('cancels the upstream request when the client goes away (30 abandoned requests leave no socket)', async () => {
    const f = await frontFor(60_000);
    try {
      const clients = Array.from({ length: 30 }, () => {
        const req = request({
          host: '127.0.0.1',
          port: f.port,
          path: '/dicomweb/studies',
          headers: { host: `127.0.0.1:${f.port}` },
        });
        req.on('error', () => undefined);
        req.end();
        return req;
      });
      expect(await until(() => sockets.size === 30)).toBe(true);
      for (const c of clients) c.destroy();
      expect(await until(() => sockets.size === 0)).toBe(true);
    } finally {
      f.server.closeAllConnections();
      await close(f.server);
    }
  });
});
