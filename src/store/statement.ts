// SQL text with numbered parameters, put together by hand for the few statements every payment runs (the billing
// attempt's insert, a payment's change with its exchanges and webhook): even Kysely's raw templates cost a payment
// about a tenth of its CPU in building and compiling nodes. Values are always parameters, never spliced into the text;
// identifiers come from the code and are quoted. The text is marked for a server-side prepared statement.
import { CompiledQuery, type Kysely } from 'kysely';
import { PREPARED } from './prepared-statements.ts';

export function quoteId(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export class Statement {
  private text = PREPARED;
  private readonly params: unknown[] = [];

  raw(text: string): this {
    this.text += text;
    return this;
  }

  value(value: unknown): this {
    this.params.push(value);
    this.text += `$${this.params.length}`;
    return this;
  }

  values(values: readonly unknown[]): this {
    values.forEach((value, i) => {
      if (i > 0) this.text += ', ';
      this.value(value);
    });
    return this;
  }

  /** A schema-qualified or plain identifier. */
  id(...names: string[]): this {
    this.text += names.map(quoteId).join('.');
    return this;
  }

  async rows<Row>(db: Kysely<any>): Promise<Row[]> {
    return (await db.executeQuery<Row>(CompiledQuery.raw(this.text, this.params))).rows;
  }
}
