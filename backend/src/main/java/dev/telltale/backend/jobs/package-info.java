/**
 * Running training jobs: device slots, the FIFO-with-priority queue, worker processes (the same
 * jar, one JVM per run), cancel, crash detection and adoption of live workers after a restart.
 */
package dev.telltale.backend.jobs;
