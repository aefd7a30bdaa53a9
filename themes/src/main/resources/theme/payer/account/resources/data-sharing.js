// payer-auth: the account console page "Data sharing" (CMS-0057-F member choices).
// A plain ES module: React comes from the account console's import map, no build step. It calls the realm's
// data-sharing resource with the member's SSO session (same origin, cookies). Words are for members, not for
// health-IT people: what is shared, with whom, what changes.
import { jsx, jsxs } from "react/jsx-runtime";
import { useCallback, useEffect, useState } from "react";

const realmPath = window.location.pathname.replace(/\/account(\/.*)?$/, "");
const endpoint = realmPath + "/data-sharing";

async function call(path, method, body) {
  const headers = { Accept: "application/json" };
  if (method !== "GET") {
    headers["Content-Type"] = "application/json";
    headers["X-Payer-Auth-Request"] = "1";
  }
  const response = await fetch(endpoint + path, {
    method, credentials: "same-origin", headers, body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await response.json();
  if (!response.ok) {
    const error = new Error(json.error_description || json.error || response.statusText);
    error.status = response.status;
    throw error;
  }
  return json;
}

// Each choice: its heading, what it means, and one sentence per value (the status shown, and the confirmation).
const CHOICES = [
  {
    id: "PROVIDER_ACCESS",
    title: "Sharing with your doctors and other providers",
    about: [
      "Your health plan shares your claims, your coverage and other health information it has about you with the "
        + "doctors, hospitals and other providers who treat you and work with your plan, when they ask for it. "
        + "This helps them see the care you already had and coordinate your care.",
      "If you opt out, your providers can no longer get your information from your health plan this way. They can "
        + "still ask you or your other providers, and your plan still uses your information to pay your claims.",
    ],
    values: {
      SHARED: { label: "Share with my providers", status: "Your providers can get your information from your health plan." },
      OPTED_OUT: { label: "Opt out", status: "You opted out: your providers cannot get your information from your health plan." },
    },
  },
  {
    id: "PAYER_TO_PAYER",
    title: "Sharing with your next health plan",
    about: [
      "When you join a new health plan, or have more than one, the other plan can ask this plan for your claims and "
        + "other health information from the past five years, so your care continues without gaps.",
      "It is shared only if you say yes. You can say no again at any time.",
    ],
    values: {
      NOT_SHARED: { label: "Do not share", status: "Not shared with other health plans." },
      ALL_DATA: { label: "Share everything", status: "Shared with your other health plan, including sensitive information." },
      ALL_EXCEPT_SENSITIVE: {
        label: "Share everything except sensitive information",
        status: "Shared with your other health plan, without sensitive information.",
      },
    },
  },
  {
    id: "SENSITIVE_DATA_FOR_APPS",
    title: "Sensitive information and apps",
    about: [
      "Some health information has extra protection under federal and state law: for example mental health care, "
        + "treatment for alcohol or drug use, and reproductive health care.",
      "Choose whether the apps you allow to see your health information may also get this sensitive information. "
        + "You still decide for each app whether it may see anything at all.",
    ],
    values: {
      EXCLUDE: { label: "Leave it out", status: "Apps you allow do not get sensitive information." },
      INCLUDE: { label: "Include it", status: "Apps you allow may get sensitive information too." },
    },
  },
];

function Choice({ patient, choice, onChange, busy }) {
  const state = patient.choices[choice.id];
  const current = state.value;
  return jsxs("section", {
    className: "pf-v5-c-card data-sharing-choice",
    "data-choice": choice.id,
    "data-value": current,
    style: { marginBottom: "1rem" },
    children: [
      jsx("div", { className: "pf-v5-c-card__title", children: jsx("h3", { className: "pf-v5-c-title pf-m-lg", children: choice.title }) }),
      jsxs("div", { className: "pf-v5-c-card__body", children: [
        ...choice.about.map((text, i) => jsx("p", { style: { marginBottom: "0.5rem" }, children: text }, i)),
        jsxs("p", { className: "data-sharing-current", style: { fontWeight: "bold", margin: "0.75rem 0" }, children: [
          choice.values[current].status,
          state.recorded ? "" : " This is your health plan's standard setting: you have not chosen yet.",
        ] }),
        patient.mayDecide && jsx("div", { style: { display: "flex", gap: "0.5rem", flexWrap: "wrap" }, children:
          Object.entries(choice.values).filter(([value]) => value !== current).map(([value, v]) => jsx("button", {
            type: "button",
            disabled: busy,
            className: "pf-v5-c-button pf-m-secondary data-sharing-set",
            "data-value": value,
            onClick: () => onChange(patient, choice, current, value),
            children: v.label,
          }, value)),
        }),
      ] }),
    ],
  });
}

const RELATIONSHIPS = { parent: "parent or guardian", "legal-representative": "legal representative", other: "representative" };

/** "Your access as parent or guardian of Kim Doe ends after 5 December 2026." in the member's words. */
function accessEndsText(patient) {
  const [y, m, d] = patient.accessEnds.split("-").map(Number);
  const day = new Date(Date.UTC(y, m - 1, d)).toLocaleDateString(undefined, { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" });
  const as = RELATIONSHIPS[patient.relationship] ? " as " + RELATIONSHIPS[patient.relationship] : "";
  return "Your access" + as + " to " + patient.name + "'s records ends after " + day
    + ". After that, apps you connected for " + patient.name + " stop receiving their data.";
}

function Patient({ patient, onChange, busy }) {
  return jsxs("section", {
    className: "data-sharing-patient",
    "data-patient": patient.id,
    style: { marginBottom: "2rem" },
    children: [
      jsx("h2", { className: "pf-v5-c-title pf-m-xl", style: { marginBottom: "0.5rem" }, children:
        patient.self ? "Your choices" : "Choices for " + patient.name }),
      patient.accessEnds && jsx("p", { className: "data-sharing-access-ends", style: { marginBottom: "1rem" },
        children: accessEndsText(patient) }),
      !patient.mayDecide && jsx("p", { className: "pf-v5-c-alert pf-m-info pf-m-inline data-sharing-view-only", style: { padding: "0.5rem", marginBottom: "1rem" },
        children: "You can see these choices but not change them. To change them, ask your health plan to record you as "
          + "a personal representative who may make decisions for " + patient.name + "." }),
      ...CHOICES.map((choice) => jsx(Choice, { patient, choice, onChange, busy }, choice.id)),
    ],
  });
}

export default function DataSharing() {
  const [patients, setPatients] = useState(null);
  const [error, setError] = useState(null);
  const [saved, setSaved] = useState(null);
  const [busy, setBusy] = useState(false);
  const load = useCallback(() => call("", "GET").then((b) => setPatients(b.patients), (e) => setError(e.message)), []);
  useEffect(() => { load(); }, [load]);

  const change = (patient, choice, current, value) => {
    setBusy(true);
    setSaved(null);
    setError(null);
    call(`/patients/${encodeURIComponent(patient.id)}/choices/${choice.id}`, "POST", { current, value })
      .then((updated) => {
        setPatients((list) => list.map((p) => (p.id === updated.id ? updated : p)));
        setSaved((patient.self ? "" : patient.name + ": ") + "Saved. " + choice.values[value].status);
      }, (e) => {
        setError(e.message);
        if (e.status === 409) load();
      })
      .finally(() => setBusy(false));
  };

  return jsxs("div", {
    id: "data-sharing",
    className: "pf-v5-c-page__main-section",
    style: { padding: "1.5rem", maxWidth: "60rem" },
    children: [
      jsx("h1", { className: "pf-v5-c-title pf-m-2xl", children: "Data sharing" }),
      jsx("p", { style: { margin: "0.5rem 0 1rem" }, children: "Federal rules let you decide how your health plan shares "
        + "your health information with your providers and with other health plans. You can change these choices at "
        + "any time; a change counts from the moment you make it." }),
      saved && jsx("div", { id: "data-sharing-saved", className: "pf-v5-c-alert pf-m-success", role: "status", style: { padding: "0.75rem", marginBottom: "1rem" }, children: saved }),
      error && jsx("div", { id: "data-sharing-error", className: "pf-v5-c-alert pf-m-danger", role: "alert", style: { padding: "0.75rem", marginBottom: "1rem" }, children: error }),
      patients === null ? jsx("p", { children: "Loading…" })
        : patients.length === 0 ? jsx("p", { id: "data-sharing-empty", children: "There are no health records in your account to make choices for. If you are a member, ask your health plan to link your record to your account." })
        : patients.map((patient) => jsx(Patient, { patient, onChange: change, busy }, patient.id)),
    ],
  });
}
