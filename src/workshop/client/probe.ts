import type { AgendaRow, TrackId } from '../agenda.ts';
import { WORKSHOP_KEY } from './keys.ts';

// Is this page served by a workshop server? One same-origin request: the workshop server answers it with the
// agenda; a static host serves the plain file from public/ saying no, and so does the service worker's offline copy.
// With no answer at all, an attendee who had joined keeps the panel (their marks queue until the server is back);
// otherwise marks made meanwhile are sent from the progress store at the next page the workshop answers.

export interface PublicAgenda {
  track: TrackId;
  startAt: number;
  rows: AgendaRow[];
  summary?: string;
}

export interface Found {
  agenda: PublicAgenda | undefined;
  online: boolean;
}

export async function probeWorkshop(base: string): Promise<Found | undefined> {
  try {
    const response = await fetch(`${base.replace(/\/?$/, '/')}api/workshop.json`, { cache: 'no-store', headers: { Accept: 'application/json' } });
    if (!response.ok) return undefined;
    const body = (await response.json()) as { workshop?: boolean; agenda?: PublicAgenda };
    return body.workshop === true ? { agenda: body.agenda, online: true } : undefined;
  } catch {
    let joined = false;
    try {
      joined = localStorage.getItem(WORKSHOP_KEY) !== null;
    } catch {
      // storage blocked: nothing was saved either
    }
    return joined ? { agenda: undefined, online: false } : undefined;
  }
}
