/**
 * Training loops (text encoder, StackGAN Stage-I and Stage-II) and what they share: parameters,
 * step-halving learning rates, checkpoints, batches of images and caption embeddings.
 */
package dev.telltale.experiments.train;
