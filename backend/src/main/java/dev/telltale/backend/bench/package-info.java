/**
 * Runnable benchmarks (not tests) that print their figures: ingestion rate against raw JDBC,
 * downsampled read time.
 */
package dev.telltale.backend.bench;
