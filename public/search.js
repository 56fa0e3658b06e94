// @ts-check
/**
 * Site search, loaded on first use: the search input's inline `onfocus` handler imports this module
 * and calls attach(input). Nothing here runs before the reader touches the search box. It loads
 * Pagefind's JS API (/pagefind/pagefind.js, same origin) and renders a short list of links.
 */

/** @type {Promise<any> | undefined} */
let pagefind;

function load() {
  pagefind ??= import('/pagefind/pagefind.js').then(async (pf) => {
    await pf.options({ excerptLength: 22 });
    pf.init();
    return pf;
  });
  return pagefind;
}

/** Keeps only text and <mark> from Pagefind's excerpt HTML. */
function excerptNodes(html) {
  const tpl = document.createElement('template');
  tpl.innerHTML = html;
  const out = document.createDocumentFragment();
  for (const node of tpl.content.childNodes) {
    if (node.nodeType === Node.TEXT_NODE) out.append(node.textContent ?? '');
    else if (node.nodeName === 'MARK') {
      const m = document.createElement('mark');
      m.textContent = node.textContent;
      out.append(m);
    } else out.append(node.textContent ?? '');
  }
  return out;
}

/** @param {HTMLInputElement} input */
export function attach(input) {
  const form = input.form;
  if (!form || form.dataset.ready) return;
  form.dataset.ready = '1';
  const panel = /** @type {HTMLElement} */ (form.querySelector('.search-panel'));
  const status = /** @type {HTMLElement} */ (form.querySelector('.search-status'));
  const list = /** @type {HTMLUListElement} */ (form.querySelector('.search-results'));
  let seq = 0;

  const show = (open) => {
    panel.hidden = !open;
  };
  const links = () => /** @type {HTMLAnchorElement[]} */ ([...list.querySelectorAll('a')]);

  async function run() {
    const q = input.value.trim();
    const n = ++seq;
    if (!q) {
      list.replaceChildren();
      status.textContent = '';
      show(false);
      return;
    }
    show(true);
    if (!list.childElementCount) status.textContent = 'Searching…';
    let results;
    let total = 0;
    try {
      const pf = await load();
      const search = await pf.debouncedSearch(q, {}, 120);
      if (search === null || n !== seq) return;
      total = search.results.length;
      results = await Promise.all(search.results.slice(0, 8).map((r) => r.data()));
    } catch {
      if (n === seq) status.textContent = 'Search is not available right now. Browse all causes instead.';
      return;
    }
    if (n !== seq) return;
    list.replaceChildren(
      ...results.map((r) => {
        const li = document.createElement('li');
        const a = document.createElement('a');
        a.href = r.url;
        const title = document.createElement('strong');
        title.textContent = r.meta?.title ?? r.url;
        const excerpt = document.createElement('span');
        excerpt.append(excerptNodes(r.excerpt ?? ''));
        a.append(title, excerpt);
        li.append(a);
        return li;
      }),
    );
    status.textContent =
      total === 0 ? `No page mentions “${q}”.` : total > results.length ? `${results.length} of ${total} results` : `${total} result${total === 1 ? '' : 's'}`;
  }

  input.addEventListener('input', run);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const first = links()[0];
    if (first) location.href = first.href;
    else run();
  });
  form.addEventListener('keydown', (e) => {
    const all = links();
    const i = all.indexOf(/** @type {HTMLAnchorElement} */ (document.activeElement));
    if (e.key === 'ArrowDown' && all.length) {
      e.preventDefault();
      (all[i + 1] ?? all[0]).focus();
    } else if (e.key === 'ArrowUp' && all.length) {
      e.preventDefault();
      if (i <= 0) input.focus();
      else all[i - 1].focus();
    } else if (e.key === 'Escape') {
      show(false);
      input.focus();
    }
  });
  // Close when focus moves elsewhere by keyboard, or on a click outside the form.
  form.addEventListener('focusout', (e) => {
    const to = /** @type {Node | null} */ (e.relatedTarget);
    if (to && !form.contains(to)) show(false);
  });
  document.addEventListener('pointerdown', (e) => {
    if (!form.contains(/** @type {Node} */ (e.target))) show(false);
  });
  input.addEventListener('focus', () => {
    if (input.value.trim() && list.childElementCount) show(true);
  });
  load();
  if (input.value.trim()) run();
}
