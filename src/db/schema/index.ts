export * from './claims.js';
export * from './content.js';
export * from './guilds.js';
export * from './item-states.js';
export * from './reminders.js';
export * from './review-logs.js';
export * from './study-sessions.js';
export * from './users.js';
