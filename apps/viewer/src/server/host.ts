// The Host header a request may carry: a loopback name or the address the server bound to, with its port.
// Any other name means the browser reached the server through a name that resolves here by accident or by
// design (DNS rebinding: a page of evil.example whose name now points at 127.0.0.1 would read /data/ and
// Orthanc as "same origin"). Such requests get 421 Misdirected Request. The Host is also what Orthanc writes
// into its BulkDataURI links, so only these names ever reach it.
export const LOOPBACK_NAMES = ['localhost', '127.0.0.1'];

/** The Host values accepted for a server bound to `boundAddress`:`port` (a bare name too on port 80). */
export function allowedHosts(boundAddress: string, port: number): Set<string> {
  const names = new Set([...LOOPBACK_NAMES, boundAddress]);
  const hosts = new Set<string>();
  for (const name of names) {
    hosts.add(`${name}:${port}`);
    if (port === 80) hosts.add(name);
  }
  return hosts;
}

export function hostAllowed(host: string | undefined, allowed: Set<string>): boolean {
  return host !== undefined && allowed.has(host.toLowerCase());
}
