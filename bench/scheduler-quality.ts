// Scheduler quality: does tuning FSRS on a group's answers predict recall better than the defaults, and what
// does each set cost in reviews? A simulated group (members whose true memory follows FSRS-6 with their own
// parameters, drawn around the defaults) studies the real decks with the bot's session rules for 90 days on
// the defaults; the production pipeline (training items, time-series-split adoption, level choice) runs on
// the first 60 days; every set then predicts the last 30 days' reviews, which no fit has seen. Then the same
// members study again, scheduled by each set, to compare workload and the retention they actually reach.
//
//   nice npx tsx bench/scheduler-quality.ts        (MEMBERS=30 DAYS=90 CUTOFF=60 SEED=17)
import path from 'node:path';
import pino from 'pino';
import { loadContent } from '../src/content/load.js';
import { trueRetention } from '../src/domain/forecast.js';
import type { FsrsParameters } from '../src/domain/scheduling.js';
import { fitAndEvaluate, shouldAdopt } from '../src/domain/tuning/adoption.js';
import { chooseParameters, hasEnoughHistory } from '../src/domain/tuning/levels.js';
import type { Evaluation, TrainingItem } from '../src/domain/tuning/optimizer.js';
import { buildTrainingItems, countLongTermReviews } from '../src/domain/tuning/training-items.js';
import { loadOptimizer } from '../src/services/fsrs-optimizer.js';
import { drawMembers, type SimulatedAnswer, simulateMember } from '../test/support/simulated-group.js';
import { BENCH_DIR, type BenchRow, log, runIfMain } from './lib.js';

const MEMBERS = Number(process.env.MEMBERS ?? 30);
const DAYS = Number(process.env.DAYS ?? 90);
const CUTOFF = Number(process.env.CUTOFF ?? 60);
const SEED = Number(process.env.SEED ?? 17);
const TARGET = 0.9;
const START = new Date('2026-01-05T00:00:00Z');
/** Training sizes (long-term reviews) for the per-member curve that sets the personal-fit threshold. */
const SIZES = [50, 100, 200, 400, 800];

function weighted(parts: { e: Evaluation; n: number }[]): Evaluation {
  const total = parts.reduce((s, p) => s + p.n, 0);
  return {
    logLoss: parts.reduce((s, p) => s + p.e.logLoss * p.n, 0) / total,
    rmseBins: parts.reduce((s, p) => s + p.e.rmseBins * p.n, 0) / total,
  };
}

function itemsOf(answers: readonly SimulatedAnswer[]): TrainingItem[] {
  return buildTrainingItems(answers, 'UTC');
}

