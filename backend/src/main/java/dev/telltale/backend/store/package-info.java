/**
 * Storage of runs, metric series, artifacts and the event log, on H2 through jOOQ; web-free.
 * Every write goes through {@link dev.telltale.backend.store.EventLog}, which orders them for the live stream.
 */
package dev.telltale.backend.store;
