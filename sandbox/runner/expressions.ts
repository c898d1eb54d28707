// The small part of the expression language an action's metadata uses here: context lookups in
// input defaults (`${{ github.sha }}`) and the status functions of `post-if`. Anything else is
// refused loudly rather than guessed.

import type { StepOutcome } from './types.js';

export type ExpressionContexts = Readonly<Record<string, Readonly<Record<string, string>>>>;

const EXPRESSION = /\$\{\{(.*?)\}\}/gs;

/** Replaces every `${{ context.field }}` in `template` with its value. */
export function evaluateTemplate(
  template: string,
  contexts: ExpressionContexts,
  where: string,
): string {
  return template.replace(EXPRESSION, (_whole, inner: string) => {
    const expression = inner.trim();
    const [, contextName = '', field = ''] =
      /^([A-Za-z_][\w-]*)\.([A-Za-z_][\w-]*)$/.exec(expression) ?? [];
    const value = contexts[contextName]?.[field];
    if (value === undefined) {
      const known = Object.entries(contexts)
        .flatMap(([name, fields]) => Object.keys(fields).map((field) => `${name}.${field}`))
        .join(', ');
      throw new Error(
        `${where}: the expression \${{ ${expression} }} is not supported by the runner harness; it evaluates only context lookups (${known}).`,
      );
    }
    return value;
  });
}

/** How the job stands when `post-if` is evaluated: the main step's outcome. */
export function evaluateStatusCondition(condition: string, status: StepOutcome): boolean {
  const trimmed = condition.trim();
  const inner = /^\$\{\{(.*)\}\}$/s.exec(trimmed)?.[1] ?? trimmed;
  const tokens = inner.match(/\s+|\(|\)|!|&&|\|\||[A-Za-z_][\w-]*|./g) ?? [];
  const parser = new StatusParser(
    tokens.filter((token) => token.trim() !== ''),
    status,
    condition,
  );
  return parser.parse();
}

// or := and ('||' and)* ; and := unary ('&&' unary)* ; unary := '!' unary | primary ;
// primary := '(' or ')' | name '(' ')' | 'true' | 'false'
class StatusParser {
  #position = 0;

  constructor(
    private readonly tokens: readonly string[],
    private readonly status: StepOutcome,
    private readonly source: string,
  ) {}

  parse(): boolean {
    const value = this.#or();
    if (this.#position !== this.tokens.length) this.#fail();
    return value;
  }

  #or(): boolean {
    let value = this.#and();
    while (this.#peek() === '||') {
      this.#position++;
      // Both sides are evaluated so that an unsupported name fails even when short-circuited.
      value = this.#and() || value;
    }
    return value;
  }

  #and(): boolean {
    let value = this.#unary();
    while (this.#peek() === '&&') {
      this.#position++;
      value = this.#unary() && value;
    }
    return value;
  }

  #unary(): boolean {
    if (this.#peek() === '!') {
      this.#position++;
      return !this.#unary();
    }
    return this.#primary();
  }

  #primary(): boolean {
    const token = this.tokens[this.#position++];
    if (token === '(') {
      const value = this.#or();
      if (this.tokens[this.#position++] !== ')') this.#fail();
      return value;
    }
    if (token === 'true' || token === 'false') return token === 'true';
    if (token === undefined || this.tokens[this.#position] !== '(') this.#fail();
    if (this.tokens[this.#position + 1] !== ')') this.#fail();
    this.#position += 2;
    switch (token) {
      case 'always':
        return true;
      case 'success':
        return this.status === 'success';
      case 'failure':
        return this.status === 'failure';
      case 'cancelled':
        return this.status === 'cancelled';
      default:
        return this.#fail();
    }
  }

  #peek(): string | undefined {
    return this.tokens[this.#position];
  }

  #fail(): never {
    throw new Error(
      `post-if: ${JSON.stringify(this.source)} is not supported by the runner harness; it evaluates always(), success(), failure(), cancelled(), !, && and || only.`,
    );
  }
}
