/**
 * Text and image encoders for conditioning the GANs: a bidirectional-LSTM caption encoder, a small
 * CNN image encoder and the CLIP-style contrastive loss that pre-trains the two together.
 */
package dev.telltale.experiments.text;
