// payer-auth: the account console page "Apps and patients" (SMART consent per patient).
// A plain ES module: React comes from the account console's import map, no build step. It calls the realm's
// smart-consents resource with the member's SSO session (same origin, cookies).
import { jsx, jsxs } from "react/jsx-runtime";
import { useCallback, useEffect, useState } from "react";

const realmPath = window.location.pathname.replace(/\/account(\/.*)?$/, "");
const endpoint = realmPath + "/smart-consents";

async function call(path, method) {
  const response = await fetch(endpoint + path, {
    method,
    credentials: "same-origin",
    headers: method === "GET" ? { Accept: "application/json" } : { Accept: "application/json", "X-Payer-Auth-Request": "1" },
  });
  if (response.status === 204) return null;
  const body = await response.json();
  if (!response.ok) throw new Error(body.error_description || body.error || response.statusText);
  return body;
}

function Patient({ app, patient, onWithdraw }) {
  return jsxs("li", {
    className: "pf-v5-c-data-list__item smart-consent-patient",
    "data-client": app.clientId,
    "data-patient": patient.id,
    style: { padding: "0.5rem 1rem", display: "flex", justifyContent: "space-between", alignItems: "center" },
    children: [
      jsxs("div", { children: [
        jsx("strong", { children: patient.name }),
        jsx("div", { className: "pf-v5-u-font-size-sm", children: patient.scopes.join(" ") }),
      ] }),
      jsx("button", {
        type: "button",
        className: "pf-v5-c-button pf-m-secondary pf-m-danger smart-consent-withdraw-patient",
        onClick: () => onWithdraw(`/${encodeURIComponent(app.clientId)}/patients/${encodeURIComponent(patient.id)}`),
        children: "Withdraw for this member",
      }),
    ],
  });
}

function App({ app, onWithdraw }) {
  return jsxs("section", {
    className: "pf-v5-c-card smart-consent-app",
    "data-client": app.clientId,
    style: { marginBottom: "1rem" },
    children: [
      jsxs("div", { className: "pf-v5-c-card__title", style: { display: "flex", justifyContent: "space-between" }, children: [
        jsx("h2", { className: "pf-v5-c-title pf-m-lg", children: app.name }),
        jsx("button", {
          type: "button",
          className: "pf-v5-c-button pf-m-danger smart-consent-withdraw-app",
          onClick: () => onWithdraw(`/${encodeURIComponent(app.clientId)}`),
          children: "Remove access",
        }),
      ] }),
      jsx("div", { className: "pf-v5-c-card__body", children: app.allPatients
        ? jsx("p", { children: "Allowed before permissions were kept per member: covers every member you act for." })
        : app.patients.length === 0
        ? jsx("p", { className: "smart-consent-no-patient", children: "Not allowed for any member: the app asks you again at its next launch." })
        : jsx("ul", { className: "pf-v5-c-data-list", children: app.patients.map((p) => jsx(Patient, { app, patient: p, onWithdraw }, p.id)) }) }),
      app.privacy && jsx(Privacy, { privacy: app.privacy }),
    ],
  });
}

/** Whether the app attested to its privacy practices: the same words for every app (as on the consent page). */
function Privacy({ privacy }) {
  return jsxs("div", {
    className: "pf-v5-c-card__footer smart-consent-privacy",
    "data-attested": String(privacy.attested),
    children: privacy.attested
      ? [
        jsx("p", { children: jsx("strong", { children: "How this app handles your data: it attested to your health plan that:" }) }),
        jsx("ul", { children: privacy.points.map((point) => jsx("li", { children: point }, point)) }),
        jsx("a", { href: privacy.privacyPolicy, target: "_blank", rel: "noopener noreferrer", children: "Read the privacy policy of the app" }),
      ]
      : [
        jsx("p", { children: jsx("strong", { children: "How this app handles your data" }) }),
        jsx("p", { className: "smart-consent-privacy-notice", children: privacy.notice }),
      ],
  });
}

export default function SmartConsents() {
  const [apps, setApps] = useState(null);
  const [error, setError] = useState(null);
  const load = useCallback(() => call("", "GET").then((b) => { setApps(b.apps); setError(null); }, (e) => setError(e.message)), []);
  useEffect(() => { load(); }, [load]);
  const withdraw = (path) => call(path, "DELETE").then(load, (e) => setError(e.message));
  return jsxs("div", {
    id: "smart-consents",
    className: "pf-v5-c-page__main-section",
    style: { padding: "1.5rem" },
    children: [
      jsx("h1", { className: "pf-v5-c-title pf-m-2xl", children: "Apps and patients" }),
      jsx("p", { style: { margin: "0.5rem 0 1rem" }, children: "Health apps you allowed, and for which member. Withdrawing ends the app's access for that member at its next token refresh." }),
      error && jsx("div", { className: "pf-v5-c-alert pf-m-danger", role: "alert", children: error }),
      apps === null ? jsx("p", { children: "Loading…" })
        : apps.length === 0 ? jsx("p", { id: "smart-consents-empty", children: "You have not allowed any app." })
        : apps.map((app) => jsx(App, { app, onWithdraw: withdraw }, app.clientId)),
    ],
  });
}
