/**
 * The HTTP API (validated against openapi.yaml), authentication, Server-Sent Events and the static page.
 * Handlers are small classes per concern; no SQL here, and no blocking work on the event loop.
 */
package dev.telltale.backend.http;
