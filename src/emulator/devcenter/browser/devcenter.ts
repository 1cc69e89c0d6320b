// The developer center's script (bundled and served by the emulator, so the page's CSP allows no inline script).
// Forms marked `data-api="METHOD /path"` are sent as JSON with the header only this page sends (the control API
// refuses browser writes without it), then the page reloads to show the server's new state. Copy buttons copy.

const CONSOLE_HEADER = 'x-emulator-console';
const NOTICE_KEY = 'devcenter-notice';

interface Notice {
  kind: 'ok' | 'error';
  text: string;
  /** The heading of the section whose form was sent: a keyboard user continues there after the reload. */
  focus?: string | null;
}

function showNotice(notice: Notice): void {
  const box = document.getElementById('notice');
  if (!box) return;
  box.textContent = notice.text;
  box.className = `notice ${notice.kind}`;
  box.hidden = false;
  if (notice.kind === 'error') box.focus();
}

/** Fields become JSON: numbers stay numbers, an empty field is left out (or sent as null where it clears a value). */
function formBody(form: HTMLFormElement): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const el of Array.from(form.elements)) {
    if (!(el instanceof HTMLInputElement || el instanceof HTMLSelectElement) || !el.name || el.disabled) continue;
    const value = el.value.trim();
    if (value === '') {
      if (el.dataset.empty === 'null') body[el.name] = null;
      continue;
    }
    body[el.name] = el.type === 'number' ? Number(value) : value;
  }
  return body;
}

async function send(form: HTMLFormElement): Promise<void> {
  const [method, url] = (form.dataset.api ?? '').split(' ');
  if (!method || !url) return;
  const hasBody = method !== 'DELETE' && method !== 'GET';
  const headers: Record<string, string> = { [CONSOLE_HEADER]: '1', accept: 'application/json' };
  if (hasBody) headers['content-type'] = 'application/json';
  const buttons = Array.from(form.querySelectorAll('button'));
  buttons.forEach((b) => (b.disabled = true));
  try {
    const res = await fetch(url, {
      method,
      headers,
      body: hasBody ? JSON.stringify(formBody(form)) : undefined,
      credentials: 'same-origin',
    });
    const answer = await res.json().catch(() => ({}));
    if (!res.ok) {
      const failed = document.body.dataset.failed ?? 'Refused';
      showNotice({ kind: 'error', text: `${failed}: ${answer.code ?? res.status} ${answer.message ?? ''}`.trim() });
      return;
    }
    const focus = form.closest('section')?.getAttribute('aria-labelledby') ?? null;
    sessionStorage.setItem(NOTICE_KEY, JSON.stringify({ kind: 'ok', text: form.dataset.done ?? '', focus } satisfies Notice));
    const next = form.dataset.then;
    // `{mid}` in data-then is filled from the answer, e.g. a created merchant's page.
    if (next) location.assign(next.replace('{mid}', encodeURIComponent(String(answer.mid ?? ''))));
    else location.reload();
  } catch (err) {
    showNotice({ kind: 'error', text: String(err) });
  } finally {
    buttons.forEach((b) => (b.disabled = false));
  }
}

async function copy(button: HTMLElement): Promise<void> {
  const text = button.dataset.copy ?? '';
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // Without clipboard access (an http page on another host), select the value so Ctrl+C copies it.
    const target = button.dataset.copyTarget ? document.getElementById(button.dataset.copyTarget) : null;
    if (target) window.getSelection()?.selectAllChildren(target);
    return;
  }
  showNotice({ kind: 'ok', text: document.body.dataset.copied ?? 'Copied' });
}

document.addEventListener('submit', (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.dataset.api) return;
  event.preventDefault();
  const question = form.dataset.confirm;
  if (question && !window.confirm(question)) return;
  void send(form);
});

document.addEventListener('click', (event) => {
  const button = (event.target as Element | null)?.closest?.('[data-copy]');
  if (button instanceof HTMLElement) void copy(button);
});

const pending = sessionStorage.getItem(NOTICE_KEY);
if (pending) {
  sessionStorage.removeItem(NOTICE_KEY);
  try {
    const notice = JSON.parse(pending) as Notice;
    if (notice.text) showNotice(notice);
    const heading = notice.focus ? document.getElementById(notice.focus) : null;
    if (heading) {
      heading.tabIndex = -1;
      heading.focus();
    }
  } catch {
    // A notice that cannot be read is simply not shown.
  }
}
document.documentElement.classList.add('js');
