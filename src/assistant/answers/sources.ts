/** Where a fact in an answer comes from. */
export type SourceKind = 'faq' | 'policy' | 'order' | 'shipment' | 'product' | 'return_rule';

/** One piece of evidence an answer may use: its text is what the shopper may be told. */
export interface Source {
  /** Stable id: `faq:…`, `policy:returns#2`, `order:D2026…`, `shipment:SF…`, `product:SM-EAR-001`, `return-rule:…`. */
  id: string;
  kind: SourceKind;
  title: string;
  text: string;
  /** Knowledge-base version of FAQ and policy sources. */
  version?: number;
}

/** A source as cited in an answer; `index` is the number in the answer's `[n]` markers. */
export interface Citation {
  index: number;
  id: string;
  kind: SourceKind;
  title: string;
  version?: number;
}

export function toCitation(source: Source, index: number): Citation {
  return {
    index,
    id: source.id,
    kind: source.kind,
    title: source.title,
    ...(source.version !== undefined ? { version: source.version } : {}),
  };
}

/**
 * Collects answer sentences with `[n]` citation markers. Citing the same
 * source twice reuses its number.
 */
export class AnswerBuilder {
  readonly sources: Source[] = [];
  private readonly sentences: string[] = [];

  cite(source: Source): string {
    let at = this.sources.findIndex((s) => s.id === source.id);
    if (at < 0) {
      this.sources.push(source);
      at = this.sources.length - 1;
    }
    return `[${at + 1}]`;
  }

  /** Adds a sentence followed by the markers of its sources. */
  add(sentence: string, ...sources: Source[]): this {
    this.sentences.push(sentence + sources.map((s) => this.cite(s)).join(''));
    return this;
  }

  get isEmpty(): boolean {
    return this.sentences.length === 0;
  }

  text(): string {
    return this.sentences.join('\n');
  }
}
