/**
 * The /diagnose/ island: a paste box and the rendered answer. All work happens in this browser tab
 * (diagnose() is pure TypeScript); the only storage touched is the one-time sessionStorage hand-off
 * from the home page's paste box, which is read and deleted at once. `#t=…` in the URL is read the
 * same way and removed from the address bar.
 */
import type { Ref } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { diagnose } from '../../model/diagnose/index.ts';
import { toView, type DiagnoseView } from './view.ts';

export const HANDOFF_KEY = 'tunnel-doctor:paste';

const EXAMPLES: { label: string; text: string }[] = [
  {
    label: 'Old server with its log',
    text: `$ ssh -N -L 8080:db.internal:5432 alice@bastion.example
channel 2: open failed: administratively prohibited: open failed

Nov 24 10:01:02 bastion sshd[1234]: Accepted publickey for alice from 198.51.100.23 port 50522 ssh2
Nov 24 10:01:09 bastion sshd[1236]: error: connect_to db.internal: unknown host (Name or service not known)`,
  },
  {
    label: 'Client line only',
    text: `debug1: Remote protocol version 2.0, remote software version OpenSSH_9.6p1 Ubuntu-3ubuntu13.5
debug1: Local connections to LOCALHOST:15432 forwarded to remote address localhost:5432
channel 2: open failed: administratively prohibited: open failed`,
  },
  {
    label: 'sshd -T and a log',
    text: `Nov 24 10:01:05 web01 sshd-session[88125]: refused local port forward: originator 127.0.0.1 port 51888, target 127.0.0.1 port 5432
allowtcpforwarding no
disableforwarding no
permitopen any`,
  },
];

function readFragment(): string | null {
  const h = window.location.hash;
  if (!h.startsWith('#t=')) return null;
  try {
    return decodeURIComponent(h.slice(3));
  } catch {
    return null;
  }
}

export default function Diagnose() {
  const [text, setText] = useState('');
  const [submitted, setSubmitted] = useState('');
  const answerRef = useRef<HTMLHeadingElement>(null);
  const [focusAnswer, setFocusAnswer] = useState(false);

  useEffect(() => {
    let initial: string | null = readFragment();
    if (initial !== null) history.replaceState(null, '', window.location.pathname + window.location.search);
    try {
      const stored = sessionStorage.getItem(HANDOFF_KEY);
      if (stored !== null) {
        sessionStorage.removeItem(HANDOFF_KEY);
        initial ??= stored;
      }
    } catch {
      /* storage may be disabled: nothing to hand off */
    }
    if (initial) {
      setText(initial);
      setSubmitted(initial);
    }
  }, []);

  const view: DiagnoseView | null = useMemo(() => (submitted.trim() === '' ? null : toView(diagnose(submitted), submitted)), [submitted]);

  useEffect(() => {
    if (focusAnswer && view) {
      answerRef.current?.focus();
      setFocusAnswer(false);
    }
  }, [focusAnswer, view]);

  const run = (t: string) => {
    setSubmitted(t);
    setFocusAnswer(true);
  };

  return (
    <div class="dg">
      <PasteForm text={text} setText={setText} run={run} clear={() => setSubmitted('')} />
      <section class="dg-answer" aria-live="polite" aria-labelledby={view ? 'dg-answer-title' : undefined}>
        {view && <Answer view={view} headingRef={answerRef} />}
      </section>
    </div>
  );
}

