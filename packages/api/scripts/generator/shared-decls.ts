// Object sub-schemas and their interfaces that come out byte-identical in more than one place (the StorageConfig of
// every recording version, say) are written once into src/generated/shared.ts and referenced by name. A first pass
// counts each object's fully inlined text and records where it is used (action, version, property path); the second
// hoists those counted twice or more, under names given by meaning in shared-names.ts (`StartRecordStorageConfig` for
// the interface, `StartRecordStorageConfigFields` for the properties; each use site still builds its own objectSchema,
// with its own description), each after a comment listing its uses. Whole params and results are hoisted the same way
// (`DismissRoomParams`, `MessageResult`); the per-version interface extends the shared one.
import type { CatalogField } from './catalog-entry.js';
import { describeUses, nameSharedShapes, type SharedKind, type SharedShape } from './shared-names.js';

export type { SharedKind };

export class SharedDecls {
  /** true during the counting pass: nothing is hoisted, every object's text is counted. */
  counting = true;
  /** The action-version being rendered (render-files.ts sets it before each entry); recorded with each use. */
  site = { action: '', version: '' };
  private readonly shapes = new Map<string, SharedShape & { count: number; seen: Set<string> }>();
  private names = new Map<string, string>();
  private readonly declared = new Set<string>();
  /** Declarations in the order they were first needed (nested ones before the objects that use them). */
  readonly declarations: Array<{ name: string; kind: SharedKind; code: string }> = [];

  private static key(kind: SharedKind, inlineText: string): string {
    return `${kind}\n${inlineText}`;
  }

  /** Counts one use of an object at `path` (dotted, `[]` after arrays; '' for whole params or result). */
  count(kind: SharedKind, inlineText: string, fields: CatalogField[], forResult: boolean, path: string): void {
    const id = SharedDecls.key(kind, inlineText);
    let shape = this.shapes.get(id);
    if (!shape) this.shapes.set(id, (shape = { id, kind, fields, uses: [], count: 0, seen: new Set() }));
    shape.count++;
    const use = { ...this.site, path, forResult };
    const useKey = JSON.stringify(use);
    if (!shape.seen.has(useKey)) shape.uses.push(use);
    shape.seen.add(useKey);
  }

  /** Ends the counting pass: names every object written more than once (see shared-names.ts). */
  finishCounting(): void {
    this.counting = false;
    this.names = nameSharedShapes([...this.shapes.values()].filter((s) => s.count > 1));
  }

  /** Whether an object with this inlined text is hoisted (counted more than once). */
  isShared(kind: SharedKind, inlineText: string): boolean {
    return (this.shapes.get(SharedDecls.key(kind, inlineText))?.count ?? 0) > 1;
  }

  /** The name of the shared declaration; `declare(name)` writes it the first time. */
  nameFor(kind: SharedKind, inlineText: string, declare: (name: string) => string): string {
    const key = SharedDecls.key(kind, inlineText);
    const name = this.names.get(key);
    if (name === undefined) throw new Error(`not a shared object: ${inlineText}`);
    if (!this.declared.has(name)) {
      this.declared.add(name);
      this.declarations.push({ name, kind, code: `${describeUses(this.shapes.get(key)!)}\n${declare(name)}` });
    }
    return name;
  }
}
