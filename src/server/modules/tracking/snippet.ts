// The first-party tracking script served at /t.js. It keeps an anonymous id in a first-party
// cookie, sends a page view on load, and turns a submitted form with an email field into an
// identify plus a "Form Submitted" track. Plain ES5-ish JavaScript so every browser runs it.
export const TRACKING_SCRIPT = `(function () {
  var script = document.currentScript;
  var key = script && script.getAttribute("data-write-key");
  var host = (script && script.getAttribute("data-host")) || (script ? new URL(script.src).origin : "");
  if (!key) { console.warn("Lockstep: data-write-key missing on the tracking script"); return; }
  var COOKIE = "ls_anon";
  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".replace(/[xy]/g, function (c) {
      var r = (Math.random() * 16) | 0; return (c === "x" ? r : (r & 3) | 8).toString(16);
    });
  }
  function anonymousId() {
    var match = document.cookie.match(/(?:^|; )ls_anon=([^;]+)/);
    if (match) return decodeURIComponent(match[1]);
    var id = uuid();
    document.cookie = COOKIE + "=" + encodeURIComponent(id) + "; path=/; max-age=" + 60 * 60 * 24 * 365 * 2 + "; SameSite=Lax";
    return id;
  }
  function page() {
    return { url: location.href, path: location.pathname, referrer: document.referrer, title: document.title, search: location.search };
  }
  function send(events) {
    var now = new Date().toISOString();
    var batch = events.map(function (e) {
      e.anonymousId = anonymousId(); e.messageId = uuid(); e.timestamp = now; e.context = { page: page(), userAgent: navigator.userAgent };
      return e;
    });
    return fetch(host + "/v1/batch", {
      method: "POST", keepalive: true,
      headers: { "Content-Type": "application/json", Authorization: "Basic " + btoa(key + ":") },
      body: JSON.stringify({ batch: batch })
    }).catch(function () {});
  }
  window.lockstep = {
    page: function () { return send([{ type: "page", name: document.title, properties: page() }]); },
    identify: function (traits) { return send([{ type: "identify", traits: traits }]); },
    track: function (event, properties) { return send([{ type: "track", event: event, properties: properties || {} }]); }
  };
  window.lockstep.page();
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form || !form.elements) return;
    var traits = {}, email = null;
    for (var i = 0; i < form.elements.length; i++) {
      var field = form.elements[i];
      if (!field.name || field.type === "password" || field.type === "hidden") continue;
      if (field.type === "email" || /e-?mail/i.test(field.name)) email = field.value;
      else if (field.value) traits[field.name] = field.value;
    }
    if (!email) return;
    traits.email = email;
    send([
      { type: "identify", traits: traits },
      { type: "track", event: "Form Submitted", properties: { form: form.getAttribute("name") || form.id || null, path: location.pathname } }
    ]);
  }, true);
})();
`;
