/**
 * One schema step. `id` is unique across the server (prefix it with the domain, e.g. `identity/001-accounts`) and is
 * recorded once applied; `sql` may hold several statements. Never edit an applied migration: add a new one.
 */
export interface Migration {
  id: string;
  sql: string;
}
