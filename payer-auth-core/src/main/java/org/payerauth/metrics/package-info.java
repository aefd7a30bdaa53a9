/**
 * The CMS Patient Access API metrics (CMS-0057-F: per calendar year, the unique patients whose data were transferred
 * to a health app they designated, and those whose data were transferred more than once), defined on plain records:
 * what counts as a transfer ({@link org.payerauth.metrics.TransferSignal}), which apps are left out and how small
 * cells are shown ({@link org.payerauth.metrics.MetricsDefinitions}), the period
 * ({@link org.payerauth.metrics.ReportPeriod}), and the report with its JSON and CSV renderings
 * ({@link org.payerauth.metrics.PatientAccessReport}), computed from per-patient, per-app, per-day records
 * ({@link org.payerauth.metrics.AccessDay}). No storage, no HTTP, no Keycloak.
 */
package org.payerauth.metrics;
