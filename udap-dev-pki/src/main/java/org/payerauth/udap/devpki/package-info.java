/**
 * The UDAP development PKI command-line tool ({@link org.payerauth.udap.devpki.DevPkiCli}): a community CA, client
 * certificates, software statements, client assertions and trust-community component JSON. Certificates come from
 * {@code udap-dev-ca}; statements and assertions are built with payer-auth-core's builders, the same code the server
 * uses.
 *
 * <p>For tests and local development only: keys are generated in memory and written unencrypted.
 */
package org.payerauth.udap.devpki;
