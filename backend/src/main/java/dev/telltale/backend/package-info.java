/**
 * The Telltale server: command line, configuration and the start/stop of the tracking server.
 * HTTP lives in {@code http}, storage in {@code store}, benchmarks in {@code bench}.
 */
package dev.telltale.backend;
