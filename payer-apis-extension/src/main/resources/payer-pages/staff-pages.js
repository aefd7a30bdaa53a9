// payer-auth: what the staff pages share (the data-sharing staff page, the Patient Access metrics page). Plain browser
// JavaScript, no library: signs the staff member in to this realm (authorization code with PKCE, public client
// payer-staff-console), keeps the access token in memory only, and calls the admin REST API with it, where Keycloak's
// admin roles decide. Everything shown is written with textContent (never as HTML).
(function () {
  "use strict";

  var CLIENT_ID = "payer-staff-console";

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

  // options: pagePath (the page's path under the realm, e.g. "/data-sharing/staff"), storageKey, signedInId (the
  // element that names who is signed in), forbidden (what to tell someone without the admin role the page needs),
  // remember (the query parameter kept across the sign-in, or null).
  function page(options) {
    var path = window.location.pathname;
    var realmPath = path.substring(0, path.lastIndexOf(options.pagePath));
    var realm = decodeURIComponent(realmPath.split("/").pop());
    var serverPath = realmPath.replace(/\/realms\/[^/]+$/, "");
    var redirectUri = window.location.origin + realmPath + options.pagePath;
    var adminBase = window.location.origin + serverPath + "/admin/realms/" + encodeURIComponent(realm);
    var accessToken = null;

    async function signIn() {
      var verifier = randomString();
      var state = randomString();
      var digest = await window.crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier));
      var params = new URLSearchParams(window.location.search);
      sessionStorage.setItem(options.storageKey, JSON.stringify({ verifier: verifier, state: state,
        remembered: options.remember ? params.get(options.remember) : null }));
      var query = new URLSearchParams({ response_type: "code", client_id: CLIENT_ID, redirect_uri: redirectUri,
        scope: "openid", state: state, code_challenge: base64url(new Uint8Array(digest)), code_challenge_method: "S256" });
      window.location.assign(window.location.origin + realmPath + "/protocol/openid-connect/auth?" + query);
    }

    async function finishSignIn(params) {
      var pending = JSON.parse(sessionStorage.getItem(options.storageKey) || "null");
      sessionStorage.removeItem(options.storageKey);
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
      show(options.signedInId, "Signed in as " + (claims.preferred_username || claims.sub));
      return pending.remembered;
    }

    // The admin REST API under /admin/realms/{realm}; answers the parsed JSON, or the text when accept is not JSON.
    async function admin(method, adminPath, body, accept) {
      var response = await fetch(adminBase + adminPath, {
        method: method,
        headers: Object.assign({ Authorization: "Bearer " + accessToken, Accept: accept || "application/json" },
          body ? { "Content-Type": "application/json" } : {}),
        body: body ? JSON.stringify(body) : undefined
      });
      var text = await response.text();
      var json = null;
      if (text && (response.headers.get("Content-Type") || "").indexOf("json") >= 0) {
        json = JSON.parse(text);
      }
      if (response.status === 401) {
        throw new Error("Your sign-in has expired. Reload the page.");
      }
      if (response.status === 403) {
        throw new Error(options.forbidden);
      }
      if (!response.ok) {
        throw new Error((json && (json.error_description || json.errorMessage || json.error)) || response.statusText);
      }
      return json !== null ? json : text;
    }

    // Signs in when the page has no code yet; otherwise finishes the sign-in and calls signedIn(remembered).
    async function start(signedIn) {
      var params = new URLSearchParams(window.location.search);
      if (params.has("error")) {
        window.history.replaceState(null, "", redirectUri);
        throw new Error("Sign-in refused: " + (params.get("error_description") || params.get("error")));
      }
      if (!params.has("code")) {
        await signIn();
        return;
      }
      await signedIn(await finishSignIn(params));
    }

    return { admin: admin, start: start };
  }

  window.PayerStaffPages = { el: el, show: show, page: page };
})();
