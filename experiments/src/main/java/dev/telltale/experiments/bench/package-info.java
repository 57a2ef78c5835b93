/**
 * Runnable benchmarks of the experiments (not tests): StackGAN and TGANs-C training step times of
 * the presets against a matrix multiplication run in the same process.
 */
package dev.telltale.experiments.bench;
