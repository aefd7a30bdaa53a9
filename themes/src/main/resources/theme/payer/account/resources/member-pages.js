// payer-auth: the account console page "Data sharing and apps": two tabs, "Data sharing" (data-sharing.js, the
// CMS choices) and "Apps and patients" (smart-consents.js, SMART consent per app and patient). One page because
// Keycloak 26.7's account console loads one page module per content.json (see theme.properties); the tab is in the
// URL's hash (#data-sharing, #apps), so each tab has its own link.
import { jsx, jsxs } from "react/jsx-runtime";
import { useEffect, useState } from "react";
import DataSharing from "./data-sharing.js";
import SmartConsents from "./smart-consents.js";

const TABS = [
  { hash: "#data-sharing", title: "Data sharing", Page: DataSharing },
  { hash: "#apps", title: "Apps and patients", Page: SmartConsents },
];

function current() {
  return TABS.find((t) => t.hash === window.location.hash) || TABS[0];
}

export default function MemberPages() {
  const [tab, setTab] = useState(current);
  useEffect(() => {
    const follow = () => setTab(current());
    window.addEventListener("hashchange", follow);
    return () => window.removeEventListener("hashchange", follow);
  }, []);
  return jsxs("div", {
    id: "member-pages",
    children: [
      jsx("div", { className: "pf-v5-c-tabs", style: { padding: "0 1.5rem" }, children:
        jsx("ul", { className: "pf-v5-c-tabs__list", role: "tablist", children: TABS.map((t) => jsx("li", {
          className: "pf-v5-c-tabs__item" + (t === tab ? " pf-m-current" : ""),
          children: jsx("a", {
            className: "pf-v5-c-tabs__link member-pages-tab",
            role: "tab",
            "aria-selected": t === tab,
            href: t.hash,
            id: "member-pages-tab-" + t.hash.substring(1),
            children: jsx("span", { className: "pf-v5-c-tabs__item-text", children: t.title }),
          }),
        }, t.hash)) }) }),
      jsx(tab.Page, {}, tab.hash),
    ],
  });
}
