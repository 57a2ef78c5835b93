/**
 * Runnable benchmarks and probes of the experiments (not tests): step times against a matrix multiplication in
 * the same process, end-to-end quality of the presets, and what a trained text encoder or discriminator reads.
 */
package dev.telltale.experiments.bench;
