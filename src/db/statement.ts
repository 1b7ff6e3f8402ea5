import type { SqlClient } from './client.js';

/**
 * A statement whose text is composed once, with named parameters, and sent through postgres.js with a list of
 * values, prepared on each connection like any other.
 *
 * postgres.js composes a tagged template at every call: each nested fragment is an object of its own, and every
 * value is placed and typed while the text is joined again. On an answer's statement (some forty values over a
 * handful of fragments) that was most of the client's work on it. Here the text and the order of the values are
 * fixed when the statement is defined, and a call only lists its values.
 */
export interface Statement<Values> {
  readonly text: string;
  run<Row extends object>(sql: SqlClient, values: Values): Promise<Row[]>;
}

/**
 * The placeholder for the value `name`, cast to `type` ('$3::int'): the same number wherever the name recurs.
 * Without a type the server infers it from where the placeholder stands ('$3').
 */
export type Param<Values> = (name: keyof Values & string, type?: string) => string;

export function defineStatement<Values extends object>(
  compose: (param: Param<Values>) => string,
): Statement<Values> {
  const names: (keyof Values & string)[] = [];
  const text = compose((name, type) => {
    const known = names.indexOf(name);
    const index = known === -1 ? names.push(name) - 1 : known;
    return type === undefined ? `$${index + 1}` : `$${index + 1}::${type}`;
  });
  return {
    text,
    run: async <Row extends object>(sql: SqlClient, values: Values) => {
      // postgres.js refuses undefined itself; a name missing from `values` reads as undefined here.
      const list = names.map((name) => values[name]) as never[];
      return (await sql.unsafe(text, list, { prepare: true })) as unknown as Row[];
    },
  };
}
