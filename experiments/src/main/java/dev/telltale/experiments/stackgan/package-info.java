/**
 * StackGAN (Zhang et al. 2017): conditioning augmentation, the Stage-I and Stage-II generators and
 * discriminators, and the matching-aware discriminator loss.
 */
package dev.telltale.experiments.stackgan;
