import type { Customization } from "../site/types.js";
import { safeUrl } from "../text/safe-url.js";
import { escapeAttr, escapeHtml } from "./content/escape.js";

/** The HTML the document places at the end of `<head>` and of `<body>` for consent and tracking. */
export interface ConsentHtml {
  headExtra: string;
  bodyEnd: string;
}

// Tracking code waits in a <template> until the visitor accepts; the choice lives in localStorage.
const CONSENT_SCRIPT = `<script>
(function () {
  var key = "sw-consent", banner = document.getElementById("sw-consent");
  function load() {
    var t = document.getElementById("sw-tracking");
    if (t) document.head.appendChild(t.content.cloneNode(true));
  }
  var choice = null;
  try { choice = localStorage.getItem(key); } catch (e) {}
  if (choice === "accepted") load();
  if (!choice && banner) banner.hidden = false;
  function decide(value) {
    try { localStorage.setItem(key, value); } catch (e) {}
    if (banner) banner.hidden = true;
    if (value === "accepted") load();
  }
  if (banner) {
    banner.querySelector("[data-accept]").addEventListener("click", function () { decide("accepted"); });
    banner.querySelector("[data-decline]").addEventListener("click", function () { decide("declined"); });
  }
})();
</script>`;

/**
 * Builds the consent banner and tracking snippet once per build. Tracking code is the owner's
 * own snippet and goes out verbatim; with consent enabled it runs only after "accept".
 */
export function buildConsentHtml(customization: Customization): ConsentHtml {
  const tracking = customization.tracking_code?.trim() || "";
  const consent = customization.cookie_consent;
  if (!consent?.enabled) return { headExtra: tracking, bodyEnd: "" };

  const policy = consent.policy_url ? safeUrl(consent.policy_url) : null;
  const policyLink = policy ? ` <a href="${escapeAttr(policy)}">Privacy</a>` : "";
  const banner =
    `<div id="sw-consent" class="sw-consent" role="dialog" aria-label="Cookies" hidden>` +
    `<p>${escapeHtml(consent.message)}${policyLink}</p>` +
    `<button type="button" class="sw-button" data-accept>${escapeHtml(consent.accept_label)}</button> ` +
    `<button type="button" class="sw-button sw-button-secondary" data-decline>${escapeHtml(consent.decline_label)}</button>` +
    `</div>`;
  const template = tracking ? `<template id="sw-tracking">${tracking}</template>` : "";
  return { headExtra: "", bodyEnd: `${banner}\n${template}\n${CONSENT_SCRIPT}` };
}