/** The paste box, its buttons and the examples. */
function PasteForm({ text, setText, run, clear }: { text: string; setText(t: string): void; run(t: string): void; clear(): void }) {
  return (
    <form
      class="dg-form"
      onSubmit={(e) => {
        e.preventDefault();
        run(text);
      }}
    >
      <label for="dg-input" class="dg-label">
        Paste what you saw
      </label>
      <p id="dg-help" class="dg-help">
        Any mix, any order: the lines <code>ssh</code> printed (with or without <code>-v</code>), the server log (<code>journalctl</code>, <code>auth.log</code>
        , <code>secure</code>), <code>sshd -T</code> output, your ssh command. Press <kbd>Ctrl</kbd>+<kbd>Enter</kbd> to diagnose.
      </p>
      <textarea
        id="dg-input"
        class="dg-input"
        rows={10}
        spellcheck={false}
        autocomplete="off"
        aria-describedby="dg-help dg-privacy"
        placeholder="channel 2: open failed: administratively prohibited: open failed"
        value={text}
        onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            run((e.currentTarget as HTMLTextAreaElement).value);
          }
        }}
      />
      <div class="dg-actions">
        <button type="submit" class="button dg-submit">
          Diagnose
        </button>
        <button
          type="button"
          class="dg-secondary"
          onClick={() => {
            setText('');
            clear();
            document.getElementById('dg-input')?.focus();
          }}
        >
          Clear
        </button>
        <span class="dg-examples">
          <span class="dg-examples-label">Examples:</span>
          {EXAMPLES.map((ex) => (
            <button
              type="button"
              class="dg-secondary"
              key={ex.label}
              onClick={() => {
                setText(ex.text);
                run(ex.text);
              }}
            >
              {ex.label}
            </button>
          ))}
        </span>
      </div>
    </form>
  );
}

type Ready = DiagnoseView;

function Answer({ view, headingRef }: { view: DiagnoseView; headingRef: Ref<HTMLHeadingElement> }) {
  if (view.state === 'unrecognised') {
    return (
      <div class="dg-card dg-unrecognised">
        <h2 id="dg-answer-title" tabIndex={-1} ref={headingRef}>
          Not recognised
        </h2>
        <p>{view.summary}</p>
        <p>Paste one of these instead:</p>
        <ul>
          {view.hints.map((h) => (
            <li key={h}>{h}</li>
          ))}
        </ul>
        <p>
          Or find your message in <a href="/causes/">the list of causes</a>.
        </p>
      </div>
    );
  }
  return (
    <>
      <SummaryCard view={view} headingRef={headingRef} />
      {view.next && <NextStepCard next={view.next} />}
      {view.causes.length > 0 && <CausesCard causes={view.causes} />}
      {view.lines.length > 0 && <LinesCard view={view} />}
      {(view.ruledOut.length > 0 || view.notes.length > 0) && <NotesCard view={view} />}
    </>
  );
}

/** The answer in short: the leading cause, where to fix it, the server, the command, the simulator link. */
function SummaryCard({ view, headingRef }: { view: Ready; headingRef: Ref<HTMLHeadingElement> }) {
  const top = view.causes[0];
  return (
    <div class={`dg-card dg-summary${top ? ` dg-${top.confidence}` : ''}`}>
      <h2 id="dg-answer-title" tabIndex={-1} ref={headingRef}>
        {top ? top.title : 'No channel failure found'}
      </h2>
      <p class="dg-summary-text">{view.summary}</p>
      <dl class="dg-facts">
        {top && (
          <div>
            <dt>Fix on</dt>
            <dd>{top.fixOnLabel}</dd>
          </div>
        )}
        {view.hop && (
          <div>
            <dt>Refused by</dt>
            <dd class="dg-hop">
              {view.hop.label}: {view.hop.detail}
            </dd>
          </div>
        )}
        {view.server && (
          <div>
            <dt>Server</dt>
            <dd>{view.server}</dd>
          </div>
        )}
        {view.tool && (
          <div>
            <dt>Seen in</dt>
            <dd>
              <a class="dg-tool" href={view.tool.href}>
                {view.tool.title}
              </a>
              : {view.tool.nextStep}
            </dd>
          </div>
        )}
        {view.command && (
          <div>
            <dt>Command</dt>
            <dd>
              <code>{view.command}</code>
            </dd>
          </div>
        )}
      </dl>
      {view.simulatorHref && (
        <p class="dg-sim">
          <a class="button" href={view.simulatorHref}>
            Open in the simulator
          </a>
          {view.assumptions.length > 0 && <span class="dg-assume"> Assumed: {view.assumptions.join(' ')}</span>}
        </p>
      )}
    </div>
  );
}

