/**
 * The business context of B2B token requests (CMS-0057-F Provider Access and Payer-to-Payer; HL7 UDAP Security IG
 * 2.0 b2b.md; Da Vinci PDex 2.2): the {@code hl7-b2b} and {@code hl7-b2b-user} authorization extensions read strictly
 * ({@link org.payerauth.b2b.AuthorizationExtensions}) under a community's or client's
 * {@link org.payerauth.b2b.B2bPolicy}, with the NPI check digit ({@link org.payerauth.b2b.Npi}) and the HL7
 * PurposeOfUse value set ({@link org.payerauth.b2b.PurposeOfUse}); the resulting
 * {@link org.payerauth.b2b.B2bContext} and its token claims ({@link org.payerauth.b2b.B2bClaims}); and whether a
 * member-scoped token may be issued for a patient given that patient's sharing choices
 * ({@link org.payerauth.b2b.MemberAccess}). No storage, no HTTP, no Keycloak.
 */
package org.payerauth.b2b;
