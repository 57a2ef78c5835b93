package dev.telltale.experiments.data;

/** Which part of a dataset: training images and captions, or the held-out ones. */
public enum Split {
    TRAIN, TEST
}
