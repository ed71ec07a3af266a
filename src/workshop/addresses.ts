import { networkInterfaces } from 'node:os';

// The addresses attendees can open: one per LAN address when listening on every interface, else the one asked for.

export function lanAddresses(): string[] {
  const out: string[] = [];
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) out.push(a.address);
  }
  return out;
}

export function attendeeUrls(host: string, port: number, path = '/workshop/'): string[] {
  const all = host === '0.0.0.0' || host === '::';
  const hosts = all ? lanAddresses() : [host];
  // With no network at all (Wi-Fi off, no cable), the machine itself is the only place to open it.
  if (hosts.length === 0) hosts.push('127.0.0.1');
  return hosts.map((h) => `http://${h.includes(':') ? `[${h}]` : h}:${port}${path}`);
}
