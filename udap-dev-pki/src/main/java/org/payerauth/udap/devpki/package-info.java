/**
 * Test and development PKI for UDAP (HL7 UDAP Security IG): root and intermediate CAs, end-entity certificates,
 * CRLs, PEM helpers and signed software statements, plus the {@link org.payerauth.udap.devpki.DevPkiCli} tool.
 *
 * <p>Everything here is for tests and local development only: keys are generated in memory and written
 * unencrypted, validity periods and extensions are chosen for convenience, and there is no persistence of
 * revocation state beyond one {@link org.payerauth.udap.devpki.CertificateAuthority} instance.
 */
package org.payerauth.udap.devpki;
