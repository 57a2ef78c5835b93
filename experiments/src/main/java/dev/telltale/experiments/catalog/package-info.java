/**
 * The experiment catalog: models, datasets and presets as data (JSON resources under {@code catalog/}),
 * and the resolution of a model + dataset + preset + overrides into a checked, typed parameter set.
 */
package dev.telltale.experiments.catalog;
