import { lookup } from 'node:dns/promises';
import type { Resolver } from './outbound.types.js';

/** The operating system's resolver (getaddrinfo: /etc/hosts, then DNS), every address, in its order. */
export const systemResolver: Resolver = async (host) => {
  const answers = await lookup(host, { all: true, verbatim: true });
  return answers.map(({ address, family }) => ({ address, family }));
};
