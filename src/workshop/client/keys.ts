// Where the attendee's workshop state is kept in the browser (next to, never inside, the progress store's key).
export const WORKSHOP_KEY = 'containerless:workshop:v1';
