-- pgbench -f: the statements of one grade press's answer transaction as recordAnswer sends them today (11 client
-- statements, captured from the server's statement log), each client answering as its own member on its own open
-- session. -D first_session=N names the first of the clients' sessions (bench/answer-throughput.ts creates them).
-- Run with -M prepared, as postgres.js prepares every statement.
\set item random(1, 200)
\set sid :first_session + :client_id
begin;
select id, user_id, guild_id, deck_id, queue, position, step, version, answered, correct, time_spent_ms,
       last_review_id, started_at, finished_at
  from study_sessions where id = :sid for update;
insert into item_states (user_id, item_id, due, stability, difficulty, elapsed_days, scheduled_days,
                         learning_steps, reps, lapses, state, last_review)
  values ('79' || lpad(:client_id::text, 16, '0'), 'drill-' || :item, now(), 0, 0, 0, 0, 0, 0, 0, 0, null)
  on conflict (user_id, item_id) do update set user_id = excluded.user_id
  returning id, user_id, item_id, due, stability, difficulty, elapsed_days, scheduled_days, learning_steps, reps,
            lapses, state, last_review, version;
select streak_current, streak_best, streak_last_day from users
  where id = '79' || lpad(:client_id::text, 16, '0') for update;
update item_states set due = now() + interval '10 minutes', stability = 2.3065, difficulty = 2.118,
       elapsed_days = 0, scheduled_days = 0, learning_steps = 1, reps = reps + 1, lapses = 0, state = 1,
       last_review = now(), version = version + 1
  where user_id = '79' || lpad(:client_id::text, 16, '0') and item_id = 'drill-' || :item;
update users set streak_current = 1, streak_best = 1, streak_last_day = current_date
  where id = '79' || lpad(:client_id::text, 16, '0');
insert into review_logs (user_id, item_id, guild_id, session_id, rating, correct, state_before, was_due,
                         difficulty_before, scheduled_days, due_after, xp, duration_ms, reviewed_at, undo)
  values ('79' || lpad(:client_id::text, 16, '0'), 'drill-' || :item, '900000000000000001', :sid, 3, true, 0, true,
          null, 0, now() + interval '10 minutes', 10, 4000, now(),
          '{"state": {"due": "2026-12-01T16:53:22.474Z", "reps": 0, "state": 0, "lapses": 0, "stability": 0, "difficulty": 0, "lastReview": null, "elapsedDays": 0, "learningSteps": 0, "scheduledDays": 0}, "streak": {"best": 0, "current": 0, "lastDay": null}}')
  returning id;
insert into guilds (id) values ('900000000000000001') on conflict do nothing;
insert into guild_members (guild_id, user_id, first_studied_at, last_studied_at)
  values ('900000000000000001', '79' || lpad(:client_id::text, 16, '0'), now(), now())
  on conflict (guild_id, user_id) do update set last_studied_at = excluded.last_studied_at;
update study_sessions set position = (position + 1) % 20, step = step, version = version + 1, answered = answered + 1,
       correct = correct + 1, time_spent_ms = time_spent_ms + 4000,
       last_review_id = currval(pg_get_serial_sequence('review_logs', 'id')), finished_at = null
  where id = :sid
  returning id, user_id, guild_id, deck_id, queue, position, step, version, answered, correct, time_spent_ms,
            last_review_id, started_at, finished_at;
commit;
