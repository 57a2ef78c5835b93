/**
 * The experiments command line: {@code train}, {@code evaluate} and {@code catalog}, the same code
 * that the server's worker processes run. Bad arguments get a message and exit code 2.
 */
package dev.telltale.experiments.cli;
