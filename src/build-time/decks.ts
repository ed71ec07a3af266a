import { getCollection, type CollectionEntry } from 'astro:content';

export type Deck = CollectionEntry<'decks'>;

/** Decks in home-page order. */
export async function getDecks(): Promise<Deck[]> {
  return (await getCollection('decks')).sort((a, b) => a.data.order - b.data.order || a.data.title.localeCompare(b.data.title));
}

export const deckHref = (deck: Deck): string => `/talk/${deck.id}/`;

export const formatDate = (date: Date): string =>
  date.toLocaleDateString('en-GB', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });
