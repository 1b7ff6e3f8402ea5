-- pgbench -f: one grade press's answer as the bot sends it now (db/repositories/answers.ts): the read of the
-- member's memory and streak, then the one statement that checks and writes everything, no transaction block.
-- Each client answers as its own member on its own open session, which it keeps moving forward; -D
-- first_session=N names the first of the clients' sessions and -D session_version=0 their starting version
-- (bench/answer-throughput.ts creates them). Run with -M prepared, as postgres.js prepares every statement.
-- The write sends back the new log row's id only: the client wrote the session's new columns and knows them.
\set item random(1, 200)
\set sid :first_session + :client_id
select (st.id is not null)::int as has_state, coalesce(st.id, 0) as state_id, coalesce(st.version, 0) as state_version,
       (extract(epoch from st.due) * 1000)::float8 as due_ms, st.stability, st.difficulty, st.elapsed_days,
       st.scheduled_days, st.learning_steps, st.reps, st.lapses, st.state,
       (extract(epoch from st.last_review) * 1000)::float8 as last_review_ms,
       u.streak_current, u.streak_best, to_char(u.streak_last_day, 'YYYY-MM-DD') as streak_last_day
  from users u
  left join item_states st on st.user_id = u.id and st.item_id = 'drill-' || :item
  where u.id = '79' || lpad(:client_id::text, 16, '0') \gset
\if :has_state = 1
with guard as (
  select 1 from study_sessions
  where id = :sid and user_id = '79' || lpad(:client_id::text, 16, '0') and version = :session_version
    and finished_at is null
  for update
),
checked as (
  select 1 from guard
  join users u on u.id = '79' || lpad(:client_id::text, 16, '0') and u.streak_current = :streak_current
    and u.streak_best = :streak_best and u.streak_last_day is not distinct from current_date
  join item_states st on st.id = :state_id and st.version = :state_version
  for update of u, st
),
state_write as (
  update item_states set due = now() + interval '10 minutes', stability = 2.3065::float8,
    difficulty = 2.118::float8, elapsed_days = 0::float8, scheduled_days = 0::float8, learning_steps = 1::int,
    reps = reps + 1, lapses = 0::int, state = 1::smallint, last_review = now(), version = version + 1
  where id = :state_id and exists (select 1 from checked)
  returning id
),
log as (
  insert into review_logs (user_id, item_id, guild_id, session_id, rating, correct, state_before, was_due,
    difficulty_before, scheduled_days, elapsed_days, retrievability, parameter_set_id, due_after, xp,
    duration_ms, reviewed_at, undo)
  select '79' || lpad(:client_id::text, 16, '0'), 'drill-' || :item, '900000000000000001', :sid, 3::smallint,
    true, 1::smallint, true, 2.118::float8, 0::float8, 0::int, 0.9::real, null::bigint,
    now() + interval '10 minutes', 10::int, 4000::int, now(),
    '{"state": {"due": "2026-12-01T16:53:22.474Z", "reps": 1, "state": 1, "lapses": 0, "stability": 2.3065, "difficulty": 2.118, "lastReview": "2026-12-01T16:43:22.474Z", "elapsedDays": 0, "learningSteps": 1, "scheduledDays": 0}, "streak": {"best": 1, "current": 1, "lastDay": "2026-12-01"}}'::jsonb
  from state_write
  returning id
),
streak_write as (
  update users set streak_current = 1::int, streak_best = 1::int, streak_last_day = current_date
  where id = '79' || lpad(:client_id::text, 16, '0') and exists (select 1 from log)
),
moved as (
  update study_sessions set position = (position + 1) % 20, step = step, finished_at = null,
    version = :session_version + 1, answered = answered + 1, correct = correct + 1,
    time_spent_ms = time_spent_ms + 4000, last_review_id = log.id
  from log
  where study_sessions.id = :sid
  returning log.id as review_id
)
select * from moved \gset
\set session_version :session_version + 1
\else
with guard as (
  select 1 from study_sessions
  where id = :sid and user_id = '79' || lpad(:client_id::text, 16, '0') and version = :session_version
    and finished_at is null
  for update
),
checked as (
  select 1 from guard
  join users u on u.id = '79' || lpad(:client_id::text, 16, '0') and u.streak_current = :streak_current
    and u.streak_best = :streak_best and u.streak_last_day is not distinct from current_date
  for update of u
),
state_write as (
  insert into item_states (user_id, item_id, due, stability, difficulty, elapsed_days, scheduled_days,
    learning_steps, reps, lapses, state, last_review, version)
  select '79' || lpad(:client_id::text, 16, '0'), 'drill-' || :item, now() + interval '10 minutes', 2.3065::float8,
    2.118::float8, 0::float8, 0::float8, 1::int, 1::int, 0::int, 1::smallint, now(), 1
  from checked
  on conflict (user_id, item_id) do nothing
  returning id
),
log as (
  insert into review_logs (user_id, item_id, guild_id, session_id, rating, correct, state_before, was_due,
    difficulty_before, scheduled_days, elapsed_days, retrievability, parameter_set_id, due_after, xp,
    duration_ms, reviewed_at, undo)
  select '79' || lpad(:client_id::text, 16, '0'), 'drill-' || :item, '900000000000000001', :sid, 3::smallint,
    true, 0::smallint, true, null::float8, 0::float8, 0::int, null::real, null::bigint,
    now() + interval '10 minutes', 10::int, 4000::int, now(),
    '{"state": {"due": "2026-12-01T16:53:22.474Z", "reps": 0, "state": 0, "lapses": 0, "stability": 0, "difficulty": 0, "lastReview": null, "elapsedDays": 0, "learningSteps": 0, "scheduledDays": 0}, "streak": {"best": 0, "current": 0, "lastDay": null}}'::jsonb
  from state_write
  returning id
),
streak_write as (
  update users set streak_current = 1::int, streak_best = 1::int, streak_last_day = current_date
  where id = '79' || lpad(:client_id::text, 16, '0') and exists (select 1 from log)
),
moved as (
  update study_sessions set position = (position + 1) % 20, step = step, finished_at = null,
    version = :session_version + 1, answered = answered + 1, correct = correct + 1,
    time_spent_ms = time_spent_ms + 4000, last_review_id = log.id
  from log
  where study_sessions.id = :sid
  returning log.id as review_id
)
select * from moved \gset
\set session_version :session_version + 1
\endif
