// The example host page's script (an acquirer's page): embeds the widget as an iframe and by
// mount, passes it the merchant's token, and logs the events it sends. A real host gets the
// token from its own backend; the sandbox server puts a demo token in a meta tag of this page.

const params = new URLSearchParams(location.search);
const widget = new URL(params.get("widget") || "./", location.href);
const token = document.querySelector('meta[name="filing-demo-token"]')?.content;
const log = document.getElementById("host-events");
const events = (window.filingWidgetEvents = []);

function record(where, type, detail) {
  events.push({ where, type, detail });
  const item = document.createElement("li");
  item.textContent = `${where} ${type}${detail == null ? "" : ` ${detail}`}`;
  log.append(item);
}

// iframe: configured by its URL; the token arrives by postMessage, to the widget's origin only.
const frame = document.getElementById("fw-frame");
const src = new URL(widget);
src.searchParams.set("view", "status");
src.searchParams.set("host", location.origin);
frame.src = src.href;
addEventListener("message", (event) => {
  if (event.origin !== widget.origin || event.source !== frame.contentWindow) return;
  const { type, detail } = event.data || {};
  record("iframe", type, detail);
  // At start, and whenever the widget says its token was refused, give it the current one.
  if (type === "filing-widget:ready" || (type === "filing-widget:error" && detail === "UNAUTHORIZED")) {
    const current = document.querySelector('meta[name="filing-demo-token"]')?.content;
    if (current) frame.contentWindow.postMessage({ type: "filing-widget:token", token: current }, widget.origin);
  }
  if (type === "filing-widget:height-changed") frame.style.height = `${Number(detail) + 4}px`;
});

// mount: the widget renders into this page's element and dispatches DOM events on it.
const box = document.getElementById("fw-mount");
for (const name of ["ready", "view-changed", "draft-saved", "filing-submitted", "status-changed", "error", "height-changed"]) {
  box.addEventListener(`filing-widget:${name}`, (e) => record("mount", e.type, e.detail));
}
const { mount } = await import(new URL("embed.mjs", widget).href);
await mount(box, {
  apiBase: new URL("api/v1", widget).href,
  token,
  // Called when the API answers 401 (an expired token): return a fresh one.
  tokenProvider: async () => {
    record("mount", "token-requested");
    return document.querySelector('meta[name="filing-demo-token"]')?.content;
  },
  theme: { "--fw-color-primary": "#0a58ca" },
});
