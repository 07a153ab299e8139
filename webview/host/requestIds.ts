// Ids for requests that get a `reply`. Unique per page: a random page prefix plus a counter, so two
// webviews (sidebar + editor) talking to one host never collide.
const pagePrefix = Math.random().toString(36).slice(2, 8);
let counter = 0;

export function newRequestId(): string {
  counter += 1;
  return `wv-${pagePrefix}-${counter}`;
}