export async function run(): Promise<BenchRow[]> {
  const optimizer = await loadOptimizer(pino({ level: 'warn' }));
  if (!optimizer)
    return [
      { bench: 'scheduler-quality', figure: 'skipped', value: Number.NaN, unit: '', note: 'no optimizer' },
    ];
  const loaded = await loadContent(path.join(BENCH_DIR, '..', 'content'));
  if (!loaded.ok) throw new Error('content does not load');
  const itemIds = loaded.content.decks.flatMap((deck) => deck.items.map((item) => item.id));
  const members = drawMembers(MEMBERS, SEED);
  const started = Date.now();
  const simulate = (parametersFor: (id: string) => FsrsParameters, everyDay = false) =>
    new Map(
      (everyDay ? members.map((m) => ({ ...m, diligence: 1 })) : members).map((m) => [
        m.id,
        simulateMember(m, {
          items: itemIds,
          days: DAYS,
          start: START,
          targetRetention: TARGET,
          parametersFor,
        }),
      ]),
    );

  // 1. Ninety days on the defaults, as a new group starts.
  const history = simulate(() => null);
  const cutoffMs = START.getTime() + CUTOFF * 86_400_000;
  const train = new Map<string, TrainingItem[]>();
  const test = new Map<string, TrainingItem[]>();
  let answers = 0;
  for (const [id, list] of history) {
    answers += list.length;
    const items = itemsOf(list);
    train.set(
      id,
      items.filter((item) => item.at < cutoffMs),
    );
    test.set(
      id,
      items.filter((item) => item.at >= cutoffMs),
    );
  }
  log(`simulated ${answers} answers from ${MEMBERS} members over ${DAYS} days (${Date.now() - started} ms)`);

  // 2. The nightly pipeline on the first CUTOFF days: the server's set against the defaults, then each
  // member's own set against the set they use.
  const fitStarted = Date.now();
  const groupItems = [...train.values()].flat().sort((a, b) => a.at - b.at);
  const group = await fitAndEvaluate(optimizer, groupItems, null);
  if (!group) throw new Error('too little data for a group fit');
  const groupAdopted = shouldAdopt(group.parameters, group.evaluation);
  const groupSet = groupAdopted ? { id: 1, scope: 'server' as const, parameters: group.parameters } : null;
  log(`group set: ${groupAdopted ? 'adopted' : 'kept the defaults'}`, group.evaluation);
  const own = new Map<string, number[]>();
  const chosen = new Map<string, FsrsParameters>();
  let adoptedMembers = 0;
  let triedMembers = 0;
  for (const m of members) {
    const items = train.get(m.id) ?? [];
    const current = chooseParameters({ server: groupSet }).parameters;
    let memberSet = null;
    if (hasEnoughHistory('member', countLongTermReviews(items))) {
      triedMembers += 1;
      const fitted = await fitAndEvaluate(optimizer, items, current);
      if (fitted) {
        own.set(m.id, fitted.parameters);
        if (shouldAdopt(fitted.parameters, fitted.evaluation)) {
          adoptedMembers += 1;
          memberSet = { id: 100, scope: 'member' as const, parameters: fitted.parameters };
        }
      }
    }
    chosen.set(m.id, chooseParameters({ member: memberSet, server: groupSet }).parameters);
  }
  const fitMs = Date.now() - fitStarted;

  // 3. Held-out: every set predicts the reviews after the cutoff (review-weighted mean over members, as
  // srs-benchmark averages users).
  const held: Record<'defaults' | 'group', { e: Evaluation; n: number }[]> = { defaults: [], group: [] };
  const ownParts: { e: Evaluation; n: number }[] = [];
  const ownVsGroup: { e: Evaluation; n: number }[] = [];
  const chosenParts: { e: Evaluation; n: number }[] = [];
  for (const m of members) {
    const items = test.get(m.id) ?? [];
    const n = countLongTermReviews(items);
    if (n === 0) continue;
    held.defaults.push({ e: optimizer.evaluate(null, items), n });
    held.group.push({ e: optimizer.evaluate(group.parameters, items), n });
    chosenParts.push({ e: optimizer.evaluate(chosen.get(m.id) ?? null, items), n });
    const mine = own.get(m.id);
    if (mine) {
      ownParts.push({ e: optimizer.evaluate(mine, items), n });
      ownVsGroup.push({ e: optimizer.evaluate(group.parameters, items), n });
    }
  }

  // 4. Where personal sets start to pay: each member's set fitted on their first N long-term reviews only,
  // against the group's set, on the same held-out reviews.
  const curve: { size: number; members: number; member: Evaluation; group: Evaluation; better: number }[] =
    [];
  for (const size of SIZES) {
    const parts: { e: Evaluation; n: number }[] = [];
    const groupParts: { e: Evaluation; n: number }[] = [];
    let better = 0;
    for (const m of members) {
      const items = train.get(m.id) ?? [];
      if (countLongTermReviews(items) < size) continue;
      let seen = 0;
      const firstN = items.filter((item) => {
        const last = item.reviews[item.reviews.length - 1];
        if (seen >= size) return false;
        if (last && last.deltaT > 0) seen += 1;
        return true;
      });
      const heldOut = test.get(m.id) ?? [];
      const n = countLongTermReviews(heldOut);
      if (n === 0) continue;
      const fitted = await optimizer.fit(firstN);
      const mine = optimizer.evaluate(fitted, heldOut);
      const theirs = optimizer.evaluate(group.parameters, heldOut);
      if (mine.logLoss < theirs.logLoss) better += 1;
      parts.push({ e: mine, n });
      groupParts.push({ e: theirs, n });
    }
    if (parts.length > 0)
      curve.push({
        size,
        members: parts.length,
        member: weighted(parts),
        group: weighted(groupParts),
        better,
      });
  }

  // 5. Workload: the same members study again from scratch, scheduled by each set, this time every day (a
  // skipped day makes reviews late and lowers retention whatever the parameters).
  const workload = (label: string, parametersFor: (id: string) => FsrsParameters) => {
    const runs = simulate(parametersFor, true);
    let reviews = 0;
    const late: { stateBefore: number; rating: number }[] = [];
    for (const list of runs.values()) {
      reviews += list.length;
      late.push(...list.filter((a) => a.day >= CUTOFF));
    }
    const lateReviews = late.length / (MEMBERS * (DAYS - CUTOFF));
    return {
      label,
      perDay: reviews / (MEMBERS * DAYS),
      lateReviews,
      retention: trueRetention(late) ?? Number.NaN,
    };
  };
  const loads = [
    workload('defaults', () => null),
    workload('group', () => group.parameters),
    workload('production choice (member, else group)', (id) => chosen.get(id) ?? null),
    workload(
      'each member’s true parameters',
      (id) => members.find((m) => m.id === id)?.trueParameters ?? null,
    ),
  ];

  const rows: BenchRow[] = [];
  const add = (figure: string, value: number, unit: string, note?: string) =>
    rows.push({ bench: 'scheduler-quality', figure, value, unit, ...(note ? { note } : {}) });
  add('answers simulated', answers, 'answers', `${MEMBERS} members, ${DAYS} days, cutoff day ${CUTOFF}`);
  const d = weighted(held.defaults);
  const g = weighted(held.group);
  const c = weighted(chosenParts);
  add('held-out log loss, defaults', d.logLoss, '');
  add('held-out log loss, group', g.logLoss, '');
  add(
    'held-out log loss, production choice',
    c.logLoss,
    '',
    `${adoptedMembers}/${triedMembers} personal sets adopted`,
  );
  add('held-out RMSE(bins), defaults', d.rmseBins, '');
  add('held-out RMSE(bins), group', g.rmseBins, '');
  add('held-out RMSE(bins), production choice', c.rmseBins, '');
  if (ownParts.length > 0) {
    const o = weighted(ownParts);
    const og = weighted(ownVsGroup);
    add(
      'held-out log loss, every personal fit',
      o.logLoss,
      '',
      `group on the same members: ${og.logLoss.toFixed(4)}`,
    );
    add('held-out RMSE(bins), every personal fit', o.rmseBins, '', `group: ${og.rmseBins.toFixed(4)}`);
  }
  for (const point of curve)
    add(
      `personal fit on ${point.size} long-term reviews: log loss`,
      point.member.logLoss,
      '',
      `group ${point.group.logLoss.toFixed(4)}; personal better for ${point.better}/${point.members}`,
    );
  for (const load of loads) {
    add(
      `workload, ${load.label}`,
      load.perDay,
      'reviews/day',
      `days ${CUTOFF}–${DAYS}: ${load.lateReviews.toFixed(1)}/day`,
    );
    add(`true retention, ${load.label}`, load.retention, '', `target ${TARGET}, days ${CUTOFF}–${DAYS}`);
  }
  add('fitting time (group + members, splits included)', fitMs / 1000, 's');
  add('whole run', (Date.now() - started) / 1000, 's');
  for (const row of rows) if (row.note) log(`${row.figure}: ${row.note}`);
  return rows;
}

runIfMain(import.meta.url, 'scheduler-quality', run);
