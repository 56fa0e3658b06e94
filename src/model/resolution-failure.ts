/**
 * The Resolution a printed getaddrinfo() error stands for: the inverse of resolve.ts's answers, so
 * a reader of the lines (the diagnoser) can ask resolutionCause() the same question the simulator
 * asks, from the error text alone.
 */
import { GAI_AGAIN, GAI_NODATA, GAI_NONAME, type Resolution } from './resolve.ts';

/** gai_strerror(EAI_ADDRFAMILY) / EAI_FAMILY as glibc prints it. */
const GAI_FAMILY = 'Address family for hostname not supported';

export function failedResolution(gaiError: string = GAI_NONAME): Resolution {
  const failure: Resolution['failure'] = gaiError.includes(GAI_AGAIN)
    ? 'dns-unreachable'
    : gaiError.includes(GAI_NODATA)
      ? 'rebinding-filtered'
      : gaiError.includes(GAI_FAMILY)
        ? 'family'
        : 'not-found';
  return { ok: false, addresses: [], error: gaiError, via: 'the error the server printed', failure };
}
