/**
 * Typed Java client for service code that starts Charter tasks and answers their approvals: {@link
 * dev.charter.client.CharterClient}. It depends only on the Temporal SDK and the workflow contract
 * records.
 */
package dev.charter.client;
