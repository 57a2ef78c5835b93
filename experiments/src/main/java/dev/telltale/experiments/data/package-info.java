/**
 * Captioned datasets: the built-in synthesised ones (shapes, coloured MNIST digits, bouncing-digit
 * videos), importers for the papers' datasets, and the vocabulary that turns captions into word ids.
 */
package dev.telltale.experiments.data;
