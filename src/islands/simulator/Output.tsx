/** What each side prints, the reason code, the machine to fix and the link to the cause page. */
import type { ResultView } from '../../machine/channel-open/types.ts';

export function Output({ result }: { result: ResultView }) {
  const icon = result.outcome === 'open' ? '✓' : '✗';
  return (
    <section class={`sim-result sim-result--${result.revealed ? result.outcome : 'pending'}`} aria-labelledby="sim-result-title">
      <h3 id="sim-result-title" class="visually-hidden">
        Result
      </h3>
      <p class="sim-live" role="status" aria-live="polite">
        {result.announcement}
      </p>
      {result.revealed ? (
        <>
          <p class="sim-headline">
            <span class="sim-headline-icon" aria-hidden="true">
              {icon}
            </span>{' '}
            {result.headline}
          </p>
          {result.cause ? (
            <dl class="sim-facts">
              {result.hopLabel ? (
                <>
                  <dt>Refused by</dt>
                  <dd class="sim-hop">{result.hopLabel}</dd>
                </>
              ) : null}
              <dt>Cause</dt>
              <dd>{result.causeHref ? <a href={result.causeHref}>{result.causeTitle}</a> : result.causeTitle}</dd>
              {result.fixOnLabel ? (
                <>
                  <dt>Fix it on</dt>
                  <dd class="sim-fix-on">{result.fixOnLabel}</dd>
                </>
              ) : null}
              <dt>Reason code</dt>
              <dd class="sim-reason">{result.reasonCode ? `${result.reasonCode} (${result.reasonText})` : 'none: the server sent no channel-open failure'}</dd>
              {result.stoppedAt ? (
                <>
                  <dt>Decided at</dt>
                  <dd>
                    <code>{result.stoppedAt}</code>
                  </dd>
                </>
              ) : null}
            </dl>
          ) : null}
          {result.hopDetail ? <p class="sim-hop-detail">{result.hopDetail}</p> : null}
        </>
      ) : (
        <p class="sim-pending">Step on to the deciding step to see what each side prints.</p>
      )}
      <h4 id="sim-client-title">Your terminal (ssh prints)</h4>
      <Lines lines={result.revealed ? result.clientLines : null} cls="sim-client-lines" empty="ssh prints nothing: the tunnel is quiet when it works." />
      <h4 id="sim-server-title">{result.serverLogLabel}</h4>
      <Lines lines={result.revealed ? result.serverLog : null} cls="sim-server-log" empty={result.serverLogEmpty} />
    </section>
  );
}

function Lines({ lines, cls, empty }: { lines: string[] | null; cls: string; empty: string }) {
  if (!lines) return <pre class={`sim-term sim-term--pending ${cls}`}>…</pre>;
  if (!lines.length) return <p class={`sim-term-empty ${cls}`}>{empty}</p>;
  return (
    <pre class={`sim-term ${cls}`} tabIndex={0}>
      {lines.join('\n')}
    </pre>
  );
}