/** The one command that tells the leading causes apart, and what each answer means. */
function NextStepCard({ next }: { next: NonNullable<Ready['next']> }) {
  return (
    <div class="dg-card dg-next">
      <h2>Next step: run this on {next.onLabel.charAt(0).toLowerCase() + next.onLabel.slice(1)}</h2>
      <pre class="dg-command">
        <code>{next.command}</code>
      </pre>
      <p>{next.purpose}</p>
      <table class="dg-outcomes">
        <caption class="visually-hidden">What each answer would mean</caption>
        <thead>
          <tr>
            <th scope="col">If you see</th>
            <th scope="col">It means</th>
          </tr>
        </thead>
        <tbody>
          {next.outcomes.map((o) => (
            <tr key={o.ifYouSee}>
              <td>{o.ifYouSee}</td>
              <td>
                {o.then}
                {o.cause && (
                  <>
                    {' '}
                    <a href={`/causes/${o.cause}/`}>About this cause</a>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The causes, most likely first, with the lines behind each. */
function CausesCard({ causes }: { causes: Ready['causes'] }) {
  return (
    <div class="dg-card">
      <h2>Causes, most likely first</h2>
      <ol class="dg-causes">
        {causes.map((c) => (
          <li key={c.id} class={`dg-cause dg-${c.confidence}`}>
            <div class="dg-cause-head">
              <a href={c.href} class="dg-cause-title">
                {c.title}
              </a>
              <span class="dg-badge">{c.confidenceLabel}</span>
            </div>
            <div class="dg-meter" role="img" aria-label={`${c.percent}% of the evidence`}>
              <span style={{ width: `${c.percent}%` }} />
            </div>
            <p class="dg-fixon">
              Fix on: <strong>{c.fixOnLabel}</strong> · {c.percent}% of the evidence
            </p>
            <ul class="dg-why">
              {c.why.map((w) => (
                <li key={`${w.line}-${w.note}`}>
                  <a href={`#dg-line-${w.line}`}>line {w.line}</a>: {w.note}
                </li>
              ))}
            </ul>
            {c.implies && <p class="dg-implies">Implies: {c.implies}</p>}
            {c.fix && <p class="dg-fix">{c.fix}</p>}
          </li>
        ))}
      </ol>
    </div>
  );
}

/** The pasted lines that were recognised, with the words that mattered marked. */
function LinesCard({ view }: { view: Ready }) {
  return (
    <div class="dg-card">
      <h2>The lines that were read</h2>
      <div class="dg-lines" role="list">
        {view.lines.map((l) => (
          <div role="listitem" class="dg-line" id={`dg-line-${l.line}`} key={l.line}>
            <span class="dg-ln">{l.line}</span>
            <span class="dg-src">{l.sourceLabel}</span>
            <code class="dg-text">{l.segments.map((s, i) => (s.mark ? <mark key={i}>{s.text}</mark> : <span key={i}>{s.text}</span>))}</code>
          </div>
        ))}
      </div>
      <p class="dg-stats">{view.stats}</p>
    </div>
  );
}

/** Notes, and what the text rules out. */
function NotesCard({ view }: { view: Ready }) {
  return (
    <div class="dg-card">
      {view.notes.length > 0 && (
        <>
          <h2>Notes</h2>
          <ul>
            {view.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </>
      )}
      {view.ruledOut.length > 0 && (
        <details class="dg-ruled">
          <summary>Ruled out by the text ({view.ruledOut.length})</summary>
          <ul>
            {view.ruledOut.map((r) => (
              <li key={r.id}>
                <a href={`/causes/${r.id}/`}>{r.title}</a>: {r.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
