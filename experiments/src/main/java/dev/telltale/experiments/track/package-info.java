/**
 * Experiment tracking: the {@link dev.telltale.experiments.track.Tracker} that training loops report
 * scalars and artifacts to, written to local files or sent to the Telltale server over HTTP.
 */
package dev.telltale.experiments.track;
