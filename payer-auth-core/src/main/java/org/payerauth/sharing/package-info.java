/**
 * A member's data-sharing choices under CMS-0057-F (42 CFR 422.121) and Da Vinci PDex 2.2, as plain values and rules:
 * Provider Access (shared until the member opts out), Payer-to-Payer (not shared until the member opts in, all data
 * or all but sensitive data) and sensitive data for apps (§pdex-111, default a realm setting).
 * {@link org.payerauth.sharing.ChoiceHistory} keeps every change and computes the current
 * {@link org.payerauth.sharing.SharingChoices}; {@link org.payerauth.sharing.WhoMayDecide} says who may change them;
 * {@link org.payerauth.sharing.SharingConsents} renders them as FHIR R4 Consent resources. Refusals are one type,
 * {@link org.payerauth.sharing.SharingException}, with a {@link org.payerauth.sharing.SharingRefusal}. No storage,
 * no HTTP, no Keycloak.
 */
package org.payerauth.sharing;
