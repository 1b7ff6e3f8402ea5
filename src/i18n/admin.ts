import type { Widen } from './types.js';

/** Server settings for admins. */
export const adminKo = {
  'admin.title': '서버 설정',
  'admin.reminder-channel': '알림 채널',
  'admin.leaderboard-channel': '주간 리더보드 채널',
  'admin.timezone': '서버 시간대',
  'admin.deck-role': '덱 관리 역할',
  'admin.none': '없음',
  'admin.saved': '서버 설정을 저장했어요.',
  'admin.bad-channel': '텍스트 채널을 골라 주세요.',
} as const;

export const adminEn: Widen<typeof adminKo> = {
  'admin.title': 'Server settings',
  'admin.reminder-channel': 'Reminder channel',
  'admin.leaderboard-channel': 'Weekly leaderboard channel',
  'admin.timezone': 'Server time zone',
  'admin.deck-role': 'Deck organizer role',
  'admin.none': 'None',
  'admin.saved': 'Server settings saved.',
  'admin.bad-channel': 'Please pick a text channel.',
};
