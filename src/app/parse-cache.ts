// Parsed comments kept across runs: every run reads the latest comments of the coordination and of
// the issues it touched, and the same comment at the same revision always parses the same. A
// comment built to be slow (64 KiB of report-shaped text costs a few milliseconds) is then paid
// for once, not on every later run. Bounded; the least recently used go first.
import { parseComment } from "../domain/report.js";
import type { RepoContext } from "../domain/refs.js";
import type { ParsedComment, RawComment } from "../domain/types.js";

export class ParseCache {
  private readonly entries = new Map<string, ParsedComment>();

  constructor(
    private readonly max = 5_000,
    private readonly parser: (body: string, context: RepoContext) => ParsedComment = parseComment,
  ) {}

  readonly parse = (comment: RawComment, context: RepoContext): ParsedComment => {
    // An edit changes `updatedAt`; the length guards against a clock that did not move.
    const key = `${comment.on} ${comment.id} ${comment.updatedAt} ${comment.body.length}`;
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const parsed = this.parser(comment.body, context);
    this.entries.set(key, parsed);
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value ?? "");
    return parsed;
  };

  get size(): number {
    return this.entries.size;
  }
}
