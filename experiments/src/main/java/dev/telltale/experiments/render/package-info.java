/**
 * Pictures of results: captioned image grids (PNG), animated GIFs of generated videos and frame
 * strips, from channels-first RGB arrays in [-1, 1] as the generators produce them.
 */
package dev.telltale.experiments.render;
