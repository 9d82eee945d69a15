/**
 * Payload encryption: the AES-256-GCM {@code PayloadCodec}, its keys and the data converter every
 * Charter client and worker is built with. Here, beside the contracts, because it needs only the
 * Temporal SDK and JDK crypto, and every module that talks to Temporal (the typed client included)
 * may depend on this one.
 */
package dev.charter.codec;
