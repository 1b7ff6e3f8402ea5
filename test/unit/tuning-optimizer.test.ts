import pino from 'pino';
import { default_w } from 'ts-fsrs';
import { describe, expect, it } from 'vitest';
import { fitAndEvaluate, shouldAdopt } from '../../src/domain/tuning/adoption.js';
import { buildTrainingItems } from '../../src/domain/tuning/training-items.js';
import { loadOptimizer } from '../../src/services/fsrs-optimizer.js';
import { drawMembers, simulateMember } from '../support/simulated-group.js';
import { drawLearnerParameters } from '../support/simulated-learner.js';

function capturingLogger() {
  const lines: { level: number; msg: string }[] = [];
  const log = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { log, lines };
}

// The binding ships prebuilt for few platforms; where it does not load, the absent path is the one production
// takes, and the tests of the optimizer itself run wherever it does (linux-x64 CI among them).
const loaded = await loadOptimizer(pino({ level: 'silent' }));

describe('the optional FSRS optimizer', () => {
  it('turns tuning off with one warning when the binding cannot be loaded', async () => {
    const { log, lines } = capturingLogger();
    const optimizer = await loadOptimizer(log, () =>
      Promise.reject(new Error("Cannot find module '@open-spaced-repetition/binding-linux-x64-gnu'")),
    );
    expect(optimizer).toBeNull();
    expect(lines).toHaveLength(1);
    expect(lines[0]?.level).toBe(40);
    expect(lines[0]?.msg).toMatch(/tuning is off/);
  });

  it.runIf(loaded)('fits a group whose memories differ from the defaults and adopts the fit', async () => {
    const optimizer = loaded!;
    // Members who forget new items four times faster, and gain less from each success, than the defaults assume.
    const members = drawMembers(6, 5, (random) => {
      const w = drawLearnerParameters(random, 0.1);
      w[8] = (w[8] as number) - 0.6;
      for (let i = 0; i <= 3; i++) w[i] = (w[i] as number) / 4;
      return w;
    });
    const items = Array.from({ length: 60 }, (_, i) => `item-${i}`);
    const answers = members.flatMap((member) =>
      simulateMember(member, {
        items,
        days: 60,
        start: new Date('2026-01-05T00:00:00Z'),
        targetRetention: 0.9,
        parametersFor: () => null,
      }),
    );
    expect(members[0]?.trueParameters[2]).toBeLessThan(default_w[2] as number);
    const result = await fitAndEvaluate(optimizer, buildTrainingItems(answers, 'UTC'), null);
    expect(result).not.toBeNull();
    expect(result!.parameters).toHaveLength(21);
    expect(result!.evaluation.candidate.logLoss).toBeLessThan(result!.evaluation.current.logLoss);
    expect(shouldAdopt(result!.parameters, result!.evaluation)).toBe(true);
  });

  it.runIf(loaded)('does not start a fit once the time budget is spent', async () => {
    const optimizer = loaded!;
    const answers = drawMembers(2, 9).flatMap((member) =>
      simulateMember(member, {
        items: Array.from({ length: 40 }, (_, i) => `item-${i}`),
        days: 40,
        start: new Date('2026-01-05T00:00:00Z'),
        targetRetention: 0.9,
        parametersFor: () => null,
      }),
    );
    await expect(
      optimizer.fit(buildTrainingItems(answers, 'UTC'), { shouldStop: () => true }),
    ).rejects.toThrow();
  });
});
