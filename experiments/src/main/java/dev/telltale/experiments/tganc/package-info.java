/**
 * TGANs-C (Pan et al., "To Create What You Tell", ACM MM 2017): the sentence encoder, the video
 * generator, the video, frame and motion discriminators, and the matching-aware and temporal losses.
 */
package dev.telltale.experiments.tganc;
