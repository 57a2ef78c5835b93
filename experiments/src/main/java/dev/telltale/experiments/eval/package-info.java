/**
 * Evaluation: Inception score, Fréchet distance, caption accuracy, the domain classifiers that act as
 * judges on the built-in datasets, and a loader for a user's TorchScript Inception/CUB classifier.
 */
package dev.telltale.experiments.eval;
