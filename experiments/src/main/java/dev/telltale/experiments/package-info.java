/**
 * The science of Telltale, with no web in it: datasets, text encoders, StackGAN, TGANs-C,
 * training loops and evaluation, on DJL with the PyTorch engine (offline CPU libtorch by default).
 */
package dev.telltale.experiments;
