import { describe, expect, it } from 'vitest';
import { defineStatement } from '../../src/db/statement.js';

describe('defineStatement', () => {
  it('numbers each name once, in the order first used, and sends the values in that order', async () => {
    const statement = defineStatement<{ user: string; day: string | null; count: number }>(
      (param) =>
        `select ${param('count', 'int')} where ${param('user', 'text')} = ${param('user', 'text')} and ${param('day', 'date')} is null`,
    );
    expect(statement.text).toBe('select $1::int where $2::text = $2::text and $3::date is null');
    const sent: unknown[] = [];
    const client = {
      unsafe: async (text: string, values: unknown[], options: { prepare: boolean }) => {
        sent.push(text, values, options);
        return [{ ok: 1 }];
      },
    };
    const rows = await statement.run(client as never, { day: null, count: 3, user: 'u' });
    expect(rows).toEqual([{ ok: 1 }]);
    expect(sent).toEqual([statement.text, [3, 'u', null], { prepare: true }]);
  });
});

describe('defineStatement without a type', () => {
  it('leaves the placeholder for the server to type from where it stands', () => {
    const statement = defineStatement<{ item: number }>((param) => `select 'drill-' || ${param('item')}`);
    expect(statement.text).toBe("select 'drill-' || $1");
  });
});
