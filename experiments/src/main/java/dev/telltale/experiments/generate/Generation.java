package dev.telltale.experiments.generate;

import java.util.List;

/** What one caption and seed produced, with the caption's words as the model saw them. */
public record Generation(String caption, long seed, Words words, List<Picture> pictures) {}
