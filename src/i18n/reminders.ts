import type { Widen } from './types.js';

/** Daily review reminders: `/remind` and the reminder message. */
export const remindersKo = {
  'reminders.bad-time': (p: { time: string }) =>
    `\`${p.time}\`는 올바른 시각이 아니에요. 24시간 형식 \`HH:MM\`으로 적어 주세요. 예: 09:00, 21:30`,
  'reminders.channel-needs-guild':
    '채널 알림은 boksup이 들어와 있는 서버의 채널에서만 설정할 수 있어요. DM으로 받으려면 `dm`을 고르세요.',
  'reminders.saved-title': '알림을 설정했어요',
  'reminders.show-title': '내 복습 알림',
  'reminders.none': '설정된 알림이 없어요. `/remind set`으로 매일 복습 알림을 받아 보세요.',
  'reminders.off': '복습 알림을 껐어요.',
  'reminders.off-none': '꺼 둘 알림이 없어요.',
  'reminders.time': '시각',
  'reminders.timezone': '시간대',
  'reminders.where': '받는 곳',
  'reminders.where-dm': 'DM',
  'reminders.where-channel': (p: { channel: string }) => `${p.channel} 채널`,
  'reminders.next': '다음 알림',
  'reminders.status': '상태',
  'reminders.paused': '일시 중지됨: `/remind set`으로 다시 켜세요',
  'reminders.active': '켜짐',
  'reminders.title': '⏰ 복습할 시간이에요',
  'reminders.due': (p: { count: number }) => `지금 복습할 항목이 **${p.count}개** 있어요.`,
  'reminders.nothing-due': '지금 복습할 항목은 없지만, 새 항목을 배우거나 미리 복습하면 기록이 이어져요.',
  'reminders.streak-at-risk': (p: { days: number }) =>
    `🔥 **${p.days}일** 연속 학습 중! 오늘 복습하면 기록이 이어져요.`,
  'reminders.streak-none': '오늘 복습하면 새 연속 기록이 시작돼요.',
  'reminders.notice-dm-closed':
    'DM을 받을 수 없어서 복습 알림을 일시 중지했어요. DM을 열거나 `/remind set where:channel`로 채널에서 받도록 바꾼 뒤 `/remind set`으로 다시 켜 주세요.',
  'reminders.notice-channel-gone':
    '알림 채널에 글을 올릴 수 없어서 복습 알림을 일시 중지했어요. `/remind set`으로 다시 설정해 주세요.',
} as const;

export const remindersEn: Widen<typeof remindersKo> = {
  'reminders.bad-time': (p) =>
    `\`${p.time}\` is not a time of day. Use the 24-hour \`HH:MM\` form, e.g. 09:00 or 21:30.`,
  'reminders.channel-needs-guild':
    'Channel reminders can only be set in a channel of a server boksup has joined. Pick `dm` to get them by DM.',
  'reminders.saved-title': 'Reminder set',
  'reminders.show-title': 'Your review reminder',
  'reminders.none': 'You have no reminder. Set a daily one with `/remind set`.',
  'reminders.off': 'Review reminders are off.',
  'reminders.off-none': 'You have no reminder to turn off.',
  'reminders.time': 'Time',
  'reminders.timezone': 'Time zone',
  'reminders.where': 'Where',
  'reminders.where-dm': 'DM',
  'reminders.where-channel': (p) => `${p.channel}`,
  'reminders.next': 'Next reminder',
  'reminders.status': 'Status',
  'reminders.paused': 'Paused: turn it back on with `/remind set`',
  'reminders.active': 'On',
  'reminders.title': '⏰ Time to review',
  'reminders.due': (p) => `You have **${p.count}** item${p.count === 1 ? '' : 's'} due for review.`,
  'reminders.nothing-due':
    'Nothing is due, but learning new items or reviewing ahead keeps your streak going.',
  'reminders.streak-at-risk': (p) => `🔥 You are on a **${p.days}-day** streak! Review today to keep it.`,
  'reminders.streak-none': 'Review today to start a new streak.',
  'reminders.notice-dm-closed':
    'Your review reminders are paused because I cannot send you DMs. Open your DMs, or choose `/remind set where:channel`, then run `/remind set` to turn them back on.',
  'reminders.notice-channel-gone':
    'Your review reminders are paused because I cannot post in their channel any more. Run `/remind set` to set them up again.',
};
