// payer-auth: the staff page for members' data-sharing choices. Plain browser JavaScript, no library; the sign-in and
// the admin REST API calls are staff-pages.js (public client payer-staff-console, PKCE, token in memory only).
// Keycloak's user permissions decide: view-users to see, manage-users to change. Everything shown is written with
// textContent (never as HTML).
(function () {
  "use strict";

  var el = PayerStaffPages.el;
  var show = PayerStaffPages.show;
  var staffPage = PayerStaffPages.page({ pagePath: "/data-sharing/staff", storageKey: "payer-staff",
    signedInId: "staff-signed-in", remember: "user",
    forbidden: "You are not allowed to do this: ask an administrator for the realm-management roles "
      + "view-users (to see) or manage-users (to change)." });
  var admin = staffPage.admin;

  var CHOICES = {
    PROVIDER_ACCESS: { label: "Provider Access (sharing with the member's providers)",
      values: { SHARED: "Shared (default)", OPTED_OUT: "Opted out" } },
    PAYER_TO_PAYER: { label: "Payer-to-Payer (sharing with the member's other health plan)",
      values: { NOT_SHARED: "Not shared (default)", ALL_DATA: "Shared: all data",
        ALL_EXCEPT_SENSITIVE: "Shared: all except sensitive data" } },
    SENSITIVE_DATA_FOR_APPS: { label: "Sensitive data for apps the member allows",
      values: { EXCLUDE: "Left out", INCLUDE: "Included" } }
  };

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
    await staffPage.start(async function (user) {
      if (user) {
        await openMember(user);
      }
    });
  }

  start().catch(function (e) { show("staff-error", e.message); });
})();
