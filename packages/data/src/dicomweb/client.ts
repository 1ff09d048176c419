// A small DICOMweb client over fetch: QIDO-RS searches, WADO-RS series metadata and instances, STOW-RS stores.
// Transient failures (network errors, 408, 429, 502, 503, 504) are retried with exponential back-off (and a
// server's Retry-After); anything else fails at once with the method, the URL (never the credentials) and the
// server's answer. Runs in Node ≥ 20 and in browsers.
import { buildMultipart, multipartBoundary, parseMultipart } from './multipart';
import { TAG, type DicomJson } from './json';

export interface DicomWebClientOptions {
  /** The service root, e.g. http://pacs:8042/dicom-web (no credentials in it). */
  baseUrl: string;
  /** Authorization header value (e.g. "Bearer …" or "Basic …"), from dicomWebAuthFromEnv. Never logged. */
  authorization?: string;
  /** Retries of a transient failure (default 3). */
  retries?: number;
  /** First back-off delay in ms, doubled each retry (default 500). */
  retryDelayMs?: number;
  /** Per-request timeout in ms (default 120000). */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Default: globalThis.fetch. */
  fetch?: typeof fetch;
}

export class DicomWebError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'DicomWebError';
  }
}

const TRANSIENT = new Set([408, 429, 502, 503, 504]);

/**
 * An Error named AbortError for a Ctrl-C: made here rather than rethrowing the signal's reason, a DOMException
 * that is not `instanceof Error` in every realm (e.g. a test VM), so callers can always recognise it.
 */
function abortError(): Error {
  const error = new Error('the DICOMweb request was interrupted');
  error.name = 'AbortError';
  return error;
}
const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(abortError());
      },
      { once: true },
    );
  });

export class DicomWebClient {
  readonly baseUrl: string;
  private readonly o: DicomWebClientOptions;
  /** Requests retried after a transient failure, for the batch summary. */
  retried = 0;

