import { sitePath } from '../client/site-path.ts';
import { getCollection, type CollectionEntry } from 'astro:content';
import { deckStructureProblems } from '../deck/structure.ts';

export type Deck = CollectionEntry<'decks'>;

/** Decks in home-page order. The build stops on a deck without its title and closing slides (src/deck/structure.ts). */
export async function getDecks(): Promise<Deck[]> {
  const decks = await getCollection('decks');
  const problems = decks.flatMap((deck) => deckStructureProblems(deck.id, deck.body ?? ''));
  if (problems.length > 0) throw new Error(problems.join('\n'));
  return decks.sort((a, b) => a.data.order - b.data.order || a.data.title.localeCompare(b.data.title));
}

/** One static page per deck, for each route that renders a deck (the slides and the handout). */
export async function deckPaths() {
  return (await getDecks()).map((deck) => ({ params: { deck: deck.id }, props: { deck } }));
}

export const deckHref = (deck: Deck): string => sitePath(`/talk/${deck.id}/`);

export const formatDate = (date: Date): string =>
  date.toLocaleDateString('en-GB', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });
