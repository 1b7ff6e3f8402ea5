/** The English catalog has the Korean catalog's keys, with the same parameters. */
export type Widen<T> = { [K in keyof T]: T[K] extends (p: infer P) => string ? (p: P) => string : string };
