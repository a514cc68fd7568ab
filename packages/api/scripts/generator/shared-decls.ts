// Object sub-schemas and their interfaces that come out byte-identical in more than one place (the StorageConfig of
// every recording version, say) are written once into src/generated/shared.ts and referenced by name. A first pass
// counts each object's fully inlined text; the second hoists those counted twice or more. Names are the field name
// plus a hash of the catalog fields inside it (and whether it is read as a result), so they depend on the catalog only
// and an interface and its schema's properties carry the same hash: `StorageConfig_1a2b3c` for the interface,
// `StorageConfigFields_1a2b3c` for the properties (each use site still builds its own objectSchema, with its own
// description). Whole params and results are hoisted the same way, named `<Action>Params_<hash>` when one action's
// versions share them and `Params_<hash>` when several actions do; the per-version interface extends the shared one.
import { createHash } from 'node:crypto';
import type { CatalogField } from './catalog-entry.js';

export type SharedKind = 'schema' | 'type';

export class SharedDecls {
  /** true during the counting pass: nothing is hoisted, every object's text is counted. */
  counting = true;
  private readonly counts = new Map<string, number>();
  private readonly owners = new Map<string, Set<string>>();
  private readonly names = new Map<string, string>();
  private readonly keysByName = new Map<string, string>();
  /** Declarations in the order they were first needed (nested ones before the objects that use them). */
  readonly declarations: Array<{ name: string; code: string }> = [];

  private static key(kind: SharedKind, inlineText: string): string {
    return `${kind}\n${inlineText}`;
  }

  /** `owner` (the action, for whole params and results) goes into the name when it is the only one. */
  count(kind: SharedKind, inlineText: string, owner = ''): void {
    const key = SharedDecls.key(kind, inlineText);
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    let owners = this.owners.get(key);
    if (!owners) this.owners.set(key, (owners = new Set()));
    owners.add(owner);
  }

  /** The owner every place shares, or '' when they differ. */
  soleOwner(kind: SharedKind, inlineText: string): string {
    const owners = [...(this.owners.get(SharedDecls.key(kind, inlineText)) ?? [])];
    return owners.length === 1 ? owners[0]! : '';
  }

  /** Whether an object with this inlined text is hoisted (counted more than once). */
  isShared(kind: SharedKind, inlineText: string): boolean {
    return (this.counts.get(SharedDecls.key(kind, inlineText)) ?? 0) > 1;
  }

  /** The name of the shared declaration; `declare(name)` writes it the first time. */
  nameFor(
    kind: SharedKind,
    label: string,
    fields: CatalogField[],
    forResult: boolean,
    inlineText: string,
    declare: (name: string) => string,
  ): string {
    const key = SharedDecls.key(kind, inlineText);
    const known = this.names.get(key);
    if (known) return known;
    const hash = createHash('sha256')
      .update(JSON.stringify([forResult, fields]))
      .digest('hex')
      .slice(0, 6);
    const base = label.replace(/[^A-Za-z0-9_$]/g, '_').replace(/^(?=[0-9])/, '_');
    const name = `${base}${kind === 'schema' ? 'Fields' : ''}_${hash}`;
    if (this.keysByName.has(name)) throw new Error(`shared declaration name ${name} would stand for two objects`);
    this.keysByName.set(name, key);
    this.names.set(key, name);
    this.declarations.push({ name, code: declare(name) });
    return name;
  }
}
