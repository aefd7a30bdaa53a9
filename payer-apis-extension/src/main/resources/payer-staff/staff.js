// payer-auth: the staff page for members' data-sharing choices. Plain browser JavaScript, no library: signs the
// staff member in to this realm (authorization code with PKCE, public client payer-staff-console), then calls the
// admin REST API with the access token (kept in memory only). Keycloak's user permissions decide: view-users to
// see, manage-users to change. Everything shown is written with textContent (never as HTML).
(function () {
  "use strict";

  var CLIENT_ID = "payer-staff-console";
  var realmPath = window.location.pathname.replace(/\/data-sharing\/staff.*$/, "");
  var realm = decodeURIComponent(realmPath.split("/").pop());
  var serverPath = realmPath.replace(/\/realms\/[^/]+$/, "");
  var redirectUri = window.location.origin + realmPath + "/data-sharing/staff";
  var adminBase = window.location.origin + serverPath + "/admin/realms/" + encodeURIComponent(realm);
  var accessToken = null;

  var CHOICES = {
    PROVIDER_ACCESS: { label: "Provider Access (sharing with the member's providers)",
      values: { SHARED: "Shared (default)", OPTED_OUT: "Opted out" } },
    PAYER_TO_PAYER: { label: "Payer-to-Payer (sharing with the member's other health plan)",
      values: { NOT_SHARED: "Not shared (default)", ALL_DATA: "Shared: all data",
        ALL_EXCEPT_SENSITIVE: "Shared: all except sensitive data" } },
    SENSITIVE_DATA_FOR_APPS: { label: "Sensitive data for apps the member allows",
      values: { EXCLUDE: "Left out", INCLUDE: "Included" } }
  };

  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      if (name === "text") { node.textContent = attributes[name]; } else { node.setAttribute(name, attributes[name]); }
    });
    (children || []).forEach(function (child) { if (child) { node.appendChild(child); } });
    return node;
  }

  function show(id, text) {
    var node = document.getElementById(id);
    node.textContent = text || "";
    node.hidden = !text;
  }

  function base64url(bytes) {
    var text = "";
    bytes.forEach(function (b) { text += String.fromCharCode(b); });
    return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function randomString() {
    var bytes = new Uint8Array(32);
    window.crypto.getRandomValues(bytes);
    return base64url(bytes);
  }

  async function signIn() {
    var verifier = randomString();
    var state = randomString();
    var digest = await window.crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier));
    var params = new URLSearchParams(window.location.search);
    sessionStorage.setItem("payer-staff", JSON.stringify({ verifier: verifier, state: state, user: params.get("user") }));
    var query = new URLSearchParams({ response_type: "code", client_id: CLIENT_ID, redirect_uri: redirectUri,
      scope: "openid", state: state, code_challenge: base64url(new Uint8Array(digest)), code_challenge_method: "S256" });
    window.location.assign(window.location.origin + realmPath + "/protocol/openid-connect/auth?" + query);
  }

  async function finishSignIn(params) {
    var pending = JSON.parse(sessionStorage.getItem("payer-staff") || "null");
    sessionStorage.removeItem("payer-staff");
    window.history.replaceState(null, "", redirectUri);
    if (!pending || pending.state !== params.get("state")) {
      throw new Error("The sign-in could not be completed (state mismatch). Reload the page to sign in again.");
    }
    var response = await fetch(window.location.origin + realmPath + "/protocol/openid-connect/token", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "authorization_code", code: params.get("code"), redirect_uri: redirectUri,
        client_id: CLIENT_ID, code_verifier: pending.verifier })
    });
    var body = await response.json();
    if (!response.ok) {
      throw new Error("Sign-in failed: " + (body.error_description || body.error));
    }
    accessToken = body.access_token;
    var claims = JSON.parse(atob(accessToken.split(".")[1].replace(/-/g, "+").replace(/_/g, "/")));
    show("staff-signed-in", "Signed in as " + (claims.preferred_username || claims.sub));
    return pending.user;
  }

  async function admin(method, path, body) {
    var response = await fetch(adminBase + path, {
      method: method,
      headers: Object.assign({ Authorization: "Bearer " + accessToken, Accept: "application/json" },
        body ? { "Content-Type": "application/json" } : {}),
      body: body ? JSON.stringify(body) : undefined
    });
    var text = await response.text();
    var json = text ? JSON.parse(text) : null;
    if (response.status === 401) {
      throw new Error("Your sign-in has expired. Reload the page.");
    }
    if (response.status === 403) {
      throw new Error("You are not allowed to do this: ask an administrator for the realm-management roles "
        + "view-users (to see) or manage-users (to change).");
    }
    if (!response.ok) {
      throw new Error((json && (json.error_description || json.errorMessage || json.error)) || response.statusText);
    }
    return json;
  }

  async function search(event) {
    event.preventDefault();
    show("staff-error");
    var query = document.getElementById("staff-search").value;
    var results = document.getElementById("staff-results");
    results.replaceChildren();
    try {
      var users = await admin("GET", "/users?briefRepresentation=true&max=20&search=" + encodeURIComponent(query));
      if (users.length === 0) {
        results.appendChild(el("li", { text: "No member found." }));
      }
      users.forEach(function (user) {
        var name = [user.firstName, user.lastName].filter(Boolean).join(" ");
        var button = el("button", { type: "button", "class": "staff-user", "data-user-id": user.id,
          text: user.username + (name ? " (" + name + ")" : "") });
        button.addEventListener("click", function () { openMember(user.id); });
        results.appendChild(el("li", {}, [button]));
      });
    } catch (e) {
      show("staff-error", e.message);
    }
  }

  async function openMember(userId) {
    show("staff-error");
    try {
      render(await admin("GET", "/data-sharing/users/" + encodeURIComponent(userId)));
    } catch (e) {
      show("staff-error", e.message);
    }
  }

  function render(member) {
    var section = document.getElementById("staff-member");
    section.replaceChildren(el("h2", { text: "Member " + member.username }));
    if (member.patients.length === 0) {
      section.appendChild(el("p", { text: "This user has no patient record and represents nobody." }));
    }
    member.patients.forEach(function (patient) {
      section.appendChild(renderPatient(member, patient));
    });
    section.hidden = false;
  }

  function renderPatient(member, patient) {
    var box = el("section", { "class": "staff-patient", "data-patient": patient.id }, [
      el("h3", { text: patient.name + " (patient " + patient.id + ")" }),
      el("p", { "class": "note", text: patient.self ? "The member's own record."
        : "A patient this member represents" + (patient.mayDecide ? "." : " (the member may only view).") })
    ]);
    var rows = Object.keys(CHOICES).map(function (choice) {
      var state = patient.choices[choice];
      var select = el("select", { "class": "staff-value", "data-choice": choice, "aria-label": "New value" });
      Object.keys(CHOICES[choice].values).filter(function (v) { return v !== state.value; }).forEach(function (v) {
        select.appendChild(el("option", { value: v, text: CHOICES[choice].values[v] }));
      });
      var reason = el("input", { "class": "staff-reason", "data-choice": choice, type: "text", maxlength: "1000",
        placeholder: "Reason (e.g. member's call, ticket 1234)", "aria-label": "Reason" });
      var record = el("button", { type: "button", "class": "staff-record", "data-choice": choice, text: "Record change" });
      record.addEventListener("click", function () {
        change(member, patient, choice, state.value, select.value, reason.value, record);
      });
      return el("tr", { "data-choice": choice, "data-value": state.value }, [
        el("td", { text: CHOICES[choice].label }),
        el("td", { "class": "staff-current", text: CHOICES[choice].values[state.value]
          + (state.recorded ? " since " + new Date(state.changedAt).toLocaleString() : " (never changed)") }),
        el("td", {}, [select, el("br"), reason, el("br"), record])
      ]);
    });
    box.appendChild(el("table", {}, [
      el("thead", {}, [el("tr", {}, [el("th", { text: "Choice" }), el("th", { text: "Now" }), el("th", { text: "Change it" })])]),
      el("tbody", {}, rows)
    ]));
    var history = patient.history.slice().reverse().map(function (c) {
      return el("tr", {}, [
        el("td", { text: new Date(c.at).toLocaleString() }),
        el("td", { text: CHOICES[c.choice].label }),
        el("td", { text: CHOICES[c.choice].values[c.previous] + " \u2192 " + CHOICES[c.choice].values[c.value] }),
        el("td", { text: c.actingAs.toLowerCase().replace(/_/g, " ") + " (" + c.channel.toLowerCase().replace(/_/g, " ")
          + "), user " + c.changedBy }),
        el("td", { text: c.reason || "" })
      ]);
    });
    box.appendChild(el("h4", { text: "History" }));
    box.appendChild(history.length === 0 ? el("p", { "class": "note", text: "No change recorded yet: the defaults apply." })
      : el("table", { "class": "staff-history" }, [
        el("thead", {}, [el("tr", {}, ["When", "Choice", "Change", "By", "Reason"].map(function (h) {
          return el("th", { text: h });
        }))]),
        el("tbody", {}, history)
      ]));
    return box;
  }

  async function change(member, patient, choice, current, value, reason, button) {
    show("staff-error");
    show("staff-message");
    button.disabled = true;
    try {
      await admin("POST", "/data-sharing/users/" + encodeURIComponent(member.userId) + "/patients/"
        + encodeURIComponent(patient.id) + "/choices/" + choice, { current: current, value: value, reason: reason });
      show("staff-message", "Recorded for " + patient.name + ": " + CHOICES[choice].label + " is now "
        + CHOICES[choice].values[value] + ".");
      await openMember(member.userId);
    } catch (e) {
      show("staff-error", e.message);
      button.disabled = false;
    }
  }

  async function start() {
    document.getElementById("staff-search-form").addEventListener("submit", search);
    var params = new URLSearchParams(window.location.search);
    if (params.has("error")) {
      window.history.replaceState(null, "", redirectUri);
      throw new Error("Sign-in refused: " + (params.get("error_description") || params.get("error")));
    }
    if (!params.has("code")) {
      await signIn();
      return;
    }
    var user = await finishSignIn(params);
    if (user) {
      await openMember(user);
    }
  }

  start().catch(function (e) { show("staff-error", e.message); });
})();
