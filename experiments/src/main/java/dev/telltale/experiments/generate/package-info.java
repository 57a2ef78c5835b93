/**
 * Pictures from a typed caption with a finished run's checkpoint, in-process: the caption's words as
 * the model knows them, and for a given seed one PNG per StackGAN stage or a looping GIF of a TGANs-C clip.
 */
package dev.telltale.experiments.generate;
