/**
 * Pictures from a typed caption with a finished run's checkpoint, in-process: the caption's words as
 * the model knows them, and one PNG per StackGAN stage for a given seed (what the Generate page shows).
 */
package dev.telltale.experiments.generate;