  constructor(o: DicomWebClientOptions) {
    let url: URL;
    try {
      url = new URL(o.baseUrl);
    } catch {
      throw new Error(
        `DICOMweb base URL ${JSON.stringify(o.baseUrl)} is not a URL (e.g. http://pacs:8042/dicom-web)`,
      );
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new Error(`DICOMweb base URL ${o.baseUrl}: only http and https are supported`);
    if (url.username || url.password)
      throw new Error(
        'DICOMweb base URL holds credentials; pass them in the environment or a file instead (they would show in process lists and logs)',
      );
    this.baseUrl = url.href.replace(/\/+$/, '');
    this.o = o;
  }

  private async request(
    method: string,
    path: string,
    init: { accept: string; body?: Uint8Array<ArrayBuffer>; contentType?: string },
  ): Promise<Response> {
    const url = `${this.baseUrl}${path}`;
    const retries = this.o.retries ?? 3;
    const doFetch = this.o.fetch ?? globalThis.fetch;
    for (let attempt = 0; ; attempt++) {
      if (this.o.signal?.aborted) throw abortError();
      const headers: Record<string, string> = { accept: init.accept };
      if (this.o.authorization) headers.authorization = this.o.authorization;
      if (init.contentType) headers['content-type'] = init.contentType;
      const timeout = AbortSignal.timeout(this.o.timeoutMs ?? 120000);
      const signal = this.o.signal ? AbortSignal.any([this.o.signal, timeout]) : timeout;
      let response: Response | undefined;
      let failure: string;
      try {
        response = await doFetch(url, { method, headers, body: init.body, signal });
        if (response.ok) return response;
        const text = (await response.text().catch(() => '')).slice(0, 300).replace(/\s+/g, ' ');
        failure = `HTTP ${response.status} ${response.statusText}${text ? `: ${text}` : ''}`;
        if (response.status === 401 || response.status === 403)
          throw new DicomWebError(
            `${method} ${url}: ${failure} (check the credentials in SEGLENS_DICOMWEB_TOKEN[_FILE] or SEGLENS_DICOMWEB_USER/PASSWORD[_FILE])`,
            response.status,
          );
        if (!TRANSIENT.has(response.status))
          throw new DicomWebError(`${method} ${url}: ${failure}`, response.status);
      } catch (error) {
        if (error instanceof DicomWebError) throw error;
        if (this.o.signal?.aborted) throw abortError();
        failure = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      }
      if (attempt >= retries)
        throw new DicomWebError(
          `${method} ${url}: ${failure} (after ${retries + 1} attempts)`,
          response?.status,
        );
      this.retried++;
      const retryAfter = Number(response?.headers.get('retry-after'));
      const delay =
        Number.isFinite(retryAfter) && retryAfter > 0
          ? Math.min(retryAfter * 1000, 30000)
          : (this.o.retryDelayMs ?? 500) * 2 ** attempt;
      await sleep(delay, this.o.signal);
    }
  }

  private async json(path: string): Promise<DicomJson[]> {
    const response = await this.request('GET', path, { accept: 'application/dicom+json' });
    // QIDO answers 204 No Content for no match.
    const text = response.status === 204 ? '' : await response.text();
    if (!text.trim()) return [];
    const parsed: unknown = JSON.parse(text);
    if (!Array.isArray(parsed))
      throw new DicomWebError(`GET ${this.baseUrl}${path}: the answer is not a DICOM JSON array`);
    return parsed as DicomJson[];
  }

  /** QIDO-RS: studies matching `query` (e.g. { ModalitiesInStudy: 'CT' }). */
  async searchStudies(query: Record<string, string> = {}): Promise<DicomJson[]> {
    return this.json(`/studies${queryString(query)}`);
  }

  /** QIDO-RS: the series of a study. */
  async searchSeries(studyUid: string, query: Record<string, string> = {}): Promise<DicomJson[]> {
    return this.json(`/studies/${uid(studyUid)}/series${queryString(query)}`);
  }

  /** WADO-RS: the metadata (DICOM JSON, no pixels) of every instance of a series. */
  async seriesMetadata(studyUid: string, seriesUid: string): Promise<DicomJson[]> {
    return this.json(`/studies/${uid(studyUid)}/series/${uid(seriesUid)}/metadata`);
  }

  /** WADO-RS: every instance of a series as DICOM Part 10 bytes, in their original transfer syntax. */
  async retrieveSeries(studyUid: string, seriesUid: string): Promise<Uint8Array[]> {
    const path = `/studies/${uid(studyUid)}/series/${uid(seriesUid)}`;
    const response = await this.request('GET', path, {
      accept: 'multipart/related; type="application/dicom"; transfer-syntax=*',
    });
    const contentType = response.headers.get('content-type') ?? '';
    const boundary = multipartBoundary(contentType);
    if (!boundary)
      throw new DicomWebError(
        `GET ${this.baseUrl}${path}: expected multipart/related, got ${contentType || 'no Content-Type'}`,
      );
    return parseMultipart(new Uint8Array(await response.arrayBuffer()), boundary);
  }

  /**
   * STOW-RS: stores DICOM Part 10 instances (in one request, so a batch's SEG goes in whole or not at all). An
   * answer listing failed instances is an error naming them.
   */
  async store(instances: readonly Uint8Array[], studyUid?: string): Promise<void> {
    const { body, contentType } = buildMultipart(instances);
    const path = studyUid ? `/studies/${uid(studyUid)}` : '/studies';
    const response = await this.request('POST', path, {
      accept: 'application/dicom+json',
      body,
      contentType,
    });
    const text = await response.text();
    if (!text.trim()) return;
    let answer: DicomJson;
    try {
      answer = JSON.parse(text) as DicomJson;
    } catch {
      return; // Some servers answer XML or nothing useful on success; the status was 2xx.
    }
    const failed = answer[TAG.FailedSOPSequence]?.Value;
    if (failed && failed.length > 0)
      throw new DicomWebError(
        `POST ${this.baseUrl}${path}: the server refused ${failed.length} instance(s): ${JSON.stringify(failed).slice(0, 300)}`,
        response.status,
      );
  }
}

function queryString(query: Record<string, string>): string {
  const entries = Object.entries(query);
  return entries.length === 0 ? '' : `?${new URLSearchParams(entries).toString()}`;
}

/** A UID goes into a URL path: digits and dots only, so nothing can escape its path segment. */
function uid(value: string): string {
  if (!/^[0-9.]{1,64}$/.test(value))
    throw new Error(`${JSON.stringify(value)} is not a DICOM UID (digits and dots, at most 64)`);
  return value;
}
