// payer-auth: the app review page. Plain browser JavaScript, no library; the sign-in and the admin REST API calls are
// staff-pages.js (public client payer-staff-console, PKCE, token in memory only). Reads and decides through
// /admin/realms/{realm}/app-review: Keycloak's client permissions decide (view-clients to see, manage-clients to
// decide). Everything shown is written with textContent (never as HTML).
(function () {
  "use strict";

  var el = PayerStaffPages.el;
  var show = PayerStaffPages.show;
  var reviewPage = PayerStaffPages.page({ pagePath: "/app-review/staff", storageKey: "payer-review",
    signedInId: "review-signed-in", remember: "app",
    forbidden: "You are not allowed to do this: ask an administrator for the realm-management roles "
      + "view-clients (to see) or manage-clients (to decide)." });
  var admin = reviewPage.admin;

  var STATES = { pending: "Waiting for review", approved: "Approved", rejected: "Rejected" };
  // The decisions that apply to each state (as the server checks them).
  var DECISIONS = { pending: ["approve", "reject"], rejected: ["approve"], approved: ["revoke"] };
  var LABELS = { approve: "Approve", reject: "Reject", revoke: "Revoke approval" };

  function when(instant) {
    return instant ? new Date(instant).toLocaleString() : "";
  }

  function renderApp(app) {
    var box = el("section", { "class": "staff-patient review-app", "data-client-id": app.clientId, "data-state": app.state });
    box.appendChild(el("h3", { text: app.name + (app.name !== app.clientId ? " (" + app.clientId + ")" : "") }));
    var state = STATES[app.state] + (app.changedAt ? " since " + when(app.changedAt) : " (never held for review)")
      + (app.changedByUsername || app.changedBy ? " by " + (app.changedByUsername || app.changedBy) : "")
      + (app.reason ? ". Reason: " + app.reason : "");
    box.appendChild(el("p", { "class": "review-state", text: state }));
    if (app.udapIss) {
      box.appendChild(el("p", { "class": "note", text: "Registered by UDAP as " + app.udapIss
        + (app.udapCommunity ? " (trust community " + app.udapCommunity + ")" : "") }));
    }
    box.appendChild(el("h4", { text: "Certifications" }));
    box.appendChild(app.certifications.length === 0
      ? el("p", { "class": "note review-no-certifications", text: "None." })
      : el("table", { "class": "review-certifications" }, [
        el("thead", {}, [el("tr", {}, ["Certification", "Certifier", "Valid until", "Privacy"].map(function (h) {
          return el("th", { text: h });
        }))]),
        el("tbody", {}, app.certifications.map(function (c) {
          return el("tr", { "data-uri": c.uri }, [
            el("td", { text: c.name || c.uri }),
            el("td", { text: c.issuer }),
            el("td", { text: (c.valid ? "" : "Expired: ") + when(c.expiresAt) }),
            el("td", { text: c.privacy ? "Privacy attestation" : "" })
          ]);
        }))
      ]));
    box.appendChild(el("h4", { text: "Privacy attestation (as members read it)" }));
    var privacy = app.privacy;
    if (privacy.attested) {
      var policy = el("a", { href: privacy.privacyPolicy, rel: "noopener noreferrer", target: "_blank",
        text: privacy.privacyPolicy });
      box.appendChild(el("p", { "class": "review-attested", text: (privacy.source === "certification"
        ? "From its privacy certification. " : "Entered by an administrator. ") + "Privacy policy: " }, [policy]));
      box.appendChild(el("ul", {}, privacy.points.map(function (p) { return el("li", { text: p }); })));
    } else {
      box.appendChild(el("p", { "class": "review-not-attested", text: "Not attested. Members read: " + privacy.notice }));
    }
    var reason = el("input", { "class": "review-reason", type: "text", maxlength: "1000",
      placeholder: "Reason (required to reject or revoke)", "aria-label": "Reason" });
    var buttons = (DECISIONS[app.state] || []).map(function (decision) {
      var button = el("button", { type: "button", "class": "review-" + decision, text: LABELS[decision] });
      if (decision !== "approve") { button.classList.add("secondary"); }
      button.addEventListener("click", function () { decide(app, decision, reason.value, button); });
      return button;
    });
    box.appendChild(el("div", { "class": "review-decide" }, [reason].concat(buttons)));
    return box;
  }

  async function decide(app, decision, reason, button) {
    show("review-error");
    show("review-message");
    button.disabled = true;
    try {
      var after = await admin("POST", "/app-review/" + encodeURIComponent(app.clientId),
        { decision: decision, reason: reason });
      show("review-message", (app.name || app.clientId) + ": " + STATES[after.state].toLowerCase() + ".");
      await list();
      if (document.querySelector("#review-app [data-client-id]")) {
        await open(app.clientId);
      }
    } catch (e) {
      show("review-error", e.message);
      button.disabled = false;
    }
  }

  async function list() {
    var waiting = await admin("GET", "/app-review");
    show("review-switch", waiting.reviewRequired
      ? "This realm holds new apps for review."
      : "This realm does not hold new apps for review now (realm setting payer.apps.reviewRequired); apps held "
        + "earlier stay here until decided.");
    var box = document.getElementById("review-apps");
    box.replaceChildren.apply(box, waiting.apps.length === 0
      ? [el("p", { "class": "note", text: "No app is waiting for review." })]
      : waiting.apps.map(renderApp));
  }

  async function open(clientId) {
    var box = document.getElementById("review-app");
    box.replaceChildren(renderApp(await admin("GET", "/app-review/" + encodeURIComponent(clientId))));
  }

  async function find(event) {
    event.preventDefault();
    show("review-error");
    try {
      await open(document.getElementById("review-find").value.trim());
    } catch (e) {
      show("review-error", e.message);
    }
  }

  async function start() {
    document.getElementById("review-find-form").addEventListener("submit", find);
    await reviewPage.start(async function (app) {
      await list();
      if (app) {
        document.getElementById("review-find").value = app;
        await open(app);
      }
    });
  }

  start().catch(function (e) { show("review-error", e.message); });
})();
