import pino, { type Logger } from 'pino';

/** JSON lines on stdout (CloudWatch reads them as they are). Secrets are redacted wherever they appear. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'boksup' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: [
          'token',
          '*.token',
          'config.discordToken',
          'discordToken',
          'headers.authorization',
          'databaseUrl',
          '*.databaseUrl',
        ],
        censor: '[redacted]',
      },
      formatters: { level: (label) => ({ level: label }) },
    },
    destination ?? pino.destination({ dest: 1, sync: false }),
  );
}
