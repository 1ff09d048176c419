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

describe('frames of 1-bit instances that Orthanc refuses', () => {
  // A stand-in Orthanc that refuses every frame request (as Orthanc does for 1-bit images of odd sizes) and
  // serves metadata and Pixel Data: instance "1.1" is 1-bit 3 x 3 x 2 frames, "1.16" is 16-bit.
  const INSTANCE = '/dicomweb/studies/1.2/series/1.3/instances';
  let orthanc: Server;
  let front1: Server;
  let port1: number;
  let asked: Seen[] = [];
  beforeAll(async () => {
    orthanc = createServer((req, res) => {
      asked.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: '' });
      const url = req.url ?? '';
      if (url.includes('/frames/')) {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end('{"Message":"Bad file format"}');
      } else if (url.endsWith('/metadata')) {
        res.writeHead(200, { 'content-type': 'application/dicom+json' });
        const bits = url.includes('/1.16/') ? 16 : 1;
        res.end(
          JSON.stringify([
            {
              '00280100': { Value: [bits] },
              '00280010': { Value: [3] },
              '00280011': { Value: [3] },
              '00280008': { Value: ['2'] },
            },
          ]),
        );
      } else {
        // Frame 1: pixels 0-8 are 1,0,1,0,1,0,1,0,1; frame 2: pixels 9-17 all 1. Padded to an even length.
        res.writeHead(200, {
          'content-type': 'multipart/related; type="application/octet-stream"; boundary=B',
        });
        res.end(
          Buffer.concat([
            Buffer.from('--B\r\nContent-Type: application/octet-stream\r\n\r\n'),
            Buffer.from([0x55, 0xff, 0x03, 0x00]),
            Buffer.from('\r\n--B--\r\n'),
          ]),
        );
      }
    });
    const orthancPort = await listen(orthanc);
    front1 = createServer(dicomWebProxy({ port: orthancPort, authorization: AUTHORIZATION }));
    port1 = await listen(front1);
  });
  afterAll(async () => {
    await close(front1);
    await close(orthanc);
  });
  beforeEach(() => {
    asked = [];
  });
  const get = (path: string, method = 'GET') =>
    rawGet(port1, path, method, { host: `127.0.0.1:${port1}`, range: 'bytes=0-1', cookie: 'session=1' });

  it("answers them from the instance's metadata and Pixel Data, read once, with Host and credentials only", async () => {
    const r = await get(`${INSTANCE}/1.1/frames/2,1`);
    expect(r.status).toBe(200);
    const boundary = /boundary=(\S+)/.exec(String(r.headers['content-type']))?.[1] as string;
    const parts = r.body.toString('latin1').split(`--${boundary}`).slice(1, -1);
    expect(
      parts.map((p) => Array.from(Buffer.from(p.slice(p.indexOf('\r\n\r\n') + 4, -2), 'latin1'))),
    ).toEqual([
      [0xff, 0x01],
      [0x55, 0x01],
    ]);
    expect(asked.map((x) => x.url)).toEqual([
      `${INSTANCE}/1.1/frames/2,1`,
      `${INSTANCE}/1.1/metadata`,
      `${INSTANCE}/1.1/bulk/7fe00010`,
    ]);
    for (const x of asked.slice(1)) {
      expect(x.headers).toEqual(
        expect.objectContaining({ host: `127.0.0.1:${port1}`, authorization: AUTHORIZATION }),
      );
      expect([x.headers.range, x.headers.cookie]).toEqual([undefined, undefined]);
    }
    asked = [];
    expect((await get(`${INSTANCE}/1.1/frames/1`)).status).toBe(200);
    expect(asked.map((x) => x.url)).toEqual([`${INSTANCE}/1.1/frames/1`]);
  });

  it("passes Orthanc's refusal on for other instances, HEAD requests and frame lists with a query", async () => {
    const r = await get(`${INSTANCE}/1.16/frames/1`);
    expect([r.status, r.body.toString()]).toEqual([400, '{"Message":"Bad file format"}']);
    expect(asked.map((x) => x.url)).toEqual([`${INSTANCE}/1.16/frames/1`, `${INSTANCE}/1.16/metadata`]);
    asked = [];
    expect((await get(`${INSTANCE}/1.1/frames/1`, 'HEAD')).status).toBe(400);
    expect((await get(`${INSTANCE}/1.1/frames/1?x=1`)).status).toBe(400);
    expect(asked.map((x) => x.url)).toEqual([`${INSTANCE}/1.1/frames/1`, `${INSTANCE}/1.1/frames/1?x=1`]);
  });
});
